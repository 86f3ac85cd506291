/** The response a test client call returns: the HttpResponse, its body read, and what was sent. */
import type { Buffer } from "node:buffer";
import type { HttpHeaders, HttpRequest, HttpResponse } from "@tango/http";
import type { ResolverMatch } from "@tango/urls";
import { ResponseNotJson } from "./errors.js";
import { mergedContext, type RenderedTemplates } from "./rendered-templates.js";
import { isJsonType } from "./request-body.js";
import type { ReceivedCookie } from "./set-cookie.js";

/**
 * The request as the test client put it on the (virtual) wire.
 *
 * @example
 * response.request.headers.cookie; // "sessionid=abc"
 */
export interface SentRequest {
  readonly method: string;
  /** The encoded path, without the query. */
  readonly path: string;
  /** The encoded query string, without "?" ("" when none). */
  readonly query: string;
  /** `path` plus `?query`, as the request line carries it. */
  readonly url: string;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | null;
  readonly secure: boolean;
}

/** One hop of a followed redirect: the `Location` the response gave and its status. */
export type RedirectHop = readonly [url: string, status: number];

/** The part of the {@link Client} a response needs to fetch a redirect target. */
export interface ResponseClient {
  get(
    path: string,
    options?: { secure?: boolean; headers?: Record<string, string> },
  ): Promise<TestResponse>;
}

/** What the client hands {@link TestResponse}'s constructor. */
export interface TestResponseInit {
  client: ResponseClient;
  response: HttpResponse;
  content: Buffer;
  request: SentRequest;
  httpRequest: HttpRequest;
  cookies: readonly ReceivedCookie[];
  resolve: (path: string) => ResolverMatch | null;
  /** The templates the request rendered and their contexts. */
  rendered?: RenderedTemplates;
}

/**
 * A response the test client received. The body has been read (streams included) and the
 * response closed, as a server would, so `content`, `text()` and `json()` are synchronous.
 *
 * @example
 * const response = await client.get("/polls/");
 * response.status; // 200
 * response.text(); // "<h1>Polls</h1>..."
 * response.resolverMatch?.urlName; // "index"
 */
export class TestResponse {
  /** The HttpResponse the application returned. */
  readonly response: HttpResponse;
  /** The body bytes (empty for HEAD, 1xx, 204 and 304, as servers send none). */
  readonly content: Buffer;
  /** What the client sent. */
  readonly request: SentRequest;
  /** The HttpRequest the application handled (Django's `wsgi_request`). */
  readonly httpRequest: HttpRequest;
  /** Cookies this response set, by name; `deleted` marks the ones it removed. */
  readonly cookies: ReadonlyMap<string, ReceivedCookie>;
  /** The client that made the request (assertRedirects() fetches the target with it). */
  readonly client: ResponseClient;
  /** The redirects followed to get here (empty unless the call passed `follow: true`). */
  redirectChain: RedirectHop[] = [];
  /** Whether the call followed redirects (`follow: true`). */
  followed = false;
  /**
   * The names of the templates the response rendered, in order (Django's
   * `response.templates`): `["polls/index.html"]`; empty for a response with no template.
   */
  readonly templates: readonly string[];
  /**
   * The context the templates were rendered with (Django's `response.context`), their
   * top-level promises and QuerySets resolved: `response.context.latest_question_list`. When
   * several templates rendered, a name comes from the first that had it; with none, it is empty.
   */
  readonly context: Readonly<Record<string, unknown>>;
  readonly #resolve: (path: string) => ResolverMatch | null;
  #resolverMatch: ResolverMatch | null | undefined;

  constructor(init: TestResponseInit) {
    this.client = init.client;
    this.response = init.response;
    this.content = init.content;
    this.request = init.request;
    this.httpRequest = init.httpRequest;
    this.cookies = new Map(init.cookies.map((cookie) => [cookie.name, cookie]));
    this.#resolve = init.resolve;
    this.templates = init.rendered?.templates ?? [];
    this.context = mergedContext(init.rendered?.contexts ?? []);
  }

  /** The status code. */
  get status(): number {
    return this.response.status;
  }

  /** The reason phrase ("OK", "Not Found"). */
  get reasonPhrase(): string {
    return this.response.reasonPhrase;
  }

  /** The response headers (case-insensitive `get()`). */
  get headers(): HttpHeaders {
    return this.response.headers;
  }

  /** The charset the body is encoded with. */
  get charset(): string {
    return this.response.charset;
  }

  /** The `Location` header of a redirect, else `null`. */
  get url(): string | null {
    return this.response.headers.get("location");
  }

  /** Whether the application answered with a streaming response. */
  get streaming(): boolean {
    return this.response.isStreaming;
  }

  /**
   * How the request path resolved: the match the Handler recorded, else the URLconf resolved
   * afresh (when middleware answered before resolving); `null` when no pattern matches.
   */
  get resolverMatch(): ResolverMatch | null {
    if (this.#resolverMatch === undefined) {
      this.#resolverMatch =
        this.httpRequest.resolverMatch ?? this.#resolve(this.httpRequest.pathInfo);
    }
    return this.#resolverMatch;
  }

  /** The body decoded with the response's charset. */
  text(): string {
    return decode(this.content, this.charset);
  }

  /**
   * The body parsed as JSON. Throws {@link ResponseNotJson} when the Content-Type is not JSON or
   * the body does not parse.
   */
  json<T = unknown>(): T {
    const contentType = this.headers.get("content-type");
    if (contentType === null || !isJsonType(contentType)) {
      throw new ResponseNotJson(
        `The response to ${this.request.method} ${this.request.url} has Content-Type ${JSON.stringify(contentType)}, not "application/json" (status ${this.status}). Call text() to read it, or return a JsonResponse from the view.`,
      );
    }
    const text = this.text();
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      const snippet = text.length > 200 ? `${text.slice(0, 200)}...` : text;
      throw new ResponseNotJson(
        `The response to ${this.request.method} ${this.request.url} is not valid JSON (${(error as Error).message}): ${JSON.stringify(snippet)}.`,
        { cause: error },
      );
    }
  }
}

function decode(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset || "utf-8").decode(bytes);
  } catch {
    // An unknown charset label: fall back to UTF-8 rather than failing to show the body at all.
    return new TextDecoder("utf-8").decode(bytes);
  }
}
