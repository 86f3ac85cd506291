/** The in-process test client: drives an Application's Handler like a browser, without sockets. */
import type { Settings } from "@tango/core";
import type { HttpRequest, HttpResponse } from "@tango/http";
import { checkTestHost, followRedirects } from "./client-redirects.js";
import {
  type BodyOptions,
  type ClientDefaults,
  type GetOptions,
  type HeadersInput,
  type PreparedRequest,
  prepareRequest,
  type RequestOptions,
} from "./client-request.js";
import { sendRequest } from "./client-send.js";
import { CookieJar } from "./cookie-jar.js";
import { testApplication } from "./current-test-application.js";
import type { RequestData } from "./request-body.js";
import type { TestResponse } from "./test-response.js";

/**
 * What the client drives: an `Application` from @tango/http, or anything with `handle()` and
 * `settings`.
 *
 * @example
 * const client = new Client(await createTestApplication(settings));
 */
export interface ClientApplication {
  readonly settings: Settings;
  handle(request: HttpRequest): Promise<HttpResponse>;
}

/**
 * Options of the {@link Client} constructor.
 *
 * @example
 * new Client(app, { enforceCsrfChecks: true, headers: { "Accept-Language": "fr" } });
 */
export interface ClientOptions {
  /** Apply CSRF checks as in production (default false: tests need not send tokens, as in Django). */
  enforceCsrfChecks?: boolean;
  /** Rethrow an error a view raised instead of returning the 500 response (default true). */
  raiseRequestException?: boolean;
  /** Headers sent with every request. */
  headers?: HeadersInput;
  /** Send every request over HTTPS. */
  secure?: boolean;
  /** The client address the application sees (default "127.0.0.1"). */
  remoteAddress?: string;
}

/**
 * Django's test client for Tango: sends requests straight into `app.handle()` and returns
 * {@link TestResponse}s with the body read. It keeps cookies between requests, can follow
 * redirects, and sends `Host: testserver` unless told otherwise. Under `manage test`,
 * `new Client()` drives the run's test application ({@link testApplication}).
 *
 * @example
 * const client = new Client(); // under manage test; else new Client(await createTestApplication(settings))
 * const response = await client.post("/polls/1/vote/", { choice: "3" }, { follow: true });
 * assertContains(response, "3 votes");
 */
export class Client {
  readonly app: ClientApplication;
  /** Headers, scheme and client address applied to every request; change them at will. */
  readonly defaults: ClientDefaults;
  /** See {@link ClientOptions.enforceCsrfChecks}. */
  enforceCsrfChecks: boolean;
  /** See {@link ClientOptions.raiseRequestException}. */
  raiseRequestException: boolean;
  #cookies = new CookieJar();

  /**
   * @param app The application to drive; without one, the test application `manage test`
   *   registered (outside `manage test` that throws NoTestApplication).
   */
  constructor(app?: ClientApplication, options: ClientOptions = {}) {
    if (app === undefined) app = testApplication();
    if (
      typeof app?.handle !== "function" ||
      typeof app.settings !== "object" ||
      app.settings === null
    ) {
      throw new TypeError(
        "new Client(app) needs an Application (from createApplication() or createTestApplication()), or an object with handle(request) and settings.",
      );
    }
    this.app = app;
    this.enforceCsrfChecks = options.enforceCsrfChecks ?? false;
    this.raiseRequestException = options.raiseRequestException ?? true;
    const headers: Record<string, string | readonly string[]> = {};
    for (const [name, value] of Object.entries(options.headers ?? {}))
      if (value !== undefined) headers[name] = value;
    this.defaults = {
      headers,
      secure: options.secure ?? false,
      remoteAddress: options.remoteAddress ?? "127.0.0.1",
    };
    checkTestHost(app.settings, headers);
  }

  /** The cookie jar: read it, `set()` cookies before a request, or replace it. */
  get cookies(): CookieJar {
    return this.#cookies;
  }

  /** Replaces the jar: with another jar, or with `{ name: value }` cookies at path "/". */
  set cookies(value: CookieJar | Readonly<Record<string, string>>) {
    if (value instanceof CookieJar) {
      this.#cookies = value;
      return;
    }
    const jar = new CookieJar();
    for (const [name, cookie] of Object.entries(value)) jar.set(name, cookie);
    this.#cookies = jar;
  }

  /** GET `path`; `query` becomes the query string. */
  get(path: string, options: GetOptions = {}): Promise<TestResponse> {
    return this.request("GET", path, options);
  }

  /** POST `data`: an object goes as multipart/form-data unless `contentType` says otherwise. */
  post(path: string, data?: RequestData, options: BodyOptions = {}): Promise<TestResponse> {
    return this.request("POST", path, { ...options, data });
  }

  /** PUT `data` (an object goes as JSON unless `contentType` says otherwise). */
  put(path: string, data?: RequestData, options: BodyOptions = {}): Promise<TestResponse> {
    return this.request("PUT", path, { ...options, data });
  }

  /** PATCH `data` (an object goes as JSON unless `contentType` says otherwise). */
  patch(path: string, data?: RequestData, options: BodyOptions = {}): Promise<TestResponse> {
    return this.request("PATCH", path, { ...options, data });
  }

  /** DELETE, with an optional body. */
  delete(path: string, data?: RequestData, options: BodyOptions = {}): Promise<TestResponse> {
    return this.request("DELETE", path, { ...options, data });
  }

  /** OPTIONS, with an optional body. */
  options(path: string, data?: RequestData, options: BodyOptions = {}): Promise<TestResponse> {
    return this.request("OPTIONS", path, { ...options, data });
  }

  /** HEAD: the response's `content` is empty, as a server sends no body. */
  head(path: string, options: GetOptions = {}): Promise<TestResponse> {
    return this.request("HEAD", path, options);
  }

  /** TRACE. */
  trace(path: string, options: GetOptions = {}): Promise<TestResponse> {
    return this.request("TRACE", path, options);
  }

  /**
   * Sends a request with any method; the other calls are shortcuts for this one.
   *
   * @example
   * await client.request("PUT", "/api/polls/1/", { data: { question: "Why?" } });
   */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<TestResponse> {
    const prepared = await prepareRequest(method, path, options, this.defaults);
    const send = (request: PreparedRequest) => sendRequest(this, request);
    const response = await send(prepared);
    return options.follow ? followRedirects(send, response, prepared) : response;
  }
}
