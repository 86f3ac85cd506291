/** getConditionalResponse(): RFC 9110 preconditions (If-Match, If-None-Match, If-(Un)Modified-Since), as Django's. */
import { type HttpRequest, HttpResponse, HttpResponseNotModified } from "@tango/http";
import { parseEtags, parseHttpDate } from "./etags.js";

const KEPT_ON_304 = [
  "Cache-Control",
  "Content-Location",
  "Date",
  "ETag",
  "Expires",
  "Last-Modified",
  "Vary",
];

function stripWeak(etag: string): string {
  return etag.startsWith("W/") ? etag.slice(2) : etag;
}

function ifMatchPasses(target: string | null, etags: readonly string[]): boolean {
  if (!target) return false;
  if (etags.length === 1 && etags[0] === "*") return true;
  // A weak ETag never matches strongly.
  if (target.startsWith("W/")) return false;
  return etags.includes(target);
}

function ifNoneMatchPasses(target: string | null, etags: readonly string[]): boolean {
  if (!target) return true;
  if (etags.length === 1 && etags[0] === "*") return false;
  // Weak comparison.
  const bare = stripWeak(target);
  return !etags.some((etag) => stripWeak(etag) === bare);
}

function notModified(response: HttpResponse | null): HttpResponse {
  const answer = new HttpResponseNotModified();
  if (response !== null) {
    for (const header of KEPT_ON_304) {
      const value = response.headers.get(header);
      if (value !== null) answer.headers.set(header, value);
    }
    for (const [name, cookie] of response.cookies) answer.setCookie(name, cookie.value, cookie);
  }
  return answer;
}

/**
 * The 304 or 412 answer the request's preconditions call for, given the resource's current
 * (quoted) `etag` and `lastModified` (seconds since the epoch), or `response` (null before
 * the view ran) when they pass. Only 2xx responses are replaced.
 *
 * @example
 * const early = getConditionalResponse(request, { etag: '"v3"', lastModified: null });
 * if (early) return early;
 */
export function getConditionalResponse(
  request: HttpRequest,
  resource: { etag: string | null; lastModified: number | null },
  response: HttpResponse | null = null,
): HttpResponse | null {
  if (response !== null && (response.status < 200 || response.status >= 300)) return response;
  const { etag, lastModified } = resource;
  const ifMatch = parseEtags(request.headers.get("if-match") ?? "");
  const ifUnmodifiedSince = parseHttpDate(request.headers.get("if-unmodified-since"));
  const ifNoneMatch = parseEtags(request.headers.get("if-none-match") ?? "");
  const ifModifiedSince = parseHttpDate(request.headers.get("if-modified-since"));
  const safe = request.method === "GET" || request.method === "HEAD";

  if (ifMatch.length > 0 && !ifMatchPasses(etag, ifMatch)) return preconditionFailed();
  if (
    ifMatch.length === 0 &&
    ifUnmodifiedSince !== null &&
    !(lastModified !== null && lastModified <= ifUnmodifiedSince)
  ) {
    return preconditionFailed();
  }
  if (ifNoneMatch.length > 0 && !ifNoneMatchPasses(etag, ifNoneMatch)) {
    return safe ? notModified(response) : preconditionFailed();
  }
  if (
    ifNoneMatch.length === 0 &&
    ifModifiedSince !== null &&
    !(lastModified === null || lastModified > ifModifiedSince) &&
    safe
  ) {
    return notModified(response);
  }
  return response;
}

function preconditionFailed(): HttpResponse {
  return new HttpResponse("", { status: 412 });
}
