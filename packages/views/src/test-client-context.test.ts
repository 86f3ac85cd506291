// The test client's view of templates (response.templates, response.context), assertTemplateUsed()
// and assertQuerySetEqual(), through real views, templates and models, on PGlite and PostgreSQL.
import { type Application, HttpResponse } from "@tango/http";
import { createModels } from "@tango/orm";
import { describeEachDatabase } from "@tango/orm/testing";
import {
  AssertionFailed,
  assertQuerySetEqual,
  assertTemplateNotUsed,
  assertTemplateUsed,
  Client,
  createTestApplication,
} from "@tango/testing";
import { path } from "@tango/urls";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Author, Book, templateDir } from "./library.test.fixtures.js";
import { ListView } from "./list-view.js";
import { render } from "./render.js";

class AuthorList extends ListView<Author> {
  override model = Author;
  override templateName = "authors.html";
  override ordering = ["name"];
}

const dir = templateDir({
  "authors.html": "{% for a in object_list %}{{ a.name }};{% endfor %}",
  "hello.html": "Hello {{ name }}",
});

describeEachDatabase("test client: templates and context", (ctx) => {
  let app: Application;
  let client: Client;

  beforeAll(async () => {
    await createModels(ctx.kysely, [Author, Book]);
    app = await createTestApplication({
      ROOT_URLCONF: [
        path("authors/", AuthorList.asView()),
        path("hello/<str:name>/", (request, { name }: { name: string }) =>
          render(request, "hello.html", { name, later: Promise.resolve(42) }),
        ),
        path("plain/", () => new HttpResponse("no template")),
      ],
      TEMPLATES: [{ DIRS: [dir], APP_DIRS: false }],
    });
    client = new Client(app);
  });
  afterAll(() => app.close());

  it("records the templates rendered and their context, promises resolved", async () => {
    const response = await client.get("/hello/Ada/");
    expect(response.templates).toEqual(["hello.html"]);
    expect(response.context.name).toBe("Ada");
    expect(response.context.later).toBe(42);
    // The context processors' values are there too, as in Django.
    expect(response.context).toHaveProperty("csrf_token");
    assertTemplateUsed(response, "hello.html");
    assertTemplateUsed(response, "hello.html", { count: 1 });
    assertTemplateNotUsed(response, "authors.html");
    expect(() => assertTemplateUsed(response, "authors.html")).toThrow(
      "Template 'authors.html' was not a template used to render the response; it was used 0 time(s). Templates used to render the response: hello.html.",
    );
    expect(() => assertTemplateNotUsed(response, "hello.html")).toThrow(AssertionFailed);
  });

  it("has no templates and an empty context for a response without one", async () => {
    const response = await client.get("/plain/");
    expect(response.templates).toEqual([]);
    expect(response.context).toEqual({});
    expect(() => assertTemplateUsed(response, "hello.html")).toThrow(
      "No templates were used to render the response.",
    );
  });

  it("keeps concurrent requests' templates apart", async () => {
    const [a, b] = await Promise.all([client.get("/hello/A/"), client.get("/authors/")]);
    expect(a.templates).toEqual(["hello.html"]);
    expect(a.context.name).toBe("A");
    expect(b.templates).toEqual(["authors.html"]);
    expect(b.context.name).toBeUndefined();
  });

  it("assertQuerySetEqual() compares a context list or a QuerySet with model instances", async () => {
    const le = await Author.objects.create({ name: "Le Guin" });
    const ba = await Author.objects.create({ name: "Banks" });
    const response = await client.get("/authors/");
    await assertQuerySetEqual(response.context.object_list, [ba, le]);
    await assertQuerySetEqual(Author.objects.orderBy("name"), [ba, le]);
    await assertQuerySetEqual(Author.objects.all(), [le, ba], { ordered: false });
    await assertQuerySetEqual(Author.objects.orderBy("-name"), ["Le Guin", "Banks"], {
      transform: (a: Author) => a.name,
    });
    await expect(assertQuerySetEqual(response.context.object_list, [le, ba])).rejects.toThrow(
      `[<Author: Author object (${ba.id})>, <Author: Author object (${le.id})>] != [<Author: Author object (${le.id})>, <Author: Author object (${ba.id})>]`,
    );
    // An unsaved instance equals nothing, as in Django.
    await expect(
      assertQuerySetEqual([new Author({ name: "x" })], [new Author({ name: "x" })]),
    ).rejects.toThrow(AssertionFailed);
    await expect(assertQuerySetEqual(response.context.missing, [])).rejects.toThrow(
      "assertQuerySetEqual() needs a QuerySet or a list; got undefined.",
    );
  });
});
