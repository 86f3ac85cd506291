/** What adapters build a request from, and how the request target becomes path, script name and query. */
import { getLogger, type Settings } from "@tango/core";
import { InvalidRequestTarget } from "./errors.js";
import { HttpHeaders, headersInternals } from "./http-headers.js";
import { percentDecode } from "./percent-encoding.js";

/**
 * What `HttpRequest.from()` takes: the request as the server saw it. Adapters and the test
 * client build it; `url` is the request target exactly as sent (`/polls/?page=2`, still
 * percent-encoded).
 *
 * @example
 * HttpRequest.from({ method: "GET", url: "/polls/?page=2", headers: { host: "example.com" }, body: null, settings });
 */
export interface HttpRequestInit {
  method: string;
  /** The request target: origin-form (`/path?query`), absolute-form (`http://host/path`) or `*`. */
  url: string;
  headers:
    | Iterable<readonly [string, string]>
    | Readonly<Record<string, string | readonly string[] | undefined>>;
  /**
   * `headers` is a record an HTTP parser produced and checked, as node:http's `req.headers`:
   * lower-case names, valid and trimmed values. The request then reads it in place instead
   * of copying and re-checking every header. Leave it out for headers from anywhere else.
   */
  headersParsed?: boolean;
  /** The body as a stream of bytes; `null` when the request has none. */
  body?: AsyncIterable<Uint8Array> | null;
  /** The peer's address (the proxy's, behind one). */
  remoteAddress?: string;
  /** Whether the connection itself is TLS. */
  secure?: boolean;
  /**
   * The path the server mounted the app under (CGI's SCRIPT_NAME; Express's `req.baseUrl`),
   * decoded, when `url` is the path below it.
   */
  scriptName?: string;
  settings: Settings;
}

/**
 * The parts of a request target.
 *
 * @example
 * parseRequestTarget("/a?b=1", "GET").query; // "b=1"
 */
export interface RequestTarget {
  /** The path, percent-decoded. */
  path: string;
  /** The query string, still encoded, without `?`. */
  query: string;
  /** The authority of an absolute-form target, which replaces the Host header (RFC 9112 3.2.2). */
  authority: string | null;
  /** A problem to answer with 400, found while parsing (thrown later by parseRequestBody). */
  error: InvalidRequestTarget | null;
}

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });
const LENIENT_UTF8 = new TextDecoder("utf-8");
const ABSOLUTE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

function shown(text: string): string {
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 197)}...` : text).slice(1, -1);
}

/** Non-ASCII characters in a target can only come from code, not the wire: encode them as UTF-8. */
function asciiTarget(url: string): string {
  return /[^\x21-\x7e]/.test(url)
    ? url.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c))
    : url;
}

/**
 * Decodes a percent-encoded path as UTF-8. Invalid UTF-8 is reported (400), and the path is
 * decoded leniently so logs and error pages still have something to show.
 *
 * @example
 * decodePath("/caf%C3%A9/").path; // "/café/"
 */
export function decodePath(raw: string): { path: string; error: InvalidRequestTarget | null } {
  try {
    return { path: percentDecode(raw, STRICT_UTF8), error: null };
  } catch {
    const error = new InvalidRequestTarget(
      `The request path '${shown(raw)}' is not valid UTF-8 once percent-decoded. Percent-encode paths as UTF-8.`,
    );
    return { path: percentDecode(raw, LENIENT_UTF8), error };
  }
}

function splitOriginForm(target: string): { rawPath: string; query: string } {
  const hash = target.indexOf("#");
  const withoutFragment = hash === -1 ? target : target.slice(0, hash);
  const mark = withoutFragment.indexOf("?");
  if (mark === -1) return { rawPath: withoutFragment, query: "" };
  return { rawPath: withoutFragment.slice(0, mark), query: withoutFragment.slice(mark + 1) };
}

/**
 * The common case, without a single allocation beyond the result: an origin-form target of
 * visible ASCII, no fragment and no percent-escape in the path. `null` for anything else.
 */
function plainOriginForm(url: string): RequestTarget | null {
  if (url.charCodeAt(0) !== 47 /* "/" */) return null;
  let mark = -1;
  for (let i = 1; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c < 0x21 || c > 0x7e || c === 35 /* "#" */) return null;
    if (mark === -1) {
      if (c === 37 /* "%" */) return null;
      if (c === 63 /* "?" */) mark = i;
    }
  }
  if (mark === -1) return { path: url, query: "", authority: null, error: null };
  return { path: url.slice(0, mark), query: url.slice(mark + 1), authority: null, error: null };
}

/**
 * Parses a request target: origin-form (`/a?b`), absolute-form (`http://host/a?b`, sent to
 * proxies) or asterisk-form (`*`, for `OPTIONS *`). Never throws; problems land in `error`.
 *
 * @example
 * parseRequestTarget("/caf%C3%A9?x=1", "GET"); // { path: "/café", query: "x=1", authority: null, error: null }
 */
export function parseRequestTarget(url: string, method: string): RequestTarget {
  const plain = plainOriginForm(url);
  if (plain !== null) return plain;
  const target = asciiTarget(url);
  if (target === "*") {
    const error =
      method === "OPTIONS"
        ? null
        : new InvalidRequestTarget(
            `The request target '*' is only valid with OPTIONS, not ${method}.`,
          );
    return { path: "*", query: "", authority: null, error };
  }
  if (target.startsWith("/")) {
    const { rawPath, query } = splitOriginForm(target);
    const { path, error } = decodePath(rawPath);
    return { path, query, authority: null, error };
  }
  if (ABSOLUTE.test(target)) return parseAbsoluteForm(target);
  return {
    path: "/",
    query: "",
    authority: null,
    error: new InvalidRequestTarget(
      `The request target '${shown(url)}' is neither a path starting with '/' nor an absolute http(s) URL.`,
    ),
  };
}

function parseAbsoluteForm(target: string): RequestTarget {
  let parsed: URL;
  try {
    parsed = new URL(target);
  } catch {
    parsed = new URL("invalid://");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    return {
      path: "/",
      query: "",
      authority: null,
      error: new InvalidRequestTarget(
        `The request target '${shown(target)}' is not an http or https URL.`,
      ),
    };
  }
  const query = parsed.search.startsWith("?") ? parsed.search.slice(1) : parsed.search;
  const { path, error } = decodePath(parsed.pathname || "/");
  return { path, query, authority: parsed.host, error };
}

/**
 * Builds the request's headers, skipping HTTP/2 pseudo-headers (`:path`...) and turning
 * `:authority` into Host when Host is missing. Headers a parser already checked
 * (`parsed`, a record) are wrapped as they are; any others are copied and checked.
 *
 * @example
 * buildHeaders({ ":authority": "example.com" }).get("host"); // "example.com"
 */
export function buildHeaders(init: HttpRequestInit["headers"], parsed = false): HttpHeaders {
  if (parsed && !(Symbol.iterator in init)) return headersInternals.wrapParsed(init);
  const headers = new HttpHeaders();
  const pairs: Iterable<readonly [string, string | readonly string[] | undefined]> =
    Symbol.iterator in init ? (init as Iterable<readonly [string, string]>) : Object.entries(init);
  let authority: string | null = null;
  for (const [name, value] of pairs) {
    if (value === undefined) continue;
    if (name.startsWith(":")) {
      if (name === ":authority" && typeof value === "string") authority = value;
      continue;
    }
    if (typeof value === "string") headers.append(name, value);
    else for (const item of value) headers.append(name, item);
  }
  if (authority !== null && !headers.has("host")) headers.set("Host", authority);
  return headers;
}

function firstValue(value: string | null): string | null {
  if (value === null) return null;
  const comma = value.indexOf(",");
  return (comma === -1 ? value : value.slice(0, comma)).trim();
}

/**
 * Checks an X-Forwarded-Prefix value: a decoded absolute path, not `//`-relative, without
 * `..` segments, backslashes or control characters. Returns `null` when unusable.
 *
 * @example
 * sanitizePrefix("/app/"); // "/app"; sanitizePrefix("//evil") is null
 */
export function sanitizePrefix(raw: string): string | null {
  const { path, error } = decodePath(raw);
  if (error) return null;
  if (!path.startsWith("/") || path.startsWith("//")) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused here
  if (/[\u0000-\u001f\u007f\\]/.test(path)) return null;
  if (path.split("/").some((segment) => segment === ".." || segment === ".")) return null;
  return path.replace(/\/+$/, "");
}

function forwardedPrefix(settings: Settings, headers: HttpHeaders): string {
  if (!settings.USE_X_FORWARDED_PREFIX) return "";
  const raw = firstValue(headers.get("x-forwarded-prefix"));
  if (!raw) return "";
  const prefix = sanitizePrefix(raw);
  if (prefix === null) {
    getLogger("tango.security.DisallowedPrefix").warning(
      `Ignored X-Forwarded-Prefix '${shown(raw)}': a prefix must be an absolute path without '..', '//', backslashes or control characters.`,
    );
    return "";
  }
  return prefix;
}

/**
 * Splits a decoded path into the script name and the path inside the app. A path under the
 * prefix loses it; one outside (a proxy that already stripped it) is the path info as is.
 *
 * @example
 * pathInfoFor("/app/polls/", "/app"); // "/polls/"
 */
export function pathInfoFor(path: string, scriptName: string): string {
  if (scriptName === "" || path === "*") return path;
  if (path === scriptName) return "/";
  if (path.startsWith(`${scriptName}/`)) return path.slice(scriptName.length);
  return path;
}

/**
 * The script prefix the app is mounted under and the path inside it:
 * - FORCE_SCRIPT_NAME when set (stripped from the path when the path starts with it);
 * - else a sanitised X-Forwarded-Prefix (USE_X_FORWARDED_PREFIX; stripped likewise when the
 *   proxy did not), followed by the mount path a server reports (`init.scriptName`, e.g.
 *   Express's `baseUrl`), whose `url` is already the path below the mount.
 *
 * @example
 * resolveScriptName(settings, headers, "/app/polls/"); // { scriptName: "/app", pathInfo: "/polls/" } with FORCE_SCRIPT_NAME "/app"
 */
export function resolveScriptName(
  settings: Settings,
  headers: HttpHeaders,
  path: string,
  serverScriptName?: string,
): { scriptName: string; pathInfo: string } {
  if (path === "*") return { scriptName: "", pathInfo: "*" };
  if (settings.FORCE_SCRIPT_NAME !== null) {
    const scriptName = settings.FORCE_SCRIPT_NAME.replace(/\/+$/, "");
    return { scriptName, pathInfo: pathInfoFor(path, scriptName) };
  }
  const prefix = forwardedPrefix(settings, headers);
  const mount = serverScriptName ? serverScriptName.replace(/\/+$/, "") : "";
  if (mount === "") return { scriptName: prefix, pathInfo: pathInfoFor(path, prefix) };
  return { scriptName: prefix + mount, pathInfo: path };
}
