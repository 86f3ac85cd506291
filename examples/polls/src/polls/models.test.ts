// The polls models and migrations, on PGlite and on PostgreSQL (Django's tutorial, part 5).
import type { Application } from "@tango/http";
import { Autodetector, MigrationLoader, ProjectState } from "@tango/orm/migrations";
import { describeEachDatabase } from "@tango/orm/testing";
import { createTestApplication } from "@tango/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import settings from "../mysite/settings.js";
import { Choice, Question } from "./models.js";
import { migratedTestApplication } from "./test-support.js";

const HOUR_MS = 60 * 60 * 1000;

describe("Question.wasPublishedRecently", () => {
  // Models need the project set up (the app registry says which app they belong to).
  let app: Application;
  beforeAll(async () => {
    app = await createTestApplication(settings);
  });
  afterAll(async () => {
    await app.close();
  });

  it("is false for questions whose pubDate is in the future", () => {
    const future = new Question({ pubDate: new Date(Date.now() + 30 * 24 * HOUR_MS) });
    expect(future.wasPublishedRecently()).toBe(false);
  });

  it("is false for questions whose pubDate is older than 1 day", () => {
    const old = new Question({ pubDate: new Date(Date.now() - 24 * HOUR_MS - 1000) });
    expect(old.wasPublishedRecently()).toBe(false);
  });

  it("is true for questions whose pubDate is within the last day", () => {
    const recent = new Question({ pubDate: new Date(Date.now() - 23 * HOUR_MS - 59 * 60 * 1000) });
    expect(recent.wasPublishedRecently()).toBe(true);
  });

  it("shows the question's text as its string", () => {
    expect(String(new Question({ questionText: "What's up?" }))).toBe("What's up?");
  });
});

describeEachDatabase("polls migrations", () => {
  let app: Application;

  beforeAll(async () => {
    app = await migratedTestApplication();
  });

  afterAll(async () => {
    await app.close();
  });

  it("match the models: makemigrations would write nothing", async () => {
    const loader = await MigrationLoader.load();
    const changes = await new Autodetector(
      loader.projectState(),
      ProjectState.fromModels(),
    ).changes({
      leaves: new Map([["polls", loader.graph.leafNodes("polls")[0]?.[1]]]),
      apps: ["polls"],
    });
    expect([...changes.keys()]).toEqual([]);
    expect([...loader.applied.keys()].sort()).toEqual([
      "gallery.0001_initial",
      "polls.0001_initial",
      "polls.0002_sample_poll",
    ]);
  });

  it("create the sample poll (0002_sample_poll) with the historical models", async () => {
    const questions = await Question.objects.all();
    expect(questions.map((q) => q.questionText)).toEqual(["What's new?"]);
    const choices = await Choice.objects
      .filter({ question__questionText: "What's new?" })
      .orderBy("id");
    expect(choices.map((c) => [c.choiceText, c.votes])).toEqual([
      ["Not much", 0],
      ["The sky", 0],
      ["Just hacking again", 0],
    ]);
  });

  it("cascade: deleting a question deletes its choices", async () => {
    const question = await Question.objects.create({ questionText: "Tea?", pubDate: new Date() });
    await question.choices.create({ choiceText: "Yes" });
    const [, perModel] = await Question.objects.filter({ pk: question.id }).delete();
    expect(perModel).toEqual({ "polls.Question": 1, "polls.Choice": 1 });
  });
});
