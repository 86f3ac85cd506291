/** One request/response exchange on a Node server: hands the response over, and closes it exactly once. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { getLogger } from "@tango/core";
import { HttpResponse } from "@tango/http";
import {
  pipeStream,
  sendErrorResponse,
  streamIsBodyless,
  writeBuffered,
  writeHead,
} from "./write-response.js";

/**
 * Told when each exchange starts and when it is completely over (response sent or abandoned,
 * and closed): `serve()`'s graceful shutdown counts the requests in flight this way.
 *
 * @example
 * const inFlight = new Set<ServerResponse>();
 * const tracker: ExchangeTracker = { opened: (res) => inFlight.add(res), closed: (res) => inFlight.delete(res) };
 */
export interface ExchangeTracker {
  opened(res: ServerResponse): void;
  closed(res: ServerResponse): void;
}

const logger = getLogger("tango.server");

/**
 * Drives one exchange from the Handler's response to `response.close()`. Events arrive in any
 * order (the client may leave before the view returns); `close()` runs exactly once, after the
 * body is written or as soon as both the response exists and the connection is gone.
 *
 * @example
 * const exchange = new ResponseExchange(req, res, null);
 * res.on("close", () => exchange.onClose());
 * app.handle(request).then((response) => exchange.onResponse(response), (error) => exchange.onError(error));
 */
export class ResponseExchange {
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  readonly #tracker: ExchangeTracker | null;
  #response: HttpResponse | null = null;
  #iterator: AsyncIterator<Uint8Array> | null = null;
  /** The connection closed before the whole response was written. */
  #aborted = false;
  #socketClosed = false;
  /** The Handler failed: no response will ever come. */
  #noResponse = false;
  #closing = false;

  constructor(req: IncomingMessage, res: ServerResponse, tracker: ExchangeTracker | null) {
    this.#req = req;
    this.#res = res;
    this.#tracker = tracker;
    tracker?.opened(res);
  }

  /** The Handler answered: write the response, unless the client is already gone. */
  onResponse(response: HttpResponse): void {
    this.#response = response;
    if (this.#aborted || this.#res.destroyed) {
      // Nothing to send, but close() releases resources (open files, temporary uploads).
      this.#close();
      return;
    }
    try {
      // Read streamingContent once: a response may hand out a fresh iterator on every access.
      const iterable = response.isStreaming ? response.streamingContent : undefined;
      if (!iterable) {
        writeBuffered(this.#req, this.#res, response);
        return;
      }
      this.#stream(response, iterable);
    } catch (error) {
      this.#fail(error);
    }
  }

  /** The Handler threw (it should not): answer the error ourselves. */
  onError(error: unknown): void {
    this.#noResponse = true;
    this.#fail(error);
    if (this.#socketClosed) this.#close();
  }

  /**
   * The ServerResponse closed: after the last byte, or because the connection went away.
   *
   * A method, not an arrow-function field: with the closure made by a field initializer,
   * every exchange (request, response, body) outlived young-generation collections and was
   * promoted, only to die in the next full GC (seen with node --trace-gc-nvp on Node 20).
   */
  onClose(): void {
    this.#socketClosed = true;
    if (!this.#res.writableFinished) {
      this.#aborted = true;
      this.#cancelStream();
    }
    if (this.#response || this.#noResponse) this.#close();
  }

  #stream(response: HttpResponse, iterable: AsyncIterable<Uint8Array>): void {
    // A streaming body has no length up front: Node sends it chunked.
    writeHead(this.#res, response, -1);
    if (streamIsBodyless(this.#req, response)) {
      this.#res.end(); // close() then releases the unread source
      return;
    }
    this.#iterator = iterable[Symbol.asyncIterator]();
    pipeStream(this.#res, this.#iterator, () => this.#aborted).then(
      () => {
        this.#iterator = null;
      },
      (error: unknown) => {
        if (this.#aborted) return; // the abort itself broke the stream: nothing to report
        this.#cancelStream();
        this.#fail(error);
      },
    );
  }

  /** Stops a streaming body: a generator's `finally` runs, a file stream is destroyed. */
  #cancelStream(): void {
    const iterator = this.#iterator;
    this.#iterator = null;
    if (iterator?.return)
      Promise.resolve()
        .then(() => iterator.return?.())
        .catch(logCloseError);
  }

  #fail(error: unknown): void {
    const status = clientErrorStatus(error);
    // The path only: a query string may carry tokens that do not belong in logs.
    const where = `${this.#req.method} ${(this.#req.url ?? "/").split("?", 1)[0]}`;
    if (this.#res.headersSent) {
      // Half a body is out: destroying the socket is the only honest way to signal failure.
      logger.error(`Error while sending the response to ${where}.`, { error });
    } else if (status === 500) {
      logger.error(`Internal Server Error in the Node adapter: ${where}`, { error });
    } else {
      logger.warning(`Bad Request: ${where}: ${(error as Error).message}`);
    }
    sendErrorResponse(this.#res, status);
  }

  /** Runs `response.close()` once, then tells the tracker the exchange is over. */
  #close(): void {
    if (this.#closing) return;
    this.#closing = true;
    const response = this.#response;
    const tracker = this.#tracker;
    const res = this.#res;
    if (!response) {
      tracker?.closed(res);
      return;
    }
    let done = false;
    const finished = () => {
      if (done) return;
      done = true;
      tracker?.closed(res);
    };
    // Close hooks run in order, each finished before the next: registered last, this one runs
    // when all the others are done, synchronously when they all were (no promise to wait on).
    let closing: Promise<void>;
    try {
      response.onClose(finished);
      closing = response.close();
    } catch (error) {
      logCloseError(error);
      finished();
      return;
    }
    // HttpResponse's own close() never rejects; one replaced on the instance or in a subclass
    // might, and must not become an unhandled rejection.
    if (!done || response.close !== HttpResponse.prototype.close) {
      closing.then(finished, (error: unknown) => {
        logCloseError(error);
        finished();
      });
    }
  }
}

function logCloseError(error: unknown): void {
  logger.error("A response's close() hook failed.", { error });
}

/** A Tango client error (BadRequest and friends carry `status`) keeps its 4xx; the rest is 500. */
function clientErrorStatus(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" && status >= 400 && status < 500 ? status : 500;
}
