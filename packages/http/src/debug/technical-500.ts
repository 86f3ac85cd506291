/** The technical 500 page of DEBUG: the error chain with source frames, the request, its queries, the settings. */
import { inspect } from "node:util";
import type { Settings } from "@tango/core";
import type { HttpRequest } from "../request.js";
import { cleanse } from "./cleanse.js";
import { type DescribedError, describeErrors, firstUserFrame } from "./error-chain.js";
import { escapeHtml, page, type Row, table } from "./html.js";
import { currentQueryLog, renderQueriesHtml, renderQueriesText } from "./query-panel.js";
import { displayUrl, requestSections } from "./request-info.js";
import type { StackFrame } from "./stack-frames.js";
import { findTemplateDebug, renderTemplateHtml, renderTemplateText } from "./template-panel.js";

/** The page in both forms; the caller picks one from the Accept header. */
export interface TechnicalPage {
  html: string;
  text: string;
}

/** What the page says about the view that was running, if one was. */
function raisedDuring(request: HttpRequest): string | null {
  const match = request.resolverMatch;
  if (!match) return null;
  const label = match.view.name || "<anonymous view>";
  return match.urlName ? `${label} (URL name '${match.viewName}')` : label;
}

function frameLocation(frame: StackFrame): string {
  return `${frame.file}:${frame.line}:${frame.column}`;
}

/**
 * The settings as rows, sorted by name, with secrets masked and values shown as code.
 *
 * @example
 * settingsRows(settings).find(([name]) => name === "SECRET_KEY"); // ["SECRET_KEY", "'********************'"]
 */
export function settingsRows(settings: Settings): Row[] {
  const safe = cleanse(settings) as Record<string, unknown>;
  return Object.keys(safe)
    .sort()
    .map(
      (name): Row => [
        name,
        inspect(safe[name], { depth: 6, breakLength: 100, maxArrayLength: 50 }),
      ],
    );
}

function summaryRows(request: HttpRequest, errors: DescribedError[]): Row[] {
  const [main] = errors;
  const where = main ? firstUserFrame(main.frames) : undefined;
  const during = raisedDuring(request);
  const rows: Row[] = [
    ["Request Method", request.method],
    ["Request URL", displayUrl(request)],
    ["Exception Type", main?.type ?? "unknown"],
    ["Exception Value", main?.message ?? ""],
  ];
  if (main?.code) rows.push(["Error Code", main.code]);
  if (where) rows.push(["Exception Location", `${frameLocation(where)}, in ${where.functionName}`]);
  if (during) rows.push(["Raised during", during]);
  rows.push(
    ["Node.js Version", process.version],
    ["Node.js Executable", process.execPath],
    ["Server time", new Date().toUTCString()],
  );
  return rows;
}

function renderSource(frame: StackFrame): string {
  if (!frame.context) return "";
  const { firstLine, lines } = frame.context;
  const items = lines.map((text, i) => {
    const number = firstLine + i;
    const current = number === frame.line ? ' class="current"' : "";
    return `<li${current}><span class="ln">${number}</span>${escapeHtml(text)}</li>`;
  });
  return `<ol class="source">${items.join("")}</ol>`;
}

function renderFrame(frame: StackFrame): string {
  const badge = frame.kind === "library" ? '<span class="badge">library</span>' : "";
  const asyncMark = frame.isAsync ? "async " : "";
  const head = `<div class="frame-head"><code class="where">${escapeHtml(frameLocation(frame))}</code>, in <code class="fn">${escapeHtml(asyncMark + frame.functionName)}</code>${badge}</div>`;
  const source = renderSource(frame);
  const body =
    frame.kind === "library" && source
      ? `<details><summary>Show source</summary>${source}</details>`
      : source;
  return `<li class="frame ${frame.kind}">${head}${body}</li>`;
}

function renderError(error: DescribedError, index: number): string {
  const note =
    index === 0
      ? ""
      : `<div class="cause-note">The error above was caused by <strong>${escapeHtml(error.type)}</strong>: ${escapeHtml(error.message)}</div>`;
  const shown = error.frames.filter((f) => f.kind !== "internal");
  const hidden = error.frames.length - shown.length;
  const frames =
    shown.length > 0 ? shown.map(renderFrame).join("") : '<li class="empty">No stack frames.</li>';
  const more =
    hidden > 0 ? `<p class="empty">${hidden} Node.js internal frame(s) not shown.</p>` : "";
  return `${note}<ul class="frames">${frames}</ul>${more}`;
}

function textError(error: DescribedError, index: number): string {
  const head =
    index === 0 ? `${error.type}: ${error.message}` : `Caused by ${error.type}: ${error.message}`;
  const frames = error.frames.map((f) => {
    const line = f.context?.lines[f.line - f.context.firstLine]?.trim();
    return `  at ${f.functionName} (${frameLocation(f)})${f.kind === "library" ? " [library]" : ""}${line ? `\n      ${line}` : ""}`;
  });
  return [head, ...frames].join("\n");
}

function renderText(
  request: HttpRequest,
  errors: DescribedError[],
  settings: Settings,
  queries: string,
  template = "",
): string {
  const rows = (list: readonly Row[]) => list.map(([k, v]) => `${k}: ${v}`).join("\n");
  const sections = requestSections(request).map(
    (s) =>
      `${s.title}:\n${s.rows.length ? s.rows.map(([k, v]) => `  ${k} = ${v}`).join("\n") : `  ${s.empty}`}`,
  );
  const [main] = errors;
  return [
    `${main?.type ?? "Error"} at ${request.path}`,
    main?.message ?? "",
    "",
    rows(summaryRows(request, errors)),
    "",
    ...(template ? [template, ""] : []),
    "Traceback (most recent call first):",
    errors.map(textError).join("\n\n"),
    "",
    "Request information:",
    sections.join("\n"),
    "",
    ...(queries ? [queries, ""] : []),
    "Settings:",
    settingsRows(settings)
      .map(([k, v]) => `  ${k} = ${v}`)
      .join("\n"),
    "",
    explanation(),
    "",
  ].join("\n");
}

function explanation(): string {
  return (
    "You're seeing this error because you have DEBUG = true in your Tango settings. Change that " +
    "to false, and Tango will display a standard page generated by the handler for this status code."
  );
}

function renderHtml(
  request: HttpRequest,
  errors: DescribedError[],
  settings: Settings,
  text: string,
  queries: string,
  template = "",
): string {
  const [main] = errors;
  const type = main?.type ?? "Error";
  const summary = `<section id="summary"><h1>${escapeHtml(type)} <span>at ${escapeHtml(request.path)}</span></h1>
<pre class="exception-value">${escapeHtml(main?.message || "No exception message supplied")}</pre>
<table class="meta"><tbody>${summaryRows(request, errors)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}:</th><td><pre>${escapeHtml(v)}</pre></td></tr>`)
    .join("")}</tbody></table></section>`;
  const traceback = `<section id="traceback"><h2>Traceback <span class="empty">(most recent call first)</span></h2>
${errors.map(renderError).join("")}
<details><summary>Copy-and-paste view</summary><pre>${escapeHtml(text)}</pre></details></section>`;
  const info = requestSections(request)
    .map((s) => `<h3>${escapeHtml(s.title)}</h3>${table(s.rows, s.empty)}`)
    .join("");
  const requestInfo = `<section id="request-info"><h2>Request information</h2>${info}</section>`;
  const settingsInfo = `<section id="settings"><h2>Settings</h2>${table(settingsRows(settings))}</section>`;
  const footer = `<section id="explanation"><p>${escapeHtml(explanation())}</p></section>`;
  return page(
    `${type} at ${request.path}`,
    summary + template + traceback + requestInfo + queries + settingsInfo + footer,
  );
}

/**
 * Renders the technical 500 page of `error` for `request`, in HTML and plain text.
 *
 * @example
 * const { html, text } = await renderTechnical500(request, error);
 */
export async function renderTechnical500(
  request: HttpRequest,
  error: unknown,
): Promise<TechnicalPage> {
  const errors = await describeErrors(error);
  const settings = request.settings;
  const log = currentQueryLog();
  const templateInfo = findTemplateDebug(error);
  const text = renderText(
    request,
    errors,
    settings,
    renderQueriesText(log),
    renderTemplateText(templateInfo),
  );
  const html = renderHtml(
    request,
    errors,
    settings,
    text,
    renderQueriesHtml(log),
    renderTemplateHtml(templateInfo),
  );
  return { html, text };
}
