// Loads the query layer, so Q conditions compile to SQL.
import "../../index.js";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { CheckConstraint, Index, UniqueConstraint } from "../../models/meta-options.js";
import { SchemaEditor } from "../../models/schema-editor.js";
import { Q } from "../../query/q.js";
import { describeEachDatabase } from "../../testing/describe-each-database.js";
import { fields } from "../field-specs.js";
import type { Operation, SchemaContext } from "../operation.js";
import { ModelState, ProjectState } from "../state.js";
import { operations } from "./index.js";
import { AddConstraint, AddIndex, RemoveConstraint, RemoveIndex } from "./indexes.js";

const APP = "opi";

function baseState(): ProjectState {
  return new ProjectState([
    new ModelState(
      APP,
      "Question",
      {
        id: fields.BigAutoField(),
        pubDate: fields.DateTimeField(),
        votes: fields.IntegerField({ default: 0 }),
      },
      { indexes: [new Index({ fields: ["votes"], name: "votes_idx" })] },
    ),
  ]);
}

const CLASSES = { AddIndex, RemoveIndex, AddConstraint, RemoveConstraint } as unknown as Record<
  string,
  new (
    o: unknown,
  ) => Operation
>;

describe("index and constraint operations (state, text, deconstruct)", () => {
  it("add and remove indexes and constraints in the state", () => {
    const state = baseState();
    const index = new Index({ fields: ["-pubDate"], name: "recent_idx" });
    new AddIndex({ model: "Question", index }).stateForwards(APP, state);
    expect(state.getModel(APP, "Question").options.indexes?.map((i) => i.name)).toEqual([
      "votes_idx",
      "recent_idx",
    ]);
    new RemoveIndex({ model: "Question", name: "votes_idx" }).stateForwards(APP, state);
    expect(state.getModel(APP, "Question").options.indexes).toEqual([index]);
    const check = new CheckConstraint({ check: Q({ votes__gte: 0 }), name: "votes_ok" });
    new AddConstraint({ model: "Question", constraint: check }).stateForwards(APP, state);
    expect(state.getModel(APP, "Question").options.constraints).toEqual([check]);
    new RemoveConstraint({ model: "Question", name: "votes_ok" }).stateForwards(APP, state);
    expect(state.getModel(APP, "Question").options.constraints).toBeUndefined();
    expect(() =>
      new RemoveIndex({ model: "Question", name: "nope" }).stateForwards(APP, state),
    ).toThrow(/has no index 'nope'/);
  });

  it("refuses an unnamed index", () => {
    expect(
      () => new AddIndex({ model: "Question", index: new Index({ fields: ["votes"] }) }),
    ).toThrow(/needs a named index/);
  });

  it("describes, names and deconstructs as Django", () => {
    const cases: [Operation, string, string][] = [
      [
        operations.AddIndex({
          model: "Question",
          index: new Index({ fields: ["pubDate"], name: "recent_idx" }),
        }),
        "Create index recent_idx on field(s) pubDate of model question",
        "question_recent_idx",
      ],
      [
        operations.RemoveIndex({ model: "Question", name: "recent_idx" }),
        "Remove index recent_idx from question",
        "remove_question_recent_idx",
      ],
      [
        operations.AddConstraint({
          model: "Choice",
          constraint: new UniqueConstraint({ fields: ["a"], name: "x" }),
        }),
        "Create constraint x on model choice",
        "choice_x",
      ],
      [
        operations.RemoveConstraint({ model: "Choice", name: "x" }),
        "Remove constraint x from model choice",
        "remove_choice_x",
      ],
    ];
    for (const [op, text, fragment] of cases) {
      expect(op.describe()).toBe(text);
      expect(op.migrationNameFragment).toBe(fragment);
      const { kind, options } = op.deconstruct();
      expect(new (CLASSES[kind] as new (o: unknown) => Operation)(options)).toEqual(op);
    }
  });
});

describeEachDatabase("index and constraint operations (database)", (db) => {
  const context = (): SchemaContext => ({
    editor: new SchemaEditor(db.kysely),
    alias: db.alias,
    collectOnly: false,
  });

  async function setUp(): Promise<ProjectState> {
    const state = baseState();
    const editor = new SchemaEditor(db.kysely);
    await editor.createModel(state.apps().getModel(APP, "Question"));
    await editor.flush();
    return state;
  }

  async function forwards(op: Operation, before: ProjectState): Promise<ProjectState> {
    const after = before.clone();
    op.stateForwards(APP, after);
    await op.databaseForwards(APP, context(), before, after);
    return after;
  }

  async function backwards(op: Operation, before: ProjectState, after: ProjectState) {
    await op.databaseBackwards(APP, context(), after, before);
  }

  async function indexDefs(): Promise<Record<string, string>> {
    const { rows } = await sql<{ name: string; def: string }>`
      select indexname as name, indexdef as def from pg_indexes where tablename = 'opi_question'
    `.execute(db.kysely);
    return Object.fromEntries(rows.map((r) => [r.name, r.def]));
  }

  async function constraintDefs(): Promise<Record<string, string>> {
    const { rows } = await sql<{ name: string; def: string }>`
      select c.conname as name, pg_get_constraintdef(c.oid) as def from pg_constraint c
      join pg_class t on t.oid = c.conrelid where t.relname = 'opi_question' and c.contype in ('c', 'u')
    `.execute(db.kysely);
    return Object.fromEntries(rows.map((r) => [r.name, r.def]));
  }

  it("AddIndex creates the index; backwards drops it", async () => {
    const before = await setUp();
    const op = new AddIndex({
      model: "Question",
      index: new Index({ fields: ["-pubDate"], name: "recent_idx" }),
    });
    const after = await forwards(op, before);
    expect((await indexDefs()).recent_idx).toMatch(/\(pub_date DESC\)/);
    await backwards(op, before, after);
    expect((await indexDefs()).recent_idx).toBeUndefined();
  });

  it("RemoveIndex drops the index of the earlier state; backwards recreates it", async () => {
    const before = await setUp();
    expect((await indexDefs()).votes_idx).toBeDefined();
    const op = new RemoveIndex({ model: "Question", name: "votes_idx" });
    const after = await forwards(op, before);
    expect((await indexDefs()).votes_idx).toBeUndefined();
    await backwards(op, before, after);
    expect((await indexDefs()).votes_idx).toMatch(/\(votes\)/);
  });

  it("AddConstraint and RemoveConstraint change CHECK and UNIQUE constraints", async () => {
    const before = await setUp();
    const add = new AddConstraint({
      model: "Question",
      constraint: new CheckConstraint({ check: Q({ votes__gte: 0 }), name: "votes_ok" }),
    });
    const withCheck = await forwards(add, before);
    expect((await constraintDefs()).votes_ok).toMatch(/^CHECK \(\(?votes >= 0\)?\)$/);
    const unique = new AddConstraint({
      model: "Question",
      constraint: new UniqueConstraint({ fields: ["pubDate", "votes"], name: "uniq_pv" }),
    });
    const withBoth = await forwards(unique, withCheck);
    expect((await constraintDefs()).uniq_pv).toBe("UNIQUE (pub_date, votes)");
    const remove = new RemoveConstraint({ model: "Question", name: "votes_ok" });
    const after = await forwards(remove, withBoth);
    expect(Object.keys(await constraintDefs())).toEqual(["uniq_pv"]);
    await backwards(remove, withBoth, after);
    expect((await constraintDefs()).votes_ok).toBeDefined();
    await backwards(unique, withCheck, withBoth);
    await backwards(add, before, withCheck);
    expect(await constraintDefs()).toEqual({});
  });
});
