import { path } from "@tango/urls";
import { beforeEach, describe, expect, it } from "vitest";
import type { Application } from "../application.js";
import {
  type CapturedLogs,
  makeApp,
  type SendOptions,
  send,
  text,
} from "../handler.test.helpers.js";
import type { HttpRequest } from "../request.js";
import { HttpResponse } from "../responses/http-response.js";
import { CsrfViewMiddleware } from "./csrf-view-middleware.js";
import { csrfExempt } from "./decorators.js";
import { getToken, maskSecret, rotateToken, unmaskToken } from "./token.js";

const SECRET = "abcdefghijklmnopqrstuvwxyzABCDEF";
let calls: string[] = [];

const form = (request: HttpRequest) => {
  if (request.method === "GET") return new HttpResponse(`token=${getToken(request)}`);
  calls.push(`form ${request.method}`);
  return new HttpResponse("posted");
};
const hook = csrfExempt((request: HttpRequest) => {
  calls.push(`hook ${request.method}`);
  return new HttpResponse("hooked");
});
const plain = () => new HttpResponse("plain");
const rotate = (request: HttpRequest) => {
  rotateToken(request);
  return new HttpResponse("rotated");
};

const urlconf = [
  path("form/", form),
  path("hook/", hook),
  path("plain/", plain),
  path("rotate/", rotate),
];

async function csrfApp(settings: Record<string, unknown> = {}, logs: CapturedLogs = []) {
  return makeApp(urlconf, { MIDDLEWARE: [CsrfViewMiddleware], ...settings }, logs);
}

function post(
  app: Application,
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
  options: SendOptions = {},
) {
  return send(app, url, {
    method: "POST",
    body: new URLSearchParams(fields).toString(),
    ...options,
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  });
}

const withCookie = (extra: Record<string, string> = {}) => ({
  cookie: `csrftoken=${SECRET}`,
  ...extra,
});

beforeEach(() => {
  calls = [];
});

describe("CsrfViewMiddleware accepts", () => {
  it("the token from the POST field, masked differently from the cookie", async () => {
    const app = await csrfApp();
    const token = maskSecret(SECRET);
    expect(token).not.toContain(SECRET);
    const response = await post(app, "/form/", { csrfmiddlewaretoken: token }, withCookie());
    expect(response.status).toBe(200);
    expect(calls).toEqual(["form POST"]);
  });

  it("the token from the X-CSRFToken header, and an unmasked secret", async () => {
    const app = await csrfApp();
    const viaHeader = await post(
      app,
      "/form/",
      {},
      withCookie({ "x-csrftoken": maskSecret(SECRET) }),
    );
    expect(viaHeader.status).toBe(200);
    const bare = await post(app, "/form/", { csrfmiddlewaretoken: SECRET }, withCookie());
    expect(bare.status).toBe(200);
  });

  it("a renamed CSRF_HEADER_NAME and CSRF_COOKIE_NAME", async () => {
    const app = await csrfApp({ CSRF_HEADER_NAME: "X-XSRF-TOKEN", CSRF_COOKIE_NAME: "xsrf" });
    const response = await post(
      app,
      "/form/",
      {},
      {
        cookie: `xsrf=${SECRET}`,
        "x-xsrf-token": maskSecret(SECRET),
      },
    );
    expect(response.status).toBe(200);
  });

  it("its own origin, a trusted origin and a wildcard subdomain origin", async () => {
    const app = await csrfApp({
      CSRF_TRUSTED_ORIGINS: ["https://partner.example", "https://*.example.com"],
    });
    const token = { csrfmiddlewaretoken: maskSecret(SECRET) };
    for (const origin of [
      "http://testserver",
      "https://partner.example",
      "https://shop.example.com",
      "https://example.com",
    ]) {
      const response = await post(app, "/form/", token, withCookie({ origin }));
      expect(response.status, origin).toBe(200);
    }
  });

  it("an HTTPS request with a same-origin or trusted Referer", async () => {
    const app = await csrfApp({ CSRF_TRUSTED_ORIGINS: ["https://*.example.com"] });
    const token = { csrfmiddlewaretoken: maskSecret(SECRET) };
    for (const referer of ["https://testserver/form/", "https://www.example.com/page"]) {
      const response = await post(app, "/form/", token, withCookie({ referer }), { secure: true });
      expect(response.status, referer).toBe(200);
    }
  });

  it("safe methods without any token, and csrfExempt views", async () => {
    const app = await csrfApp();
    for (const method of ["GET", "HEAD", "OPTIONS", "TRACE"])
      expect((await send(app, "/plain/", { method })).status, method).toBe(200);
    const response = await post(
      app,
      "/hook/",
      { event: "paid" },
      { origin: "https://evil.example" },
    );
    expect(response.status).toBe(200);
    expect(calls).toEqual(["hook POST"]);
  });
});

describe("CsrfViewMiddleware refuses, and the view never runs", () => {
  async function reason(options: {
    fields?: Record<string, string>;
    headers?: Record<string, string>;
    secure?: boolean;
    method?: string;
    settings?: Record<string, unknown>;
  }): Promise<string> {
    const logs: CapturedLogs = [];
    const app = await csrfApp({ DEBUG: true, ...options.settings }, logs);
    const response = await send(app, "/form/", {
      method: options.method ?? "POST",
      body: new URLSearchParams(options.fields ?? {}).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", ...options.headers },
      secure: options.secure ?? false,
    });
    expect(response.status).toBe(403);
    expect(calls).toEqual([]);
    const record = logs.find((r) => r.name === "tango.security.csrf");
    expect(record?.level).toBe("warning");
    const given = /Reason given for failure:\n {4}(.*)\n/.exec(text(response))?.[1] ?? "";
    expect(record?.message).toBe(`Forbidden (${given}): /form/`);
    return given;
  }

  it("without the cookie", async () => {
    expect(await reason({ fields: { csrfmiddlewaretoken: maskSecret(SECRET) } })).toBe(
      "CSRF cookie not set.",
    );
  });

  it("with a malformed cookie", async () => {
    expect(await reason({ headers: { cookie: "csrftoken=short" } })).toBe(
      "CSRF cookie has incorrect length.",
    );
  });

  it("without a token", async () => {
    expect(await reason({ headers: withCookie() })).toBe("CSRF token missing.");
    expect(await reason({ method: "DELETE", headers: withCookie() })).toBe("CSRF token missing.");
  });

  it("with a wrong token, from the field or the header", async () => {
    const other = maskSecret("ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvu");
    expect(await reason({ fields: { csrfmiddlewaretoken: other }, headers: withCookie() })).toBe(
      "CSRF token from POST incorrect.",
    );
    expect(await reason({ headers: withCookie({ "x-csrftoken": other }) })).toBe(
      "CSRF token from the 'X-CSRFToken' HTTP header incorrect.",
    );
  });

  it("with a token of the wrong length or alphabet", async () => {
    expect(await reason({ fields: { csrfmiddlewaretoken: "abc" }, headers: withCookie() })).toBe(
      "CSRF token from POST has incorrect length.",
    );
    const bad = `${"-".repeat(32)}${SECRET}`;
    expect(await reason({ fields: { csrfmiddlewaretoken: bad }, headers: withCookie() })).toBe(
      "CSRF token from POST has invalid characters.",
    );
  });

  it("from a cross origin, even with a good token", async () => {
    const fields = { csrfmiddlewaretoken: maskSecret(SECRET) };
    expect(await reason({ fields, headers: withCookie({ origin: "https://evil.example" }) })).toBe(
      "Origin checking failed - https://evil.example does not match any trusted origins.",
    );
    // A wildcard trusts subdomains of its own scheme only.
    const settings = { CSRF_TRUSTED_ORIGINS: ["https://*.example.com"] };
    const origin = "http://shop.example.com";
    expect(await reason({ fields, headers: withCookie({ origin }), settings })).toBe(
      `Origin checking failed - ${origin} does not match any trusted origins.`,
    );
  });

  it("over HTTPS without a Referer, or with an insecure or foreign one", async () => {
    const fields = { csrfmiddlewaretoken: maskSecret(SECRET) };
    const secure = true;
    expect(await reason({ fields, headers: withCookie(), secure })).toBe(
      "Referer checking failed - no Referer.",
    );
    const insecure = withCookie({ referer: "http://testserver/form/" });
    expect(await reason({ fields, headers: insecure, secure })).toBe(
      "Referer checking failed - Referer is insecure while host is secure.",
    );
    const foreign = withCookie({ referer: "https://evil.example/attack" });
    expect(await reason({ fields, headers: foreign, secure })).toBe(
      "Referer checking failed - https://evil.example/attack does not match any trusted origins.",
    );
    expect(await reason({ fields, headers: withCookie({ referer: "nonsense" }), secure })).toBe(
      "Referer checking failed - Referer is malformed.",
    );
  });
});

describe("the failure page", () => {
  it("explains the reason in DEBUG, as HTML for browsers", async () => {
    const app = await csrfApp({ DEBUG: true });
    const response = await post(app, "/form/", {}, { accept: "text/html" });
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = text(response);
    expect(html).toContain("CSRF verification failed. Request aborted.");
    expect(html).toContain("CSRF cookie not set.");
    expect(html).toContain("{% csrf_token %}");
  });

  it("says only that verification failed in production", async () => {
    const app = await csrfApp();
    const response = await post(app, "/form/", { csrfmiddlewaretoken: "x" }, withCookie());
    expect(response.status).toBe(403);
    const html = text(response);
    expect(html).toContain("CSRF verification failed. Request aborted.");
    expect(html).not.toContain("incorrect length");
    expect(html).toContain("More information is available with DEBUG=true.");
  });

  it("comes from CSRF_FAILURE_VIEW when set", async () => {
    const failure = (_request: HttpRequest, why: string) =>
      new HttpResponse(`custom: ${why}`, { status: 403 });
    const app = await csrfApp({ CSRF_FAILURE_VIEW: failure });
    const response = await post(app, "/form/", {});
    expect(text(response)).toBe("custom: CSRF cookie not set.");
    expect(calls).toEqual([]);
  });
});

describe("the CSRF cookie", () => {
  it("is sent when the view used the token, with the CSRF_COOKIE_* settings", async () => {
    const app = await csrfApp();
    const response = await send(app, "/form/");
    const cookie = response.cookies.get("csrftoken");
    expect(cookie).toMatchObject({ path: "/", maxAge: 31_449_600, sameSite: "Lax" });
    expect(cookie?.httpOnly).toBeFalsy();
    expect(cookie?.secure).toBeFalsy();
    expect(cookie?.value).toMatch(/^[a-zA-Z0-9]{32}$/);
    expect(response.headers.get("vary")).toContain("Cookie");
    const token = /token=(\w+)/.exec(text(response))?.[1] ?? "";
    expect(token).toHaveLength(64);
    expect(unmaskToken(token)).toBe(cookie?.value);
  });

  it("follows the settings", async () => {
    const app = await csrfApp({
      CSRF_COOKIE_SECURE: true,
      CSRF_COOKIE_HTTPONLY: true,
      CSRF_COOKIE_SAMESITE: "Strict",
      CSRF_COOKIE_DOMAIN: ".example.com",
      CSRF_COOKIE_PATH: "/app/",
      CSRF_COOKIE_AGE: null,
    });
    const cookie = (await send(app, "/form/")).cookies.get("csrftoken");
    expect(cookie).toMatchObject({
      secure: true,
      httpOnly: true,
      sameSite: "Strict",
      domain: ".example.com",
      path: "/app/",
    });
    expect(cookie?.maxAge).toBeUndefined();
  });

  it("keeps the client's secret and is not sent by views that never used the token", async () => {
    const app = await csrfApp();
    expect((await send(app, "/plain/", { headers: withCookie() })).cookies.size).toBe(0);
    const response = await send(app, "/form/", { headers: withCookie() });
    expect(response.cookies.get("csrftoken")?.value).toBe(SECRET);
  });

  it("replaces a malformed cookie", async () => {
    const app = await csrfApp();
    const response = await send(app, "/plain/", { headers: { cookie: "csrftoken=bad!" } });
    expect(response.cookies.get("csrftoken")?.value).toMatch(/^[a-zA-Z0-9]{32}$/);
  });

  it("gets a new secret from rotateToken, and old tokens stop working", async () => {
    const app = await csrfApp();
    const response = await send(app, "/rotate/", { headers: withCookie() });
    const fresh = response.cookies.get("csrftoken")?.value ?? "";
    expect(fresh).toMatch(/^[a-zA-Z0-9]{32}$/);
    expect(fresh).not.toBe(SECRET);
    const old = maskSecret(SECRET);
    const refused = await post(
      app,
      "/form/",
      { csrfmiddlewaretoken: old },
      { cookie: `csrftoken=${fresh}` },
    );
    expect(refused.status).toBe(403);
  });
});
