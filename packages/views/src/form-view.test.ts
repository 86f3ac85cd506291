// FormView through the test client with real templates: unbound GET, invalid and valid POSTs, prefix, initial, CSRF.
import { ImproperlyConfigured } from "@tango/core";
import { CharField, Form, IntegerField, ModelChoiceField } from "@tango/forms";
import type { Application, HttpResponse } from "@tango/http";
import { createModels } from "@tango/orm";
import { describeEachDatabase } from "@tango/orm/testing";
import { assertContains, Client, createTestApplication } from "@tango/testing";
import { path } from "@tango/urls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FormView } from "./form-view.js";
import { Author, Book, templateDir } from "./library.test.fixtures.js";

const BookForm = Form.with({
  title: new CharField({ maxLength: 20 }),
  year: new IntegerField({ required: false }),
  author: new ModelChoiceField(Author.objects.all(), {
    labelFromInstance: (a: Author) => a.name,
  }),
});

const received: Record<string, unknown>[] = [];

class SuggestView extends FormView {
  override templateName = "suggest.html";
  override formClass = BookForm;
  override successUrl: string | null = "/thanks/";
  override initial = { year: 2000 };

  override async formValid(form: Form): Promise<HttpResponse> {
    received.push({ ...form.cleanedData });
    return super.formValid(form);
  }
}

const dir = templateDir({
  "suggest.html": '<form method="post">{% csrf_token %}{{ form }}</form>',
});

describeEachDatabase("FormView", (ctx) => {
  let app: Application;
  let client: Client;
  let author: Author;

  beforeAll(async () => {
    await createModels(ctx.kysely, [Author, Book]);
    app = await createTestApplication({
      ROOT_URLCONF: [
        path("suggest/", SuggestView.asView()),
        path("prefixed/", SuggestView.asView({ prefix: "s" })),
        path("nowhere/", SuggestView.asView({ successUrl: null })),
      ],
      TEMPLATES: [{ DIRS: [dir], APP_DIRS: false }],
      LOGGING: { loggers: { "tango.request": "critical", "tango.security.csrf": "critical" } },
    });
    client = new Client(app);
    author = await Author.objects.create({ name: "Le Guin" });
  });
  afterAll(() => app.close());

  it("GET renders an unbound form with its initial values and loaded choices", async () => {
    const response = await client.get("/suggest/");
    expect(response.status).toBe(200);
    const html = response.text();
    expect(html).toContain('name="title"');
    expect(html).toContain('value="2000"');
    expect(html).toContain(`<option value="${author.id}">Le Guin</option>`);
    expect(html).not.toContain("errorlist");
  });

  it("an invalid POST renders the bound form with its errors, status 200", async () => {
    received.length = 0;
    const response = await client.post("/suggest/", { title: "x".repeat(30), year: "abc" });
    expect(response.status).toBe(200);
    assertContains(response, "errorlist");
    assertContains(response, "Ensure this value has at most 20 characters (it has 30).");
    assertContains(response, "Enter a whole number.");
    assertContains(response, "This field is required.");
    assertContains(response, `value="${"x".repeat(30)}"`);
    expect(received).toEqual([]);
  });

  it("a valid POST calls formValid and redirects to successUrl", async () => {
    received.length = 0;
    const response = await client.post("/suggest/", {
      title: "Earthsea",
      year: "1968",
      author: String(author.id),
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/thanks/");
    expect(received).toHaveLength(1);
    expect(received[0]?.title).toBe("Earthsea");
    expect(received[0]?.year).toBe(1968);
    expect((received[0]?.author as Author | undefined)?.id).toBe(author.id);
  });

  it("prefixes field names with prefix", async () => {
    assertContains(await client.get("/prefixed/"), 'name="s-title"');
    const ignored = await client.post("/prefixed/", { title: "No prefix", author: author.id });
    expect(ignored.status).toBe(200);
    const response = await client.post("/prefixed/", {
      "s-title": "Prefixed",
      "s-author": String(author.id),
    });
    expect(response.status).toBe(302);
  });

  it("without successUrl a valid form is a configuration error", async () => {
    await expect(
      client.post("/nowhere/", { title: "Lost", author: String(author.id) }),
    ).rejects.toThrow("No URL to redirect to. Provide a successUrl");
  });

  it("with CSRF enforced, posts the token from the rendered page", async () => {
    const strict = new Client(app, { enforceCsrfChecks: true });
    const data = { title: "Checked", author: String(author.id) };
    expect((await strict.post("/suggest/", data)).status).toBe(403);
    const page = (await strict.get("/suggest/")).text();
    const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(page)?.[1];
    expect(token).toBeTruthy();
    const response = await strict.post("/suggest/", { ...data, csrfmiddlewaretoken: token });
    expect(response.status).toBe(302);
  });
});

describe("FormView without a database", () => {
  it("requires a formClass", () => {
    const view = new FormView();
    expect(() => view.getFormClass()).toThrow(ImproperlyConfigured);
    expect(() => view.getFormClass()).toThrow("FormView has no form class.");
  });

  it("getInitial() copies initial; getFormKwargs() binds nothing outside a request", () => {
    const view = new SuggestView();
    const initial = view.getInitial();
    initial.year = 1;
    expect(view.initial).toEqual({ year: 2000 });
    expect(view.getFormKwargs()).toEqual({ initial: { year: 2000 } });
    expect(view.getForm().isBound).toBe(false);
  });
});
