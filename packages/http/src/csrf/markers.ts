/** The marker csrfExempt puts on a view, and how the checks read it. */

const CSRF_EXEMPT = Symbol.for("tango.csrfExempt");

/**
 * Marks `view` (a wrapper already made for it) as exempt from the CSRF checks.
 *
 * @example
 * markCsrfExempt(wrapper);
 */
export function markCsrfExempt(view: object): void {
  Object.defineProperty(view, CSRF_EXEMPT, { value: true, configurable: true, enumerable: false });
}

/**
 * Whether `view` was marked with `csrfExempt` (the marker survives `wrapView`, so other
 * decorators may be stacked on top).
 *
 * @example
 * isCsrfExempt(match.view); // true for a webhook endpoint
 */
export function isCsrfExempt(view: unknown): boolean {
  return (
    typeof view === "function" && (view as unknown as Record<symbol, unknown>)[CSRF_EXEMPT] === true
  );
}
