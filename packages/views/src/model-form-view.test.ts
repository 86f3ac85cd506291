// CreateView and UpdateView through the test client with real templates on both databases.
import { ImproperlyConfigured } from "@tango/core";
import { ModelForm } from "@tango/forms";
import type { Application } from "@tango/http";
import { createModels } from "@tango/orm";
import { describeEachDatabase } from "@tango/orm/testing";
import { assertContains, assertNotContains, Client, createTestApplication } from "@tango/testing";
import { path } from "@tango/urls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateView } from "./create-view.js";
import { Author, Book, templateDir } from "./library.test.fixtures.js";
import { UpdateView } from "./update-view.js";

class BookCreate extends CreateView<Book> {
  override model = Book;
  override fields = ["title", "slug", "year"];
  override successUrl: string | null = "/books/{id}/";
}

class AuthorCreate extends CreateView<Author> {
  override model = Author;
  override fields: readonly string[] | "__all__" | null = "__all__";
}

class BookUpdate extends UpdateView<Book> {
  override model = Book;
  override fields = ["title", "year", "author"];
  override successUrl: string | null = "/books/%(slug)s/";
}

class ShoutingBookForm extends ModelForm.for(Book, { fields: ["title", "slug"] }) {
  cleanTitle() {
    return String(this.cleanedData.title).toUpperCase();
  }
}

class ShoutingBookCreate extends CreateView<Book> {
  override model = Book;
  override formClass = ShoutingBookForm;
  override successUrl: string | null = "/books/";
}

const dir = templateDir({
  "library/book_form.html": [
    "{% if object %}<h1>Edit {{ book.title }}</h1>{% else %}<h1>New book</h1>{% endif %}",
    '<form method="post">{% csrf_token %}{{ form }}</form>',
  ].join(""),
  "library/author_form.html": '<form method="post">{% csrf_token %}{{ form }}</form>',
});

describeEachDatabase("CreateView and UpdateView", (ctx) => {
  let app: Application;
  let client: Client;

  beforeAll(async () => {
    await createModels(ctx.kysely, [Author, Book]);
    app = await createTestApplication({
      ROOT_URLCONF: [
        path("books/add/", BookCreate.asView()),
        path("books/add-nowhere/", BookCreate.asView({ successUrl: null })),
        path("books/add-shouting/", ShoutingBookCreate.asView()),
        path("authors/add/", AuthorCreate.asView()),
        path("books/<int:pk>/edit/", BookUpdate.asView()),
        path("books/<slug:slug>/edit/", BookUpdate.asView()),
      ],
      TEMPLATES: [{ DIRS: [dir], APP_DIRS: false }],
      LOGGING: { loggers: { "tango.request": "critical", "tango.security.csrf": "critical" } },
    });
    client = new Client(app);
  });
  afterAll(() => app.close());

  it("CreateView: GET renders library/book_form.html with an empty form", async () => {
    const response = await client.get("/books/add/");
    expect(response.status).toBe(200);
    assertContains(response, "<h1>New book</h1>");
    assertContains(response, 'name="title"');
    assertContains(response, 'name="slug"');
    assertContains(response, 'name="year"');
    assertNotContains(response, 'name="author"');
    assertNotContains(response, "errorlist");
  });

  it("CreateView: an invalid POST renders the errors with status 200 and creates nothing", async () => {
    const before = await Book.objects.count();
    const response = await client.post("/books/add/", { title: "", slug: "not a slug!" });
    expect(response.status).toBe(200);
    assertContains(response, "This field is required.");
    assertContains(response, "errorlist");
    expect(await Book.objects.count()).toBe(before);
  });

  it("CreateView: a valid POST creates the row and redirects to successUrl filled from it", async () => {
    const response = await client.post("/books/add/", {
      title: "The Dispossessed",
      slug: "dispossessed",
      year: "1974",
    });
    expect(response.status).toBe(302);
    const book = await Book.objects.get({ slug: "dispossessed" });
    expect(book.title).toBe("The Dispossessed");
    expect(book.year).toBe(1974);
    expect(response.headers.get("location")).toBe(`/books/${book.id}/`);
  });

  it("CreateView: without successUrl redirects to getAbsoluteUrl(), else fails clearly", async () => {
    const response = await client.post("/authors/add/", { name: "Butler" });
    expect(response.status).toBe(302);
    const author = await Author.objects.get({ name: "Butler" });
    expect(response.headers.get("location")).toBe(`/authors/${author.id}/`);
    await expect(
      client.post("/books/add-nowhere/", { title: "Kindred", slug: "kindred", year: "1979" }),
    ).rejects.toThrow(
      "No URL to redirect to. Either provide a url or define a getAbsoluteUrl() method on the Model",
    );
  });

  it("CreateView: a formClass of your own is used, with its clean hooks", async () => {
    const response = await client.post("/books/add-shouting/", { title: "lathe", slug: "lathe" });
    expect(response.status).toBe(302);
    expect((await Book.objects.get({ slug: "lathe" })).title).toBe("LATHE");
  });

  it("UpdateView: GET renders the object's form with object and <model> in the context", async () => {
    const author = await Author.objects.create({ name: "Le Guin" });
    const book = await Book.objects.create({
      title: "Earthsea",
      slug: "earthsea",
      year: 1968,
      author,
    });
    const response = await client.get(`/books/${book.id}/edit/`);
    expect(response.status).toBe(200);
    assertContains(response, "<h1>Edit Earthsea</h1>");
    assertContains(response, 'value="Earthsea"');
    assertContains(response, 'value="1968"');
    expect(response.text()).toMatch(new RegExp(`<option value="${author.id}" selected>`));
    expect((await client.get("/books/earthsea/edit/")).status).toBe(200);
  });

  it("UpdateView: answers 404 when nothing matches", async () => {
    expect((await client.get("/books/999999/edit/")).status).toBe(404);
    expect((await client.post("/books/999999/edit/", { title: "x" })).status).toBe(404);
    expect((await client.get("/books/nope/edit/")).status).toBe(404);
  });

  it("UpdateView: an invalid POST renders the errors and changes nothing", async () => {
    const book = await Book.objects.create({ title: "Lavinia", slug: "lavinia", year: 2008 });
    const response = await client.post(`/books/${book.id}/edit/`, { title: "", year: "soon" });
    expect(response.status).toBe(200);
    assertContains(response, "This field is required.");
    assertContains(response, "Enter a whole number.");
    expect((await Book.objects.get({ pk: book.id })).title).toBe("Lavinia");
  });

  it("UpdateView: a valid POST saves the row and redirects to successUrl filled from it", async () => {
    const author = await Author.objects.create({ name: "Ursula" });
    const book = await Book.objects.create({ title: "Always", slug: "always", year: 1 });
    const response = await client.post(`/books/${book.id}/edit/`, {
      title: "Always Coming Home",
      year: "1985",
      author: String(author.id),
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/books/always/");
    const saved = await Book.objects.get({ pk: book.id });
    expect(saved.title).toBe("Always Coming Home");
    expect(saved.year).toBe(1985);
    expect(saved.authorId).toBe(author.id);
    expect(saved.slug).toBe("always");
    expect(await Book.objects.filter({ slug: "always" }).count()).toBe(1);
  });

  it("with CSRF enforced, the token from the rendered form is accepted", async () => {
    const strict = new Client(app, { enforceCsrfChecks: true });
    const data = { title: "Tehanu", slug: "tehanu", year: "1990" };
    expect((await strict.post("/books/add/", data)).status).toBe(403);
    const page = (await strict.get("/books/add/")).text();
    const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(page)?.[1];
    expect(token).toBeTruthy();
    const response = await strict.post("/books/add/", { ...data, csrfmiddlewaretoken: token });
    expect(response.status).toBe(302);
    expect(await Book.objects.filter({ slug: "tehanu" }).exists()).toBe(true);
  });
});

describe("CreateView and UpdateView configuration", () => {
  it("require fields or formClass, not both", () => {
    class Bare extends CreateView<Book> {
      override model = Book;
    }
    expect(() => new Bare().getFormClass()).toThrow(ImproperlyConfigured);
    expect(() => new Bare().getFormClass()).toThrow(
      "Using ModelFormMixin (base class of Bare) without the 'fields' attribute is prohibited.",
    );
    class Both extends BookCreate {
      override formClass = ShoutingBookForm;
    }
    expect(() => new Both().getFormClass()).toThrow(
      "Specifying both 'fields' and 'formClass' is not permitted.",
    );
  });

  it("name the template <app>/<model>_form.html", () => {
    expect(new BookCreate().getTemplateNames()).toEqual(["library/book_form.html"]);
    expect(new BookUpdate().getTemplateNames()).toEqual(["library/book_form.html"]);
  });
});
