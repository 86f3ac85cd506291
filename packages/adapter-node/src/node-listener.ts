/** `createListener(app)`: a Node `(req, res)` listener for node:http, node:https, Express and Connect. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { getLogger } from "@tango/core";
import {
  type Application,
  HttpRequest,
  type HttpRequestInit,
  type HttpResponse,
} from "@tango/http";
import { InvalidServerOption } from "./errors.js";
import { type ExchangeTracker, ResponseExchange } from "./response-exchange.js";

/**
 * A Node request listener, as `http.createServer()` and Express's `app.use()` take it.
 *
 * @example
 * const listener: NodeListener = createListener(app);
 * http.createServer(listener).listen(8000);
 */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

/** What Express and Connect add to the request when they mount a handler under a path. */
interface MountedRequest extends IncomingMessage {
  baseUrl?: unknown;
}

const logger = getLogger("tango.server");

function logSocketError(error: unknown): void {
  // EPIPE/ECONNRESET when a client goes away mid-response: expected, never fatal.
  logger.debug(`Response stream error: ${error instanceof Error ? error.message : String(error)}`);
}

/**
 * Adapts a Tango {@link Application} to Node's `(req, res)` listener signature.
 *
 * The request body is handed to Tango as a stream (never buffered here); the response goes
 * out with its header lines and either its buffered content or its streaming content,
 * written with backpressure. `response.close()` runs exactly once, after the body is sent or
 * when the client disconnects (which also stops a streaming body). An error in the adapter
 * itself answers 500 when the headers have not gone out yet, and never crashes the process.
 *
 * Mounted in Express or Connect under a path (`expressApp.use("/blog", listener)`), the mount
 * path (`req.baseUrl`) becomes the script name, so `reverse()` returns `/blog/...` URLs.
 *
 * @example
 * import http from "node:http";
 * import { createApplication } from "@tango/http";
 * import { createListener } from "@tango/adapter-node";
 *
 * const app = await createApplication(settings);
 * http.createServer(createListener(app)).listen(8000, "127.0.0.1");
 */
export function createListener(app: Application): NodeListener {
  return trackedListener(app, null);
}

/**
 * {@link createListener}, reporting each exchange to `tracker` (what `serve()` uses to drain).
 *
 * @example
 * server.on("request", trackedListener(app, drainer));
 */
export function trackedListener(app: Application, tracker: ExchangeTracker | null): NodeListener {
  assertApplication(app, "createListener()");
  return (req, res) => {
    const exchange = new ResponseExchange(req, res, tracker);
    res.on("error", logSocketError);
    res.on("close", () => exchange.onClose()); // emitted once
    let handled: HttpResponse | Promise<HttpResponse>;
    try {
      handled = app.respond(HttpRequest.from(requestInit(app, req)));
    } catch (error) {
      exchange.onError(error);
      return;
    }
    // A response that was ready at once is written right here, as a plain node:http handler would.
    if (isPromise(handled)) {
      handled.then(
        (response) => exchange.onResponse(response),
        (error: unknown) => exchange.onError(error),
      );
    } else exchange.onResponse(handled);
  };
}

function isPromise(value: unknown): value is Promise<HttpResponse> {
  return typeof (value as Promise<HttpResponse> | null | undefined)?.then === "function";
}

/**
 * Builds the `HttpRequest.from()` input from a Node request: nothing read, nothing copied.
 * Mounted by Express or Connect, `url` is the path below the mount and `scriptName` the mount.
 *
 * @example
 * const request = HttpRequest.from(requestInit(app, req));
 */
export function requestInit(app: Application, req: IncomingMessage): HttpRequestInit {
  const headers = req.headers;
  // HTTP/1.1 frames a body with Content-Length or Transfer-Encoding; without either there is none.
  const hasBody =
    headers["content-length"] !== undefined || headers["transfer-encoding"] !== undefined;
  const init: HttpRequestInit = {
    method: req.method ?? "GET",
    url: req.url ?? "/",
    headers,
    // node:http's parser checked names and values: the request reads them in place.
    headersParsed: true,
    body: hasBody ? req : null,
    remoteAddress: req.socket.remoteAddress,
    secure: (req.socket as TLSSocket).encrypted === true,
    settings: app.settings,
  };
  // Express and Connect strip the mount path from req.url and keep it in req.baseUrl: that is
  // the script name (CGI's SCRIPT_NAME), and req.url the path inside the app (PATH_INFO).
  const baseUrl = (req as MountedRequest).baseUrl;
  if (typeof baseUrl === "string" && baseUrl !== "") init.scriptName = decodeMountPath(baseUrl);
  return init;
}

/** Express reports the mount path as sent (percent-encoded); Tango's script name is decoded. */
function decodeMountPath(baseUrl: string): string {
  if (!baseUrl.includes("%")) return baseUrl;
  try {
    return decodeURIComponent(baseUrl);
  } catch {
    return baseUrl; // malformed escapes: keep what the client sent rather than fail the request
  }
}

/**
 * Throws InvalidServerOption unless `app` looks like a Tango Application.
 *
 * @example
 * assertApplication(app, "serve()");
 */
export function assertApplication(app: unknown, caller: string): asserts app is Application {
  const candidate = app as Partial<Application> | null | undefined;
  if (
    typeof candidate?.respond !== "function" ||
    typeof candidate.handle !== "function" ||
    typeof candidate.settings !== "object"
  ) {
    throw new InvalidServerOption(
      `${caller} expects a Tango Application; got ${describe(app)}. ` +
        "Create one with `await createApplication(settings)` from @tango/http.",
    );
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === "function") return `a function (${value.name || "anonymous"})`;
  if (typeof value === "object")
    return `an object that is not an Application (${value.constructor?.name ?? "Object"}, without respond(), handle() or settings)`;
  return `${typeof value} ${JSON.stringify(value)}`;
}
