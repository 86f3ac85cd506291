// DetailView and DeleteView on both databases: lookups by pk and slug, 404s, context, templates, deletion.
import { ImproperlyConfigured } from "@tango/core";
import type { Application } from "@tango/http";
import { createModels } from "@tango/orm";
import { assertNumQueries, describeEachDatabase } from "@tango/orm/testing";
import { Client, createTestApplication } from "@tango/testing";
import { path } from "@tango/urls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeleteView } from "./delete-view.js";
import { DetailView } from "./detail-view.js";
import { Author, Book, jsonContext } from "./library.test.fixtures.js";

class BookDetail extends DetailView<Book> {
  override model = Book;
  override async renderToResponse(context: Record<string, unknown>) {
    return jsonContext(this, context);
  }
}

class OldBook extends BookDetail {
  override contextObjectName = "book_obj";
  override templateName = "library/old.html";
  override getQueryset() {
    return Book.objects.filter({ year__lt: 1900 });
  }
}

class BookDelete extends DeleteView<Book> {
  override model = Book;
  override successUrl: string | null = "/authors/{authorId}/";
  override async renderToResponse(context: Record<string, unknown>) {
    return jsonContext(this, context);
  }
}

const urls = [
  path("books/<int:pk>/delete/", BookDelete.asView()),
  path("books/<int:pk>/delete-nowhere/", BookDelete.asView({ successUrl: null })),
  path("books/<int:pk>/", BookDetail.asView()),
  path("books/by-slug/<slug:slug>/", BookDetail.asView()),
  path("books/<int:pk>/<slug:slug>/", BookDetail.asView({ queryPkAndSlug: true })),
  path("code/<slug:code>/", BookDetail.asView({ slugUrlKwarg: "code" })),
  path("old/<int:pk>/", OldBook.asView()),
  path("nokwargs/", BookDetail.asView()),
];

describeEachDatabase("DetailView and DeleteView", (ctx) => {
  let app: Application;
  let client: Client;
  let author: Author;
  let book: Book;

  beforeAll(async () => {
    await createModels(ctx.kysely, [Author, Book]);
    app = await createTestApplication({
      ROOT_URLCONF: urls,
      LOGGING: { loggers: { "tango.request": "critical" } },
    });
    client = new Client(app);
  });
  afterAll(() => app.close());

  async function json(url: string) {
    const response = await client.get(url);
    expect(response.status).toBe(200);
    return response.json() as { templates: string[]; context: Record<string, unknown> };
  }

  async function seed(): Promise<void> {
    author = await Author.objects.create({ name: "Le Guin" });
    book = await Book.objects.create({ title: "Earthsea", slug: "earthsea", year: 1968, author });
  }

  it("finds the object by pk, puts it under object and <model>, names the template", async () => {
    await seed();
    const response = await assertNumQueries(1, () => client.get(`/books/${book.id}/`));
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({
      templates: ["library/book_detail.html"],
      context: { object: `Book:${book.id}`, book: `Book:${book.id}`, view: "<view>" },
    });
  });

  it("finds the object by slug, or by a slug kwarg of another name", async () => {
    await seed();
    expect((await json("/books/by-slug/earthsea/")).context.object).toBe(`Book:${book.id}`);
    expect((await json("/code/earthsea/")).context.object).toBe(`Book:${book.id}`);
  });

  it("answers 404 naming the model when nothing matches", async () => {
    await seed();
    expect((await client.get("/books/999999/")).status).toBe(404);
    expect((await client.get("/books/by-slug/nope/")).status).toBe(404);
    expect((await client.get(`/books/${book.id}/wrong-slug/`)).status).toBe(404);
    expect((await client.get(`/books/${book.id}/earthsea/`)).status).toBe(200);
    const view = new BookDetail();
    view.kwargs = { pk: 999999 };
    await expect(view.getObject()).rejects.toThrow("No book found matching the query");
  });

  it("uses getQueryset(), contextObjectName and templateName", async () => {
    await seed();
    expect((await client.get(`/old/${book.id}/`)).status).toBe(404);
    const older = await Book.objects.create({ title: "Dune", slug: "dune", year: 1865 });
    const { templates, context } = await json(`/old/${older.id}/`);
    expect(templates).toEqual(["library/old.html", "library/book_detail.html"]);
    expect(context.book_obj).toBe(`Book:${older.id}`);
    expect(context).not.toHaveProperty("book");
  });

  it("fails clearly without a pk or slug in the URL", async () => {
    const view = new BookDetail();
    view.kwargs = {};
    await expect(view.getObject()).rejects.toThrow(
      "Generic detail view BookDetail must be called with either an object pk or a slug in the URLconf.",
    );
    // The test client re-raises what a view throws (the Handler would answer 500).
    await expect(client.get("/nokwargs/")).rejects.toBeInstanceOf(ImproperlyConfigured);
  });

  it("DeleteView: GET shows the confirmation template with the object", async () => {
    await seed();
    const { templates, context } = await json(`/books/${book.id}/delete/`);
    expect(templates).toEqual(["library/book_confirm_delete.html"]);
    expect(context.object).toBe(`Book:${book.id}`);
    expect(await Book.objects.filter({ pk: book.id }).exists()).toBe(true);
  });

  it("DeleteView: POST deletes and redirects to successUrl filled from the object", async () => {
    await seed();
    const response = await client.post(`/books/${book.id}/delete/`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/authors/${author.id}/`);
    expect(await Book.objects.filter({ pk: book.id }).exists()).toBe(false);
    expect((await client.post(`/books/${book.id}/delete/`)).status).toBe(404);
  });

  it("DeleteView: the DELETE method deletes too; no successUrl is a configuration error", async () => {
    await seed();
    expect((await client.delete(`/books/${book.id}/delete/`)).status).toBe(302);
    await seed();
    await expect(client.post(`/books/${book.id}/delete-nowhere/`)).rejects.toThrow(
      "No URL to redirect to. Provide a successUrl (set BookDelete.successUrl or override getSuccessUrl()).",
    );
    expect(await Book.objects.filter({ pk: book.id }).exists()).toBe(true);
  });
});

describe("DetailView without a database", () => {
  it("requires a model, a queryset or getQueryset()", () => {
    class Nothing extends DetailView {}
    expect(() => new Nothing().getQueryset()).toThrow("Nothing is missing a QuerySet.");
  });

  it("names templates from templateName, templateNameField and the model", () => {
    const view = new BookDetail();
    expect(view.getTemplateNames()).toEqual(["library/book_detail.html"]);
    view.object = new Book({ title: "custom.html" });
    view.templateNameField = "title";
    expect(view.getTemplateNames()).toEqual(["custom.html", "library/book_detail.html"]);
    expect(new BookDelete().getTemplateNames()).toEqual(["library/book_confirm_delete.html"]);
  });
});
