// The polls views through the in-process test client, on PGlite and on PostgreSQL (Django's tutorial, part 5).
import type { Application } from "@tango/http";
import { assertNumQueries, describeEachDatabase } from "@tango/orm/testing";
import { assertContains, assertNotContains, assertRedirects, Client } from "@tango/testing";
import { reverse } from "@tango/urls";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
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

  const url = (name: string, question?: Question) =>
    reverse(`polls:${name}`, question ? { kwargs: { questionId: question.id } } : {});

  it("redirects the front page to the polls", async () => {
    const response = await client.get("/");
    await assertRedirects(response, "/polls/");
  });

  it("index: says so when no polls exist", async () => {
    const response = await client.get(url("index"));
    expect(response.status).toBe(200);
    assertContains(response, "No polls are available.");
  });

  it("index: lists past questions, newest first, five at most", async () => {
    for (let days = -6; days <= -1; days++) await createQuestion(`Past ${-days}`, days);
    const response = await client.get(url("index"));
    const listed = [...response.text().matchAll(/<li><a [^>]+>([^<]+)<\/a><\/li>/g)].map(
      (m) => m[1],
    );
    expect(listed).toEqual(["Past 1", "Past 2", "Past 3", "Past 4", "Past 5"]);
  });

  it("index: leaves out questions published in the future", async () => {
    await createQuestion("Future question.", 30);
    const past = await createQuestion("Past question.", -30);
    const response = await client.get(url("index"));
    assertContains(response, `<a href="/polls/${past.id}/">Past question.</a>`, { html: true });
    assertNotContains(response, "Future question.");
  });

  it("index: escapes question texts", async () => {
    await createQuestion("<script>alert(1)</script>", -1);
    const response = await client.get(url("index"));
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;");
    assertNotContains(response, "<script>");
  });

  it("index: runs one query, however many questions there are", async () => {
    for (let days = -5; days <= -1; days++) await createQuestion(`Q${days}`, days);
    await assertNumQueries(1, () => client.get(url("index")));
  });

  it("detail: shows a past question with its choices", async () => {
    const question = await createQuestion("Past question.", -5);
    const choice = await question.choices.create({ choiceText: "Yes & no" });
    const response = await client.get(url("detail", question));
    expect(response.status).toBe(200);
    assertContains(response, "Past question.");
    assertContains(
      response,
      `<input type="radio" name="choice" id="choice${choice.id}" value="${choice.id}">`,
      { html: true },
    );
    assertContains(response, "Yes &amp; no");
  });

  it("detail: answers 404 for a future or missing question", async () => {
    const future = await createQuestion("Future question.", 5);
    expect((await client.get(url("detail", future))).status).toBe(404);
    expect((await client.get("/polls/999999/")).status).toBe(404);
    expect((await client.get(url("results", future))).status).toBe(404);
  });

  it("vote: counts the vote and redirects to the results", async () => {
    const question = await createQuestion("Tea or coffee?", -1);
    const tea = await question.choices.create({ choiceText: "Tea", votes: 2 });
    const response = await client.post(url("vote", question), { choice: String(tea.id) });
    await assertRedirects(response, url("results", question));
    await tea.refreshFromDb();
    expect(tea.votes).toBe(3);
  });

  it("vote: without a choice shows the ballot again with an error", async () => {
    const question = await createQuestion("Tea or coffee?", -1);
    await question.choices.create({ choiceText: "Tea" });
    const response = await client.post(url("vote", question), {});
    expect(response.status).toBe(200);
    assertContains(response, '<p class="error">You didn\'t select a choice.</p>', { html: true });
    assertContains(response, "Tea or coffee?");
  });

  it("vote: refuses a choice of another question", async () => {
    const question = await createQuestion("Tea or coffee?", -1);
    const other = await createQuestion("Cats or dogs?", -1);
    const cats = await other.choices.create({ choiceText: "Cats" });
    const response = await client.post(url("vote", question), { choice: String(cats.id) });
    assertContains(response, "You didn&#39;t select a choice.");
    await cats.refreshFromDb();
    expect(cats.votes).toBe(0);
  });

  it("vote: answers 405 to GET", async () => {
    const question = await createQuestion("Tea or coffee?", -1);
    const response = await client.get(url("vote", question));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });

  it("results: shows each choice's votes in two queries", async () => {
    const question = await createQuestion("Tea or coffee?", -1);
    await Choice.objects.bulkCreate([
      new Choice({ question, choiceText: "Tea", votes: 1 }),
      new Choice({ question, choiceText: "Coffee", votes: 2 }),
      new Choice({ question, choiceText: "Water" }),
    ]);
    const response = await assertNumQueries(2, () => client.get(url("results", question)));
    assertContains(response, "<li>Tea -- 1 vote</li>", { html: true });
    assertContains(response, "<li>Coffee -- 2 votes</li>", { html: true });
    assertContains(response, "<li>Water -- 0 votes</li>", { html: true });
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
    expect(body.questions[0]?.url).toBe(url("detail", question));
    expect(body.questions[0]?.choices).toEqual([
      expect.objectContaining({ choiceText: "Tea", votes: 0 }),
      expect.objectContaining({ choiceText: "Coffee", votes: 4 }),
    ]);
  });
});
