/** Makes `{% for %}` over an unevaluated QuerySet (a thenable that is not iterable) fail clearly instead of looping over its keys. */
import nunjucks from "nunjucks";
import { UnevaluatedIterable } from "./errors.js";

type FromIterator = ((value: unknown) => unknown) & { tangoGuard?: true };

/**
 * Installs the guard into nunjucks' runtime, once per process. Values nunjucks cannot
 * iterate and that have a `then` method (a QuerySet, a Promise) raise
 * {@link UnevaluatedIterable}, naming the fix.
 *
 * @example
 * installIterationGuard();
 */
export function installIterationGuard(): void {
  const runtime = nunjucks.runtime as unknown as { fromIterator: FromIterator };
  const original = runtime.fromIterator;
  if (original.tangoGuard) return;
  const guarded: FromIterator = (value) => {
    if (
      typeof value === "object" &&
      value !== null &&
      !(Symbol.iterator in value) &&
      typeof (value as { then?: unknown }).then === "function"
    ) {
      const kind = value.constructor?.name ?? "object";
      throw new UnevaluatedIterable(
        `{% for %} was given ${kind === "Promise" ? "a Promise" : `an unevaluated ${kind}`}, which a template cannot await. Resolve it in the view: pass \`await queryset\` (or \`await queryset.all()\`), or use prefetchRelated()/selectRelated() so related rows are loaded before rendering.`,
      );
    }
    return original(value);
  };
  guarded.tangoGuard = true;
  runtime.fromIterator = guarded;
}
