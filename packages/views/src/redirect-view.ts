/** RedirectView: redirects to a fixed URL (with the URL's kwargs filled in) or a named route. */
import type { HttpRequest, HttpResponse } from "@tango/http";
import { HttpResponseGone, HttpResponsePermanentRedirect, HttpResponseRedirect } from "@tango/http";
import { reverse } from "@tango/urls";
import { interpolateUrl } from "./interpolate-url.js";
import { View } from "./view.js";

/**
 * Redirects every method to `url` (its `{name}` / `%(name)s` placeholders filled from the
 * URL's kwargs) or to the route `patternName` reversed with the same args and kwargs; 410
 * Gone when neither gives a URL. `permanent` answers 301 instead of 302; `queryString`
 * keeps the request's query string.
 *
 * @example
 * path("go/<slug:slug>/", RedirectView.asView({ url: "/articles/{slug}/" })),
 * path("old/<int:pk>/", RedirectView.asView({ patternName: "article-detail", permanent: true })),
 */
export class RedirectView extends View {
  /** Answer 301 (permanent) instead of 302. */
  permanent = false;
  /** The target, with `{name}` or `%(name)s` placeholders for the URL's kwargs. */
  url: string | null = null;
  /** The name of a route to reverse with the same args and kwargs. */
  patternName: string | null = null;
  /** Append the request's query string to the target. */
  queryString = false;

  /**
   * The target URL, or null for 410 Gone.
   *
   * @example
   * override getRedirectUrl(kwargs: Record<string, unknown>) {
   *   return `/search/?q=${encodeURIComponent(String(kwargs.term))}`;
   * }
   */
  getRedirectUrl(kwargs: Record<string, unknown>): string | null {
    let url: string;
    if (this.url !== null) {
      url = interpolateUrl(this.url, kwargs, `${this.constructor.name}.url`);
    } else if (this.patternName !== null) {
      const hasKwargs = Object.keys(kwargs).length > 0;
      url = reverse(this.patternName, hasKwargs ? { kwargs } : { args: this.args });
    } else {
      return null;
    }
    const query = this.request.queryString;
    if (this.queryString && query) url = `${url}?${query}`;
    return url;
  }

  /**
   * The redirect (or 410 Gone). Every other method answers the same.
   *
   * @example
   * await client.get("/go/here/"); // 302 to /articles/here/
   */
  get(_request: HttpRequest, kwargs: Record<string, unknown> = {}): HttpResponse {
    const url = this.getRedirectUrl(kwargs);
    if (url === null) return new HttpResponseGone();
    return this.permanent ? new HttpResponsePermanentRedirect(url) : new HttpResponseRedirect(url);
  }

  /** As `get()`. @example await client.head("/go/here/"); // 302 */
  head(request: HttpRequest, kwargs: Record<string, unknown> = {}): HttpResponse {
    return this.get(request, kwargs);
  }

  /** As `get()`. @example await client.post("/go/here/"); // 302 */
  post(request: HttpRequest, kwargs: Record<string, unknown> = {}): HttpResponse {
    return this.get(request, kwargs);
  }

  /** As `get()`. @example await client.options("/go/here/"); // 302 */
  override options(request: HttpRequest, kwargs: Record<string, unknown> = {}): HttpResponse {
    return this.get(request, kwargs);
  }

  /** As `get()`. @example await client.delete("/go/here/"); // 302 */
  delete(request: HttpRequest, kwargs: Record<string, unknown> = {}): HttpResponse {
    return this.get(request, kwargs);
  }

  /** As `get()`. @example await client.put("/go/here/"); // 302 */
  put(request: HttpRequest, kwargs: Record<string, unknown> = {}): HttpResponse {
    return this.get(request, kwargs);
  }

  /** As `get()`. @example await client.patch("/go/here/"); // 302 */
  patch(request: HttpRequest, kwargs: Record<string, unknown> = {}): HttpResponse {
    return this.get(request, kwargs);
  }
}
