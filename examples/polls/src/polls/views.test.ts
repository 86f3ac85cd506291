// The polls views through the in-process test client, on PGlite and on PostgreSQL (Django's tutorial, part 5).
import type { Application } from "@tango/http";
import { assertNumQueries, describeEachDatabase } from "@tango/orm/testing";
import { assertContains, assertNotContains, assertRedirects, Client } from "@tango/testing";
import { reverse } from "@tango/urls";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Choice, Question } from "./models.js";
import { createQuestion, migratedTestApplication } from "./test-support.js";

describeEachDatabase("polls views", () => {
  let app: Application;
  let client: Client;

  beforeAll(async () => {
    app = await migratedTestApplication();
    client = new Client(app);
  });

  afterAll(async () => {
    await app.close();
  });

  // Each test runs in a transaction rolled back after it; start it without the sample poll.
  beforeEach(async () => {
    await Question.objects.all().delete();
  });

  const url = (name: "index" | "api-questions") => reverse(`polls:${name}`);
  const pageOf = (name: "detail" | "results", question: Question) =>
    reverse(`polls:${name}`, { args: [question.id] });
  const voteUrl = (question: Question) => reverse("polls:vote", { args: [question.id] });

  /** The question texts the index page links to, in page order. */
  const listed = (html: string) =>
    [...html.matchAll(/<li><a href="[^"]+">([^<]+)<\/a><\/li>/g)].map((m) => m[1]);

  it("redirects the front page to the polls", async () => {
    const response = await client.get("/");
    await assertRedirects(response, "/polls/");
  });

  describe("IndexView", () => {
    it("says so when no polls exist", async () => {
      const response = await client.get(url("index"));
      expect(response.status).toBe(200);
      assertContains(response, "No polls are available.");
      expect(listed(response.text())).toEqual([]);
    });

    it("shows questions with a pubDate in the past", async () => {
      const question = await createQuestion("Past question.", -30);
      const response = await client.get(url("index"));
      assertContains(response, `<a href="/polls/${question.id}/">Past question.</a>`, {
        html: true,
      });
    });

    it("does not show questions with a pubDate in the future", async () => {
      await createQuestion("Future question.", 30);
      const response = await client.get(url("index"));
      assertContains(response, "No polls are available.");
      assertNotContains(response, "Future question.");
    });

    it("shows only past questions when past and future ones exist", async () => {
      await createQuestion("Past question.", -30);
      await createQuestion("Future question.", 30);
      const response = await client.get(url("index"));
      expect(listed(response.text())).toEqual(["Past question."]);
    });

    it("may display multiple questions, newest first", async () => {
      await createQuestion("Past question 1.", -30);
      await createQuestion("Past question 2.", -5);
      const response = await client.get(url("index"));
      expect(listed(response.text())).toEqual(["Past question 2.", "Past question 1."]);
    });

    it("shows the five latest questions at most", async () => {
      for (let days = -6; days <= -1; days++) await createQuestion(`Past ${-days}`, days);
      const response = await client.get(url("index"));
      expect(listed(response.text())).toEqual(["Past 1", "Past 2", "Past 3", "Past 4", "Past 5"]);
    });

    it("escapes question texts", async () => {
      await createQuestion("<script>alert(1)</script>", -1);
      const response = await client.get(url("index"));
      assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;");
      assertNotContains(response, "<script>");
    });

    it("runs one query, however many questions there are", async () => {
      for (let days = -5; days <= -1; days++) await createQuestion(`Q${days}`, days);
      const response = await assertNumQueries(1, () => client.get(url("index")));
      expect(listed(response.text())).toHaveLength(5);
    });

    it("links the app's stylesheet through {% static %}", async () => {
      const response = await client.get(url("index"));
      // Tests run with DEBUG off: once collectstatic has filled STATIC_ROOT, {% static %}
      // gives the manifest's hashed name (polls/style.6b448a56b25d.css) instead.
      const link = /<link rel="stylesheet" href="\/static\/polls\/style(\.[0-9a-f]{12})?\.css">/;
      expect(response.text()).toMatch(link);
    });
  });

  describe("DetailView", () => {
    it("answers 404 for a question with a pubDate in the future", async () => {
      const future = await createQuestion("Future question.", 5);
      const response = await client.get(pageOf("detail", future));
      expect(response.status).toBe(404);
    });

    it("answers 404 for a question that does not exist", async () => {
      expect((await client.get("/polls/999999/")).status).toBe(404);
    });

    it("shows the text of a question with a pubDate in the past, and its choices", async () => {
      const past = await createQuestion("Past Question.", -5);
      const choice = await past.choices.create({ choiceText: "Yes & no" });
      const response = await assertNumQueries(2, () => client.get(pageOf("detail", past)));
      expect(response.status).toBe(200);
      assertContains(response, "Past Question.");
      assertContains(
        response,
        `<input type="radio" name="choice" id="choice1" value="${choice.id}">`,
        { html: true },
      );
      assertContains(response, '<label for="choice1">Yes &amp; no</label>', { html: true });
      assertContains(response, `<form action="/polls/${past.id}/vote/" method="post">`);
    });
  });

  describe("ResultsView", () => {
    it("answers 404 for a question with a pubDate in the future", async () => {
      const future = await createQuestion("Future question.", 5);
      expect((await client.get(pageOf("results", future))).status).toBe(404);
    });

    it("shows each choice's votes in two queries, however many choices", async () => {
      const question = await createQuestion("Tea or coffee?", -1);
      await Choice.objects.bulkCreate([
        new Choice({ question, choiceText: "Tea", votes: 1 }),
        new Choice({ question, choiceText: "Coffee", votes: 2 }),
        new Choice({ question, choiceText: "Water" }),
      ]);
      const response = await assertNumQueries(2, () => client.get(pageOf("results", question)));
      assertContains(response, "<h1>Tea or coffee?</h1>", { html: true });
      assertContains(response, "<li>Tea -- 1 vote</li>", { html: true });
      assertContains(response, "<li>Coffee -- 2 votes</li>", { html: true });
      assertContains(response, "<li>Water -- 0 votes</li>", { html: true });
      assertContains(response, `<a href="${pageOf("detail", question)}">Vote again?</a>`, {
        html: true,
      });
    });
  });

  describe("vote", () => {
    it("counts the vote and redirects to the results", async () => {
      const question = await createQuestion("Tea or coffee?", -1);
      const tea = await question.choices.create({ choiceText: "Tea", votes: 2 });
      const response = await client.post(voteUrl(question), { choice: String(tea.id) });
      await assertRedirects(response, pageOf("results", question));
      await tea.refreshFromDb();
      expect(tea.votes).toBe(3);
    });

    it("takes a vote posted from the ballot page with its CSRF token, and refuses one without", async () => {
      const question = await createQuestion("Tea or coffee?", -1);
      const tea = await question.choices.create({ choiceText: "Tea" });
      const browser = new Client(app, { enforceCsrfChecks: true });
      const page = await browser.get(pageOf("detail", question));
      const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(page.text())?.[1];
      expect(token).toMatch(/^[A-Za-z0-9]{64}$/);
      const refused = await browser.post(voteUrl(question), { choice: String(tea.id) });
      expect(refused.status).toBe(403);
      const voted = await browser.post(voteUrl(question), {
        choice: String(tea.id),
        csrfmiddlewaretoken: token as string,
      });
      await assertRedirects(voted, pageOf("results", question));
      await tea.refreshFromDb();
      expect(tea.votes).toBe(1);
    });

    it("shows the ballot again with an error without a choice", async () => {
      const question = await createQuestion("Tea or coffee?", -1);
      await question.choices.create({ choiceText: "Tea" });
      const response = await client.post(voteUrl(question), {});
      expect(response.status).toBe(200);
      assertContains(
        response,
        '<p class="error"><strong>You didn\'t select a choice.</strong></p>',
        { html: true },
      );
      assertContains(response, '<label for="choice1">Tea</label>', { html: true });
    });

    it("refuses a choice of another question", async () => {
      const question = await createQuestion("Tea or coffee?", -1);
      const other = await createQuestion("Cats or dogs?", -1);
      const cats = await other.choices.create({ choiceText: "Cats" });
      const response = await client.post(voteUrl(question), { choice: String(cats.id) });
      assertContains(response, "You didn&#39;t select a choice.");
      await cats.refreshFromDb();
      expect(cats.votes).toBe(0);
    });

    it("answers 404 for a question with a pubDate in the future", async () => {
      const future = await createQuestion("Future question.", 5);
      const choice = await future.choices.create({ choiceText: "Yes" });
      const response = await client.post(voteUrl(future), { choice: String(choice.id) });
      expect(response.status).toBe(404);
      await choice.refreshFromDb();
      expect(choice.votes).toBe(0);
    });

    it("answers 405 to GET", async () => {
      const question = await createQuestion("Tea or coffee?", -1);
      const response = await client.get(voteUrl(question));
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
    });
  });

  it("api: lists published questions with their choices in two queries", async () => {
    const question = await createQuestion("Tea or coffee?", -1);
    await question.choices.create({ choiceText: "Tea" });
    await question.choices.create({ choiceText: "Coffee", votes: 4 });
    await createQuestion("Later?", -2);
    await createQuestion("Future?", 2);
    const response = await assertNumQueries(2, () => client.get(url("api-questions")));
    const body = response.json<{
      questions: Array<{
        questionText: string;
        url: string;
        choices: Array<{ choiceText: string; votes: number }>;
      }>;
    }>();
    expect(body.questions.map((q) => q.questionText)).toEqual(["Tea or coffee?", "Later?"]);
    expect(body.questions[0]?.url).toBe(pageOf("detail", question));
    expect(body.questions[0]?.choices).toEqual([
      expect.objectContaining({ choiceText: "Tea", votes: 0 }),
      expect.objectContaining({ choiceText: "Coffee", votes: 4 }),
    ]);
  });
});
