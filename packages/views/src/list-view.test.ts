// ListView on both databases: QuerySet sources, ordering, context names, template names, pagination and 404s.
import { Http404 } from "@tango/core";
import type { Application } from "@tango/http";
import { createModels } from "@tango/orm";
import { assertNumQueries, describeEachDatabase } from "@tango/orm/testing";
import { Client, createTestApplication } from "@tango/testing";
import { path } from "@tango/urls";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Author, Book, jsonContext } from "./library.test.fixtures.js";
import { ListView } from "./list-view.js";

class BookList extends ListView<Book> {
  override model = Book;
  override ordering = "year";
  override async renderToResponse(context: Record<string, unknown>) {
    return jsonContext(this, context);
  }
}

class PagedBooks extends BookList {
  override paginateBy = 2;
}

class Recent extends BookList {
  override templateName = "library/recent.html";
  override contextObjectName = "recent";
  override getQueryset() {
    return Book.objects.filter({ year__gte: 2003 }).orderBy("-year");
  }
}

const urls = [
  path("books/", BookList.asView()),
  path("paged/", PagedBooks.asView()),
  path("paged/<page>/", PagedBooks.asView()),
  path("orphans/", PagedBooks.asView({ paginateOrphans: 1 })),
  path("strict/", BookList.asView({ allowEmpty: false })),
  path("strict-paged/", PagedBooks.asView({ allowEmpty: false })),
  path("recent/", Recent.asView()),
  path("array/", BookList.asView({ queryset: [] })),
  path("bypage/", PagedBooks.asView({ pageKwarg: "p" })),
];

describeEachDatabase("ListView", (ctx) => {
  let app: Application;
  let client: Client;

  beforeAll(async () => {
    await createModels(ctx.kysely, [Author, Book]);
    app = await createTestApplication({ ROOT_URLCONF: urls });
    client = new Client(app);
  });
  afterAll(() => app.close());

  beforeEach(async () => {
    for (let i = 1; i <= 5; i++) {
      await Book.objects.create({ title: `Book ${i}`, slug: `book-${i}`, year: 2000 + i });
    }
  });

  async function json(url: string) {
    const response = await client.get(url);
    expect(response.status).toBe(200);
    return response.json() as { templates: string[]; context: Record<string, unknown> };
  }

  it("lists every object as an array under object_list and <model>_list", async () => {
    const { templates, context } = await json("/books/");
    expect(templates).toEqual(["library/book_list.html"]);
    const ids = (await Book.objects.orderBy("year")).map((b) => `Book:${b.id}`);
    expect(context.object_list).toEqual(ids);
    expect(context.book_list).toEqual(ids);
    expect(context).toMatchObject({
      paginator: null,
      page_obj: null,
      is_paginated: false,
      view: "<view>",
    });
  });

  it("evaluates the QuerySet once, before rendering", async () => {
    await assertNumQueries(1, () => client.get("/books/"));
  });

  it("uses getQueryset(), templateName and contextObjectName when given", async () => {
    const { templates, context } = await json("/recent/");
    expect(templates).toEqual(["library/recent.html", "library/book_list.html"]);
    expect((context.recent as string[]).length).toBe(3);
    expect(context.recent).toEqual(context.object_list);
    expect(context).not.toHaveProperty("book_list");
  });

  it("paginates from the query parameter", async () => {
    const first = await json("/paged/");
    expect(first.context.object_list).toHaveLength(2);
    expect(first.context).toMatchObject({ page_obj: "<Page 1 of 3>", is_paginated: true });
    expect(first.context.paginator).toEqual({ count: 5, numPages: 3 });
    expect((await json("/paged/?page=3")).context.object_list).toHaveLength(1);
    expect((await json("/paged/?page=last")).context.page_obj).toBe("<Page 3 of 3>");
    expect((await json("/bypage/?p=2")).context.page_obj).toBe("<Page 2 of 3>");
  });

  it("paginates from the URL kwarg", async () => {
    expect((await json("/paged/2/")).context.page_obj).toBe("<Page 2 of 3>");
  });

  it("runs a count and a page query when paginating", async () => {
    await assertNumQueries(2, () => client.get("/paged/?page=2"));
  });

  it("folds orphans into the last page", async () => {
    const { context } = await json("/orphans/?page=2");
    expect(context.page_obj).toBe("<Page 2 of 2>");
    expect(context.object_list).toHaveLength(3);
  });

  it("answers 404 for a page out of range or not a number", async () => {
    const missing = await client.get("/paged/?page=4");
    expect(missing.status).toBe(404);
    const zero = await client.get("/paged/?page=0");
    expect(zero.status).toBe(404);
    expect((await client.get("/paged/?page=abc")).status).toBe(404);
    expect((await client.get("/paged/nope/")).status).toBe(404);
  });

  it("answers 404 for an empty list only when allowEmpty is false", async () => {
    await Book.objects.all().delete();
    expect((await client.get("/books/")).status).toBe(200);
    expect((await client.get("/paged/")).status).toBe(200);
    expect((await client.get("/strict/")).status).toBe(404);
    expect((await client.get("/strict-paged/")).status).toBe(404);
    expect((await client.get("/array/")).status).toBe(200);
  });

  it("shows the list when allowEmpty is false and there are objects, in one query", async () => {
    await assertNumQueries(1, () => client.get("/strict/"));
    expect((await client.get("/strict/")).status).toBe(200);
    expect((await client.get("/strict-paged/")).status).toBe(200);
  });
});

describe("ListView without a database", () => {
  it("requires a model, a queryset or getQueryset()", () => {
    class Nothing extends ListView {}
    expect(() => new Nothing().getQueryset()).toThrow(
      "Nothing is missing a QuerySet. Define Nothing.model, Nothing.queryset, or override Nothing.getQueryset().",
    );
  });

  it("names templates from the model, after templateName", () => {
    const view = new BookList();
    expect(view.getTemplateNames()).toEqual(["library/book_list.html"]);
    view.templateName = "mine.html";
    view.templateNameSuffix = "_index";
    expect(view.getTemplateNames()).toEqual(["mine.html", "library/book_index.html"]);
  });

  it("requires templateName when there is no model", () => {
    class Plain extends ListView {
      override queryset = [1, 2] as never[];
    }
    expect(() => new Plain().getTemplateNames()).toThrow(
      "Plain requires either a definition of 'templateName' or an implementation of 'getTemplateNames()'.",
    );
  });

  it("turns invalid pages into Http404 with Django's messages", async () => {
    const view = new PagedBooks();
    view.kwargs = { page: 9 };
    const books = [new Book(), new Book(), new Book()];
    await expect(view.paginateQueryset(books, 2)).rejects.toThrow(
      new Http404("Invalid page (9): That page contains no results"),
    );
    view.kwargs = { page: "x" };
    await expect(view.paginateQueryset(books, 2)).rejects.toThrow(
      "Page is not “last”, nor can it be converted to an int.",
    );
    view.kwargs = { page: "last" };
    const [, page, objects, isPaginated] = await view.paginateQueryset(books, 2);
    expect([page.number, objects.length, isPaginated]).toEqual([2, 1, true]);
  });

  it("names the context list after the model", () => {
    expect(new BookList().getContextObjectName(Book.objects.all())).toBe("book_list");
    expect(new ListView().getContextObjectName([1])).toBeNull();
  });
});
