/** HttpResponse: status, headers, cookies and a body of bytes; the base of every response kind. */
import { STATUS_CODES } from "node:http";
import { currentScope, getSettings, type Settings, settingsConfigured } from "@tango/core";
import {
  type CookieOptions,
  checkCookieName,
  type ResponseCookie,
  serializeCookie,
} from "../cookies.js";
import { InvalidResponse } from "../errors.js";
import {
  checkHeaderValue,
  type HeadersInit,
  HttpHeaders,
  headersInternals,
} from "../http-headers.js";
import { getCookieSigner } from "../signing.js";
import { CLOSED, type CloseHook, runCloseHook, runCloseHooks } from "./close-hooks.js";
import { encodeText } from "./encode-text.js";

/**
 * What a response body can be built from.
 *
 * @example
 * new HttpResponse(Buffer.from([0xff]), { contentType: "application/octet-stream" });
 */
export type ResponseContent = string | Uint8Array | null | undefined;

/**
 * Options shared by every response kind.
 *
 * @example
 * new HttpResponse("Created", { status: 201, headers: { Location: "/items/3/" } });
 */
export interface ResponseInit {
  /** Default 200 (each kind has its own). */
  status?: number;
  /** The reason phrase; default derived from the status ("Not Found"). */
  reason?: string;
  /** The Content-Type; default `text/html; charset=<charset>`. Don't also pass it in `headers`. */
  contentType?: string;
  /** Encodes string content; default the Content-Type's charset, else DEFAULT_CHARSET ("utf-8"). */
  charset?: string;
  headers?: HeadersInit;
}

/**
 * Options of `response.setSignedCookie()`.
 *
 * @example
 * response.setSignedCookie("cart", "3", { salt: "shop", maxAge: 86400 });
 */
export interface SignedCookieSetOptions extends CookieOptions {
  /** Must match the salt given to `request.getSignedCookie()`. */
  salt?: string;
  /** Whose SECRET_KEY signs; default the settings in force. */
  settings?: Settings;
}

const CHARSET = /charset=([^\s;]+)/i;

function defaultCharset(): string {
  // Inside a request the scope has the settings: one lookup instead of two.
  const settings = currentScope()?.settings;
  if (settings !== undefined) return settings.DEFAULT_CHARSET;
  return settingsConfigured() ? getSettings().DEFAULT_CHARSET : "utf-8";
}

// Responses of one kind share a Content-Type: its charset is parsed once, not per read.
let lastContentType: string | undefined;
let lastCharset: string | undefined;

/** The `charset=` parameter of a Content-Type, unquoted; undefined without one. */
function contentTypeCharset(contentType: string): string | undefined {
  if (contentType !== lastContentType) {
    lastCharset = CHARSET.exec(contentType)?.[1]?.replaceAll('"', "");
    lastContentType = contentType;
  }
  return lastCharset;
}

function checkStatus(status: number): number {
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new InvalidResponse(
      `HTTP status code must be an integer from 100 to 599; got ${String(status)}.`,
    );
  }
  return status;
}

/**
 * A response with its whole body in memory. Views return one (or a subclass); adapters write
 * `status`, `headerLines()` and `content`, then call `close()`.
 *
 * @example
 * const response = new HttpResponse("<h1>Hello</h1>");
 * response.headers.set("Cache-Control", "no-cache");
 * response.setCookie("theme", "dark", { maxAge: 3600, sameSite: "Lax" });
 * return response;
 */
export class HttpResponse {
  readonly headers: HttpHeaders;
  #status = 200;
  #reason: string | null = null;
  #charset: string | null;
  // The body: `#text` while it is UTF-8 text nothing has needed as bytes yet (an adapter then
  // sends it with the headers in one write, without a Buffer), else `#chunks`.
  #text: string | null = null;
  #chunks: Buffer[] | null = null;
  // Most responses set no cookie and get one close hook: allocated when first needed.
  #cookies: Map<string, ResponseCookie> | null = null;
  #closeHooks: CloseHook[] | null = null;
  #closed: Promise<void> | null = null;

  constructor(content: ResponseContent = "", init: ResponseInit = {}) {
    this.headers = new HttpHeaders(init.headers);
    this.#charset = init.charset ?? null;
    if (init.status !== undefined) this.#status = checkStatus(init.status);
    if (init.reason !== undefined) this.reasonPhrase = init.reason;
    const typed = init.headers !== undefined && this.headers.has("content-type");
    if (init.contentType !== undefined && typed) {
      throw new InvalidResponse(
        "'headers' must not contain 'Content-Type' when the 'contentType' option is given. Pass one of them.",
      );
    }
    if (!typed) {
      this.headers.set("Content-Type", init.contentType ?? `text/html; charset=${this.charset}`);
    }
    if (content !== null && content !== undefined && content !== "") this.#setContent(content);
  }

  #setContent(value: string | Uint8Array): void {
    // Text is kept as is only when encoding it later gives the same bytes as now: UTF-8, and
    // no subclass encoding of its own.
    if (typeof value === "string" && this.encode === baseEncode && isUtf8(this.charset)) {
      this.#text = value;
      this.#chunks = null;
      return;
    }
    this.#text = null;
    this.#chunks = [this.encode(value)];
  }

  /** The status code. */
  get status(): number {
    return this.#status;
  }

  set status(value: number) {
    this.#status = checkStatus(value);
  }

  /** The reason phrase: the one you set, else the standard one for the status. */
  get reasonPhrase(): string {
    return this.#reason ?? STATUS_CODES[this.#status] ?? "Unknown Status Code";
  }

  set reasonPhrase(value: string) {
    this.#reason = checkHeaderValue("reason phrase", value);
  }

  /** The charset string content is encoded with. */
  get charset(): string {
    if (this.#charset !== null) return this.#charset;
    const contentType = this.headers.get("content-type");
    // No "=", no parameters: most content types ("text/plain", "application/json") end here.
    if (contentType === null || !contentType.includes("=")) return defaultCharset();
    return contentTypeCharset(contentType) ?? defaultCharset();
  }

  set charset(value: string) {
    this.#charset = value;
  }

  /** Whether the body is streamed (`streamingContent`) rather than held in `content`. */
  get isStreaming(): boolean {
    return false;
  }

  /** The body as a stream; only streaming responses have one. */
  get streamingContent(): AsyncIterable<Uint8Array> | undefined {
    return undefined;
  }

  /** Encodes a string with the response's charset. */
  protected encode(content: string | Uint8Array): Buffer {
    if (typeof content === "string") return encodeText(content, this.charset);
    return Buffer.isBuffer(content)
      ? content
      : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  }

  /** The body. Setting a string encodes it with `charset`. */
  get content(): Buffer {
    if (this.#text !== null) {
      this.#chunks = [Buffer.from(this.#text, "utf8")];
      this.#text = null;
    }
    const chunks = this.#chunks;
    if (chunks === null) return EMPTY;
    if (chunks.length === 1) return chunks[0] as Buffer;
    const joined = Buffer.concat(chunks);
    this.#chunks = [joined];
    return joined;
  }

  set content(value: ResponseContent) {
    this.#text = null;
    this.#chunks = null;
    if (value !== null && value !== undefined) this.#setContent(value);
  }

  /** The size of `content` in bytes (its Content-Length), without encoding text to measure it. */
  get contentLength(): number {
    return this.#text !== null ? Buffer.byteLength(this.#text, "utf8") : this.content.length;
  }

  /**
   * `content` as adapters send it: the text itself while the body is UTF-8 text not yet
   * encoded (node:http then writes headers and body in one go), else the bytes.
   *
   * @example
   * res.end(response.wireContent);
   */
  get wireContent(): string | Buffer {
    return this.#text ?? this.content;
  }

  /** Appends to the body, as writing to a file. */
  write(data: string | Uint8Array): void {
    if (this.#text !== null) void this.content; // to bytes first, then append
    this.#chunks ??= [];
    this.#chunks.push(this.encode(data));
  }

  /** Cookies to be sent, by name. */
  get cookies(): ReadonlyMap<string, ResponseCookie> {
    return this.#cookies ?? NO_COOKIES;
  }

  /**
   * Sets a cookie (replacing one of the same name set on this response). `maxAge` is in
   * seconds and also sets `expires`.
   *
   * @example
   * response.setCookie("theme", "dark", { maxAge: 30 * 86400, httpOnly: true, sameSite: "Lax" });
   */
  setCookie(name: string, value: string, options: CookieOptions = {}): void {
    checkCookieName(name);
    const cookie: ResponseCookie = { ...options, name, value: String(value) };
    serializeCookie(cookie); // validates now, so a bad value fails in the view, not in the adapter
    this.#cookies ??= new Map();
    this.#cookies.set(name, cookie);
  }

  /**
   * Tells the client to delete a cookie. Pass the `path` and `domain` it was set with.
   *
   * @example
   * response.deleteCookie("theme");
   */
  deleteCookie(
    name: string,
    options: Pick<CookieOptions, "path" | "domain" | "sameSite"> = {},
  ): void {
    const secure =
      name.startsWith("__Secure-") ||
      name.startsWith("__Host-") ||
      options.sameSite?.toLowerCase() === "none";
    this.setCookie(name, "", {
      ...options,
      maxAge: 0,
      expires: "Thu, 01 Jan 1970 00:00:00 GMT",
      ...(secure ? { secure: true } : {}),
    });
  }

  /**
   * Sets a cookie signed with SECRET_KEY; read it back with `request.getSignedCookie()`.
   *
   * @example
   * response.setSignedCookie("cart", "3", { salt: "shop", httpOnly: true });
   */
  setSignedCookie(name: string, value: string, options: SignedCookieSetOptions = {}): void {
    const { salt = "", settings, ...cookieOptions } = options;
    const signer = getCookieSigner({ salt: name + salt, ...(settings ? { settings } : {}) });
    this.setCookie(name, signer.sign(value), cookieOptions);
  }

  /** Every header line to send, one Set-Cookie line per cookie. */
  headerLines(): Array<[string, string]> {
    const raw = this.rawHeaderLines();
    const lines: Array<[string, string]> = [];
    for (let i = 0; i < raw.length; i += 2) lines.push([raw[i] as string, raw[i + 1] as string]);
    return lines;
  }

  /**
   * {@link headerLines} flattened to `[name, value, name, value...]`, the form node's
   * `res.writeHead()` takes without building an object first.
   *
   * @example
   * res.writeHead(response.status, response.rawHeaderLines());
   */
  rawHeaderLines(): string[] {
    const lines: string[] = [];
    headersInternals.flatten(this.headers, lines);
    if (this.#cookies !== null) {
      const now = Date.now();
      for (const cookie of this.#cookies.values())
        lines.push("Set-Cookie", serializeCookie(cookie, now));
    }
    return lines;
  }

  /** Registers `hook` to run when the response is closed; after close it runs at once. */
  onClose(hook: CloseHook): void {
    if (this.#closed) {
      void this.#closed.then(() => runCloseHook(hook));
      return;
    }
    this.#closeHooks ??= [];
    this.#closeHooks.push(hook);
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed !== null;
  }

  /**
   * Runs the close hooks once, in registration order. Adapters call it when the body has been
   * sent or the client went away; it never rejects (a failing hook is logged).
   */
  close(): Promise<void> {
    if (this.#closed !== null) return this.#closed;
    const hooks = this.#closeHooks;
    this.#closeHooks = null;
    this.#closed = hooks === null ? CLOSED : runCloseHooks(hooks);
    return this.#closed;
  }

  /** `<HttpResponse status=200, "text/html; charset=utf-8">`. */
  toString(): string {
    return `<${this.constructor.name} status=${this.#status}, "${this.headers.get("content-type") ?? ""}">`;
  }
}

const EMPTY = Buffer.alloc(0);
// What #setContent compares `this.encode` with, to know no subclass changed how text is encoded.
const baseEncode: unknown = Object.getOwnPropertyDescriptor(
  HttpResponse.prototype,
  "encode",
)?.value;

function isUtf8(charset: string): boolean {
  if (charset === "utf-8") return true;
  const name = charset.trim().toLowerCase();
  return name === "utf-8" || name === "utf8";
}
const NO_COOKIES: ReadonlyMap<string, ResponseCookie> = new Map();
