/** cacheControl(), neverCache() and cachePage(): decorators that set caching headers on a view's responses. */
import type { CacheControlOptions } from "./cache-headers.js";
import { addNeverCacheHeaders, patchCacheControl, patchResponseHeaders } from "./cache-headers.js";
import { type DecoratableView, decorate, type ViewDecorator } from "./decorate.js";

/**
 * Merges `options` into the Cache-Control of the view's responses (see `patchCacheControl`).
 *
 * @example
 * export const page = cacheControl({ maxAge: 3600, public: true })(async (request) => render(request, "page.html"));
 */
export function cacheControl(options: CacheControlOptions): ViewDecorator {
  return <V extends DecoratableView>(view: V): V =>
    decorate(view, async (_request, _params, call) => {
      const response = await call();
      patchCacheControl(response, options);
      return response;
    });
}

/**
 * Marks the view's responses as never to be cached (Expires now, and
 * `Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private`).
 *
 * @example
 * export const account = neverCache(async (request) => render(request, "account.html"));
 */
export function neverCache<V extends DecoratableView>(view: V): V {
  return decorate(view, async (_request, _params, call) => {
    const response = await call();
    addNeverCacheHeaders(response);
    return response;
  });
}

/**
 * Sets `max-age=seconds` and Expires on the view's successful GET/HEAD responses that are
 * not `private`, as Django's `cache_page` does to responses it caches. Tango has no cache
 * framework yet, so nothing is stored server-side: only the headers are set.
 *
 * @example
 * export const archive = cachePage(60 * 15)(async (request) => render(request, "archive.html"));
 */
export function cachePage(seconds: number): ViewDecorator {
  return <V extends DecoratableView>(view: V): V =>
    decorate(view, async (request, _params, call) => {
      const response = await call();
      const cacheable = request.method === "GET" || request.method === "HEAD";
      const isPrivate = /(^|,)\s*private\b/i.test(response.headers.get("cache-control") ?? "");
      if (cacheable && response.status === 200 && !isPrivate && seconds > 0) {
        patchResponseHeaders(response, seconds);
      }
      return response;
    });
}
