/** The checks of CsrfViewMiddleware (Django's `process_view`) and the cookie it sends back. */
import { parseRequestBody } from "../body/parse-request-body.js";
import { RequestBodyNotParsed, UnreadablePostError } from "../errors.js";
import type { HttpRequest } from "../request.js";
import type { HttpResponse } from "../responses/http-response.js";
import { isCsrfExempt } from "./markers.js";
import { originVerified, refererProblem } from "./origin.js";
import { REASON_CSRF_TOKEN_MISSING, REASON_NO_CSRF_COOKIE, reasonBadOrigin } from "./reasons.js";
import { csrfState, readCsrfCookie, tokenFormatProblem, tokenMatchesSecret } from "./token.js";

/** Methods RFC 9110 calls safe: never checked. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);
/** Set by @tango/testing's Client unless `enforceCsrfChecks` is on (Django's `_dont_enforce_csrf_checks`). */
const DONT_ENFORCE = Symbol.for("tango.dontEnforceCsrfChecks");
/** The form field carrying the token, as `{% csrf_token %}` writes it. */
export const CSRF_FIELD_NAME = "csrfmiddlewaretoken";

/**
 * Whether the checks are skipped for this request: the test client marked it (as Django's
 * test client does), unless it was built with `enforceCsrfChecks: true`.
 *
 * @example
 * if (checksSkipped(request)) return null;
 */
export function checksSkipped(request: HttpRequest): boolean {
  return (request as unknown as Record<symbol, unknown>)[DONT_ENFORCE] === true;
}

async function postedToken(request: HttpRequest): Promise<string> {
  if (request.method !== "POST") return "";
  try {
    return request.POST.get(CSRF_FIELD_NAME) ?? "";
  } catch (error) {
    if (error instanceof UnreadablePostError) return "";
    if (!(error instanceof RequestBodyNotParsed)) throw error;
  }
  // Outside the Handler (a decorated view called directly): parse now, under the body limits.
  await parseRequestBody(request);
  return request.POST.get(CSRF_FIELD_NAME) ?? "";
}

function badToken(request: HttpRequest, problem: string, fromHeader: boolean): string {
  const source = fromHeader ? `the '${request.settings.CSRF_HEADER_NAME}' HTTP header` : "POST";
  return `CSRF token from ${source} ${problem}.`;
}

/** Django's `_check_token`: the reason to refuse, or null when the token matches the cookie. */
async function tokenProblem(request: HttpRequest): Promise<string | null> {
  const { secret, problem } = readCsrfCookie(request);
  if (problem !== null) return `CSRF cookie ${problem}.`;
  if (secret === null) return REASON_NO_CSRF_COOKIE;
  let token = await postedToken(request);
  let fromHeader = false;
  if (token === "") {
    const header = request.headers.get(request.settings.CSRF_HEADER_NAME);
    if (header === null || header === undefined) return REASON_CSRF_TOKEN_MISSING;
    token = header;
    fromHeader = true;
  }
  const format = tokenFormatProblem(token);
  if (format !== null) return badToken(request, format, fromHeader);
  if (!tokenMatchesSecret(token, secret)) return badToken(request, "incorrect", fromHeader);
  return null;
}

/**
 * Runs the CSRF checks for a request about to reach `view`, as Django's `process_view`:
 * returns the reason to refuse it, or null to let it through. Safe methods, views marked
 * with `csrfExempt`, requests the test client marked and requests already accepted pass;
 * then the Origin (or, over HTTPS without Origin, the Referer) and the token are checked.
 *
 * @example
 * const reason = await csrfCheck(request, view);
 * if (reason !== null) return rejectRequest(request, reason);
 */
export async function csrfCheck(request: HttpRequest, view: unknown): Promise<string | null> {
  const state = csrfState(request);
  if (state.processingDone || isCsrfExempt(view)) return null;
  if (!SAFE_METHODS.has(request.method) && !checksSkipped(request)) {
    const origin = request.headers.get("origin");
    if (origin !== null && origin !== undefined) {
      if (!originVerified(request, origin)) return reasonBadOrigin(origin);
    } else if (request.isSecure()) {
      const problem = refererProblem(request);
      if (problem !== null) return problem;
    }
    const problem = await tokenProblem(request);
    if (problem !== null) return problem;
  }
  state.processingDone = true;
  return null;
}

/**
 * Whether `method` skips the checks (GET, HEAD, OPTIONS, TRACE).
 *
 * @example
 * isSafeMethod("POST"); // false
 */
export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method);
}

function patchVaryCookie(response: HttpResponse): void {
  const vary = (response.headers.get("vary") ?? "")
    .split(",")
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
  if (vary.includes("*") || vary.includes("cookie")) return;
  if (vary.length === 0) response.headers.set("Vary", "Cookie");
  else response.headers.set("Vary", `${response.headers.get("vary")}, Cookie`);
}

/**
 * Sends the CSRF cookie with `response` when the request used its token (getToken,
 * rotateToken, ensureCsrfCookie or a malformed cookie replaced), with the CSRF_COOKIE_*
 * settings, and adds `Vary: Cookie`. Django's `process_response`.
 *
 * @example
 * return setCsrfCookieIfNeeded(request, response);
 */
export function setCsrfCookieIfNeeded(request: HttpRequest, response: HttpResponse): HttpResponse {
  const state = csrfState(request);
  if (!state.needsUpdate || state.secret === null) return response;
  const settings = request.settings;
  response.setCookie(settings.CSRF_COOKIE_NAME, state.secret, {
    ...(settings.CSRF_COOKIE_AGE === null ? {} : { maxAge: settings.CSRF_COOKIE_AGE }),
    ...(settings.CSRF_COOKIE_DOMAIN === null ? {} : { domain: settings.CSRF_COOKIE_DOMAIN }),
    path: settings.CSRF_COOKIE_PATH,
    secure: settings.CSRF_COOKIE_SECURE,
    httpOnly: settings.CSRF_COOKIE_HTTPONLY,
    ...(settings.CSRF_COOKIE_SAMESITE === null ? {} : { sameSite: settings.CSRF_COOKIE_SAMESITE }),
  });
  patchVaryCookie(response);
  state.needsUpdate = false;
  return response;
}
