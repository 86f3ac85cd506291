// The view decorators through the test client: allowed methods, cache headers and conditional requests.
import { type HttpRequest, HttpResponse, httpDate } from "@tango/http";
import { Client, createTestApplication } from "@tango/testing";
import { path } from "@tango/urls";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { cacheControl, cachePage, neverCache } from "./cache-control.js";
import { addNeverCacheHeaders, patchCacheControl } from "./cache-headers.js";
import { condition, etag, lastModified } from "./condition.js";
import { parseEtags, quoteEtag } from "./etags.js";
import {
  requireGET,
  requireHttpMethods,
  requirePOST,
  requireSafe,
} from "./require-http-methods.js";

let calls = 0;
function hello(_request: HttpRequest, kwargs?: { id?: number }) {
  calls += 1;
  return new HttpResponse(`hello ${kwargs?.id ?? ""}`);
}

const CHANGED = new Date("2026-01-02T03:04:05Z");
const withHeaders = (headers: Record<string, string>) => () => new HttpResponse("x", { headers });

const app = await createTestApplication({
  ROOT_URLCONF: [
    path("get-post/", requireHttpMethods(["get", "POST"])(hello)),
    path("get/", requireGET(hello)),
    path("post/", requirePOST(hello)),
    path("safe/", requireSafe(hello)),
    path("cc/", cacheControl({ maxAge: 3600, public: true })(hello)),
    path(
      "cc-merge/",
      cacheControl({ maxAge: 100, private: true })(
        withHeaders({ "Cache-Control": "max-age=60, public, no-cache=Set-Cookie" }),
      ),
    ),
    path("never/", neverCache(hello)),
    path("page/", cachePage(900)(hello)),
    path("page-private/", cachePage(900)(withHeaders({ "Cache-Control": "private" }))),
    path("etag/<int:id>/", etag((_request, kwargs: { id: number }) => `v${kwargs.id}`)(hello)),
    path("weak/", etag(() => 'W/"w1"')(hello)),
    path("none/", etag(() => null)(hello)),
    path("lm/", lastModified(async () => CHANGED)(hello)),
    path("both/", condition({ etag: () => '"b1"', lastModified: () => CHANGED })(hello)),
    path("own-etag/", etag(() => "computed")(withHeaders({ ETag: '"own"' }))),
  ],
});
afterAll(() => app.close());
const client = new Client(app);

beforeEach(() => {
  calls = 0;
});

describe("requireHttpMethods() and its shorthands", () => {
  it("lets the listed methods through and answers 405 with Allow otherwise", async () => {
    expect((await client.get("/get-post/")).status).toBe(200);
    expect((await client.post("/get-post/")).status).toBe(200);
    const put = await client.put("/get-post/");
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, POST");
    expect(calls).toBe(2);
  });

  it("requireGET, requirePOST and requireSafe", async () => {
    expect((await client.get("/get/")).status).toBe(200);
    expect((await client.head("/get/")).status).toBe(405);
    expect((await client.post("/post/")).status).toBe(200);
    expect((await client.get("/post/")).headers.get("allow")).toBe("POST");
    expect((await client.head("/safe/")).status).toBe(200);
    const post = await client.post("/safe/");
    expect([post.status, post.headers.get("allow")]).toEqual([405, "GET, HEAD"]);
  });

  it("keeps the view's name", () => {
    expect(requireGET(hello).name).toBe("hello");
  });
});

describe("cache headers", () => {
  it("cacheControl() sets the directives", async () => {
    expect((await client.get("/cc/")).headers.get("cache-control")).toBe("max-age=3600, public");
  });

  it("cacheControl() merges as patch_cache_control: lower max-age wins, private replaces public", async () => {
    expect((await client.get("/cc-merge/")).headers.get("cache-control")).toBe(
      "max-age=60, no-cache=Set-Cookie, private",
    );
  });

  it("neverCache() forbids caching and sets Expires", async () => {
    const response = await client.get("/never/");
    expect(response.headers.get("cache-control")).toBe(
      "max-age=0, no-cache, no-store, must-revalidate, private",
    );
    const expires = Date.parse(response.headers.get("expires") ?? "");
    expect(Math.abs(expires - Date.now())).toBeLessThan(5000);
  });

  it("cachePage() sets max-age and Expires on cacheable responses only", async () => {
    const response = await client.get("/page/");
    expect(response.headers.get("cache-control")).toBe("max-age=900");
    const expires = Date.parse(response.headers.get("expires") ?? "");
    expect(Math.abs(expires - (Date.now() + 900_000))).toBeLessThan(5000);
    expect((await client.post("/page/")).headers.get("cache-control")).toBeNull();
    expect((await client.get("/page-private/")).headers.get("cache-control")).toBe("private");
  });

  it("patchCacheControl() keeps field-specific no-cache unless a bare one is given", () => {
    const response = new HttpResponse("");
    response.headers.set("Cache-Control", "no-cache=Set-Cookie, max-age=10");
    patchCacheControl(response, { noCache: true, sMaxage: 5, mustRevalidate: false });
    expect(response.headers.get("cache-control")).toBe("no-cache, max-age=10, s-maxage=5");
    const fresh = new HttpResponse("");
    addNeverCacheHeaders(fresh);
    expect(fresh.headers.get("cache-control")).toBe(
      "max-age=0, no-cache, no-store, must-revalidate, private",
    );
  });
});

describe("conditional requests", () => {
  it("sets ETag on GET and answers 304 to a matching If-None-Match without calling the view", async () => {
    const first = await client.get("/etag/3/");
    expect([first.status, first.headers.get("etag")]).toEqual([200, '"v3"']);
    const again = await client.get("/etag/3/", { headers: { "If-None-Match": '"v3"' } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe('"v3"');
    expect(calls).toBe(1);
    expect(
      (await client.get("/etag/3/", { headers: { "If-None-Match": '"v2", W/"v3"' } })).status,
    ).toBe(304);
    expect((await client.get("/etag/3/", { headers: { "If-None-Match": "*" } })).status).toBe(304);
    expect((await client.get("/etag/4/", { headers: { "If-None-Match": '"v3"' } })).status).toBe(
      200,
    );
  });

  it("answers 412 to a matching If-None-Match on an unsafe method, and to a failed If-Match", async () => {
    expect(
      (await client.post("/etag/3/", undefined, { headers: { "If-None-Match": '"v3"' } })).status,
    ).toBe(412);
    expect(
      (await client.put("/etag/3/", undefined, { headers: { "If-Match": '"v2"' } })).status,
    ).toBe(412);
    expect(
      (await client.put("/etag/3/", undefined, { headers: { "If-Match": '"v3"' } })).status,
    ).toBe(200);
    expect((await client.put("/etag/3/", undefined, { headers: { "If-Match": "*" } })).status).toBe(
      200,
    );
    // No ETag on a POST response: the headers are only set for GET and HEAD.
    expect((await client.post("/etag/3/")).headers.get("etag")).toBeNull();
  });

  it("compares weak ETags weakly for If-None-Match and never matches them for If-Match", async () => {
    expect((await client.get("/weak/", { headers: { "If-None-Match": '"w1"' } })).status).toBe(304);
    expect(
      (await client.put("/weak/", undefined, { headers: { "If-Match": 'W/"w1"' } })).status,
    ).toBe(412);
  });

  it("handles a missing ETag: If-Match fails, If-None-Match passes", async () => {
    expect((await client.get("/none/", { headers: { "If-None-Match": '"x"' } })).status).toBe(200);
    expect((await client.put("/none/", undefined, { headers: { "If-Match": "*" } })).status).toBe(
      412,
    );
  });

  it("sets Last-Modified and answers 304 to If-Modified-Since not older than it", async () => {
    const first = await client.get("/lm/");
    expect(first.headers.get("last-modified")).toBe(httpDate(CHANGED));
    const same = await client.get("/lm/", { headers: { "If-Modified-Since": httpDate(CHANGED) } });
    expect(same.status).toBe(304);
    expect(same.headers.get("last-modified")).toBe(httpDate(CHANGED));
    const older = httpDate(CHANGED.getTime() - 1000);
    expect((await client.get("/lm/", { headers: { "If-Modified-Since": older } })).status).toBe(
      200,
    );
    expect((await client.get("/lm/", { headers: { "If-Modified-Since": "garbage" } })).status).toBe(
      200,
    );
  });

  it("answers 412 to If-Unmodified-Since older than the resource", async () => {
    const older = httpDate(CHANGED.getTime() - 1000);
    expect(
      (await client.put("/lm/", undefined, { headers: { "If-Unmodified-Since": older } })).status,
    ).toBe(412);
    const newer = httpDate(CHANGED.getTime() + 1000);
    expect(
      (await client.put("/lm/", undefined, { headers: { "If-Unmodified-Since": newer } })).status,
    ).toBe(200);
  });

  it("lets If-None-Match take precedence over If-Modified-Since", async () => {
    const headers = { "If-None-Match": '"other"', "If-Modified-Since": httpDate(CHANGED) };
    expect((await client.get("/both/", { headers })).status).toBe(200);
    const matching = { "If-None-Match": '"b1"', "If-Modified-Since": httpDate(0) };
    const response = await client.get("/both/", { headers: matching });
    expect(response.status).toBe(304);
    expect(response.headers.get("etag")).toBe('"b1"');
  });

  it("keeps an ETag the view set itself", async () => {
    expect((await client.get("/own-etag/")).headers.get("etag")).toBe('"own"');
  });
});

describe("ETag helpers", () => {
  it("parses lists and quotes as Django does", () => {
    expect(parseEtags('"a", W/"b", c, ""')).toEqual(['"a"', 'W/"b"', '""']);
    expect(parseEtags(" * ")).toEqual(["*"]);
    expect(quoteEtag("v1")).toBe('"v1"');
    expect(quoteEtag('"v1"')).toBe('"v1"');
    expect(quoteEtag('W/"v1"')).toBe('W/"v1"');
  });
});
