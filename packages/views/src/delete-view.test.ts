// DeleteView as Django 4: a confirmation page with a form, validation before deletion, real templates on both databases.
import { BooleanField, Form } from "@tango/forms";
import type { Application } from "@tango/http";
import { createModels } from "@tango/orm";
import { describeEachDatabase } from "@tango/orm/testing";
import { assertContains, Client, createTestApplication } from "@tango/testing";
import { path } from "@tango/urls";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DeleteView } from "./delete-view.js";
import { Author, Book, templateDir } from "./library.test.fixtures.js";

class BookDelete extends DeleteView<Book> {
  override model = Book;
  override successUrl: string | null = "/books/";
}

const ConfirmForm = Form.with({ sure: new BooleanField() });

class CarefulBookDelete extends BookDelete {
  override formClass = ConfirmForm;
}

const dir = templateDir({
  "library/book_confirm_delete.html":
    '<form method="post">{% csrf_token %}<p>Delete "{{ book.title }}"?</p>{{ form }}</form>',
});

describeEachDatabase("DeleteView", (ctx) => {
  let app: Application;
  let client: Client;

  beforeAll(async () => {
    await createModels(ctx.kysely, [Author, Book]);
    app = await createTestApplication({
      ROOT_URLCONF: [
        path("books/<int:pk>/delete/", BookDelete.asView()),
        path("books/<int:pk>/careful-delete/", CarefulBookDelete.asView()),
      ],
      TEMPLATES: [{ DIRS: [dir], APP_DIRS: false }],
      LOGGING: { loggers: { "tango.request": "critical", "tango.security.csrf": "critical" } },
    });
    client = new Client(app);
  });
  afterAll(() => app.close());

  const book = () => Book.objects.create({ title: "Earthsea", slug: "earthsea", year: 1968 });

  it("GET renders the confirmation page with the object and an empty form", async () => {
    const { id } = await book();
    const response = await client.get(`/books/${id}/delete/`);
    expect(response.status).toBe(200);
    const html = response.text().replace(/\s+/g, "");
    expect(html).toMatch(
      /^<formmethod="post"><inputtype="hidden"name="csrfmiddlewaretoken"value="\w+">/,
    );
    expect(html).toMatch(/<p>Delete"Earthsea"\?<\/p><\/form>$/);
    expect((await client.get("/books/999999/delete/")).status).toBe(404);
  });

  it("POST validates the (empty) form, deletes and redirects", async () => {
    const { id } = await book();
    const response = await client.post(`/books/${id}/delete/`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/books/");
    expect(await Book.objects.filter({ pk: id }).exists()).toBe(false);
    expect((await client.post(`/books/${id}/delete/`)).status).toBe(404);
  });

  it("an invalid form renders the page again with its errors and deletes nothing", async () => {
    const { id } = await book();
    assertContains(await client.get(`/books/${id}/careful-delete/`), 'name="sure"');
    const refused = await client.post(`/books/${id}/careful-delete/`, {});
    expect(refused.status).toBe(200);
    assertContains(refused, "This field is required.");
    expect(await Book.objects.filter({ pk: id }).exists()).toBe(true);
    const accepted = await client.post(`/books/${id}/careful-delete/`, { sure: "on" });
    expect(accepted.status).toBe(302);
    expect(await Book.objects.filter({ pk: id }).exists()).toBe(false);
  });

  it("with CSRF enforced, the token from the confirmation page confirms", async () => {
    const { id } = await book();
    const strict = new Client(app, { enforceCsrfChecks: true });
    expect((await strict.post(`/books/${id}/delete/`)).status).toBe(403);
    const page = (await strict.get(`/books/${id}/delete/`)).text();
    const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(page)?.[1];
    expect(token).toBeTruthy();
    const response = await strict.post(`/books/${id}/delete/`, { csrfmiddlewaretoken: token });
    expect(response.status).toBe(302);
    expect(await Book.objects.filter({ pk: id }).exists()).toBe(false);
  });
});
