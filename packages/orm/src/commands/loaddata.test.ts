import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  CASCADE,
  CharField,
  DateTimeField,
  ForeignKey,
  ManyToManyField,
  Model,
  type Related,
} from "../models/index.js";
import { createModels } from "../models/schema-editor.js";
import { describeEachDatabase } from "../testing/index.js";
import { captureContext } from "./command-context.test.helpers.js";
import { dumpModel } from "./dumpdata.js";
import { type LoadDataOptions, loaddataCommand } from "./loaddata.js";

class Tag extends Model {
  static override meta = { app: "loads" };
  @CharField({ maxLength: 20 }) declare name: string;
}

class Question extends Model {
  static override meta = { app: "loads" };
  @CharField({ maxLength: 200 }) declare questionText: string;
  @DateTimeField() declare pubDate: Date;
  @ManyToManyField(() => Tag) declare tags: unknown;
}

class Choice extends Model {
  static override meta = { app: "loads" };
  @ForeignKey(() => Question, { onDelete: CASCADE }) declare question: Related<Question>;
  @CharField({ maxLength: 200 }) declare choiceText: string;
}

function load(fixtures: string[]) {
  const run = captureContext<LoadDataOptions, { fixtures: string[] }>(
    { database: "default" },
    { fixtures },
  );
  return loaddataCommand.handle(run.ctx).then((code) => ({ code, out: run.all() }));
}

describeEachDatabase("manage loaddata", (db) => {
  let dir: string;
  const fixture = (name: string, data: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof data === "string" ? data : JSON.stringify(data));
    return path;
  };
  beforeAll(async () => {
    await createModels(db.kysely, [Tag, Question, Choice]);
    dir = mkdtempSync(join(tmpdir(), "tango-load-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("creates rows with their pks, FKs before their targets, and M2M lists", async () => {
    const path = fixture("polls.json", [
      { model: "loads.choice", pk: 7, fields: { question: 3, choiceText: "Yes" } },
      {
        model: "loads.question",
        pk: 3,
        fields: { questionText: "Why?", pubDate: "2026-01-02T03:04:05.000Z", tags: [1, 2] },
      },
      { model: "loads.tag", pk: 1, fields: { name: "a" } },
      { model: "loads.tag", pk: 2, fields: { name: "b" } },
    ]);
    expect(await load([path])).toEqual({
      code: 0,
      out: "Installed 4 object(s) from 1 fixture(s)\n",
    });
    expect(await dumpModel(Question, "default")).toEqual([
      {
        model: "loads.question",
        pk: 3,
        fields: { questionText: "Why?", pubDate: "2026-01-02T03:04:05.000Z", tags: [1, 2] },
      },
    ]);
    expect((await dumpModel(Choice, "default"))[0]?.fields).toEqual({
      question: 3,
      choiceText: "Yes",
    });
  });

  it("updates existing rows by pk and moves the sequence past the loaded pks", async () => {
    await db.kysely.insertInto("loads_tag").values({ id: 1, name: "old" }).execute();
    await load([
      fixture("tags.json", [
        { model: "loads.tag", pk: 1, fields: { name: "new" } },
        { model: "loads.tag", pk: 5, fields: { name: "five" } },
      ]),
    ]);
    const rows = await db.kysely
      .selectFrom("loads_tag")
      .select(["id", "name"])
      .orderBy("id")
      .execute();
    expect(rows.map((r) => [Number(r.id), r.name])).toEqual([
      [1, "new"],
      [5, "five"],
    ]);
    const next = await db.kysely
      .insertInto("loads_tag")
      .values({ name: "next" })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(Number(next.id)).toBe(6);
  });

  it("round-trips what dumpdata writes", async () => {
    const source = [
      { model: "loads.tag", pk: 4, fields: { name: "x" } },
      {
        model: "loads.question",
        pk: 9,
        fields: { questionText: "Q", pubDate: "2026-03-01T00:00:00.000Z", tags: [4] },
      },
    ];
    await load([fixture("round.json", source)]);
    const dumped = [
      ...(await dumpModel(Tag, "default")),
      ...(await dumpModel(Question, "default")),
    ];
    expect(dumped).toEqual(source);
  });

  it("names the fixture and the entry of an unknown model or field, and loads nothing", async () => {
    const badModel = fixture("bad-model.json", [
      { model: "loads.tag", pk: 1, fields: { name: "a" } },
      { model: "loads.tagg", pk: 2, fields: {} },
    ]);
    await expect(load([badModel])).rejects.toThrow(
      `Problem installing fixture '${badModel}': entry #2 names the model "loads.tagg", which is not installed.`,
    );
    const badField = fixture("bad-field.json", [
      { model: "loads.tag", pk: 1, fields: { nmae: "a" } },
    ]);
    await expect(load([badField])).rejects.toThrow(
      `Problem installing fixture '${badField}': entry #1 (loads.tag) has the field 'nmae', which Tag does not have. Its fields are: id, name.`,
    );
    expect(await db.kysely.selectFrom("loads_tag").selectAll().execute()).toEqual([]);
  });

  it("rolls everything back when a foreign key points nowhere", async () => {
    const path = fixture("dangling.json", [
      { model: "loads.tag", pk: 1, fields: { name: "a" } },
      { model: "loads.choice", pk: 1, fields: { question: 404, choiceText: "?" } },
    ]);
    await expect(load([path])).rejects.toThrow(
      /^Problem installing fixtures: .*foreign key.* Add the rows it refers to/,
    );
    expect(await db.kysely.selectFrom("loads_tag").selectAll().execute()).toEqual([]);
  });

  it("says what to do with a missing fixture or one that is not a list", async () => {
    await expect(load(["nowhere"])).rejects.toThrow(
      "No fixture named 'nowhere' found. Pass a path to a JSON file, or put nowhere.json in an installed app's fixtures/ folder.",
    );
    await expect(load([fixture("obj.json", { model: "loads.tag" })])).rejects.toThrow(
      "it is not a JSON array.",
    );
  });
});
