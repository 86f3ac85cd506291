// RedirectView: fixed URLs with interpolated kwargs, named routes, permanence, query strings, 410.
import { HttpResponse } from "@tango/http";
import { Client, createTestApplication } from "@tango/testing";
import { path, rePath } from "@tango/urls";
import { afterAll, describe, expect, it } from "vitest";
import { RedirectView } from "./redirect-view.js";

const target = () => new HttpResponse("target");

const app = await createTestApplication({
  ROOT_URLCONF: [
    path("articles/<slug:slug>/", target, { name: "article" }),
    rePath("^archive/([0-9]{4})/$", target, { name: "archive" }),
    path("go/<slug:slug>/", RedirectView.asView({ url: "/articles/{slug}/" })),
    path("old/<slug:slug>/", RedirectView.asView({ url: "/articles/%(slug)s/", permanent: true })),
    path("named/<slug:slug>/", RedirectView.asView({ patternName: "article" })),
    rePath("^named-year/([0-9]{4})/$", RedirectView.asView({ patternName: "archive" })),
    path("query/", RedirectView.asView({ url: "/articles/q/", queryString: true })),
    path("noquery/", RedirectView.asView({ url: "/articles/q/" })),
    path("gone/", RedirectView.asView()),
    path("bad/", RedirectView.asView({ url: "/articles/{missing}/" })),
  ],
  LOGGING: { loggers: { "tango.request": "critical" } },
});
afterAll(() => app.close());
const client = new Client(app);

describe("RedirectView", () => {
  it("redirects to url with {name} placeholders filled from the kwargs (302)", async () => {
    const response = await client.get("/go/earthsea/");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/articles/earthsea/");
  });

  it("fills %(name)s placeholders and answers 301 when permanent", async () => {
    const response = await client.get("/old/dune/");
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe("/articles/dune/");
  });

  it("reverses patternName with the same kwargs or args", async () => {
    expect((await client.get("/named/x-y/")).headers.get("location")).toBe("/articles/x-y/");
    expect((await client.get("/named-year/2024/")).headers.get("location")).toBe("/archive/2024/");
  });

  it("keeps the query string only when queryString is set", async () => {
    expect((await client.get("/query/?a=1&b=2")).headers.get("location")).toBe(
      "/articles/q/?a=1&b=2",
    );
    expect((await client.get("/noquery/?a=1")).headers.get("location")).toBe("/articles/q/");
  });

  it("answers every method with the redirect", async () => {
    for (const method of ["post", "put", "patch", "delete", "options", "head"] as const) {
      const response = await client[method]("/go/here/");
      expect(response.status, method).toBe(302);
    }
  });

  it("answers 410 Gone without a URL", async () => {
    expect((await client.get("/gone/")).status).toBe(410);
  });

  it("names a placeholder the URL does not give", async () => {
    await expect(client.get("/bad/")).rejects.toThrow(
      "The URL '/articles/{missing}/' of RedirectView.url names 'missing', which is not available (none are).",
    );
  });
});
