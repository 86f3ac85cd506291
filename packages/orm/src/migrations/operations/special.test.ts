// Loads the QuerySet layer, so historical models have managers.
import "../../index.js";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { SchemaEditor } from "../../models/schema-editor.js";
import { describeEachDatabase } from "../../testing/describe-each-database.js";
import { IrreversibleError } from "../errors.js";
import { fields } from "../field-specs.js";
import type { SchemaContext } from "../operation.js";
import { ModelState, ProjectState, type StateApps } from "../state.js";
import { operations } from "./index.js";
import { RunCode, RunSQL, splitStatements } from "./special.js";

const APP = "ops";

function personState(): ProjectState {
  return new ProjectState([
    new ModelState(APP, "Person", {
      id: fields.BigAutoField(),
      firstName: fields.CharField({ maxLength: 50 }),
      lastName: fields.CharField({ maxLength: 50 }),
      // No model class of the project has this field: only the historical model knows it.
      fullName: fields.CharField({ maxLength: 101, default: "" }),
    }),
  ]);
}

describe("RunSQL and RunCode (no database)", () => {
  it("describe, reversible, deconstruct and name fragment", () => {
    const irreversible = operations.RunSQL({ sql: "select 1" });
    expect(irreversible.describe()).toBe("Raw SQL operation");
    expect(irreversible.reversible).toBe(false);
    expect(irreversible.migrationNameFragment).toBeUndefined();
    expect(irreversible.deconstruct()).toEqual({ kind: "RunSQL", options: { sql: "select 1" } });
    const reversible = new RunSQL({ sql: ["a", "b"], reverseSql: RunSQL.noop });
    expect(reversible.reversible).toBe(true);
    expect(new RunSQL(reversible.deconstruct().options as never)).toEqual(reversible);

    const code = () => {};
    const run = operations.RunCode({ code });
    expect(run.describe()).toBe("Raw code operation");
    expect(run.reversible).toBe(false);
    expect(run.migrationNameFragment).toBeUndefined();
    expect(run.deconstruct()).toEqual({ kind: "RunCode", options: { code } });
    const back = new RunCode({ code, reverseCode: RunCode.noop });
    expect(back.reversible).toBe(true);
    expect(new RunCode(back.deconstruct().options as never)).toEqual(back);
  });

  it("splits SQL text at semicolons outside quotes, dollar quotes and comments", () => {
    expect(
      splitStatements(
        "create table a (x text default 'a;b'); -- c;d\ncreate function f() returns int as $body$ select 1; $body$ language sql;\n/* e; */ select \"g;h\";",
      ),
    ).toEqual([
      "create table a (x text default 'a;b')",
      "-- c;d\ncreate function f() returns int as $body$ select 1; $body$ language sql",
      '/* e; */ select "g;h"',
    ]);
    expect(splitStatements("select 1")).toEqual(["select 1"]);
  });

  it("state stays as it is; nothing moves across them", () => {
    const state = personState();
    const before = state.clone();
    new RunSQL({ sql: "x" }).stateForwards(APP, state);
    expect(state).toEqual(before);
    const sqlOp = new RunSQL({ sql: "x" });
    expect(sqlOp.referencesModel("Person", APP)).toBe(true);
    expect(sqlOp.reduce(new RunSQL({ sql: "y" }), APP)).toBe(false);
  });
});

describeEachDatabase("RunSQL and RunCode (database)", (db) => {
  const context = (collectOnly = false): SchemaContext => ({
    editor: new SchemaEditor(db.kysely, { collectOnly }),
    alias: db.alias,
    collectOnly,
  });

  async function setUp(): Promise<ProjectState> {
    const state = personState();
    const editor = new SchemaEditor(db.kysely);
    await editor.createModel(state.apps().getModel(APP, "Person"));
    await editor.flush();
    return state;
  }

  async function tableExists(name: string): Promise<boolean> {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from information_schema.tables
      where table_schema = current_schema() and table_name = ${name}
    `.execute(db.kysely);
    return rows[0]?.n === 1;
  }

  it("RunSQL runs each statement forwards and reverseSql backwards", async () => {
    const state = await setUp();
    const op = new RunSQL({
      sql: ["create table ops_extra (id integer)", "insert into ops_extra values (1)"],
      reverseSql: "drop table ops_extra",
    });
    const ctx = context();
    await op.databaseForwards(APP, ctx, state, state);
    expect(ctx.editor.executed.map((q) => q.sql)).toEqual([
      "create table ops_extra (id integer)",
      "insert into ops_extra values (1)",
    ]);
    expect(await tableExists("ops_extra")).toBe(true);
    const text = new RunSQL({
      sql: "insert into ops_extra values (2); insert into ops_person (first_name, last_name, full_name) values ('a;', 'b', '');",
    });
    await text.databaseForwards(APP, context(), state, state);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ops_extra`.execute(
      db.kysely,
    );
    expect(rows[0]?.n).toBe(2);
    await op.databaseBackwards(APP, context(), state, state);
    expect(await tableExists("ops_extra")).toBe(false);
  });

  it("RunSQL without reverseSql cannot be unapplied; RunSQL.noop does nothing", async () => {
    const state = await setUp();
    const op = new RunSQL({ sql: "select 1" });
    await expect(op.databaseBackwards(APP, context(), state, state)).rejects.toThrow(
      IrreversibleError,
    );
    await expect(op.databaseBackwards(APP, context(), state, state)).rejects.toThrow(
      /has no reverseSql.*Add reverseSql to the operation \(RunSQL.noop/,
    );
    const noop = new RunSQL({ sql: "select 1", reverseSql: RunSQL.noop });
    const ctx = context();
    await noop.databaseBackwards(APP, ctx, state, state);
    expect(ctx.editor.executed).toEqual([]);
  });

  it("RunSQL under collectOnly records the SQL without running it", async () => {
    const state = await setUp();
    const ctx = context(true);
    await new RunSQL({ sql: "create table ops_never (id integer)" }).databaseForwards(
      APP,
      ctx,
      state,
      state,
    );
    expect(ctx.editor.executed.map((q) => q.sql)).toEqual(["create table ops_never (id integer)"]);
    expect(await tableExists("ops_never")).toBe(false);
  });

  it("RunCode reads and writes rows through the historical models", async () => {
    const state = await setUp();
    await sql`insert into ops_person (first_name, last_name, full_name) values ('Ada', 'Lovelace', ''), ('Alan', 'Turing', '')`.execute(
      db.kysely,
    );
    const seen: string[] = [];
    const fill = async (apps: StateApps) => {
      const Person = apps.getModel(APP, "Person");
      for (const person of (await Person.objects.orderBy("id").all()) as unknown as Record<
        string,
        string
      >[]) {
        seen.push(person.firstName as string);
        await Person.objects
          .filter({ id: person.id })
          .update({ fullName: `${person.firstName} ${person.lastName}` });
      }
    };
    const clear = async (apps: StateApps) => {
      await apps.getModel("ops.Person").objects.update({ fullName: "" });
    };
    const op = new RunCode({ code: fill, reverseCode: clear });
    await op.databaseForwards(APP, context(), state, state);
    expect(seen).toEqual(["Ada", "Alan"]);
    const { rows } = await sql<{ full_name: string }>`
      select full_name from ops_person order by id
    `.execute(db.kysely);
    expect(rows.map((r) => r.full_name)).toEqual(["Ada Lovelace", "Alan Turing"]);
    await op.databaseBackwards(APP, context(), state, state);
    const after = await sql<{ full_name: string }>`select full_name from ops_person`.execute(
      db.kysely,
    );
    expect(after.rows.map((r) => r.full_name)).toEqual(["", ""]);
  });

  it("RunCode under collectOnly records a comment and runs nothing; no reverseCode is irreversible", async () => {
    const state = await setUp();
    let called = false;
    const op = new RunCode({
      code: () => {
        called = true;
      },
    });
    const ctx = context(true);
    await op.databaseForwards(APP, ctx, state, state);
    expect(called).toBe(false);
    expect(ctx.editor.executed.map((q) => q.sql)).toEqual([
      "-- THIS OPERATION CANNOT BE WRITTEN AS SQL",
    ]);
    await expect(op.databaseBackwards(APP, context(), state, state)).rejects.toThrow(
      /has no reverseCode.*RunCode.noop/,
    );
  });
});
