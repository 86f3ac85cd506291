/** Cache-Control and Expires on responses: Django's patch_cache_control, patch_response_headers and add_never_cache_headers. */
import { type HttpResponse, httpDate } from "@tango/http";

/**
 * Cache-Control directives, camel-cased (`maxAge` is `max-age`, `sMaxage` is `s-maxage`).
 * `true` writes the bare directive; `false` and `undefined` leave it out; numbers and strings
 * write `directive=value`. Other directives may be given the same way.
 *
 * @example
 * const options: CacheControlOptions = { maxAge: 3600, public: true };
 */
export interface CacheControlOptions {
  readonly maxAge?: number;
  readonly sMaxage?: number;
  readonly public?: boolean;
  readonly private?: boolean | string;
  readonly noCache?: boolean | string;
  readonly noStore?: boolean;
  readonly noTransform?: boolean;
  readonly mustRevalidate?: boolean;
  readonly proxyRevalidate?: boolean;
  readonly mustUnderstand?: boolean;
  readonly immutable?: boolean;
  readonly staleWhileRevalidate?: number;
  readonly staleIfError?: number;
  readonly [directive: string]: boolean | number | string | undefined;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`).replace(/_/g, "-");
}

function parse(header: string): Map<string, true | string | Set<true | string>> {
  const directives = new Map<string, true | string | Set<true | string>>();
  for (const field of header.split(/\s*,\s*/)) {
    if (!field) continue;
    const eq = field.indexOf("=");
    const name = (eq === -1 ? field : field.slice(0, eq)).toLowerCase();
    const value: true | string = eq === -1 ? true : field.slice(eq + 1);
    if (name === "no-cache") addTo(directives, name, value);
    else directives.set(name, value);
  }
  return directives;
}

function addTo(
  map: Map<string, true | string | Set<true | string>>,
  name: string,
  value: true | string,
): void {
  const existing = map.get(name);
  if (existing instanceof Set) existing.add(value);
  else map.set(name, new Set([value]));
}

function format(name: string, value: true | string): string {
  return value === true ? name : `${name}=${value}`;
}

/**
 * Merges `options` into the response's Cache-Control as Django's `patch_cache_control`:
 * existing directives stay unless overridden, a new `maxAge` never raises an existing
 * max-age, `public` replaces `private` (and the reverse), and `noCache` field names add up.
 *
 * @example
 * patchCacheControl(response, { maxAge: 60, public: true }); // Cache-Control: max-age=60, public
 */
export function patchCacheControl(response: HttpResponse, options: CacheControlOptions): void {
  const current = response.headers.get("cache-control");
  const directives = current
    ? parse(current)
    : new Map<string, true | string | Set<true | string>>();
  const given = new Map<string, true | string>();
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || value === false) continue;
    given.set(kebab(key), value === true ? true : String(value));
  }
  const existingMaxAge = directives.get("max-age");
  const newMaxAge = given.get("max-age");
  if (typeof existingMaxAge === "string" && typeof newMaxAge === "string") {
    given.set("max-age", String(Math.min(Number(existingMaxAge), Number(newMaxAge))));
  }
  if (directives.has("private") && given.has("public")) directives.delete("private");
  else if (directives.has("public") && given.has("private")) directives.delete("public");
  for (const [name, value] of given) {
    if (name === "no-cache") addTo(directives, name, value);
    else directives.set(name, value);
  }
  const parts: string[] = [];
  for (const [name, value] of directives) {
    if (value instanceof Set) {
      // A bare no-cache covers every field-specific one.
      const values = value.has(true) ? [true as const] : [...value];
      for (const each of values) parts.push(format(name, each));
    } else {
      parts.push(format(name, value));
    }
  }
  response.headers.set("Cache-Control", parts.join(", "));
}

/**
 * Sets Expires (unless set) to now + `seconds` and `max-age=seconds` in Cache-Control, as
 * Django's `patch_response_headers`. Negative seconds count as 0.
 *
 * @example
 * patchResponseHeaders(response, 600);
 */
export function patchResponseHeaders(response: HttpResponse, seconds: number): void {
  const timeout = Math.max(0, seconds);
  if (!response.headers.has("expires")) {
    response.headers.set("Expires", httpDate(Date.now() + timeout * 1000));
  }
  patchCacheControl(response, { maxAge: timeout });
}

/**
 * Marks a response as never to be cached: Expires now and
 * `Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private`.
 *
 * @example
 * addNeverCacheHeaders(response);
 */
export function addNeverCacheHeaders(response: HttpResponse): void {
  patchResponseHeaders(response, -1);
  patchCacheControl(response, {
    noCache: true,
    noStore: true,
    mustRevalidate: true,
    private: true,
  });
}
