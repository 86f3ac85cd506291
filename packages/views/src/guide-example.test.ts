// Examples of docs/topics/views.md, kept here so the guide stays runnable and type-checks.
import { type Application, type HttpRequest, HttpResponse } from "@tango/http";
import { createModels } from "@tango/orm";
import { describeEachDatabase } from "@tango/orm/testing";
import { Client, createTestApplication } from "@tango/testing";
import { path } from "@tango/urls";
import { afterAll, beforeAll, expect, it } from "vitest";
import { neverCache } from "./decorators/cache-control.js";
import { condition } from "./decorators/condition.js";
import { requirePOST } from "./decorators/require-http-methods.js";
import { Author, Book } from "./library.test.fixtures.js";
import { Paginator } from "./paginator.js";
import { View } from "./view.js";

class GreetingView extends View {
  greeting = "Good day";

  get(_request: HttpRequest, kwargs: Record<string, unknown>) {
    return new HttpResponse(`${this.greeting}, ${String(kwargs.name ?? "you")}`);
  }
}

const latestChange = async () => (await Book.objects.latest("year")).year;

// A function view paging a QuerySet, answering JSON instead of rendering a template.
async function archive(request: HttpRequest) {
  const paginator = new Paginator(Book.objects.orderBy("-year"), 2, { orphans: 1 });
  const page = await paginator.getPage(request.GET.get("page"));
  return new HttpResponse(
    JSON.stringify({
      titles: page.objectList.map((book) => book.title),
      range: paginator.getElidedPageRange(page.number),
    }),
  );
}

export const vote = requirePOST(async (_request: HttpRequest, { id }: { id: number }) => {
  return new HttpResponse(`voted ${id}`);
});

describeEachDatabase("the views guide", (ctx) => {
  let app: Application;
  let client: Client;

  beforeAll(async () => {
    await createModels(ctx.kysely, [Author, Book]);
    app = await createTestApplication({
      ROOT_URLCONF: [
        path("hello/", GreetingView.asView()),
        path("morning/<name>/", GreetingView.asView({ greeting: "Morning to you" })),
        path("private/", neverCache(GreetingView.asView())),
        path("archive/", archive),
        path("vote/<int:id>/", vote),
        path(
          "fresh/",
          condition({ lastModified: async () => new Date(Date.UTC(await latestChange(), 0, 1)) })(
            archive,
          ),
        ),
      ],
    });
    client = new Client(app);
  });
  afterAll(() => app.close());

  it("routes a class-based view with and without asView() options", async () => {
    expect((await client.get("/hello/")).text()).toBe("Good day, you");
    expect((await client.get("/morning/Ada/")).text()).toBe("Morning to you, Ada");
  });

  it("decorates what asView() returns", async () => {
    const response = await client.get("/private/");
    expect(response.text()).toBe("Good day, you");
    expect(response.headers.get("cache-control")).toContain("no-store");
    expect((await client.post("/private/")).status).toBe(405);
  });

  it("pages a QuerySet in a function view", async () => {
    for (let year = 2001; year <= 2005; year++) {
      await Book.objects.create({ title: `B${year}`, slug: `b${year}`, year });
    }
    const body = JSON.parse((await client.get("/archive/?page=9")).text());
    expect(body).toEqual({ titles: ["B2003", "B2002", "B2001"], range: [1, 2] });
    const fresh = await client.get("/fresh/");
    expect(fresh.headers.get("last-modified")).toBe("Sat, 01 Jan 2005 00:00:00 GMT");
  });

  it("requires POST for the vote view", async () => {
    expect((await client.get("/vote/3/")).status).toBe(405);
    expect((await client.post("/vote/3/")).text()).toBe("voted 3");
  });
});
