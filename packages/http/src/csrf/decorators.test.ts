import { path } from "@tango/urls";
import { describe, expect, it } from "vitest";
import { makeApp, send, text } from "../handler.test.helpers.js";
import type { HttpRequest } from "../request.js";
import { HttpResponse } from "../responses/http-response.js";
import { csrfProtect, ensureCsrfCookie, requiresCsrfToken } from "./decorators.js";
import { getToken, maskSecret } from "./token.js";

const SECRET = "abcdefghijklmnopqrstuvwxyzABCDEF";
let ran = 0;

const urlconf = [
  path(
    "protected/",
    csrfProtect((request: HttpRequest) => {
      ran++;
      return new HttpResponse(request.method === "GET" ? getToken(request) : "saved");
    }),
  ),
  path(
    "spa/",
    ensureCsrfCookie(() => new HttpResponse("<div id=app></div>")),
  ),
  path(
    "token/",
    requiresCsrfToken((request: HttpRequest) => new HttpResponse(getToken(request))),
  ),
];

function post(headers: Record<string, string>, fields: Record<string, string>) {
  return {
    method: "POST",
    body: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  };
}

describe("the CSRF decorators without the middleware", () => {
  it("csrfProtect checks the view's requests and sends the cookie", async () => {
    const app = await makeApp(urlconf);
    ran = 0;
    const refused = await send(app, "/protected/", post({}, {}));
    expect(refused.status).toBe(403);
    expect(ran).toBe(0);
    const page = await send(app, "/protected/");
    const secret = page.cookies.get("csrftoken")?.value ?? "";
    expect(secret).toHaveLength(32);
    const accepted = await send(
      app,
      "/protected/",
      post({ cookie: `csrftoken=${secret}` }, { csrfmiddlewaretoken: text(page) }),
    );
    expect(accepted.status).toBe(200);
    expect(text(accepted)).toBe("saved");
  });

  it("csrfProtect under the middleware checks once", async () => {
    const app = await makeApp(urlconf, { MIDDLEWARE: ["@tango/http#CsrfViewMiddleware"] });
    const response = await send(
      app,
      "/protected/",
      post({ cookie: `csrftoken=${SECRET}` }, { csrfmiddlewaretoken: maskSecret(SECRET) }),
    );
    expect(response.status).toBe(200);
  });

  it("ensureCsrfCookie sends the cookie though the page renders no token", async () => {
    const app = await makeApp(urlconf);
    const response = await send(app, "/spa/");
    expect(response.cookies.get("csrftoken")?.value).toMatch(/^[a-zA-Z0-9]{32}$/);
  });

  it("requiresCsrfToken makes getToken() send the cookie, and checks nothing", async () => {
    const app = await makeApp(urlconf);
    const response = await send(app, "/token/", post({}, {}));
    expect(response.status).toBe(200);
    expect(response.cookies.get("csrftoken")?.value).toHaveLength(32);
  });
});
