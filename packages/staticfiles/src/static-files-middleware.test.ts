import { join } from "node:path";
import { type Settings, staticUrl } from "@tango/core";
import { type Application, HttpResponse, type MiddlewareFactory } from "@tango/http";
import { Client, createTestApplication } from "@tango/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectStatic } from "./collect.js";
import { StaticRootNotSet } from "./errors.js";
import { clearManifestCache, uninstallStaticUrls } from "./manifest.js";
import { IMMUTABLE_CACHE, SHORT_CACHE, StaticFilesMiddleware } from "./static-files-middleware.js";
import { StaticFinder } from "./static-finder.js";
import { TempProject } from "./test-project.test.helpers.js";

let project: TempProject;
let app: Application;
let client: Client;
let hashedCss: string;

const fromTheApp: MiddlewareFactory = () => async () => new HttpResponse("from the app");

function settingsFor(extra: Record<string, unknown> = {}) {
  return {
    SECRET_KEY: "test",
    BASE_DIR: project.root,
    STATIC_URL: "/static/",
    STATIC_ROOT: "collected",
    INSTALLED_APPS: ["polls"],
    ROOT_URLCONF: [],
    MIDDLEWARE: ["@tango/http#SecurityMiddleware", StaticFilesMiddleware, fromTheApp],
    ...extra,
  };
}

beforeAll(async () => {
  project = new TempProject();
  project.write("polls/static/polls/style.css", "body { color: red; }\n");
  project.write("secret.txt", "top secret");
  const result = await collectStatic({
    destination: join(project.root, "collected"),
    files: new StaticFinder([join(project.root, "polls/static")]).list(),
    staticUrl: "/static/",
  });
  hashedCss = result.manifest?.paths["polls/style.css"] as string;
  project.write("polls/static/polls/only-in-app.css", "not collected");
  project.write("collected/polls/notes.txt", "added by hand, not in the manifest");
  app = await createTestApplication(settingsFor(), { env: {}, runChecks: false });
  client = new Client(app);
});

afterAll(async () => {
  await app.close();
  uninstallStaticUrls();
  clearManifestCache(app.settings as Settings);
  project.remove();
});

describe("StaticFilesMiddleware", () => {
  it("serves a hashed file with a year-long immutable Cache-Control", async () => {
    const response = await client.get(`/static/${hashedCss}`);
    expect(response.status).toBe(200);
    expect(response.text()).toBe("body { color: red; }\n");
    expect(response.headers.get("cache-control")).toBe(IMMUTABLE_CACHE);
    expect(response.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("serves a file under its plain name with a short Cache-Control", async () => {
    const original = await client.get("/static/polls/style.css");
    expect(original.status).toBe(200);
    expect(original.headers.get("cache-control")).toBe(SHORT_CACHE);
    const byHand = await client.get("/static/polls/notes.txt");
    expect(byHand.headers.get("cache-control")).toBe(SHORT_CACHE);
  });

  it("answers 304 when the client's copy is current, and HEAD without a body", async () => {
    const first = await client.get(`/static/${hashedCss}`);
    const etag = first.headers.get("etag") as string;
    const again = await client.get(`/static/${hashedCss}`, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(again.text()).toBe("");
    const head = await client.head(`/static/${hashedCss}`);
    expect(head.status).toBe(200);
    expect(head.text()).toBe("");
    expect(head.headers.get("content-length")).toBe("21");
  });

  it("passes everything else, and every escape attempt, to the app", async () => {
    for (const path of [
      "/hello/",
      "/static/polls/missing.css",
      "/static/polls/only-in-app.css",
      "/static/../secret.txt",
      "/static/%2e%2e/secret.txt",
      "/static/%2E%2E%2Fsecret.txt",
      "/static/..%5csecret.txt",
      "/static/polls%00/style.css",
      "/static//etc/passwd",
    ]) {
      const response = await client.get(path);
      expect(response.text(), path).toBe("from the app");
    }
  });

  it("installs the manifest resolver, so staticUrl() gives hashed URLs", () => {
    expect(staticUrl("polls/style.css")).toBe(`/static/${hashedCss}`);
  });

  it("serves files not collected yet from the finders with DEBUG on", async () => {
    const debugApp = await createTestApplication(settingsFor(), {
      env: {},
      runChecks: false,
      debug: true,
    });
    const response = await new Client(debugApp).get("/static/polls/only-in-app.css");
    expect(response.text()).toBe("not collected");
    await debugApp.close();
  });

  it("refuses to start without STATIC_ROOT", async () => {
    await expect(
      createTestApplication(settingsFor({ STATIC_ROOT: null }), { env: {}, runChecks: false }),
    ).rejects.toMatchObject({ cause: expect.any(StaticRootNotSet) });
  });
});
