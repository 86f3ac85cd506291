/** The shared shape of view decorators: a view function in, a wrapped view function out. */
import { type HttpRequest, type HttpResponse, wrapView } from "@tango/http";

/**
 * A view function the decorators accept: `(request, ...params) => response`.
 *
 * @example
 * const view: DecoratableView = (request) => new HttpResponse("hi");
 */
export type DecoratableView = (
  request: HttpRequest,
  ...params: never[]
) => HttpResponse | Promise<HttpResponse>;

/**
 * A decorator: returns a view with the same type as the one it wraps.
 *
 * @example
 * const decorator: ViewDecorator = requireGET;
 */
export type ViewDecorator = <V extends DecoratableView>(view: V) => V;

/**
 * Wraps `view` (keeping its name and markers, through http's wrapView) with `around`, which
 * gets the request, the view's parameters and a function that calls the view.
 *
 * @example
 * return decorate(view, async (request, params, call) => (request.method === "GET" ? call() : new HttpResponseNotAllowed(["GET"])));
 */
export function decorate<V extends DecoratableView>(
  view: V,
  around: (
    request: HttpRequest,
    params: readonly unknown[],
    call: () => Promise<HttpResponse>,
  ) => HttpResponse | Promise<HttpResponse>,
): V {
  const wrapper = async (request: HttpRequest, ...params: unknown[]): Promise<HttpResponse> => {
    const call = async () =>
      (
        view as unknown as (r: HttpRequest, ...p: unknown[]) => HttpResponse | Promise<HttpResponse>
      )(request, ...params);
    return around(request, params, call);
  };
  return wrapView(view, wrapper as unknown as (...args: Parameters<V>) => ReturnType<V>);
}
