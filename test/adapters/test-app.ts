// The Tango application every adapter test serves: an in-memory URLconf whose views record what they saw.

import { createHash } from "node:crypto";
import { requestStarted } from "@tango/core";
import {
  type Application,
  createApplication,
  csrfExempt,
  type HttpRequest,
  HttpResponse,
  JsonResponse,
  StreamingHttpResponse,
} from "@tango/http";
import { path, reverse } from "@tango/urls";

/** A promise you resolve from outside, to wait for something a view or signal does. */
export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** What the views observed, for the tests to assert on. */
export class Probe {
  /** Resolved when the Handler starts a request carrying `X-Probe: <id>`. */
  readonly started = new Map<string, Deferred>();
  /** How often the adapter called `close()` on each endless response, by probe id. */
  readonly closeCalls = new Map<string, number>();
  /** Resolved when an endless response's generator ran its `finally` block. */
  readonly streamStopped = new Map<string, Deferred>();
  /** Resolved when an endless response's close hooks ran. */
  readonly responseClosed = new Map<string, Deferred>();

  slot<T>(map: Map<string, Deferred<T>>, id: string): Deferred<T> {
    let entry = map.get(id);
    if (!entry) {
      entry = deferred<T>();
      map.set(id, entry);
    }
    return entry;
  }
}

/** A streaming response that counts how often the adapter closes it. */
class CountingStreamingResponse extends StreamingHttpResponse {
  constructor(
    content: AsyncIterable<Uint8Array | string>,
    readonly onCloseCall: () => void,
  ) {
    super(content, { contentType: "text/plain; charset=utf-8" });
  }

  override close(): Promise<void> {
    this.onCloseCall();
    return super.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function whoami(request: HttpRequest): HttpResponse {
  return new JsonResponse({
    path: request.path,
    pathInfo: request.pathInfo,
    scriptName: request.scriptName,
    host: request.getHost(),
    scheme: request.scheme,
    secure: request.isSecure(),
    clientIp: request.clientIp,
    reversed: reverse("whoami"),
    absolute: request.buildAbsoluteUri(reverse("json")),
  });
}

async function upload(request: HttpRequest): Promise<HttpResponse> {
  const file = request.FILES.get("file");
  if (!file) return new JsonResponse({ error: "no file" }, { status: 400 });
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of file.stream()) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return new JsonResponse({
    name: file.name,
    size,
    sha256: hash.digest("hex"),
    inMemory: file.inMemory,
    field: request.POST.get("note"),
  });
}

function endless(probe: Probe) {
  return (request: HttpRequest): HttpResponse => {
    const id = request.headers.get("x-probe") ?? "endless";
    async function* forever() {
      try {
        for (let i = 0; ; i++) {
          yield `tick ${i}\n`;
          await sleep(5);
        }
      } finally {
        probe.slot(probe.streamStopped, id).resolve();
      }
    }
    const response = new CountingStreamingResponse(forever(), () => {
      probe.closeCalls.set(id, (probe.closeCalls.get(id) ?? 0) + 1);
    });
    response.onClose(() => probe.slot(probe.responseClosed, id).resolve());
    return response;
  };
}

async function* countTo(n: number) {
  for (let i = 1; i <= n; i++) {
    yield `line ${i}\n`;
    await sleep(1);
  }
}

/** The URL patterns, under names the tests reverse. */
function urlpatterns(probe: Probe) {
  return [
    path(
      "plain/",
      () => new HttpResponse("Hello, World!", { contentType: "text/plain; charset=utf-8" }),
    ),
    path("json/", () => new JsonResponse({ message: "Hello, World!" }), { name: "json" }),
    path("whoami/", whoami, { name: "whoami" }),
    // Posted by scripts without a CSRF token, as API clients do.
    path(
      "form/",
      csrfExempt(
        (request: HttpRequest) =>
          new JsonResponse({ name: request.POST.get("name"), tags: request.POST.getList("tag") }),
      ),
    ),
    path("upload/", csrfExempt(upload)),
    path(
      "stream/",
      () => new StreamingHttpResponse(countTo(100), { contentType: "text/plain; charset=utf-8" }),
    ),
    path("endless/", endless(probe)),
    path("cookies/", (request: HttpRequest) => {
      const response = new JsonResponse({ received: request.COOKIES });
      response.setCookie("flavour", "oatmeal raisin", {
        path: "/",
        httpOnly: true,
        sameSite: "Lax",
      });
      response.setCookie("visits", "1", { maxAge: 3600 });
      return response;
    }),
    path("boom/", () => {
      throw new Error("The view failed on purpose.");
    }),
    path("inject-header/", () => {
      const response = new HttpResponse("x");
      response.headers.set("X-Note", "a\r\nX-Injected: yes");
      return response;
    }),
    path("inject-cookie/", () => {
      const response = new HttpResponse("x");
      response.setCookie("note", "a\r\nX-Injected: yes");
      return response;
    }),
  ];
}

/**
 * Builds the application (DEBUG off, the default middleware) and a probe. Stop listening
 * to `requestStarted` with `detach()`.
 */
export async function createTestApp(
  settings: Record<string, unknown> = {},
): Promise<{ app: Application; probe: Probe; detach: () => void }> {
  const probe = new Probe();
  const app = await createApplication({
    DEBUG: false,
    SECRET_KEY: "adapter-tests-secret-key-adapter-tests-secret-key-0123456789",
    ALLOWED_HOSTS: ["127.0.0.1", "localhost", "example.test"],
    // The 500s below are on purpose: keep their tracebacks out of the test output.
    LOGGING: { level: "warning", format: "text", loggers: { "tango.request": "critical" } },
    ROOT_URLCONF: urlpatterns(probe),
    ...settings,
  });
  const detach = requestStarted.connect(({ request }) => {
    const id = (request as HttpRequest).headers.get("x-probe");
    if (id) probe.slot(probe.started, id).resolve();
  });
  return { app, probe, detach };
}
