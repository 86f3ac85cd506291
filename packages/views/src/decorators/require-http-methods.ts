/** requireHttpMethods() and its shorthands: 405 Method Not Allowed for any other method. */
import { HttpResponseNotAllowed } from "@tango/http";
import { type DecoratableView, decorate, type ViewDecorator } from "./decorate.js";

/**
 * A decorator that lets only `methods` through (upper-case, as `request.method`); other
 * methods get 405 with Allow listing them.
 *
 * @example
 * export const vote = requireHttpMethods(["GET", "POST"])(async (request, { questionId }) => { ... });
 */
export function requireHttpMethods(methods: readonly string[]): ViewDecorator {
  const allowed = methods.map((method) => method.toUpperCase());
  return <V extends DecoratableView>(view: V): V =>
    decorate(view, (request, _params, call) =>
      allowed.includes(request.method) ? call() : new HttpResponseNotAllowed(allowed),
    );
}

/**
 * Only GET.
 *
 * @example
 * export const index = requireGET(async (request) => render(request, "index.html"));
 */
export const requireGET: ViewDecorator = requireHttpMethods(["GET"]);

/**
 * Only POST.
 *
 * @example
 * export const vote = requirePOST(async (request, { questionId }) => { ... });
 */
export const requirePOST: ViewDecorator = requireHttpMethods(["POST"]);

/**
 * Only the safe methods GET and HEAD.
 *
 * @example
 * export const feed = requireSafe(async (request) => new HttpResponse(xml));
 */
export const requireSafe: ViewDecorator = requireHttpMethods(["GET", "HEAD"]);
