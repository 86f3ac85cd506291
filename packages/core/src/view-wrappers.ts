/** View wrappers: code other packages register to run around every view call (the ORM's ATOMIC_REQUESTS). */
import { ImproperlyConfigured } from "./errors.js";

/** Calls the view; returns what it returned (a response or a promise of one). */
export type ViewCall = () => unknown;

/**
 * Runs around one view call: calls `call()` (once) and returns its result, possibly after
 * awaiting it. `request` is the HttpRequest and `view` the function about to be called;
 * core knows neither type, so both are `unknown`/opaque here.
 */
export type ViewWrapper = (call: ViewCall, request: unknown, view: ViewFunctionLike) => unknown;

/** Any view function (core does not know @tango/http's request type). */
export type ViewFunctionLike = (...args: never[]) => unknown;

let wrappers: readonly ViewWrapper[] = [];

/**
 * Registers `wrapper` to run around every view the Handler calls; the first registered runs
 * outermost.
 * Returns the function that removes it. Registering the same function twice has no effect.
 * Handlers consult {@link viewWrappers} per request, so registering at import time works.
 *
 * @example
 * registerViewWrapper((call, request) => {
 *   const started = performance.now();
 *   const result = call();
 *   return Promise.resolve(result).finally(() => timings.push(performance.now() - started));
 * });
 */
export function registerViewWrapper(wrapper: ViewWrapper): () => void {
  if (typeof wrapper !== "function") {
    throw new ImproperlyConfigured(
      `registerViewWrapper() takes a function (call, request, view) => result, got ${typeof wrapper}.`,
    );
  }
  if (!wrappers.includes(wrapper)) wrappers = [...wrappers, wrapper];
  return () => {
    wrappers = wrappers.filter((w) => w !== wrapper);
  };
}

/**
 * The registered wrappers, first registered (outermost) first. The array is replaced, never
 * changed, when one is added or removed, so a caller may keep it for the length of one call.
 *
 * @example
 * if (viewWrappers().length === 0) return view(request);
 */
export function viewWrappers(): readonly ViewWrapper[] {
  return wrappers;
}

/**
 * Calls `call` through every registered wrapper (the first registered outermost); with none,
 * calls it directly, so nothing asynchronous is added.
 *
 * @example
 * const result = callThroughViewWrappers(() => view(request, kwargs), request, view);
 */
export function callThroughViewWrappers(
  call: ViewCall,
  request: unknown,
  view: ViewFunctionLike,
): unknown {
  const list = wrappers;
  // The common case (only the ORM's ATOMIC_REQUESTS wrapper): no closure per request.
  if (list.length === 1) return (list[0] as ViewWrapper)(call, request, view);
  let next = call;
  for (let i = list.length - 1; i >= 0; i -= 1) {
    const wrapper = list[i] as ViewWrapper;
    const inner = next;
    next = () => wrapper(inner, request, view);
  }
  return next();
}

/**
 * Removes every registered wrapper (for tests).
 *
 * @example
 * afterEach(() => resetViewWrappers());
 */
export function resetViewWrappers(): void {
  wrappers = [];
}
