/** Django's CSRF view decorators: csrfExempt, csrfProtect, ensureCsrfCookie, requiresCsrfToken. */
import type { HttpRequest } from "../request.js";
import { HttpResponse } from "../responses/http-response.js";
import { wrapView } from "../view.js";
import { csrfCheck, setCsrfCookieIfNeeded } from "./checks.js";
import { rejectRequest } from "./failure.js";
import { markCsrfExempt } from "./markers.js";
import { getToken, loadCsrfCookie } from "./token.js";

type AnyView = (request: HttpRequest, ...args: never[]) => unknown;

function wrap<V extends AnyView>(
  view: V,
  body: (request: HttpRequest, run: () => Promise<unknown>) => Promise<unknown>,
): V {
  return wrapView(view, (async (request: HttpRequest, ...args: never[]) =>
    body(request, async () => view(request, ...args))) as unknown as (
    ...args: Parameters<V>
  ) => ReturnType<V>);
}

async function withCookie(request: HttpRequest, run: () => Promise<unknown>): Promise<unknown> {
  const response = await run();
  // Leave a non-response alone: the Handler reports it, naming the view.
  return response instanceof HttpResponse ? setCsrfCookieIfNeeded(request, response) : response;
}

/**
 * Exempts a view from CsrfViewMiddleware's checks (Django's `csrf_exempt`): for webhooks and
 * APIs authenticated otherwise than by cookies. The original view is left unmarked.
 *
 * @example
 * export const stripeWebhook = csrfExempt(async (request: HttpRequest) => new HttpResponse("ok"));
 */
export function csrfExempt<V extends AnyView>(view: V): V {
  const call = view as unknown as (...args: unknown[]) => ReturnType<V>;
  const wrapper = wrapView(view, (...args: Parameters<V>) => call(...args));
  markCsrfExempt(wrapper);
  return wrapper;
}

/**
 * Applies CsrfViewMiddleware's checks to one view, even when MIDDLEWARE leaves the
 * middleware out (Django's `csrf_protect`); a refused request never reaches the view.
 *
 * @example
 * export const transfer = csrfProtect(async (request: HttpRequest) => new HttpResponse("sent"));
 */
export function csrfProtect<V extends AnyView>(view: V): V {
  return wrap(view, async (request, run) => {
    loadCsrfCookie(request);
    const reason = await csrfCheck(request, view);
    if (reason !== null)
      return setCsrfCookieIfNeeded(request, await rejectRequest(request, reason));
    return withCookie(request, run);
  });
}

/**
 * Sends the CSRF cookie with the view's responses even if its page renders no token: for
 * pages whose forms are built by scripts (Django's `ensure_csrf_cookie`). Never refuses.
 *
 * @example
 * export const app = ensureCsrfCookie(async (request: HttpRequest) => render(request, "spa.html"));
 */
export function ensureCsrfCookie<V extends AnyView>(view: V): V {
  return wrap(view, async (request, run) => {
    getToken(request);
    return withCookie(request, run);
  });
}

/**
 * Makes `getToken()` and `{% csrf_token %}` work in a view even without CsrfViewMiddleware,
 * e.g. an error page with a form; it checks nothing (Django's `requires_csrf_token`).
 *
 * @example
 * export const loginFailed = requiresCsrfToken(async (request: HttpRequest) => render(request, "login.html"));
 */
export function requiresCsrfToken<V extends AnyView>(view: V): V {
  return wrap(view, async (request, run) => {
    loadCsrfCookie(request);
    return withCookie(request, run);
  });
}
