/** The CSRF failure page of DEBUG: why the request was refused, and the usual fixes, in Django's words. */
import type { HttpRequest } from "../request.js";
import { HttpResponseForbidden } from "../responses/status-responses.js";
import { escapeHtml, page } from "./html.js";
import { acceptsHtml } from "./index.js";

const HELP = [
  "In general, this can occur when there is a genuine Cross Site Request Forgery, or when Tango's CSRF mechanism has not been used correctly. For POST forms, you need to ensure:",
];

const CHECKLIST = [
  "Your browser is accepting cookies.",
  "The view function passes a request to the template's render method (renderToString(name, context, request)), so that the csrf context processor can add csrf_token.",
  "In the template, there is a {% csrf_token %} template tag inside each POST form that targets an internal URL.",
  "If you are not using CsrfViewMiddleware, then you must use csrfProtect on any views that use the csrf_token template tag, as well as those that accept the POST data.",
  "The form has a valid CSRF token. After logging in in another browser tab or hitting the back button after a login, you may need to reload the page with the form, because the token is rotated after a login.",
];

const FOOTER =
  "You're seeing the help section of this page because you have DEBUG = true in your Tango settings. Change that to false, and only the initial error message will be displayed. You can customize this page using the CSRF_FAILURE_VIEW setting.";

/**
 * The DEBUG response of the default CSRF_FAILURE_VIEW: a 403 saying "CSRF verification
 * failed. Request aborted.", the reason ("CSRF token missing.") and the checklist; plain
 * text unless the client accepts HTML.
 *
 * @example
 * return csrfFailureDebugResponse(request, "CSRF cookie not set.");
 */
export function csrfFailureDebugResponse(
  request: HttpRequest,
  reason: string,
): HttpResponseForbidden {
  const headers = { "Cache-Control": "no-store" };
  if (!acceptsHtml(request)) {
    const text = [
      "Forbidden (403)",
      "CSRF verification failed. Request aborted.",
      "",
      `Reason given for failure:\n    ${reason}`,
      "",
      ...HELP,
      ...CHECKLIST.map((item) => `  - ${item}`),
      "",
      FOOTER,
      "",
    ].join("\n");
    return new HttpResponseForbidden(text, {
      contentType: "text/plain; charset=utf-8",
      headers,
    });
  }
  const body = [
    '<div id="summary">',
    "<h1>Forbidden <span>(403)</span></h1>",
    "<p>CSRF verification failed. Request aborted.</p>",
    "</div>",
    '<div id="info">',
    "<h2>Help</h2>",
    `<p>Reason given for failure:</p><pre>    ${escapeHtml(reason)}</pre>`,
    ...HELP.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<ul>${CHECKLIST.map((item) => `<li>${escapeHtml(item)}</li>`).join("")}</ul>`,
    `<p>${escapeHtml(FOOTER)}</p>`,
    "</div>",
  ].join("\n");
  return new HttpResponseForbidden(page("403 Forbidden", body), {
    contentType: "text/html; charset=utf-8",
    headers,
  });
}
