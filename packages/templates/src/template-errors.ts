/** Turns nunjucks' errors into TemplateSyntaxError / TemplateRenderError with the template's name, line and source. */
import { TangoError } from "@tango/core";
import { TemplateRenderError, TemplateSyntaxError } from "./errors.js";
import type { TemplateLoader } from "./template-loader.js";

const LOCATION = /\(([^()]*)\) \[Line (\d+), Column (\d+)\]/;
const PARSE_WORDS = /\b(unknown block tag|expected|unexpected|parse\w*|unclosed|Unexpected end)/i;

function innerMessage(message: string): string {
  const after = message.replace(/^(\([^()]*\)\s*)*(\[Line \d+, Column \d+\])?\s*/, "");
  return after.replace(/^Template render error:\s*/, "").trim();
}

/**
 * The Tango error for an error nunjucks threw while compiling (`phase: "compile"`) or
 * rendering `name`. Our own errors (TemplateDoesNotExist, NoReverseMatch...) pass through
 * unchanged when nunjucks has no location for them.
 *
 * @example
 * throw toTemplateError(error, "compile", "polls/index.html", loader);
 */
export function toTemplateError(
  error: unknown,
  phase: "compile" | "render",
  name: string,
  loader: TemplateLoader | undefined,
  inlineSource?: string,
): unknown {
  if (!(error instanceof Error)) return error;
  if (error instanceof TemplateSyntaxError || error instanceof TemplateRenderError) return error;
  const match = LOCATION.exec(error.message);
  if (!match) {
    const inner = (error as { cause?: unknown }).cause;
    return inner instanceof TangoError ? inner : error;
  }
  const [, path = "", lineText = "0", columnText = "0"] = match;
  const cause = (error as { cause?: unknown }).cause;
  // nunjucks counts from 0 at run time and from 1 in its parser.
  const shift = cause === undefined ? 0 : 1;
  const line = Number(lineText) + shift;
  const column = Number(columnText) + shift;
  const templateName =
    (path && loader?.nameOf(path)) || (path && path !== "unknown path" ? path : name);
  const source = inlineSource ?? (path && loader ? loader.rawSource(path) : undefined);
  const message = innerMessage(error.message);
  const isSyntax = cause === undefined && (phase === "compile" || PARSE_WORDS.test(message));
  const details = {
    templateName,
    line,
    column,
    source,
    path: path && path !== "unknown path" ? path : undefined,
  };
  const text = `${isSyntax ? "Syntax error" : "Error"} in template '${templateName}', line ${line}, column ${column}: ${message}`;
  return isSyntax
    ? new TemplateSyntaxError(`${text}. Fix the template.`, details, { cause: error })
    : new TemplateRenderError(text, details, { cause: cause ?? error });
}
