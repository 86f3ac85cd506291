// Rendering through @tango/templates: render(), TemplateView, ListView (with Page in templates) and DetailView.
import { type Application, type HttpRequest, HttpResponse } from "@tango/http";
import { createModels } from "@tango/orm";
import { describeEachDatabase } from "@tango/orm/testing";
import { assertContains, Client, createTestApplication } from "@tango/testing";
import { path } from "@tango/urls";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DetailView } from "./detail-view.js";
import { Author, Book, templateDir } from "./library.test.fixtures.js";
import { ListView } from "./list-view.js";
import { render } from "./render.js";
import { TemplateView } from "./template-view.js";

const dir = templateDir({
  "hello.html": "<h1>Hello, {{ name }}!</h1>",
  "about.html": "<p>{{ section }} by {{ view.templateName }}; {{ extra }}</p>",
  "library/book_list.html": [
    "{% for book in book_list %}<li>{{ book.title }}</li>{% endfor %}",
    "<p>{{ page_obj.number }}/{{ paginator.num_pages }} of {{ paginator.count }}</p>",
    "{% if page_obj.has_next %}<a>next {{ page_obj.next_page_number }}</a>{% endif %}",
    "{% if page_obj.hasPrevious() %}<a>prev {{ page_obj.previousPageNumber() }}</a>{% endif %}",
    "<p>{{ page_obj.start_index }}-{{ page_obj.end_index }}</p>",
  ].join("\n"),
  "library/book_detail.html": "<h1>{{ book.title }}</h1><p>{{ object.year }}</p>",
});

function hello(request: HttpRequest) {
  return render(request, "hello.html", { name: request.GET.get("name") ?? "<world>" });
}

function teapot(request: HttpRequest) {
  return render(
    request,
    ["missing.html", "hello.html"],
    { name: "tea" },
    {
      status: 418,
      contentType: "text/plain; charset=utf-8",
    },
  );
}

class BookList extends ListView<Book> {
  override model = Book;
  override ordering = "year";
  override paginateBy = 2;
}

class BookDetail extends DetailView<Book> {
  override model = Book;
}

describeEachDatabase("rendering views", (ctx) => {
  let app: Application;
  let client: Client;

  beforeAll(async () => {
    await createModels(ctx.kysely, [Author, Book]);
    app = await createTestApplication({
      ROOT_URLCONF: [
        path("hello/", hello),
        path("teapot/", teapot),
        path(
          "about/<section>/",
          TemplateView.asView({ templateName: "about.html", extraContext: { extra: "more" } }),
        ),
        path("books/", BookList.asView()),
        path("books/<int:pk>/", BookDetail.asView()),
        path("plain/", () => new HttpResponse("plain")),
      ],
      TEMPLATES: [{ DIRS: [dir], APP_DIRS: false }],
    });
    client = new Client(app);
  });
  afterAll(() => app.close());

  it("render() answers HTML, escaping the context", async () => {
    const response = await client.get("/hello/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    assertContains(response, "<h1>Hello, &lt;world&gt;!</h1>", { html: true });
  });

  it("render() takes a list of templates, a status and a content type", async () => {
    const response = await client.get("/teapot/");
    expect(response.status).toBe(418);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.text()).toContain("Hello, tea!");
  });

  it("TemplateView renders with the URL kwargs, the view and extraContext", async () => {
    const response = await client.get("/about/history/");
    expect(response.text()).toBe("<p>history by about.html; more</p>");
  });

  it("ListView renders a page, with Page usable the Django way and the JavaScript way", async () => {
    for (let i = 1; i <= 5; i++) {
      await Book.objects.create({ title: `Book ${i}`, slug: `b${i}`, year: 2000 + i });
    }
    const second = (await client.get("/books/?page=2")).text();
    expect(second).toContain("<li>Book 3</li><li>Book 4</li>");
    expect(second).not.toContain("Book 5");
    expect(second).toContain("<p>2/3 of 5</p>");
    expect(second).toContain("<a>next 3</a>");
    expect(second).toContain("<a>prev 1</a>");
    expect(second).toContain("<p>3-4</p>");
    const last = (await client.get("/books/?page=last")).text();
    expect(last).not.toContain("next");
    expect((await client.get("/books/?page=9")).status).toBe(404);
  });

  it("DetailView renders the object under object and its model name", async () => {
    const book = await Book.objects.create({ title: "Dune", slug: "dune", year: 1965 });
    const response = await client.get(`/books/${book.id}/`);
    expect(response.text()).toBe("<h1>Dune</h1><p>1965</p>");
  });
});
