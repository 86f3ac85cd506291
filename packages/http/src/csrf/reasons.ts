/** Django's reasons for refusing a request, word for word: the DEBUG page and the log show them. */

/** The client sent no CSRF cookie. */
export const REASON_NO_CSRF_COOKIE = "CSRF cookie not set.";
/** Neither the form field nor the header carried a token. */
export const REASON_CSRF_TOKEN_MISSING = "CSRF token missing.";
/** An HTTPS request without Origin also had no Referer. */
export const REASON_NO_REFERER = "Referer checking failed - no Referer.";

/**
 * "Origin checking failed - <origin> does not match any trusted origins."
 *
 * @example
 * reasonBadOrigin("https://evil.example");
 */
export function reasonBadOrigin(origin: string): string {
  return `Origin checking failed - ${origin} does not match any trusted origins.`;
}
