// View and asView(): dispatch by method, 405 with Allow, OPTIONS, HEAD falling back to GET, options.
import { type HttpRequest, HttpResponse } from "@tango/http";
import { Client, createTestApplication } from "@tango/testing";
import { path, rePath } from "@tango/urls";
import { afterAll, describe, expect, it } from "vitest";
import { TemplateView } from "./template-view.js";
import { View } from "./view.js";

class Greeting extends View {
  greeting = "Good day";
  get(_request: HttpRequest, kwargs: Record<string, unknown>) {
    return new HttpResponse(`${this.greeting}, ${String(kwargs.name ?? "you")}`);
  }
  post(request: HttpRequest) {
    return new HttpResponse(`posted ${request.method}`, { status: 201 });
  }
}

class Seen extends View {
  seen: string[] = [];
  override setup(request: HttpRequest, args: readonly unknown[], kwargs: Record<string, unknown>) {
    super.setup(request, args, kwargs);
    this.seen.push("setup");
  }
  get() {
    return new HttpResponse(
      JSON.stringify({
        args: this.args,
        kwargs: this.kwargs,
        seen: this.seen,
        path: this.request.path,
      }),
    );
  }
}

class HeadToo extends View {
  get() {
    return new HttpResponse("from get");
  }
  head() {
    return new HttpResponse("", { headers: { "X-Head": "own" } });
  }
}

class ReadOnly extends Greeting {
  override httpMethodNames = ["get", "head", "options"];
}

const app = await createTestApplication({
  ROOT_URLCONF: [
    path("hello/", Greeting.asView()),
    path("hello/<name>/", Greeting.asView({ greeting: "Morning" })),
    path("seen/<int:id>/", Seen.asView(), { kwargs: { extra: true } }),
    rePath("^re/([0-9]+)/([a-z]+)/$", Seen.asView()),
    path("head/", HeadToo.asView()),
    path("readonly/", ReadOnly.asView()),
  ],
});
afterAll(() => app.close());
const client = new Client(app);

describe("View.asView()", () => {
  it("dispatches to the method named after the request method", async () => {
    const get = await client.get("/hello/");
    expect([get.status, get.text()]).toEqual([200, "Good day, you"]);
    const post = await client.post("/hello/");
    expect([post.status, post.text()]).toEqual([201, "posted POST"]);
  });

  it("applies asView() options to the per-request instance, and passes the URL kwargs", async () => {
    expect((await client.get("/hello/Ada/")).text()).toBe("Morning, Ada");
  });

  it("answers 405 with Allow for a method the view lacks", async () => {
    const response = await client.put("/hello/");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
    expect((await client.delete("/hello/")).status).toBe(405);
  });

  it("answers OPTIONS with Allow and an empty body", async () => {
    const response = await client.options("/hello/");
    expect(response.status).toBe(200);
    expect(response.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
    expect(response.headers.get("content-length")).toBe("0");
    expect(response.text()).toBe("");
  });

  it("answers HEAD with get() unless the view has head()", async () => {
    const head = await client.head("/hello/");
    expect(head.status).toBe(200);
    const own = await client.head("/head/");
    expect(own.headers.get("x-head")).toBe("own");
  });

  it("refuses methods left out of httpMethodNames", async () => {
    const response = await client.post("/readonly/");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });

  it("makes a fresh instance per request, with request, args and kwargs set in setup()", async () => {
    const first = JSON.parse((await client.get("/seen/3/")).text());
    expect(first).toEqual({
      args: [],
      kwargs: { id: 3, extra: true },
      seen: ["setup"],
      path: "/seen/3/",
    });
    const second = JSON.parse((await client.get("/seen/4/")).text());
    expect(second.seen).toEqual(["setup"]);
    const positional = JSON.parse((await client.get("/re/12/ab/")).text());
    expect(positional.args).toEqual(["12", "ab"]);
    expect(positional.kwargs).toEqual({});
  });

  it("names the view function after the class and records where it came from", () => {
    const view = Greeting.asView({ greeting: "Hi" });
    expect(view.name).toBe("Greeting");
    expect(view.viewClass).toBe(Greeting);
    expect(view.viewInitOptions).toEqual({ greeting: "Hi" });
  });

  it("refuses unknown options and method names with a TypeError", () => {
    expect(() => Greeting.asView({ greting: "typo" } as never)).toThrow(
      "Greeting.asView() received an invalid option 'greting'. asView() only accepts options that are already attributes of the class; declare 'greting' on Greeting first.",
    );
    expect(() => Greeting.asView({ get: "x" } as never)).toThrow(
      "The method name get is not accepted as an option to Greeting.asView().",
    );
    expect(() => TemplateView.asView({ templateName: "ok.html" })).not.toThrow();
  });

  it("lists the allowed methods", () => {
    expect(new Greeting().allowedMethods()).toEqual(["GET", "POST", "HEAD", "OPTIONS"]);
    expect(new TemplateView().allowedMethods()).toEqual(["GET", "HEAD", "OPTIONS"]);
  });
});
