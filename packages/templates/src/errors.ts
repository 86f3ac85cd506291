/** The errors of @tango/templates: a missing template, a syntax error, a render error. */
import { TangoError } from "@tango/core";

/**
 * Where a template failed, in the shape the DEBUG 500 page of @tango/http reads
 * (structurally: http does not import this package).
 *
 * @example
 * const where: TemplateDebugInfo = { name: "polls/index.html", line: 3, source: "{% if %}" };
 */
export interface TemplateDebugInfo {
  /** The template's name as looked up ("polls/index.html"). */
  readonly name: string;
  /** The 1-based line of the error. */
  readonly line: number;
  /** The template's whole source. */
  readonly source: string;
  /** The file it was read from, when known. */
  readonly path?: string | undefined;
}

/** What a template error knows about its template. */
export interface TemplateErrorDetails {
  templateName: string;
  line: number;
  column: number;
  source?: string | undefined;
  path?: string | undefined;
}

function sourceLinesAround(source: string | undefined, line: number, around = 3): string[] {
  if (source === undefined || line < 1) return [];
  const lines = source.split(/\r?\n/);
  const first = Math.max(1, line - around);
  const last = Math.min(lines.length, line + around);
  const out: string[] = [];
  for (let n = first; n <= last; n += 1)
    out.push(`${n === line ? ">" : " "} ${n} | ${lines[n - 1] ?? ""}`);
  return out;
}

/** Shared fields of TemplateSyntaxError and TemplateRenderError. */
abstract class LocatedTemplateError extends TangoError {
  readonly templateName: string;
  readonly line: number;
  readonly column: number;
  /** The source lines around the error, the bad one marked with `>`. */
  readonly sourceLines: readonly string[];
  /** For the DEBUG 500 page. */
  readonly templateDebug: TemplateDebugInfo | undefined;

  constructor(message: string, details: TemplateErrorDetails, options?: ErrorOptions) {
    const lines = sourceLinesAround(details.source, details.line);
    super(lines.length > 0 ? `${message}\n${lines.join("\n")}` : message, options);
    this.templateName = details.templateName;
    this.line = details.line;
    this.column = details.column;
    this.sourceLines = lines;
    this.templateDebug =
      details.source === undefined
        ? undefined
        : {
            name: details.templateName,
            line: details.line,
            source: details.source,
            path: details.path,
          };
  }
}

/**
 * A template could not be parsed: an unknown tag, an unclosed block, a bad expression.
 * Carries the template's name, line, column and the source lines around the error.
 *
 * @example
 * try { await renderToString("polls/index.html"); }
 * catch (e) { if (e instanceof TemplateSyntaxError) console.log(e.templateName, e.line); }
 */
export class TemplateSyntaxError extends LocatedTemplateError {
  override readonly code: string = "templates.TemplateSyntaxError";
}

/**
 * A template failed while rendering: a filter or tag threw, a value could not be called.
 * The original error is its `cause`.
 *
 * @example
 * catch (e) { if (e instanceof TemplateRenderError) console.log(e.cause); }
 */
export class TemplateRenderError extends LocatedTemplateError {
  override readonly code: string = "templates.TemplateRenderError";
}

/**
 * None of the templates asked for exists. Lists every file tried.
 *
 * @example
 * new TemplateDoesNotExist(["polls/index.html"], ["/srv/mysite/src/templates/polls/index.html"]);
 */
export class TemplateDoesNotExist extends TangoError {
  override readonly code: string = "templates.TemplateDoesNotExist";
  /** The names asked for. */
  readonly names: readonly string[];
  /** Every file looked at. */
  readonly tried: readonly string[];

  constructor(names: readonly string[], tried: readonly string[], options?: ErrorOptions) {
    const list =
      tried.length > 0
        ? `Tried: ${tried.map((p) => `${p} (does not exist)`).join(", ")}.`
        : "No template folders are configured.";
    super(
      `Template ${names.map((n) => `'${n}'`).join(", ")} does not exist. ${list} Check the DIRS of your TEMPLATES setting, that APP_DIRS is on, and that the app holding templates/${names[0] ?? ""} is in INSTALLED_APPS.`,
      options,
    );
    this.names = names;
    this.tried = tried;
  }
}

/**
 * A `{% for %}` loop was given a value that must be awaited (an unevaluated QuerySet).
 *
 * @example
 * // {% for c in question.choices %} with `choices` a QuerySet -> UnevaluatedIterable
 */
export class UnevaluatedIterable extends TangoError {
  override readonly code: string = "templates.UnevaluatedIterable";
}

/**
 * A template library, tag or context processor is set up wrongly.
 *
 * @example
 * library.filter("", fn); // throws InvalidTemplateLibrary
 */
export class InvalidTemplateLibrary extends TangoError {
  override readonly code: string = "templates.InvalidTemplateLibrary";
}
