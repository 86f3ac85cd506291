import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { SchemaEditor } from "../../models/schema-editor.js";
import { describeEachDatabase } from "../../testing/describe-each-database.js";
import { fields } from "../field-specs.js";
import type { Operation, SchemaContext } from "../operation.js";
import { ModelState, ProjectState } from "../state.js";
import { AddField, AlterField, operations, RemoveField, RenameField } from "./index.js";

const APP = "opf";

function baseState(): ProjectState {
  return new ProjectState([
    new ModelState(APP, "Question", {
      id: fields.BigAutoField(),
      questionText: fields.CharField({ maxLength: 200 }),
    }),
    new ModelState(APP, "Poll", { id: fields.BigAutoField() }),
    new ModelState(APP, "Choice", {
      id: fields.BigAutoField(),
      question: fields.ForeignKey(`${APP}.Question`, { onDelete: "CASCADE" }),
      votes: fields.IntegerField({ null: true }),
    }),
  ]);
}

describe("field operations (state)", () => {
  it("AddField adds the spec, without a one-off default", () => {
    const state = baseState();
    new AddField({
      model: "Choice",
      name: "rank",
      field: fields.IntegerField({ default: 3 }),
      preserveDefault: false,
    }).stateForwards(APP, state);
    expect(state.getModel(APP, "Choice").fields.get("rank")).toEqual({
      type: "IntegerField",
      options: {},
    });
    expect(state.apps().getModel(APP, "Choice")._meta.getField("rank").hasDefault()).toBe(false);
  });

  it("RemoveField, AlterField and RenameField change the spec (RenameField keeps the order)", () => {
    const state = baseState();
    new AlterField({
      model: "Choice",
      name: "votes",
      field: fields.BigIntegerField(),
    }).stateForwards(APP, state);
    expect(state.getModel(APP, "Choice").getField("votes").type).toBe("BigIntegerField");
    new RenameField({ model: "Choice", oldName: "votes", newName: "count" }).stateForwards(
      APP,
      state,
    );
    expect([...state.getModel(APP, "Choice").fields.keys()]).toEqual(["id", "question", "count"]);
    new RemoveField({ model: "Choice", name: "count" }).stateForwards(APP, state);
    expect([...state.getModel(APP, "Choice").fields.keys()]).toEqual(["id", "question"]);
    expect(() =>
      new RemoveField({ model: "Choice", name: "nope" }).stateForwards(APP, state),
    ).toThrow(/has no field 'nope'/);
  });

  it("describes, names and deconstructs as Django", () => {
    const cases: [Operation, string, string][] = [
      [
        operations.AddField({ model: "Choice", name: "votes", field: fields.IntegerField() }),
        "Add field votes to choice",
        "choice_votes",
      ],
      [
        operations.RemoveField({ model: "Choice", name: "votes" }),
        "Remove field votes from choice",
        "remove_choice_votes",
      ],
      [
        operations.AlterField({
          model: "Choice",
          name: "votes",
          field: fields.IntegerField(),
          preserveDefault: false,
        }),
        "Alter field votes on choice",
        "alter_choice_votes",
      ],
      [
        operations.RenameField({ model: "Choice", oldName: "votes", newName: "count" }),
        "Rename field votes on choice to count",
        "rename_votes_choice_count",
      ],
    ];
    const classes = { AddField, RemoveField, AlterField, RenameField } as Record<
      string,
      new (
        o: never,
      ) => Operation
    >;
    for (const [op, text, fragment] of cases) {
      expect(op.describe()).toBe(text);
      expect(op.migrationNameFragment).toBe(fragment);
      const { kind, options } = op.deconstruct();
      expect(new (classes[kind] as new (o: unknown) => Operation)(options)).toEqual(op);
    }
    expect(
      operations.AddField({ model: "C", name: "v", field: fields.IntegerField() }).deconstruct()
        .options,
    ).toEqual({ model: "C", name: "v", field: fields.IntegerField() });
  });
});

interface Column {
  readonly type: string;
  readonly nullable: boolean;
}

describeEachDatabase("field operations (database)", (db) => {
  const context = (): SchemaContext => ({
    editor: new SchemaEditor(db.kysely),
    alias: db.alias,
    collectOnly: false,
  });

  async function setUp(): Promise<ProjectState> {
    const state = baseState();
    const editor = new SchemaEditor(db.kysely);
    for (const name of ["Question", "Poll", "Choice"]) {
      await editor.createModel(state.apps().getModel(APP, name));
    }
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

  async function columns(table: string): Promise<Record<string, Column>> {
    const { rows } = await sql<{ name: string; type: string; nullable: string }>`
      select column_name as name, data_type as type, is_nullable as nullable
      from information_schema.columns where table_name = ${table} and table_schema = current_schema()
    `.execute(db.kysely);
    return Object.fromEntries(
      rows.map((r) => [r.name, { type: r.type, nullable: r.nullable === "YES" }]),
    );
  }

  async function indexes(table: string): Promise<string[]> {
    const { rows } = await sql<{ name: string }>`
      select indexname as name from pg_indexes where tablename = ${table} order by 1
    `.execute(db.kysely);
    return rows.map((r) => r.name);
  }

  async function constraints(table: string): Promise<string[]> {
    const { rows } = await sql<{ name: string; type: string }>`
      select c.conname as name, c.contype as type from pg_constraint c
      join pg_class t on t.oid = c.conrelid where t.relname = ${table} order by 1
    `.execute(db.kysely);
    return rows.map((r) => `${r.type}:${r.name}`);
  }

  async function foreignKeyTarget(table: string, column: string): Promise<string | undefined> {
    const { rows } = await sql<{ target: string }>`
      select r.relname as target from pg_constraint c
      join pg_class t on t.oid = c.conrelid
      join pg_class r on r.oid = c.confrelid
      join pg_attribute a on a.attrelid = t.oid and a.attnum = c.conkey[1]
      where t.relname = ${table} and c.contype = 'f' and a.attname = ${column}
    `.execute(db.kysely);
    return rows[0]?.target;
  }

  it("AddField adds the column, filling existing rows with the one-off default; backwards drops it", async () => {
    const before = await setUp();
    await sql`insert into opf_question (question_text) values ('q')`.execute(db.kysely);
    const op = new AddField({
      model: "Question",
      name: "score",
      field: fields.IntegerField({ default: 7 }),
      preserveDefault: false,
    });
    const after = await forwards(op, before);
    expect((await columns("opf_question")).score).toEqual({ type: "integer", nullable: false });
    const { rows } = await sql<{ score: number }>`select score from opf_question`.execute(
      db.kysely,
    );
    expect(rows).toEqual([{ score: 7 }]);
    await backwards(op, before, after);
    expect((await columns("opf_question")).score).toBeUndefined();
  });

  it("AddField of a ManyToManyField creates the join table; RemoveField drops it and backwards restores it", async () => {
    const before = await setUp();
    const add = new AddField({
      model: "Question",
      name: "polls",
      field: fields.ManyToManyField(`${APP}.Poll`),
    });
    const withTags = await forwards(add, before);
    expect(Object.keys(await columns("opf_question_polls")).sort()).toEqual([
      "id",
      "poll_id",
      "question_id",
    ]);
    const remove = new RemoveField({ model: "Question", name: "polls" });
    const without = await forwards(remove, withTags);
    expect(await columns("opf_question_polls")).toEqual({});
    await backwards(remove, withTags, without);
    expect(Object.keys(await columns("opf_question_polls"))).toHaveLength(3);
  });

  it("RemoveField drops a FK column; backwards re-adds it with its index and constraint", async () => {
    const before = await setUp();
    const op = new RemoveField({ model: "Choice", name: "question" });
    const after = await forwards(op, before);
    expect((await columns("opf_choice")).question_id).toBeUndefined();
    await backwards(op, before, after);
    expect((await columns("opf_choice")).question_id).toEqual({ type: "bigint", nullable: false });
    expect(await foreignKeyTarget("opf_choice", "question_id")).toBe("opf_question");
    expect((await indexes("opf_choice")).some((n) => n.startsWith("opf_choice_question_id_"))).toBe(
      true,
    );
  });

  it("AlterField changes type (USING cast), null, unique and dbIndex, and backwards restores them", async () => {
    const before = await setUp();
    await sql`insert into opf_question (question_text) values ('q')`.execute(db.kysely);
    await sql`insert into opf_choice (question_id, votes) values (1, null)`.execute(db.kysely);
    // Runs the deferred FK checks: PostgreSQL refuses ALTER TABLE with pending trigger events.
    await sql`set constraints all immediate`.execute(db.kysely);
    const op = new AlterField({
      model: "Choice",
      name: "votes",
      field: fields.CharField({ maxLength: 10, unique: true, default: "0" }),
      preserveDefault: false,
    });
    const after = await forwards(op, before);
    expect((await columns("opf_choice")).votes).toEqual({
      type: "character varying",
      nullable: false,
    });
    const { rows } = await sql<{ votes: string }>`select votes from opf_choice`.execute(db.kysely);
    expect(rows).toEqual([{ votes: "0" }]);
    expect(await constraints("opf_choice")).toContain("u:opf_choice_votes_key");
    expect((await indexes("opf_choice")).some((n) => n.endsWith("_like"))).toBe(true);
    await backwards(op, before, after);
    expect((await columns("opf_choice")).votes).toEqual({ type: "integer", nullable: true });
    expect(await constraints("opf_choice")).not.toContain("u:opf_choice_votes_key");
    expect((await indexes("opf_choice")).some((n) => n.endsWith("_like"))).toBe(false);

    const indexed = new AlterField({
      model: "Choice",
      name: "votes",
      field: fields.IntegerField({ null: true, dbIndex: true }),
    });
    const withIndex = await forwards(indexed, before);
    expect((await indexes("opf_choice")).some((n) => n.startsWith("opf_choice_votes_"))).toBe(true);
    await backwards(indexed, before, withIndex);
    expect((await indexes("opf_choice")).some((n) => n.startsWith("opf_choice_votes_"))).toBe(
      false,
    );
  });

  it("AlterField moves a FK to another model and turns a column into a FK and back", async () => {
    const before = await setUp();
    const retarget = new AlterField({
      model: "Choice",
      name: "question",
      field: fields.ForeignKey(`${APP}.Poll`, { onDelete: "CASCADE" }),
    });
    const after = await forwards(retarget, before);
    expect(await foreignKeyTarget("opf_choice", "question_id")).toBe("opf_poll");
    await backwards(retarget, before, after);
    expect(await foreignKeyTarget("opf_choice", "question_id")).toBe("opf_question");

    const plain = new AlterField({
      model: "Choice",
      name: "question",
      field: fields.BigIntegerField({ dbColumn: "question_id" }),
    });
    const unlinked = await forwards(plain, before);
    expect(await foreignKeyTarget("opf_choice", "question_id")).toBeUndefined();
    expect((await indexes("opf_choice")).some((n) => n.startsWith("opf_choice_question_id_"))).toBe(
      false,
    );
    await backwards(plain, before, unlinked);
    expect(await foreignKeyTarget("opf_choice", "question_id")).toBe("opf_question");
  });

  it("RenameField renames the column and backwards renames it back", async () => {
    const before = await setUp();
    const op = new RenameField({ model: "Question", oldName: "questionText", newName: "text" });
    const after = await forwards(op, before);
    const renamed = await columns("opf_question");
    expect(renamed.text).toEqual({ type: "character varying", nullable: false });
    expect(renamed.question_text).toBeUndefined();
    await backwards(op, before, after);
    expect((await columns("opf_question")).question_text).toBeDefined();
  });

  it("collects SQL without touching the database", async () => {
    const before = await setUp();
    const editor = new SchemaEditor(db.kysely, { collectOnly: true });
    const op = new AlterField({
      model: "Choice",
      name: "votes",
      field: fields.BigIntegerField({ null: true }),
    });
    const after = before.clone();
    op.stateForwards(APP, after);
    await op.databaseForwards(APP, { editor, alias: db.alias, collectOnly: true }, before, after);
    expect(editor.executed.map((q) => q.sql)).toEqual([
      'alter table "opf_choice" alter column "votes" type bigint USING "votes"::bigint',
    ]);
    expect((await columns("opf_choice")).votes?.type).toBe("integer");

    const collect = async (op: Operation): Promise<string[]> => {
      const sqlOnly = new SchemaEditor(db.kysely, { collectOnly: true });
      const next = before.clone();
      op.stateForwards(APP, next);
      const ctx = { editor: sqlOnly, alias: db.alias, collectOnly: true };
      await op.databaseForwards(APP, ctx, before, next);
      return sqlOnly.executed.map((q) => q.sql);
    };
    const retarget = await collect(
      new AlterField({
        model: "Choice",
        name: "question",
        field: fields.ForeignKey(`${APP}.Poll`, { onDelete: "CASCADE" }),
      }),
    );
    expect(retarget[0]).toMatch(
      /^alter table "opf_choice" drop constraint if exists "opf_choice_question_id_[0-9a-f]{8}_fk_opf_question_id"$/,
    );
    expect(retarget.at(-1)).toMatch(
      /^alter table "opf_choice" add constraint "opf_choice_question_id_[0-9a-f]{8}_fk_opf_poll_id" foreign key \("question_id"\) references "opf_poll" \("id"\) deferrable initially deferred$/,
    );
    const notNull = await collect(
      new AlterField({
        model: "Choice",
        name: "votes",
        field: fields.IntegerField({ default: 0 }),
      }),
    );
    expect(notNull).toEqual([
      'update "opf_choice" set "votes" = 0 where "votes" is null',
      'alter table "opf_choice" alter column "votes" set not null',
    ]);
  });
});
