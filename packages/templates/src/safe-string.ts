/** Safe strings and escaping, from nunjucks' runtime (typed here: @types/nunjucks omits them). */
import nunjucks from "nunjucks";

const runtime = nunjucks.runtime as unknown as {
  markSafe(value: string): nunjucks.runtime.SafeString;
  SafeString: typeof nunjucks.runtime.SafeString;
};
const lib = nunjucks.lib as unknown as { escape(value: string): string };

/**
 * Marks a string as safe HTML: autoescaping leaves it alone.
 *
 * @example
 * markSafe("<b>bold</b>");
 */
export function markSafe(value: string): nunjucks.runtime.SafeString {
  return runtime.markSafe(value);
}

/**
 * Whether a value was marked safe.
 *
 * @example
 * isSafeString(markSafe("<b>x</b>")); // true
 */
export function isSafeString(value: unknown): value is nunjucks.runtime.SafeString {
  return value instanceof runtime.SafeString;
}

/**
 * Escapes `&`, `<`, `>`, `"` and `'`, as autoescaping does.
 *
 * @example
 * escapeText("<b>"); // "&lt;b&gt;"
 */
export function escapeText(value: string): string {
  return lib.escape(value);
}
