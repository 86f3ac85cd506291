import { sql } from "kysely";
import { afterEach, beforeAll, expect, it } from "vitest";
import { connections } from "../db/connections.js";
import { describeEachDatabase } from "../testing/describe-each-database.js";
import { IrreversibleError } from "./errors.js";
import { MigrationExecutor, type MigrationProgress } from "./executor.js";
import { Migration, type MigrationKey } from "./migration.js";
import { Operation, type SchemaContext } from "./operation.js";
import { MigrationRecorder } from "./recorder.js";
import { ModelState, type ProjectState } from "./state.js";

const db = () => connections.get("default").kysely;

/** Creates (backwards: drops) a table with raw SQL; no state. */
class CreateTable extends Operation {
  constructor(readonly table: string) {
    super();
  }
  stateForwards() {}
  async databaseForwards(_app: string, ctx: SchemaContext) {
    await run(ctx, sql`create table ${sql.id(this.table)} (id int)`);
  }
  async databaseBackwards(_app: string, ctx: SchemaContext) {
    await run(ctx, sql`drop table ${sql.id(this.table)}`);
  }
  describe() {
    return `Create table ${this.table}`;
  }
  deconstruct() {
    return { kind: "CreateTable", options: { table: this.table } };
  }
}

/** A CreateModel look-alike: adds a model to the state and creates it through the schema editor. */
class CreateModel extends Operation {
  constructor(readonly name: string) {
    super();
  }
  stateForwards(app: string, state: ProjectState) {
    state.addModel(
      new ModelState(app, this.name, {
        id: { type: "BigAutoField", options: { primaryKey: true } },
        title: { type: "CharField", options: { maxLength: 20 } },
      }),
    );
  }
  async databaseForwards(app: string, ctx: SchemaContext, _from: ProjectState, to: ProjectState) {
    await ctx.editor.createModel(to.apps().getModel(app, this.name));
  }
  async databaseBackwards(app: string, ctx: SchemaContext, from: ProjectState) {
    await ctx.editor.deleteModel(from.apps().getModel(app, this.name));
  }
  describe() {
    return `Create model ${this.name}`;
  }
  deconstruct() {
    return { kind: "CreateModel", options: { name: this.name } };
  }
}

/** Inserts the migration's label into mig_log (counts how often a migration really ran). */
class Log extends Operation {
  constructor(readonly label: string) {
    super();
  }
  stateForwards() {}
  async databaseForwards(_app: string, ctx: SchemaContext) {
    // Slow enough that a concurrent run would overlap without the lock.
    await run(ctx, sql`insert into mig_log (label) select ${this.label} from pg_sleep(0.02)`);
  }
  async databaseBackwards(_app: string, ctx: SchemaContext) {
    await run(ctx, sql`delete from mig_log where label = ${this.label}`);
  }
  describe() {
    return "Log";
  }
  deconstruct() {
    return { kind: "Log", options: {} };
  }
}

class Fail extends Operation {
  stateForwards() {}
  async databaseForwards(): Promise<void> {
    throw new Error("boom");
  }
  async databaseBackwards(): Promise<void> {
    throw new Error("boom");
  }
  describe() {
    return "Fail";
  }
  deconstruct() {
    return { kind: "Fail", options: {} };
  }
}

class OneWay extends CreateTable {
  override get reversible() {
    return false;
  }
}

async function run(ctx: SchemaContext, query: ReturnType<typeof sql>) {
  const kysely = connections.get(ctx.alias).kysely;
  ctx.editor.executed.push(query.compile(kysely));
  if (!ctx.collectOnly) await query.execute(kysely);
}

function migration(
  label: string,
  dependencies: MigrationKey[],
  operations: Operation[],
  extra: { initial?: boolean; replaces?: MigrationKey[]; atomic?: boolean } = {},
): Migration {
  const [app, name] = label.split(".") as [string, string];
  const m = new Migration({ dependencies, operations, ...extra });
  m.app = app;
  m.name = name;
  return m;
}

// mig.0001 creates t_one (and logs), mig.0002 creates t_two, other.0001 (needs mig.0001) creates t_other.
function history(): Migration[] {
  return [
    migration("mig.0001_initial", [], [new CreateTable("t_one"), new Log("mig.0001_initial")], {
      initial: true,
    }),
    migration(
      "mig.0002_two",
      [["mig", "0001_initial"]],
      [new CreateTable("t_two"), new Log("mig.0002_two")],
    ),
    migration("other.0001_initial", [["mig", "0001_initial"]], [new CreateTable("t_other")]),
  ];
}

async function tables(): Promise<string[]> {
  const { rows } = await sql<{
    name: string;
  }>`select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_name like 't\\_%' order by 1`.execute(db());
  return rows.map((r) => r.name);
}

async function recorded(): Promise<string[]> {
  return [...(await new MigrationRecorder().appliedMigrations()).keys()].sort();
}

describeEachDatabase(
  "MigrationExecutor",
  () => {
    beforeAll(async () => {
      await sql`create table mig_log (label text not null)`.execute(db());
    });
    afterEach(async () => {
      for (const table of await tables())
        await sql`drop table ${sql.id(table)} cascade`.execute(db());
      await sql`delete from mig_log`.execute(db());
      await new MigrationRecorder().flush();
    });

    it("applies every migration, in order, recording each", async () => {
      const events: MigrationProgress[] = [];
      const executor = await MigrationExecutor.create({
        migrations: history(),
        progress: (e) => events.push(e),
      });
      const plan = executor.migrationPlan(executor.targetsForApps());
      expect(plan.map((s) => [s.migration.label, s.backwards])).toEqual([
        ["mig.0001_initial", false],
        ["mig.0002_two", false],
        ["other.0001_initial", false],
      ]);
      await executor.migrate(executor.targetsForApps());
      expect(await tables()).toEqual(["t_one", "t_other", "t_two"]);
      expect(await recorded()).toEqual(["mig.0001_initial", "mig.0002_two", "other.0001_initial"]);
      expect(events.map((e) => `${e.type} ${e.migration.label}`)).toEqual([
        "apply_start mig.0001_initial",
        "apply_success mig.0001_initial",
        "apply_start mig.0002_two",
        "apply_success mig.0002_two",
        "apply_start other.0001_initial",
        "apply_success other.0001_initial",
      ]);
      expect(events[1]?.durationMs).toBeGreaterThanOrEqual(0);
      expect(executor.migrationPlan(executor.targetsForApps())).toEqual([]);
      // A new executor reads the same history from the database.
      const again = await MigrationExecutor.create({ migrations: history() });
      expect([...again.loader.applied.keys()].sort()).toEqual(await recorded());
    });

    it("unapplies down to a target, and to zero", async () => {
      const executor = await MigrationExecutor.create({ migrations: history() });
      await executor.migrate(executor.targetsForApps());
      const toInitial = executor.migrationPlan([["mig", "0001_initial"]]);
      expect(toInitial.map((s) => [s.migration.label, s.backwards])).toEqual([
        ["mig.0002_two", true],
      ]);
      await executor.migrate([["mig", "0001_initial"]]);
      expect(await tables()).toEqual(["t_one", "t_other"]);
      expect(await recorded()).toEqual(["mig.0001_initial", "other.0001_initial"]);
      // Zero unapplies the dependents in other apps first.
      expect(executor.migrationPlan([["mig", null]]).map((s) => s.migration.label)).toEqual([
        "other.0001_initial",
        "mig.0001_initial",
      ]);
      const state = await executor.migrate([["mig", null]]);
      expect(await tables()).toEqual([]);
      expect(await recorded()).toEqual([]);
      expect(state.models.size).toBe(0);
      const { rows } = await sql`select * from mig_log`.execute(db());
      expect(rows).toEqual([]);
    });

    it("rolls a failing migration back entirely", async () => {
      const migrations = [
        migration("mig.0001_initial", [], [new CreateTable("t_ok")]),
        migration(
          "mig.0002_bad",
          [["mig", "0001_initial"]],
          [new CreateTable("t_half"), new Fail()],
        ),
      ];
      const executor = await MigrationExecutor.create({ migrations });
      await expect(executor.migrate(executor.targetsForApps())).rejects.toThrow("boom");
      expect(await tables()).toEqual(["t_ok"]);
      expect(await recorded()).toEqual(["mig.0001_initial"]);
      expect(executor.loader.applied.has("mig.0002_bad")).toBe(false);
    });

    it("runs a non-atomic migration outside a transaction", async () => {
      const migrations = [
        migration("mig.0001_loose", [], [new CreateTable("t_loose"), new Fail()], {
          atomic: false,
        }),
      ];
      const executor = await MigrationExecutor.create({ migrations });
      await expect(executor.migrate(executor.targetsForApps())).rejects.toThrow("boom");
      expect(await tables()).toEqual(["t_loose"]);
      expect(await recorded()).toEqual([]);
    });

    it("applies each migration once when two migrate runs race", async () => {
      const skipped: string[] = [];
      const progress = (e: MigrationProgress) => {
        if (e.skipped) skipped.push(e.migration.label);
      };
      const a = await MigrationExecutor.create({ migrations: history(), progress });
      const b = await MigrationExecutor.create({ migrations: history(), progress });
      const c = await MigrationExecutor.create({ migrations: history(), progress });
      await Promise.all([
        (async () => a.migrate(a.targetsForApps()))(),
        (async () => b.migrate(b.targetsForApps()))(),
        (async () => c.migrate(c.targetsForApps()))(),
      ]);
      expect(await tables()).toEqual(["t_one", "t_other", "t_two"]);
      const { rows } = await sql<{ label: string; n: number }>`select label, count(*)::int as n
        from mig_log group by label order by label`.execute(db());
      expect(rows).toEqual([
        { label: "mig.0001_initial", n: 1 },
        { label: "mig.0002_two", n: 1 },
      ]);
      const { rows: records } = await sql<{
        n: number;
      }>`select count(*)::int as n from tango_migrations`.execute(db());
      expect(records[0]?.n).toBe(3);
      // Each plan held all three migrations: the two runs that lost each race skipped it.
      expect(skipped).toHaveLength(6);
    });

    it("fakes: records without running, both ways", async () => {
      const events: MigrationProgress[] = [];
      const executor = await MigrationExecutor.create({
        migrations: history(),
        progress: (e) => events.push(e),
      });
      await executor.migrate(executor.targetsForApps(), { fake: true });
      expect(await tables()).toEqual([]);
      expect(await recorded()).toEqual(["mig.0001_initial", "mig.0002_two", "other.0001_initial"]);
      expect(events.every((e) => e.fake)).toBe(true);
      await executor.migrate([["mig", null]], { fake: true });
      expect(await recorded()).toEqual([]);
    });

    it("fakes an initial migration whose tables exist (fakeInitial)", async () => {
      const migrations = [
        migration("mig.0001_initial", [], [new CreateModel("Book"), new CreateModel("Shelf")], {
          initial: true,
        }),
        migration("mig.0002_more", [["mig", "0001_initial"]], [new CreateTable("t_more")]),
      ];
      await sql`create table mig_book (id bigint primary key, title varchar(20))`.execute(db());
      await sql`create table mig_shelf (id bigint primary key, title varchar(20))`.execute(db());
      const events: MigrationProgress[] = [];
      const executor = await MigrationExecutor.create({
        migrations,
        progress: (e) => events.push(e),
      });
      const state = await executor.migrate(executor.targetsForApps(), { fakeInitial: true });
      expect(await recorded()).toEqual(["mig.0001_initial", "mig.0002_more"]);
      expect(events.filter((e) => e.type === "apply_success").map((e) => e.fake)).toEqual([
        true,
        false,
      ]);
      expect(state.hasModel("mig", "Book")).toBe(true);
      await sql`drop table mig_book, mig_shelf`.execute(db());
      await executor.migrate([["mig", null]], { fake: true });
      // Only one of the tables: not soft-applied, so CreateModel runs (and creates both).
      await sql`create table mig_book (id bigint primary key, title varchar(20))`.execute(db());
      const again = await MigrationExecutor.create({ migrations });
      await expect(again.migrate([["mig", "0001_initial"]], { fakeInitial: true })).rejects.toThrow(
        /mig_book/,
      );
      expect(await recorded()).toEqual([]);
      await sql`drop table mig_book`.execute(db());
      await again.migrate([["mig", "0001_initial"]]);
      expect(await recorded()).toEqual(["mig.0001_initial"]);
      await again.migrate([["mig", null]]);
      const { rows } =
        await sql`select 1 from information_schema.tables where table_name in ('mig_book', 'mig_shelf')`.execute(
          db(),
        );
      expect(rows).toEqual([]);
    });

    it("refuses to unapply an irreversible migration before touching anything", async () => {
      const migrations = [
        migration("mig.0001_initial", [], [new CreateTable("t_one")]),
        migration("mig.0002_oneway", [["mig", "0001_initial"]], [new OneWay("t_two")]),
      ];
      const executor = await MigrationExecutor.create({ migrations });
      await executor.migrate(executor.targetsForApps());
      await expect(executor.migrate([["mig", null]])).rejects.toThrow(IrreversibleError);
      await expect(executor.migrate([["mig", null]])).rejects.toThrow(
        /Migration mig\.0002_oneway cannot be unapplied: its operation #1 \(CreateTable: Create table t_two\) is irreversible/,
      );
      expect(await tables()).toEqual(["t_one", "t_two"]);
      expect(await recorded()).toEqual(["mig.0001_initial", "mig.0002_oneway"]);
      await executor.migrate([["mig", null]], { fake: true });
      expect(await recorded()).toEqual([]);
    });

    it("collects a migration's SQL without running it", async () => {
      const migrations = [
        migration("mig.0001_initial", [], [new CreateModel("Book"), new Log("x")]),
        migration("mig.0002_two", [["mig", "0001_initial"]], [new CreateTable("t_two")]),
      ];
      const executor = await MigrationExecutor.create({ migrations });
      const forwards = await executor.collectSql(
        executor.loader.graph.node(["mig", "0001_initial"]),
        false,
      );
      expect(forwards.slice(0, 3)).toEqual(["--", "-- Create model Book", "--"]);
      expect(forwards[3]).toMatch(
        /^create table "mig_book" \("id" bigint generated by default as identity not null primary key, "title" varchar\(20\) not null\);$/,
      );
      expect(forwards.at(-1)).toBe(
        'insert into mig_log (label) select $1 from pg_sleep(0.02); -- params: ["x"]',
      );
      const backwards = await executor.collectSql(
        executor.loader.graph.node(["mig", "0002_two"]),
        true,
      );
      expect(backwards).toEqual(["--", "-- Undo Create table t_two", "--", 'drop table "t_two";']);
      expect(await tables()).toEqual([]);
      expect(await recorded()).toEqual([]);
    });

    it("uses the replaced migrations while a squash is partly applied", async () => {
      const squash = () => [
        migration("sq.0001_a", [], [new CreateTable("t_a")]),
        migration("sq.0002_b", [["sq", "0001_a"]], [new CreateTable("t_b")]),
        migration("sq.0001_squashed_0002_b", [], [new CreateTable("t_a"), new CreateTable("t_b")], {
          replaces: [
            ["sq", "0001_a"],
            ["sq", "0002_b"],
          ],
        }),
        migration("sq.0003_c", [["sq", "0002_b"]], [new CreateTable("t_c")]),
      ];
      const first = await MigrationExecutor.create({ migrations: squash() });
      expect(first.migrationPlan(first.targetsForApps()).map((s) => s.migration.name)).toEqual([
        "0001_squashed_0002_b",
        "0003_c",
      ]);
      // A history from before the squash existed: only sq.0001_a applied.
      await sql`create table t_a (id int)`.execute(db());
      await first.recorder.ensureSchema();
      await first.recorder.recordApplied("sq", "0001_a");
      expect(() => first.migrationPlan([["sq", "0002_b"]])).toThrow(
        /Migration sq\.0002_b is replaced by the squashed migration sq\.0001_squashed_0002_b/,
      );
      const partial = await MigrationExecutor.create({ migrations: squash() });
      expect(partial.migrationPlan(partial.targetsForApps()).map((s) => s.migration.name)).toEqual([
        "0002_b",
        "0003_c",
      ]);
      await partial.migrate(partial.targetsForApps());
      const full = await MigrationExecutor.create({ migrations: squash() });
      expect(full.loader.applied.has("sq.0001_squashed_0002_b")).toBe(true);
      expect(full.migrationPlan(full.targetsForApps())).toEqual([]);
      await full.migrate([["sq", null]]);
      expect(await recorded()).toEqual([]);
      expect(await tables()).toEqual([]);
    });
  },
  { isolate: false },
);
