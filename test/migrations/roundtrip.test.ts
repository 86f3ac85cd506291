// Migration round trips: models change version by version (create, add field, rename, alter
// type, FK, M2M, indexes and constraints, rename model and removals); after each version,
// makemigrations (the autodetector and the writer) then migrate (the loader importing the
// written files, and the executor) must give exactly the schema the models declare, as the
// PostgreSQL catalog shows it; migrating back to zero must leave no table. PGlite and PostgreSQL.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  Autodetector,
  MigrationExecutor,
  type MigrationQuestioner,
  type NotNullAnswer,
  ProjectState,
  writeMigration,
} from "@tango/orm/migrations";
import { describeEachDatabase } from "@tango/orm/testing";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { declaredCatalog, givenNames, introspect } from "./roundtrip-fixtures/catalog.js";
import {
  APP,
  type Version,
  v1,
  v2,
  v3,
  v4,
  v5,
  v6,
  v7,
  v8,
  v9,
} from "./roundtrip-fixtures/versions.js";

/** Answers yes to every rename; never invents a default. */
const yes: MigrationQuestioner = {
  askRenameModel: async () => true,
  askRenameField: async () => true,
  askNotNullAddition: async (): Promise<NotNullAnswer> => ({ kind: "abort" }),
  askNotNullAlteration: async (): Promise<NotNullAnswer> => ({ kind: "abort" }),
};

const here = fileURLToPath(new URL(".", import.meta.url));

describeEachDatabase(
  "migration round trips",
  (ctx) => {
    let dir: string;
    let applied: ProjectState = new ProjectState();
    let leaf: string | undefined;
    /** Each version done so far, with the last migration it needed. */
    const done: { version: Version; leaf: string }[] = [];
    const db = () => ctx.kysely as unknown as Kysely<never>;
    const rows = async (query: string) => (await sql.raw(query).execute(db())).rows;

    beforeAll(() => {
      dir = join(here, `.tmp-roundtrip-${ctx.engine}-${process.pid}`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
    });
    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    /** makemigrations for a version (files written as the command writes them), then migrate. */
    async function makeAndMigrate(v: Version): Promise<string[]> {
      const changes = await new Autodetector(applied, v.state, yes).changes({
        leaves: new Map([[APP, leaf]]),
      });
      const migrations = changes.get(APP) ?? [];
      for (const migration of migrations) {
        writeFileSync(join(dir, `${migration.name}.ts`), writeMigration(migration));
        leaf = migration.name;
      }
      const executor = await MigrationExecutor.create({ sources: [{ app: APP, dir }] });
      applied = await executor.migrate(executor.targetsForApps([APP]));
      done.push({ version: v, leaf: leaf as string });
      return migrations.map((m) => m.name);
    }

    /**
     * The migrated schema is the declared one, and makemigrations finds nothing more to do.
     * Index and constraint names are compared too, except after renames (`strictNames`
     * false): renamed tables and columns keep the names of their indexes and constraints, as
     * in Django, so then only the names the models give must be there, on the right tables.
     */
    async function expectDeclaredSchema(v: Version, strictNames = true): Promise<string[]> {
      const migrated = await introspect(db());
      const declared = await declaredCatalog(ctx.alias, v.models);
      expect(migrated.tables, v.label).toEqual(declared.tables);
      if (strictNames) {
        expect(migrated.names, `${v.label}: names`).toEqual(declared.names);
      } else {
        const given = v.models.flatMap((m) => givenNames(m).map((n) => `${m._meta.dbTable}: ${n}`));
        expect(migrated.names, `${v.label}: names`).toEqual(expect.arrayContaining(given));
        expect(migrated.names, `${v.label}: names`).toHaveLength(declared.names.length);
      }
      const again = await new Autodetector(applied, v.state, yes).changes({
        leaves: new Map([[APP, leaf]]),
      });
      expect([...again.keys()], `${v.label}: no changes left`).toEqual([]);
      return Object.keys(migrated.tables);
    }

    it("v1: creates the models", async () => {
      const v = v1();
      expect(await makeAndMigrate(v)).toEqual(["0001_initial"]);
      expect(await expectDeclaredSchema(v)).toEqual(["rt_author", "rt_question"]);
      await rows("insert into rt_author (name) values ('Ann')");
      await rows("insert into rt_question (text, pub_date) values ('Why?', now())");
    });

    it("v2: adds fields (existing rows get the defaults)", async () => {
      const v = v2();
      expect(await makeAndMigrate(v)).toHaveLength(1);
      await expectDeclaredSchema(v);
      expect(await rows("select slug, rank from rt_question")).toEqual([{ slug: "", rank: 0 }]);
      await rows("update rt_question set rank = 3, slug = 'why'");
      await rows("update rt_author set email = 'ann@example.com'");
    });

    it("v3: renames a field, keeping the data", async () => {
      const v = v3();
      expect(await makeAndMigrate(v)).toEqual(["0003_rename_text_question_questiontext"]);
      await expectDeclaredSchema(v);
      expect(await rows("select question_text, rank, slug from rt_question")).toEqual([
        { question_text: "Why?", rank: 3, slug: "why" },
      ]);
      // An author without email: v4 makes the column NOT NULL with a default.
      await rows("insert into rt_author (name) values ('Bob')");
    });

    it("v4: alters types and options, keeping the data", async () => {
      const v = v4();
      expect(await makeAndMigrate(v)).toHaveLength(1);
      await expectDeclaredSchema(v);
      expect(await rows("select question_text, rank::int as rank from rt_question")).toEqual([
        { question_text: "Why?", rank: 3 },
      ]);
      expect(await rows("select name, email from rt_author order by id")).toEqual([
        { name: "Ann", email: "ann@example.com" },
        { name: "Bob", email: "" },
      ]);
    });

    it("v5: adds foreign keys (to another model, to itself) and a one-to-one", async () => {
      const v = v5();
      expect(await makeAndMigrate(v)).toHaveLength(1);
      await expectDeclaredSchema(v);
      await rows("update rt_author set mentor_id = (select min(id) from rt_author)");
      await rows("update rt_question set author_id = (select min(id) from rt_author)");
    });

    it("v6: adds a model and many-to-many fields", async () => {
      const v = v6();
      expect(await makeAndMigrate(v)).toHaveLength(1);
      expect(await expectDeclaredSchema(v)).toEqual([
        "rt_author",
        "rt_author_likes",
        "rt_question",
        "rt_question_tags",
        "rt_tag",
      ]);
      await rows(
        "insert into rt_author_likes (author_id, question_id) select a.id, q.id from rt_author a, rt_question q",
      );
    });

    it("v7: adds indexes, constraints and unique together", async () => {
      const v = v7();
      expect(await makeAndMigrate(v)).toHaveLength(1);
      await expectDeclaredSchema(v);
    });

    it("v8: renames a model, removes a model, a field, an index and a constraint", async () => {
      const v = v8();
      expect(await makeAndMigrate(v)).toHaveLength(1);
      expect(await expectDeclaredSchema(v, false)).toEqual([
        "rt_question",
        "rt_writer",
        "rt_writer_likes",
      ]);
      // The rows, the foreign keys and the many-to-many rows followed the rename.
      expect(
        await rows(
          "select w.name, m.name as mentor, count(l.id)::int as likes from rt_writer w join rt_writer m on m.id = w.mentor_id left join rt_writer_likes l on l.writer_id = w.id group by w.id, w.name, m.name order by w.id",
        ),
      ).toEqual([
        { name: "Ann", mentor: "Ann", likes: 1 },
        { name: "Bob", mentor: "Ann", likes: 1 },
      ]);
      expect(
        await rows(
          "select q.question_text, w.name from rt_question q join rt_writer w on w.id = q.author_id",
        ),
      ).toEqual([{ question_text: "Why?", name: "Ann" }]);
    });

    it("v9: renames a constrained field, moves a table, drops a unique", async () => {
      const v = v9();
      expect(await makeAndMigrate(v)).toHaveLength(1);
      expect(await expectDeclaredSchema(v, false)).toEqual([
        "rt_poll",
        "rt_writer",
        "rt_writer_likes",
      ]);
      expect(await rows("select body from rt_poll")).toEqual([{ body: "Why?" }]);
      expect(await rows("select count(*)::int as n from rt_writer_likes")).toEqual([{ n: 2 }]);
    });

    it("migrating back version by version gives each version's schema", async () => {
      expect(done.map((d) => d.leaf)).toHaveLength(9);
      for (const { version, leaf: target } of done.slice(0, -1).reverse()) {
        const executor = await MigrationExecutor.create({ sources: [{ app: APP, dir }] });
        applied = await executor.migrate([[APP, target]]);
        leaf = target;
        await expectDeclaredSchema(version, false);
      }
      expect(await rows("select name from rt_author order by id")).toEqual([
        { name: "Ann" },
        { name: "Bob" },
      ]);
      expect(await rows("select text from rt_question")).toEqual([{ text: "Why?" }]);
    });

    it("migrating to zero leaves no tables", async () => {
      const executor = await MigrationExecutor.create({ sources: [{ app: APP, dir }] });
      await executor.migrate([[APP, null]]);
      expect(Object.keys((await introspect(db())).tables)).toEqual([]);
      expect(
        await rows(`select count(*)::int as n from tango_migrations where app = '${APP}'`),
      ).toEqual([{ n: 0 }]);
      // And forwards again, in one go, to the last version's schema.
      const again = await MigrationExecutor.create({ sources: [{ app: APP, dir }] });
      applied = await again.migrate(again.targetsForApps([APP]));
      leaf = done.at(-1)?.leaf;
      const last = done.at(-1)?.version as Version;
      await expectDeclaredSchema(last, false);
      await again.migrate([[APP, null]]);
      expect(Object.keys((await introspect(db())).tables)).toEqual([]);
    });
  },
  { isolate: false },
);
