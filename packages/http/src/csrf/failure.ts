/** What a rejected request gets: CSRF_FAILURE_VIEW (by default csrfFailure, a 403 page), and a log record. */
import { getLogger, ImproperlyConfigured, loadExport, type Settings } from "@tango/core";
import type { HttpRequest } from "../request.js";
import { HttpResponse } from "../responses/http-response.js";
import { HttpResponseForbidden } from "../responses/status-responses.js";
import { REASON_NO_CSRF_COOKIE, REASON_NO_REFERER } from "./reasons.js";

/**
 * A CSRF failure view: gets the request and Django's reason ("CSRF token missing.") and
 * returns the response, normally a 403.
 *
 * @example
 * export const csrfDenied: CsrfFailureView = (request, reason) =>
 *   new HttpResponseForbidden(`<h1>Please reload the page and try again.</h1>`);
 */
export type CsrfFailureView = (
  request: HttpRequest,
  reason: string,
) => HttpResponse | Promise<HttpResponse>;

const logger = getLogger("tango.security.csrf");

function productionPage(reason: string): string {
  const hints: string[] = [];
  if (reason === REASON_NO_REFERER)
    hints.push(
      "<p>You are seeing this message because this HTTPS site requires a “Referer header” to be sent by your web browser, but none was sent. This header is required for security reasons, to ensure that your browser is not being hijacked by third parties.</p>",
    );
  if (reason === REASON_NO_CSRF_COOKIE)
    hints.push(
      "<p>You are seeing this message because this site requires a CSRF cookie when submitting forms. This cookie is required for security reasons, to ensure that your browser is not being hijacked by third parties.</p><p>If you have configured your browser to disable cookies, please re-enable them, at least for this site, or for “same-origin” requests.</p>",
    );
  return [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="NONE,NOARCHIVE"><title>403 Forbidden</title></head><body>',
    "<h1>Forbidden <span>(403)</span></h1>",
    "<p>CSRF verification failed. Request aborted.</p>",
    ...hints,
    "<p>More information is available with DEBUG=true.</p>",
    "</body></html>",
  ].join("\n");
}

/**
 * The default CSRF_FAILURE_VIEW (Django's `csrf_failure`): a 403 page. With DEBUG on it
 * says why the request was refused and how to fix it; otherwise it says only that CSRF
 * verification failed, with a hint when the cookie or the Referer was missing.
 *
 * @example
 * export default defineSettings({ CSRF_FAILURE_VIEW: "@tango/http#csrfFailure" }); // the default
 */
export async function csrfFailure(request: HttpRequest, reason: string): Promise<HttpResponse> {
  if (request.settings.DEBUG) {
    // The DEBUG pages are loaded only when DEBUG is on, as the Handler's are.
    const { csrfFailureDebugResponse } = await import("../debug/csrf-failure.js");
    return csrfFailureDebugResponse(request, reason);
  }
  return new HttpResponseForbidden(productionPage(reason), {
    contentType: "text/html; charset=utf-8",
  });
}

const DEFAULT_VIEW = "@tango/http#csrfFailure";
const loaded = new WeakMap<Settings, Promise<CsrfFailureView>>();

async function loadFailureView(settings: Settings): Promise<CsrfFailureView> {
  const ref = settings.CSRF_FAILURE_VIEW as unknown;
  if (ref === DEFAULT_VIEW) return csrfFailure;
  const view = await loadExport<unknown>(ref as string, settings.BASE_DIR, {
    setting: "CSRF_FAILURE_VIEW",
  });
  if (typeof view !== "function") {
    throw new ImproperlyConfigured(
      `CSRF_FAILURE_VIEW (${String(ref)}) is not a function. Point it at a view taking (request, reason) and returning a 403 response, e.g. "mysite.views#csrfFailure".`,
    );
  }
  return view as CsrfFailureView;
}

/**
 * Answers a request the CSRF checks refused: logs `Forbidden (<reason>): <path>` on
 * `tango.security.csrf` at WARNING and returns what CSRF_FAILURE_VIEW gives.
 *
 * @example
 * if (reason !== null) return rejectRequest(request, reason);
 */
export async function rejectRequest(request: HttpRequest, reason: string): Promise<HttpResponse> {
  const settings = request.settings;
  let viewPromise = loaded.get(settings);
  if (viewPromise === undefined) {
    viewPromise = loadFailureView(settings);
    loaded.set(settings, viewPromise);
    // A failed load is retried next time, after the error reached the Handler once.
    viewPromise.catch(() => loaded.delete(settings));
  }
  const view = await viewPromise;
  const response = await view(request, reason);
  if (!(response instanceof HttpResponse)) {
    throw new ImproperlyConfigured(
      `CSRF_FAILURE_VIEW (${String(settings.CSRF_FAILURE_VIEW)}) didn't return an HttpResponse. Return one, e.g. \`new HttpResponseForbidden("...")\`.`,
    );
  }
  logger.warning(`Forbidden (${reason}): ${request.path}`, {
    extra: { status: response.status, method: request.method, path: request.path, reason },
  });
  return response;
}
