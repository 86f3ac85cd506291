/** The "Template error" part of the technical 500 page, for errors that carry a `templateDebug` (structurally: http does not import templates). */
import { errorChain } from "./error-chain.js";
import { escapeHtml } from "./html.js";

/**
 * Where a template failed, as @tango/templates attaches it to its errors.
 *
 * @example
 * const info: TemplateDebug = { name: "polls/index.html", line: 3, source: "..." };
 */
export interface TemplateDebug {
  readonly name: string;
  readonly line: number;
  readonly source: string;
}

function isTemplateDebug(value: unknown): value is TemplateDebug {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === "string" && typeof v.line === "number" && typeof v.source === "string";
}

/**
 * The first `templateDebug` of the error or its causes.
 *
 * @example
 * findTemplateDebug(error)?.name; // "polls/index.html"
 */
export function findTemplateDebug(error: unknown): TemplateDebug | undefined {
  for (const value of errorChain(error)) {
    const info = (value as { templateDebug?: unknown } | null)?.templateDebug;
    if (isTemplateDebug(info)) return info;
  }
  return undefined;
}

function window(info: TemplateDebug, around: number): Array<[number, string]> {
  const lines = info.source.split(/\r?\n/);
  const first = Math.max(1, info.line - around);
  const last = Math.min(lines.length, info.line + around);
  const out: Array<[number, string]> = [];
  for (let n = first; n <= last; n += 1) out.push([n, lines[n - 1] ?? ""]);
  return out;
}

/**
 * The template section in HTML, or "" when the error has no template information.
 *
 * @example
 * renderTemplateHtml(findTemplateDebug(error));
 */
export function renderTemplateHtml(info: TemplateDebug | undefined, around = 5): string {
  if (!info) return "";
  const items = window(info, around)
    .map(([n, text]) => {
      const current = n === info.line ? ' class="current"' : "";
      return `<li${current}><span class="ln">${n}</span>${escapeHtml(text)}</li>`;
    })
    .join("");
  return `<section id="template"><h2>Template error</h2><p>In template <code>${escapeHtml(info.name)}</code>, error at line ${info.line}</p><ol class="source">${items}</ol></section>`;
}

/**
 * The template section as plain text, or "".
 *
 * @example
 * renderTemplateText(findTemplateDebug(error));
 */
export function renderTemplateText(info: TemplateDebug | undefined, around = 5): string {
  if (!info) return "";
  const lines = window(info, around).map(
    ([n, text]) => `${n === info.line ? ">" : " "} ${String(n).padStart(4)} | ${text}`,
  );
  return [`Template error: in template ${info.name}, error at line ${info.line}`, ...lines].join(
    "\n",
  );
}
