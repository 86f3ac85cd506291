/** CsrfViewMiddleware: Django's cross-site request forgery protection. */
import { hookMiddleware } from "../middleware/hook-middleware.js";
import { type GetResponse, type MiddlewareInstance, withHooks } from "../middleware/middleware.js";
import { csrfCheck, isSafeMethod, setCsrfCookieIfNeeded } from "./checks.js";
import { rejectRequest } from "./failure.js";
import { isCsrfExempt } from "./markers.js";
import { loadCsrfCookie } from "./token.js";

/**
 * Django's CsrfViewMiddleware. Before each view, a request with an unsafe method (POST,
 * PUT, PATCH, DELETE...) must
 * - come from a trusted origin: its Origin header, when sent, must be the site's own origin
 *   or match CSRF_TRUSTED_ORIGINS (`https://*.example.com` matches subdomains); over HTTPS
 *   without Origin, its Referer must be HTTPS and same-origin or trusted;
 * - carry the token: the `csrfmiddlewaretoken` form field (`{% csrf_token %}`) or the
 *   X-CSRFToken header (CSRF_HEADER_NAME), matching the secret of the `csrftoken` cookie.
 *
 * Otherwise the view never runs: CSRF_FAILURE_VIEW answers 403 (in DEBUG, a page saying
 * why) and the refusal is logged on `tango.security.csrf`. Views marked with `csrfExempt`
 * and requests of the test client (unless `enforceCsrfChecks`) are not checked. On the way
 * out it sends the cookie when the view used the token (`getToken`, `{% csrf_token %}`).
 *
 * @example
 * export default defineSettings({
 *   MIDDLEWARE: ["@tango/http#SecurityMiddleware", "@tango/http#CommonMiddleware", "@tango/http#CsrfViewMiddleware"],
 * });
 */
export function CsrfViewMiddleware(getResponse: GetResponse): MiddlewareInstance {
  const instance = hookMiddleware(getResponse, {
    processRequest(request) {
      loadCsrfCookie(request);
      return null;
    },
    processResponse: setCsrfCookieIfNeeded,
  });
  return withHooks(instance, {
    processView(request, view) {
      // Safe methods and exempt views: answered without a promise.
      if (isSafeMethod(request.method) || isCsrfExempt(view)) return null;
      return csrfCheck(request, view).then((reason) =>
        reason === null ? null : rejectRequest(request, reason),
      );
    },
  });
}
