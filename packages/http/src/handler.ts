/** The Handler: one request in, one response out, through body parsing, middleware, the resolver and the view. */
import {
  callThroughViewWrappers,
  currentScope,
  getLogger,
  RequestQueryLog,
  RequestScope,
  requestFinished,
  requestQueriesSlot,
  requestStarted,
  runInScope,
  type ViewFunctionLike,
  viewWrappers,
} from "@tango/core";
import type { Resolver, ResolverMatch } from "@tango/urls";
import type { Application } from "./application.js";
import { parseRequestBody } from "./body/parse-request-body.js";
import {
  type DebugPages,
  type ErrorHandlers,
  type ExceptionContext,
  minimalServerError,
  responseForException,
} from "./exception-response.js";
import { InvalidMiddlewareResponse } from "./handler-errors.js";
import type { Layer } from "./middleware/chain-layers.js";
import type { LoadedMiddleware } from "./middleware/load-middleware.js";
import {
  type Awaitable,
  isThenable,
  type ProcessException,
  type ProcessView,
} from "./middleware/middleware.js";
import { buildMiddlewareChain, type LabelledHook } from "./middleware/middleware-chain.js";
import { type HttpRequest, requestInternals } from "./request.js";
import { HttpResponse } from "./responses/http-response.js";
import { StreamingHttpResponse } from "./responses/streaming-http-response.js";
import { checkViewResponse, invokeView } from "./view.js";

/** What the Handler is built from; the Application gathers it at start-up. */
export interface HandlerConfig {
  /** The compiled root URLconf. */
  readonly resolver: Resolver;
  /** MIDDLEWARE, loaded, in settings order. */
  readonly middleware: readonly LoadedMiddleware[];
  /** `handler400`...`handler500` from the root URLconf module. */
  readonly errorHandlers: ErrorHandlers;
  /** How the DEBUG 404 page names the root URLconf. */
  readonly urlconfName: string;
}

const logger = getLogger("tango.request");

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return typeof value === "object"
    ? `an instance of ${value.constructor?.name ?? "Object"}`
    : `a ${typeof value}`;
}

function checkHookResult(value: unknown, what: string): HttpResponse {
  if (value instanceof HttpResponse) return value;
  throw new InvalidMiddlewareResponse(
    `${what} returned ${describeValue(value)}. Return an HttpResponse to answer the request, or nothing (undefined) to go on.`,
  );
}

function bodyless(request: HttpRequest, response: HttpResponse): boolean {
  const status = response.status;
  return (
    request.method === "HEAD" || (status >= 100 && status < 200) || status === 204 || status === 304
  );
}

/** HEAD, 1xx, 204 and 304 responses carry no body (RFC 9110); HEAD keeps GET's Content-Length. */
function removeBody(request: HttpRequest, response: HttpResponse): void {
  if (!bodyless(request, response)) return;
  if (response instanceof StreamingHttpResponse) {
    response.streamingContent = [];
    return;
  }
  if (response.isStreaming) return;
  if (
    request.method === "HEAD" &&
    !response.headers.has("content-length") &&
    response.status >= 200
  ) {
    response.headers.set("Content-Length", String(response.contentLength));
  }
  response.content = null;
}

/** What reverse() puts in front of paths for a request mounted at `scriptName`: "/" or "/app/". */
function scriptPrefixOf(scriptName: string): string {
  if (scriptName === "") return "/";
  return scriptName.startsWith("/") ? `${scriptName}/` : `/${scriptName}/`;
}

/** Cleans up after a request and sends requestFinished; nothing at all when neither is needed. */
function finishRequest(request: HttpRequest): Promise<void> | undefined {
  const hadCleanups = requestInternals.hasCleanups(request);
  const cleaned = request.cleanup();
  // The common case: no upload to remove, nobody listening, and close() stays synchronous.
  if (!hadCleanups && !requestFinished.hasListeners) return undefined;
  return announceFinished(request, cleaned);
}

async function announceFinished(request: HttpRequest, cleaned: Promise<void>): Promise<void> {
  await cleaned;
  for (const { error } of await requestFinished.sendRobust({ request })) {
    if (error !== undefined) logger.error("A requestFinished receiver failed.", { error });
  }
}

/**
 * Handles requests for an Application: parses the body under the configured limits, runs the
 * middleware chain (built once, here), resolves the URL, runs `processView` hooks, calls the
 * view and checks its result; errors become 404/403/400/413/500 responses. It never throws.
 *
 * Each request runs in one RequestScope (settings, request, script prefix). Nothing on the
 * way is awaited unless something is asynchronous: a request without a body, through the
 * default middleware to a synchronous view, is answered without creating a promise until
 * `handle()` wraps the response in one.
 *
 * @example
 * const response = await app.handler.handle(HttpRequest.from({ method: "GET", url: "/", headers: {}, settings }));
 */
export class Handler {
  readonly #resolver: Resolver;
  readonly #context: ExceptionContext;
  readonly #chain: Layer;
  readonly #viewHooks: readonly LabelledHook<ProcessView>[];
  readonly #exceptionHooks: readonly LabelledHook<ProcessException>[];
  #debugPages: Promise<DebugPages> | null = null;
  /** The labels of the middleware in the chain, top first (MiddlewareNotUsed ones left out). */
  readonly middleware: readonly string[];

  constructor(app: Application, config: HandlerConfig) {
    this.#resolver = config.resolver;
    this.#context = {
      handlers: config.errorHandlers,
      urlconfName: config.urlconfName,
      loadDebugPages: () => this.#loadDebugPages(),
    };
    const chain = buildMiddlewareChain(
      config.middleware,
      (request) => this.#guardedViewLayer(request),
      app,
      (request, error) => this.#errorResponse(request, error),
    );
    this.#chain = chain.handler;
    this.#viewHooks = chain.viewHooks;
    this.#exceptionHooks = chain.exceptionHooks;
    this.middleware = chain.active;
    if (app.settings.DEBUG) void this.#loadDebugPages().catch(() => {});
  }

  /**
   * Handles one request. Sends `requestStarted` now and `requestFinished` when the adapter
   * closes the response (which also removes temporary upload files).
   *
   * @example
   * const response = await handler.handle(request);
   * // ...write it out, then:
   * await response.close();
   */
  handle(request: HttpRequest): Promise<HttpResponse> {
    const response = this.respond(request);
    return response instanceof HttpResponse ? Promise.resolve(response) : response;
  }

  /**
   * {@link handle}, returning the response itself when it was ready without waiting for
   * anything: adapters call this to spare a promise per request. Never throws.
   *
   * @example
   * const response = handler.respond(request);
   * if (response instanceof HttpResponse) send(response);
   * else response.then(send);
   */
  respond(request: HttpRequest): Awaitable<HttpResponse> {
    const scope = new RequestScope(
      {
        settings: request.settings,
        request,
        scriptPrefix: scriptPrefixOf(request.scriptName),
      },
      currentScope(),
    );
    // DEBUG only: the database layer logs this request's queries for the technical 500 page.
    if (request.settings.DEBUG) scope.set(requestQueriesSlot, new RequestQueryLog());
    return runInScope(scope, () => this.#handle(request));
  }

  #handle(request: HttpRequest): Awaitable<HttpResponse> {
    let response: Awaitable<HttpResponse>;
    try {
      response = this.#start(request);
    } catch (error) {
      response = minimalServerError(request, error);
    }
    if (response instanceof HttpResponse) return this.#finish(request, response);
    return response.then(
      (value) => this.#finish(request, value),
      (error: unknown) => this.#finish(request, minimalServerError(request, error)),
    );
  }

  #finish(request: HttpRequest, response: HttpResponse): HttpResponse {
    try {
      removeBody(request, response);
    } catch (error) {
      logger.error(
        `Could not remove the body of a ${request.method} response to ${request.path}.`,
        { error },
      );
    }
    response.onClose(() => finishRequest(request));
    return response;
  }

  /** requestStarted, the Host check and the body, then the middleware chain. */
  #start(request: HttpRequest): Awaitable<HttpResponse> {
    if (requestStarted.hasListeners || requestInternals.needsParsing(request))
      return this.#startAsync(request);
    try {
      // Every request's Host is checked against ALLOWED_HOSTS, whatever MIDDLEWARE holds.
      request.getHost();
    } catch (error) {
      return responseForException(request, error, this.#context);
    }
    return this.#chain(request);
  }

  async #startAsync(request: HttpRequest): Promise<HttpResponse> {
    try {
      await requestStarted.send({ request });
      request.getHost();
      // Before any middleware: a body over the limits is refused (413/400) and no view runs.
      await parseRequestBody(request);
    } catch (error) {
      return responseForException(request, error, this.#context);
    }
    return this.#chain(request);
  }

  #errorResponse(request: HttpRequest, error: unknown): Promise<HttpResponse> {
    return responseForException(request, error, this.#context);
  }

  /**
   * The view layer as the chain takes it: it never throws and never rejects. Errors become
   * their error responses where they happen, so an asynchronous view needs no extra promise.
   */
  #guardedViewLayer(request: HttpRequest): Awaitable<HttpResponse> {
    try {
      return this.#viewLayer(request);
    } catch (error) {
      return this.#errorResponse(request, error);
    }
  }

  /** The innermost layer: resolve, processView hooks, the view, processException hooks. */
  #viewLayer(request: HttpRequest): Awaitable<HttpResponse> {
    const match = this.#resolver.resolve(request.pathInfo);
    request.resolverMatch = match;
    if (this.#viewHooks.length > 0) return this.#viewAfterHooks(request, match);
    return this.#callView(request, match);
  }

  // Synchronous while the hooks answer synchronously (CsrfViewMiddleware does for safe
  // methods), so a default project's GET to a synchronous view adds no promise.
  #viewAfterHooks(request: HttpRequest, match: ResolverMatch, from = 0): Awaitable<HttpResponse> {
    const { view, args, kwargs } = match;
    const hooks = this.#viewHooks;
    for (let i = from; i < hooks.length; i++) {
      const { label, run } = hooks[i] as (typeof hooks)[number];
      const early = run(request, view, args, kwargs);
      if (isThenable(early)) {
        return Promise.resolve(early)
          .then((value) =>
            value !== null && value !== undefined
              ? checkHookResult(value, `The processView hook of ${label}`)
              : this.#viewAfterHooks(request, match, i + 1),
          )
          .then(undefined, (error: unknown) => this.#errorResponse(request, error));
      }
      if (early !== null && early !== undefined)
        return checkHookResult(early, `The processView hook of ${label}`);
    }
    return this.#callView(request, match);
  }

  #callView(request: HttpRequest, match: ResolverMatch): Awaitable<HttpResponse> {
    const view = match.view;
    let result: unknown;
    try {
      // Wrappers (the ORM's ATOMIC_REQUESTS) run around the view only when registered.
      result =
        viewWrappers().length === 0
          ? invokeView(view, request, match.args, match.kwargs)
          : callThroughViewWrappers(
              () => invokeView(view, request, match.args, match.kwargs),
              request,
              view as ViewFunctionLike,
            );
    } catch (error) {
      return this.#viewFailed(request, error, match);
    }
    if (!isThenable(result)) return checkViewResponse(result, view, match);
    // One reaction for the view's promise: its value checked, its error answered, both here.
    return Promise.resolve(result).then(
      (value) => {
        try {
          return checkViewResponse(value, view, match);
        } catch (error) {
          return this.#errorResponse(request, error);
        }
      },
      (error: unknown) => this.#viewFailed(request, error, match),
    );
  }

  /**
   * processException hooks get the view's error; with none (or none answering) it becomes
   * its error response.
   */
  #viewFailed(request: HttpRequest, error: unknown, match: ResolverMatch): Promise<HttpResponse> {
    if (this.#exceptionHooks.length === 0) return this.#errorResponse(request, error);
    return this.#processException(request, error)
      .then((handled) => {
        if (!handled) throw error;
        return checkViewResponse(handled, match.view, match);
      })
      .then(undefined, (failure: unknown) => this.#errorResponse(request, failure));
  }

  async #processException(request: HttpRequest, error: unknown): Promise<HttpResponse | null> {
    for (const { label, run } of this.#exceptionHooks) {
      const response = await run(request, error);
      if (response !== null && response !== undefined) {
        return checkHookResult(response, `The processException hook of ${label}`);
      }
    }
    return null;
  }

  #loadDebugPages(): Promise<DebugPages> {
    // The only way into ./debug/: production never loads the DEBUG pages.
    this.#debugPages ??= import("./debug/index.js").then((module) => module.default);
    return this.#debugPages;
  }
}
