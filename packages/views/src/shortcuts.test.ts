// The shortcuts: redirect() in all its forms, getObjectOr404() and getListOr404() on both databases.
import { Http404 } from "@tango/core";
import { type Application, type HttpRequest, HttpResponse } from "@tango/http";
import { createModels } from "@tango/orm";
import { describeEachDatabase } from "@tango/orm/testing";
import { Client, createTestApplication } from "@tango/testing";
import { NoReverseMatch, path, rePath } from "@tango/urls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getListOr404, getObjectOr404 } from "./get-object-or-404.js";
import { Author, Book } from "./library.test.fixtures.js";
import { redirect } from "./redirect.js";

const target = () => new HttpResponse("target");

function redirectsTo(make: () => HttpResponse) {
  return (_request: HttpRequest) => make();
}

describe("redirect()", () => {
  let app: Application;
  let client: Client;
  const author = new Author({ id: 7, name: "Ada" });

  beforeAll(async () => {
    app = await createTestApplication({
      ROOT_URLCONF: [
        path("", target, { name: "home" }),
        path("books/<int:id>/", target, { name: "book" }),
        rePath("^archive/([0-9]{4})/([0-9]{2})/$", target, { name: "archive" }),
        path(
          "to-url/",
          redirectsTo(() => redirect("/somewhere/")),
        ),
        path(
          "to-absolute/",
          redirectsTo(() => redirect("https://example.com/x")),
        ),
        path(
          "to-relative/",
          redirectsTo(() => redirect("../up/")),
        ),
        path(
          "to-name/",
          redirectsTo(() => redirect("home")),
        ),
        path(
          "to-kwargs/",
          redirectsTo(() => redirect("book", { id: 3 })),
        ),
        path(
          "to-args/",
          redirectsTo(() => redirect("archive", 2024, "05")),
        ),
        path(
          "to-object/",
          redirectsTo(() => redirect(author)),
        ),
        path(
          "to-view/",
          redirectsTo(() => redirect(target)),
        ),
        path(
          "permanent/",
          redirectsTo(() => redirect("book", { id: 3 }, { permanent: true })),
        ),
        path(
          "permanent-url/",
          redirectsTo(() => redirect("/x/", { permanent: true })),
        ),
        path(
          "preserve/",
          redirectsTo(() => redirect("/x/", { preserveRequest: true })),
        ),
        path(
          "dotted/",
          redirectsTo(() => redirect("example.com")),
        ),
        path(
          "unknown/",
          redirectsTo(() => redirect("no-such-route")),
        ),
      ],
      LOGGING: { loggers: { "tango.request": "critical" } },
    });
    client = new Client(app);
  });
  afterAll(() => app.close());

  async function location(url: string, status = 302): Promise<string | null> {
    const response = await client.get(url);
    expect(response.status).toBe(status);
    return response.headers.get("location");
  }

  it("redirects to a path, an absolute URL or a relative URL as given", async () => {
    expect(await location("/to-url/")).toBe("/somewhere/");
    expect(await location("/to-absolute/")).toBe("https://example.com/x");
    expect(await location("/to-relative/")).toBe("../up/");
  });

  it("reverses a route name, with a kwargs record or positional args", async () => {
    expect(await location("/to-name/")).toBe("/");
    expect(await location("/to-kwargs/")).toBe("/books/3/");
    expect(await location("/to-args/")).toBe("/archive/2024/05/");
  });

  it("uses an object's getAbsoluteUrl(), and reverses a view function", async () => {
    expect(await location("/to-object/")).toBe("/authors/7/");
    expect(await location("/to-view/")).toBe("/");
  });

  it("answers 301 with { permanent: true } and 307 with { preserveRequest: true }", async () => {
    expect(await location("/permanent/", 301)).toBe("/books/3/");
    expect(await location("/permanent-url/", 301)).toBe("/x/");
    expect(await location("/preserve/", 307)).toBe("/x/");
  });

  it("treats an unknown name with a dot as a URL, and throws NoReverseMatch otherwise", async () => {
    expect(await location("/dotted/")).toBe("example.com");
    await expect(client.get("/unknown/")).rejects.toBeInstanceOf(NoReverseMatch);
  });
});

describeEachDatabase("getObjectOr404() and getListOr404()", (ctx) => {
  beforeAll(async () => {
    await createModels(ctx.kysely, [Author, Book]);
  });

  it("returns the object from a model, a manager or a QuerySet", async () => {
    const book = await Book.objects.create({ title: "Dune", slug: "dune", year: 1965 });
    expect((await getObjectOr404(Book, { pk: book.id })).title).toBe("Dune");
    expect((await getObjectOr404(Book.objects, { slug: "dune" })).id).toBe(book.id);
    expect((await getObjectOr404(Book.objects.filter({ year: 1965 }))).id).toBe(book.id);
  });

  it("throws Http404 naming the model when nothing matches", async () => {
    const error = await getObjectOr404(Book, { pk: 424242 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Http404);
    expect((error as Http404).message).toBe("No Book matches the given query.");
    await expect(getObjectOr404(Book.objects.filter({ year: 1 }), { slug: "x" })).rejects.toThrow(
      "No Book matches the given query.",
    );
  });

  it("lets MultipleObjectsReturned through", async () => {
    await Book.objects.create({ title: "A", slug: "a", year: 2000 });
    await Book.objects.create({ title: "B", slug: "b", year: 2000 });
    await expect(getObjectOr404(Book, { year: 2000 })).rejects.toBeInstanceOf(
      Book.MultipleObjectsReturned,
    );
  });

  it("getListOr404() returns the matches, or Http404 when there are none", async () => {
    await Book.objects.create({ title: "A", slug: "a", year: 2000 });
    await Book.objects.create({ title: "B", slug: "b", year: 2000 });
    const books = await getListOr404(Book.objects.orderBy("title"), { year: 2000 });
    expect(books.map((b) => b.title)).toEqual(["A", "B"]);
    await expect(getListOr404(Book, { year: 1999 })).rejects.toThrow(
      new Http404("No Book matches the given query."),
    );
  });

  it("refuses what is not a model, a manager or a QuerySet", async () => {
    await expect(getObjectOr404("Book" as never)).rejects.toThrow(
      "First argument to getObjectOr404() must be a Model, Manager, or QuerySet, not 'string'.",
    );
  });
});
