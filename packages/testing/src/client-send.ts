/** Sends one prepared request through the application and reads the response as a server would. */
import { Buffer } from "node:buffer";
import { gotRequestException } from "@tango/core";
import { HttpRequest, type HttpResponse } from "@tango/http";
import type { Client } from "./client.js";
import type { PreparedRequest } from "./client-request.js";
import type { CookieJar } from "./cookie-jar.js";
import { settingsInForce } from "./override-settings.js";
import { type RenderedTemplates, recordTemplates } from "./rendered-templates.js";
import { resolverFor } from "./resolve-path.js";
import { parseSetCookie, type ReceivedCookie } from "./set-cookie.js";
import { type SentRequest, TestResponse } from "./test-response.js";

/**
 * Set to `true` on a request whose CSRF checks should be skipped: the test client marks every
 * request this way unless `enforceCsrfChecks` is on (Django's `_dont_enforce_csrf_checks`).
 *
 * @example
 * if ((request as { [DONT_ENFORCE_CSRF_CHECKS]?: boolean })[DONT_ENFORCE_CSRF_CHECKS]) return next(request);
 */
export const DONT_ENFORCE_CSRF_CHECKS: unique symbol = Symbol.for("tango.dontEnforceCsrfChecks");

// Feeding the body in pieces exercises the same streaming parsers a socket would.
const CHUNK_SIZE = 64 * 1024;

async function* chunksOf(body: Buffer): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < body.length; at += CHUNK_SIZE) yield body.subarray(at, at + CHUNK_SIZE);
}

function wireHeaders(prepared: PreparedRequest, cookies: CookieJar): Array<[string, string]> {
  const lines: Array<[string, string]> = [["host", prepared.host]];
  for (const [name, values] of prepared.headers)
    for (const value of values) lines.push([name, value]);
  const cookie = cookies.headerFor(prepared.path);
  if (cookie !== null && !prepared.headers.has("cookie")) lines.push(["cookie", cookie]);
  if (prepared.contentType !== null) lines.push(["content-type", prepared.contentType]);
  if (prepared.body !== null && !prepared.headers.has("content-length")) {
    lines.push(["content-length", String(prepared.body.length)]);
  }
  return lines;
}

function sentRequest(
  prepared: PreparedRequest,
  lines: ReadonlyArray<[string, string]>,
): SentRequest {
  const headers: Record<string, string> = Object.create(null);
  for (const [name, value] of lines)
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  const url = prepared.query ? `${prepared.path}?${prepared.query}` : prepared.path;
  const { method, path, query, body, secure } = prepared;
  return { method, path, query, url, headers, body, secure };
}

/** Servers send no body for HEAD, 1xx, 204 and 304; the client drops it as they do. */
function bodyless(method: string, status: number): boolean {
  return method === "HEAD" || status < 200 || status === 204 || status === 304;
}

async function readContent(response: HttpResponse, method: string): Promise<Buffer> {
  const drop = bodyless(method, response.status);
  if (!response.isStreaming) return drop ? Buffer.alloc(0) : Buffer.from(response.content);
  const stream = response.streamingContent;
  if (!stream) return Buffer.alloc(0);
  if (drop) {
    // Ending the iterator lets a file stream release its descriptor, as an adapter would.
    await stream[Symbol.asyncIterator]().return?.();
    return Buffer.alloc(0);
  }
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function responseCookies(response: HttpResponse): ReceivedCookie[] {
  const cookies: ReceivedCookie[] = [];
  for (const [name, value] of response.headerLines()) {
    if (name.toLowerCase() !== "set-cookie") continue;
    const cookie = parseSetCookie(value);
    if (cookie) cookies.push(cookie);
  }
  return cookies;
}

/** Calls the application, noting an error a view raised so the client can rethrow it. */
async function handle(
  client: Client,
  request: HttpRequest,
): Promise<{ response: HttpResponse; raised: unknown[]; rendered: RenderedTemplates }> {
  const raised: unknown[] = [];
  const disconnect = gotRequestException.connect(({ request: failed, error }) => {
    // Several clients may run at once: only this request's error belongs to this call.
    if (failed === request) raised.push(error);
  });
  try {
    const [response, rendered] = await recordTemplates(() => client.app.handle(request));
    return { response, raised, rendered };
  } finally {
    disconnect();
  }
}

/**
 * Sends `prepared` through `client.app`: builds the HttpRequest, calls `handle()`, reads the
 * body (streams too), closes the response so cleanup runs, stores the cookies it set, and
 * rethrows a view's error when `client.raiseRequestException` is on.
 *
 * @example
 * const response = await sendRequest(client, await prepareRequest("GET", "/", {}, client.defaults));
 */
export async function sendRequest(
  client: Client,
  prepared: PreparedRequest,
): Promise<TestResponse> {
  const lines = wireHeaders(prepared, client.cookies);
  const request = HttpRequest.from({
    method: prepared.method,
    url: prepared.query ? `${prepared.path}?${prepared.query}` : prepared.path,
    headers: lines,
    body: prepared.body === null ? null : chunksOf(prepared.body),
    remoteAddress: client.defaults.remoteAddress,
    secure: prepared.secure,
    settings: settingsInForce(client.app.settings),
  });
  if (!client.enforceCsrfChecks)
    Object.defineProperty(request, DONT_ENFORCE_CSRF_CHECKS, { value: true });
  const { response, raised, rendered } = await handle(client, request);
  let content: Buffer;
  try {
    content = await readContent(response, prepared.method);
  } finally {
    await response.close();
  }
  if (raised.length > 0 && client.raiseRequestException) throw raised[0];
  const cookies = responseCookies(response);
  client.cookies.storeFromResponse(cookies, prepared.path);
  return new TestResponse({
    client,
    response,
    content,
    request: sentRequest(prepared, lines),
    httpRequest: request,
    cookies,
    resolve: resolverFor(client.app),
    rendered,
  });
}
