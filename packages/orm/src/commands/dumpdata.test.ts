import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  BinaryField,
  CASCADE,
  CharField,
  DateField,
  DateTimeField,
  DecimalField,
  ForeignKey,
  ManyToManyField,
  Model,
  type Related,
} from "../models/index.js";
import { createModels } from "../models/schema-editor.js";
import { describeEachDatabase } from "../testing/index.js";
import { captureContext } from "./command-context.test.helpers.js";
import { type DumpDataOptions, dumpdataCommand, modelsForLabels } from "./dumpdata.js";

class Tag extends Model {
  static override meta = { app: "dumps" };
  @CharField({ maxLength: 20 }) declare name: string;
}

class Question extends Model {
  static override meta = { app: "dumps" };
  @CharField({ maxLength: 200 }) declare questionText: string;
  @DateTimeField() declare pubDate: Date;
  @DateField({ null: true }) declare closes: Date | null;
  @DecimalField({ maxDigits: 5, decimalPlaces: 2, null: true }) declare score: string | null;
  @BinaryField({ null: true }) declare blob: Uint8Array | null;
  @ManyToManyField(() => Tag) declare tags: unknown;
}

class Choice extends Model {
  static override meta = { app: "dumps" };
  @ForeignKey(() => Question, { onDelete: CASCADE }) declare question: Related<Question>;
  @CharField({ maxLength: 200 }) declare choiceText: string;
}

function run(labels: string[], options: Partial<DumpDataOptions> = {}) {
  const captured = captureContext<DumpDataOptions, { labels: string[] }>(
    { indent: undefined, output: undefined, database: "default", ...options },
    { labels },
  );
  return dumpdataCommand.handle(captured.ctx).then((code) => ({
    code,
    out: captured.out(),
    err: captured.err(),
  }));
}

describeEachDatabase("manage dumpdata", (db) => {
  let dir: string;
  beforeAll(async () => {
    await createModels(db.kysely, [Tag, Question, Choice]);
    dir = mkdtempSync(join(tmpdir(), "tango-dump-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function seed() {
    await db.kysely
      .insertInto("dumps_tag")
      .values([{ name: "a" }, { name: "b" }])
      .execute();
    await db.kysely
      .insertInto("dumps_question")
      .values([
        {
          question_text: "Why?",
          pub_date: new Date("2026-01-02T03:04:05.000Z"),
          closes: "2026-02-01",
          score: "1.50",
          blob: Buffer.from("hi"),
        },
        { question_text: "How?", pub_date: new Date("2026-01-03T00:00:00.000Z") },
      ])
      .execute();
    const [q1, q2] = (
      await db.kysely.selectFrom("dumps_question").select("id").orderBy("id").execute()
    ).map((r) => Number(r.id));
    const [t1, t2] = (
      await db.kysely.selectFrom("dumps_tag").select("id").orderBy("id").execute()
    ).map((r) => Number(r.id));
    await db.kysely
      .insertInto("dumps_question_tags")
      .values([
        { question_id: q1, tag_id: t2 },
        { question_id: q1, tag_id: t1 },
      ])
      .execute();
    await db.kysely
      .insertInto("dumps_choice")
      .values({ question_id: q2, choice_text: "Yes" })
      .execute();
    return { q1, q2, t1, t2 };
  }

  it("writes Django's JSON format: property names, FK pks, M2M lists, ISO dates, base64", async () => {
    const { q1, q2, t1, t2 } = await seed();
    const { code, out } = await run(["dumps.Question", "dumps.choice"]);
    expect(code).toBe(0);
    const objects = JSON.parse(out);
    expect(objects).toEqual([
      {
        model: "dumps.question",
        pk: q1,
        fields: {
          questionText: "Why?",
          pubDate: "2026-01-02T03:04:05.000Z",
          closes: "2026-02-01",
          score: "1.50",
          blob: Buffer.from("hi").toString("base64"),
          tags: [t2, t1],
        },
      },
      {
        model: "dumps.question",
        pk: q2,
        fields: {
          questionText: "How?",
          pubDate: "2026-01-03T00:00:00.000Z",
          closes: null,
          score: null,
          blob: null,
          tags: [],
        },
      },
      {
        model: "dumps.choice",
        pk: expect.any(Number),
        fields: { question: q2, choiceText: "Yes" },
      },
    ]);
  });

  it("dumps every model of an app, leaving out automatic through models", async () => {
    await seed();
    const models = JSON.parse((await run(["dumps"])).out).map((o: { model: string }) => o.model);
    expect(new Set(models)).toEqual(new Set(["dumps.tag", "dumps.question", "dumps.choice"]));
    expect(modelsForLabels(["dumps"]).map((m) => m.name)).not.toContain("Question_tags");
  });

  it("indents and writes to a file with --indent and --output", async () => {
    await seed();
    const file = join(dir, "tags.json");
    const { out, err } = await run(["dumps.Tag"], { indent: 2, output: file });
    expect(out).toBe("");
    expect(err).toBe(`Wrote 2 object(s) to ${file}.\n`);
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(/^\[\n {2}\{\n {4}"model": "dumps.tag",/);
  });

  it("names an unknown label and says what to write", async () => {
    await expect(run(["dumps.Nope"])).rejects.toThrow(
      "Unknown model: 'dumps.Nope'. Use app_label.ModelName, as in 'polls.Question'.",
    );
    await expect(run(["nope"])).rejects.toThrow("No installed app with label 'nope' has models.");
  });
});
