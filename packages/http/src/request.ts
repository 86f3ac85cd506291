/** HttpRequest: one incoming request, as views and middleware see it. */
import type { Settings } from "@tango/core";
import type { ResolverMatch } from "@tango/urls";
import { type MediaType, parseContentType } from "./body/content-type.js";
import { decodeJsonBody } from "./body/json-body.js";
import { type CleanupHook, CleanupHooks } from "./cleanup-hooks.js";
import { parseCookieHeader } from "./cookies.js";
import type { CsrfState } from "./csrf/token.js";
import { BadSignature, type InvalidRequestTarget, RequestBodyNotParsed } from "./errors.js";
import type { HttpHeaders } from "./http-headers.js";
import { MultiValueDict } from "./multi-value-dict.js";
import { iriToUri, quote } from "./percent-encoding.js";
import { QueryDict } from "./query-dict.js";
import {
  checkHost,
  clientIpFor,
  firstHeaderValue,
  schemeFor,
  splitDomainPort,
} from "./request-host.js";
import {
  buildHeaders,
  type HttpRequestInit,
  parseRequestTarget,
  resolveScriptName,
} from "./request-init.js";
import { getCookieSigner } from "./signing.js";
import type { UploadedFile } from "./uploaded-file.js";

/**
 * What parseRequestBody stores on a request.
 *
 * @example
 * // Internal: parseRequestBody stores { POST, FILES, body } on the request.
 */
export interface ParsedBody {
  POST: QueryDict;
  FILES: MultiValueDict<UploadedFile>;
  body: Buffer | null;
}

/**
 * Options of `request.getSignedCookie()`.
 *
 * @example
 * request.getSignedCookie("cart", { salt: "shop", maxAge: 86400 });
 */
export interface SignedCookieOptions {
  /** The salt the cookie was set with (`setSignedCookie(name, value, { salt })`). */
  salt?: string;
  /** Reject signatures older than this many seconds. */
  maxAge?: number;
}

/** Request state most requests never need. */
interface RequestMemo {
  GET?: QueryDict;
  COOKIES?: Record<string, string>;
  mediaType?: MediaType;
  json?: { value: unknown };
}

/**
 * Access to request state for body parsing; not part of the public API.
 *
 * @example
 * requestInternals.takeBody(request); // internal to @tango/http
 */
export interface RequestInternals {
  takeBody(request: HttpRequest): AsyncIterable<Uint8Array> | null;
  /** Whether the body still has to be parsed (or a bad target reported) before views run. */
  needsParsing(request: HttpRequest): boolean;
  /** Whether `cleanup()` has anything to do. */
  hasCleanups(request: HttpRequest): boolean;
  targetError(request: HttpRequest): InvalidRequestTarget | null;
  parsing(request: HttpRequest): Promise<void> | null;
  setParsing(request: HttpRequest, parsing: Promise<void>): void;
  setParsed(request: HttpRequest, parsed: ParsedBody): void;
  /** The CSRF layer's state of this request (csrf/token.ts), null until it makes one. */
  csrfState(request: HttpRequest): CsrfState | null;
  setCsrfState(request: HttpRequest, state: CsrfState): void;
}

/**
 * Request state for body parsing, assigned in HttpRequest's static block (the only code that can reach its private fields).
 *
 * @example
 * requestInternals.targetError(request); // internal to @tango/http
 */
export let requestInternals: RequestInternals;

const SAFE_PATH_CHARS = "/:@&+$,!*'()";
// Most requests never register a cleanup hook: they all share this one, run and empty (a
// hook added to it later runs at once, as after any cleanup).
const ALREADY_CLEAN = new CleanupHooks();
void ALREADY_CLEAN.run();

/**
 * One HTTP request. Adapters and the test client build it with `HttpRequest.from()`; the
 * Handler parses its body (`parseRequestBody`) before any middleware runs, so `POST`,
 * `FILES` and `body` are ready when your code sees the request.
 *
 * Add your own attributes with declaration merging:
 * `declare module "@tango/http" { interface HttpRequest { user: User } }`.
 *
 * @example
 * export function search(request: HttpRequest): HttpResponse {
 *   const q = request.GET.get("q") ?? "";
 *   return new HttpResponse(`You searched for ${q} from ${request.clientIp}`);
 * }
 */
export class HttpRequest {
  /** Upper-case method: "GET", "POST"... */
  readonly method: string;
  /** The full path, decoded, including the script prefix: "/app/polls/3/". */
  path: string;
  /** The path inside the app, decoded, without the script prefix: "/polls/3/". Routing uses it. */
  pathInfo: string;
  /** The prefix the app is mounted under ("" at the root), no trailing slash. */
  readonly scriptName: string;
  /** The raw query string, without "?". */
  readonly queryString: string;
  readonly headers: HttpHeaders;
  /** The settings of the application serving this request. */
  readonly settings: Settings;
  /** The peer address (your proxy's, behind one); see `clientIp`. */
  readonly remoteAddress: string;
  /** What the URL resolver matched; set by the Handler before the view runs. */
  resolverMatch: ResolverMatch | null = null;

  readonly #secureConnection: boolean;
  readonly #authority: string | null;
  readonly #targetError: InvalidRequestTarget | null;
  #bodyStream: AsyncIterable<Uint8Array> | null;
  #parsing: Promise<void> | null = null;
  #parsed: ParsedBody | null = null;
  // What most requests never compute, in one object made on first use: fewer fields to set
  // up per request.
  #memo: RequestMemo | null = null;
  #cleanups: CleanupHooks | null = null;
  // A field, not a WeakMap keyed by the request: V8's scavenger keeps WeakMap entries (and all
  // their keys reach) alive until a full GC, which made every request's objects old.
  #csrf: CsrfState | null = null;

  static {
    requestInternals = {
      takeBody(request) {
        const body = request.#bodyStream;
        request.#bodyStream = null;
        return body;
      },
      needsParsing: (request) =>
        request.#parsed === null &&
        (request.#bodyStream !== null ||
          request.#parsing !== null ||
          request.#targetError !== null),
      hasCleanups: (request) => request.#cleanups?.pending ?? false,
      targetError: (request) => request.#targetError,
      parsing: (request) => request.#parsing,
      setParsing(request, parsing) {
        request.#parsing = parsing;
      },
      setParsed(request, parsed) {
        request.#parsed = parsed;
      },
      csrfState: (request) => request.#csrf,
      setCsrfState(request, state) {
        request.#csrf = state;
      },
    };
  }

  constructor(init: HttpRequestInit) {
    this.method = init.method.toUpperCase();
    this.settings = init.settings;
    this.headers = buildHeaders(init.headers, init.headersParsed === true);
    this.remoteAddress = init.remoteAddress ?? "";
    this.#secureConnection = init.secure ?? false;
    this.#bodyStream = init.body ?? null;
    const target = parseRequestTarget(init.url, this.method);
    this.#authority = target.authority;
    this.#targetError = target.error;
    this.queryString = target.query;
    const settings = init.settings;
    if (
      settings.FORCE_SCRIPT_NAME === null &&
      !settings.USE_X_FORWARDED_PREFIX &&
      !init.scriptName
    ) {
      // Mounted at the root, the usual case: the path is the path info.
      this.scriptName = "";
      this.pathInfo = target.path;
      this.path = target.path;
      return;
    }
    const { scriptName, pathInfo } = resolveScriptName(
      settings,
      this.headers,
      target.path,
      init.scriptName,
    );
    this.scriptName = scriptName;
    this.pathInfo = pathInfo;
    this.path = target.path === "*" ? "*" : scriptName + pathInfo;
  }

  /**
   * Builds a request from what the server received; what adapters and the test client call.
   * It does not throw on a bad request line: that is reported as a 400 when the body is parsed.
   *
   * @example
   * const request = HttpRequest.from({ method: "GET", url: "/", headers: { host: "localhost" }, settings });
   */
  static from(init: HttpRequestInit): HttpRequest {
    return new HttpRequest(init);
  }

  /** The query string parameters (immutable). Over DATA_UPLOAD_MAX_NUMBER_FIELDS: TooManyFieldsSent. */
  get GET(): QueryDict {
    const memo = this.#memoized();
    memo.GET ??= QueryDict.parse(this.queryString, {
      maxFields: this.settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
      encoding: this.settings.DEFAULT_CHARSET,
    });
    return memo.GET;
  }

  #parsedBody(what: string): ParsedBody {
    if (this.#parsed) return this.#parsed;
    if (this.#bodyStream === null && this.#parsing === null) {
      this.#parsed = { POST: new QueryDict(), FILES: new MultiValueDict(), body: Buffer.alloc(0) };
      return this.#parsed;
    }
    throw new RequestBodyNotParsed(
      `request.${what} was read before the request body was parsed. Call \`await parseRequestBody(request)\` first (the Handler does this before any middleware runs).`,
    );
  }

  /** Form fields of a urlencoded or multipart body (POST, PUT, PATCH, DELETE). */
  get POST(): QueryDict {
    return this.#parsedBody("POST").POST;
  }

  /** Files of a multipart body, by field name. */
  get FILES(): MultiValueDict<UploadedFile> {
    return this.#parsedBody("FILES").FILES;
  }

  /** The raw body; `null` for multipart requests, whose body was streamed into POST and FILES. */
  get body(): Buffer | null {
    return this.#parsedBody("body").body;
  }

  /** Cookies sent by the client (a null-prototype record; bad cookies are skipped, not fatal). */
  get COOKIES(): Record<string, string> {
    const memo = this.#memoized();
    memo.COOKIES ??= parseCookieHeader(this.headers.getAll("cookie").join("; "));
    return memo.COOKIES;
  }

  /** The media type of the body, lower-cased ("application/json"), "" when none. */
  get contentType(): string {
    return this.#mediaType().type;
  }

  /** The parameters of the Content-Type header (charset, boundary). */
  get contentParams(): ReadonlyMap<string, string> {
    return this.#mediaType().params;
  }

  #memoized(): RequestMemo {
    this.#memo ??= {};
    return this.#memo;
  }

  #mediaType(): MediaType {
    const memo = this.#memoized();
    memo.mediaType ??= parseContentType(this.headers.get("content-type"));
    return memo.mediaType;
  }

  /** The body's charset: the Content-Type's, else DEFAULT_CHARSET. */
  get encoding(): string {
    return this.contentParams.get("charset") ?? this.settings.DEFAULT_CHARSET;
  }

  /**
   * The body parsed as JSON (decoded with the request's charset). Throws MalformedRequestBody
   * (400) when the body is empty or not JSON.
   *
   * @example
   * const { title } = request.json<{ title: string }>();
   */
  json<T = unknown>(): T {
    const memo = this.#memoized();
    memo.json ??= { value: decodeJsonBody(this.body, this.encoding) };
    return memo.json.value as T;
  }

  /** "https" or "http", honouring SECURE_PROXY_SSL_HEADER when you set it. */
  get scheme(): "http" | "https" {
    return schemeFor(this.headers, this.settings, this.#secureConnection);
  }

  /** Whether the request came over HTTPS (see `scheme`). */
  isSecure(): boolean {
    return this.scheme === "https";
  }

  #rawHost(): string {
    if (this.settings.USE_X_FORWARDED_HOST) {
      const forwarded = firstHeaderValue(this.headers, "x-forwarded-host");
      if (forwarded !== null) return forwarded;
    }
    return this.#authority ?? this.headers.get("host") ?? "";
  }

  /**
   * The host the client asked for ("example.com:8000"), checked against ALLOWED_HOSTS;
   * X-Forwarded-Host is used when USE_X_FORWARDED_HOST is on. Throws DisallowedHost (400).
   *
   * @example
   * request.getHost(); // "example.com"
   */
  getHost(): string {
    return checkHost(this.#rawHost(), this.settings);
  }

  /** The port as a string: X-Forwarded-Port (USE_X_FORWARDED_PORT), the Host's, or the scheme's default. */
  getPort(): string {
    if (this.settings.USE_X_FORWARDED_PORT) {
      const forwarded = firstHeaderValue(this.headers, "x-forwarded-port");
      if (forwarded !== null && /^[0-9]{1,5}$/.test(forwarded) && Number(forwarded) <= 65535)
        return forwarded;
    }
    const [, port] = splitDomainPort(this.#authority ?? this.headers.get("host") ?? "");
    return port || (this.#secureConnection ? "443" : "80");
  }

  /** The client's IP address; X-Forwarded-For is honoured with USE_X_FORWARDED_FOR and NUM_PROXIES. */
  get clientIp(): string {
    return clientIpFor(this.headers, this.settings, this.remoteAddress);
  }

  /**
   * The path with the query string, URI-encoded: "/app/search/?q=tango".
   *
   * @example
   * redirect(`/login/?next=${encodeURIComponent(request.getFullPath())}`);
   */
  getFullPath(forceAppendSlash = false): string {
    return this.#fullPath(this.path, forceAppendSlash);
  }

  /** Like `getFullPath()` but from `pathInfo` (without the script prefix). */
  getFullPathInfo(forceAppendSlash = false): string {
    return this.#fullPath(this.pathInfo, forceAppendSlash);
  }

  #fullPath(path: string, forceAppendSlash: boolean): string {
    const slash = forceAppendSlash && !path.endsWith("/") ? "/" : "";
    const query = this.queryString ? `?${iriToUri(this.queryString)}` : "";
    return `${quote(path, { safe: SAFE_PATH_CHARS })}${slash}${query}`;
  }

  /**
   * An absolute URI for `location` (default: this request's full path), resolved against the
   * current scheme and host.
   *
   * @example
   * request.buildAbsoluteUri("/polls/3/"); // "https://example.com/polls/3/"
   */
  buildAbsoluteUri(location?: string): string {
    const origin = `${this.scheme}://${this.getHost()}`;
    if (location === undefined) return origin + this.getFullPath();
    const uri = iriToUri(location);
    if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(uri)) return uri;
    if (uri.startsWith("/") && !uri.startsWith("//") && !/\/\.\.?(\/|$)/.test(uri))
      return origin + uri;
    try {
      return new URL(uri, origin + quote(this.path, { safe: SAFE_PATH_CHARS })).href;
    } catch {
      return uri;
    }
  }

  /**
   * The value of a cookie set with `response.setSignedCookie()`. Returns `undefined` when the
   * cookie is absent; throws BadSignature (or SignatureExpired past `maxAge`) when it was
   * tampered with, unless you pass `default`, which is returned instead.
   *
   * @example
   * const theme = request.getSignedCookie("theme", { default: "light", maxAge: 86400 });
   */
  getSignedCookie(name: string, options?: SignedCookieOptions): string | undefined;
  getSignedCookie<D>(name: string, options: SignedCookieOptions & { default: D }): string | D;
  getSignedCookie<D>(
    name: string,
    options: SignedCookieOptions & { default?: D } = {},
  ): string | D | undefined {
    const hasDefault = "default" in options;
    const value = this.COOKIES[name];
    if (value === undefined) return hasDefault ? options.default : undefined;
    try {
      const signer = getCookieSigner({
        salt: name + (options.salt ?? ""),
        settings: this.settings,
      });
      return signer.unsign(value, { maxAge: options.maxAge });
    } catch (error) {
      if (hasDefault && error instanceof BadSignature) return options.default;
      throw error;
    }
  }

  /**
   * Registers `hook` to run when the request is cleaned up (temporary upload files use this).
   * After cleanup has run, a new hook runs at once.
   */
  onCleanup(hook: CleanupHook): void {
    this.#cleanups ??= new CleanupHooks();
    this.#cleanups.add(hook);
  }

  /**
   * Runs the cleanup hooks once, whatever happened: removes temporary upload files. The
   * Handler arranges for this to run when the response is closed; calling it again is harmless.
   */
  cleanup(): Promise<void> {
    this.#cleanups ??= ALREADY_CLEAN;
    return this.#cleanups.run();
  }

  /** `<HttpRequest: GET '/polls/?page=2'>`, as in Django. */
  toString(): string {
    return `<HttpRequest: ${this.method} '${this.getFullPath()}'>`;
  }
}
