import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type HttpRequest, HttpResponse, unmaskToken } from "@tango/http";
import { Client, createTestApplication } from "@tango/testing";
import { path } from "@tango/urls";
import { afterAll, describe, expect, it } from "vitest";
import { csrf } from "./context-processors.js";
import { renderToString } from "./get-engine.js";

const root = mkdtempSync(join(tmpdir(), "tango-csrf-"));
writeFileSync(
  join(root, "vote.html"),
  '<form method="post" action="/vote/">{% csrf_token %}<input name="choice" value="2"></form>',
);
writeFileSync(join(root, "plain.html"), "<p>no form</p>");
writeFileSync(join(root, "meta.html"), '<meta name="csrf-token" content="{{ csrf_token }}">');
afterAll(() => rmSync(root, { recursive: true, force: true }));

let votes = 0;

async function app() {
  return createTestApplication(
    {
      BASE_DIR: root,
      LOGGING: { level: "error" },
      TEMPLATES: [{ DIRS: [root], APP_DIRS: false, OPTIONS: { contextProcessors: [csrf] } }],
      ROOT_URLCONF: [
        path("vote/", async (request: HttpRequest) => {
          if (request.method === "GET")
            return new HttpResponse(await renderToString("vote.html", {}, request));
          votes++;
          return new HttpResponse(`voted ${request.POST.get("choice")}`);
        }),
        path(
          "meta/",
          async (request: HttpRequest) =>
            new HttpResponse(await renderToString("meta.html", {}, request)),
        ),
        path(
          "plain/",
          async (request: HttpRequest) =>
            new HttpResponse(await renderToString("plain.html", {}, request)),
        ),
      ],
    },
    { runChecks: false },
  );
}

describe("the csrf context processor", () => {
  it("renders {% csrf_token %}, and the form posted back with the cookie passes", async () => {
    const client = new Client(await app(), { enforceCsrfChecks: true });
    votes = 0;
    const page = await client.get("/vote/");
    const token = /name="csrfmiddlewaretoken" value="(\w+)"/.exec(page.text())?.[1] ?? "";
    expect(token).toHaveLength(64);
    const secret = client.cookies.get("csrftoken");
    expect(unmaskToken(token)).toBe(secret);
    const voted = await client.post("/vote/", { csrfmiddlewaretoken: token, choice: "2" });
    expect(voted.status).toBe(200);
    expect(voted.text()).toBe("voted 2");
    expect((await client.post("/vote/", { choice: "2" })).status).toBe(403);
    expect(votes).toBe(1);
  });

  it("is lazy: a page that never uses the token sets no cookie", async () => {
    const client = new Client(await app(), { enforceCsrfChecks: true });
    const response = await client.get("/plain/");
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("prints the token with {{ csrf_token }}", async () => {
    const client = new Client(await app());
    const html = (await client.get("/meta/")).text();
    const token = /content="(\w+)"/.exec(html)?.[1] ?? "";
    expect(unmaskToken(token)).toBe(client.cookies.get("csrftoken"));
  });
});
