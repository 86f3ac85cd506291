/** `manage loaddata <fixture ...>`: installs JSON fixtures (Django's format) in one transaction. */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { apps } from "@tango/core";
import { sql } from "kysely";
import { atomic } from "../db/atomic.js";
import { connections } from "../db/connections.js";
import { CommandError } from "../errors.js";
import type { Field } from "../models/field.js";
import type { ManyToManyFieldImpl } from "../models/fields/related-fields.js";
import type { ModelClass } from "../models/model-class.js";
import { modelRegistry } from "../models/registry.js";
import type { OrmCommandContext } from "./context.js";

/** The options of `manage loaddata`. */
export interface LoadDataOptions {
  database: string;
}

type Ctx = OrmCommandContext<LoadDataOptions, { fixtures: string[] }>;

/** One fixture entry checked against the models: the model, its pk and column values. */
interface LoadedObject {
  model: ModelClass;
  pk: unknown;
  row: Record<string, unknown>;
  manyToMany: Array<[ManyToManyFieldImpl, unknown[]]>;
}

/**
 * The file a fixture name stands for: a path that exists (relative to the working directory),
 * else `<name>` or `<name>.json` in an installed app's `fixtures/` folder.
 *
 * @example
 * findFixture("questions"); // "/site/src/polls/fixtures/questions.json"
 */
export function findFixture(name: string): string {
  if (existsSync(resolve(name))) return resolve(name);
  const candidates = name.endsWith(".json") ? [name] : [name, `${name}.json`];
  const found: string[] = [];
  for (const config of apps.getAppConfigs()) {
    for (const candidate of candidates) {
      const path = join(config.path, "fixtures", candidate);
      if (existsSync(path)) found.push(path);
    }
  }
  if (found.length > 1) {
    throw new CommandError(
      `Multiple fixtures named '${name}': ${found.join(", ")}. Pass the path of the one you want.`,
    );
  }
  if (found[0] === undefined) {
    throw new CommandError(
      `No fixture named '${name}' found. Pass a path to a JSON file, or put ${basename(candidates.at(-1) ?? name)} in an installed app's fixtures/ folder.`,
    );
  }
  return found[0];
}

function problem(fixture: string, index: number, message: string): CommandError {
  return new CommandError(
    `Problem installing fixture '${fixture}': entry #${index + 1} ${message}`,
  );
}

function modelOf(fixture: string, index: number, label: unknown): ModelClass {
  const [app = "", name = ""] = typeof label === "string" ? label.split(".", 2) : [];
  const model = modelRegistry.findModel(app, name);
  if (!model) {
    throw problem(
      fixture,
      index,
      `names the model ${JSON.stringify(label)}, which is not installed. Use "app_label.modelname" of a model in INSTALLED_APPS, as in "polls.question".`,
    );
  }
  return model;
}

/** Checks one fixture entry and converts its values to column values. */
function toLoadedObject(fixture: string, index: number, entry: unknown): LoadedObject {
  const { model: label, pk, fields } = (entry ?? {}) as Record<string, unknown>;
  const model = modelOf(fixture, index, label);
  if (fields !== undefined && (typeof fields !== "object" || fields === null)) {
    throw problem(fixture, index, `(${String(label)}) has "fields" that is not an object.`);
  }
  const meta = model._meta;
  const row: Record<string, unknown> = {};
  if (pk !== undefined && pk !== null) row[meta.pk.column] = meta.pk.toDb(pk);
  const manyToMany: Array<[ManyToManyFieldImpl, unknown[]]> = [];
  for (const [name, value] of Object.entries((fields ?? {}) as Record<string, unknown>)) {
    const m2m = meta.manyToMany.find((f) => f.name === name) as ManyToManyFieldImpl | undefined;
    if (m2m) {
      manyToMany.push([m2m, Array.isArray(value) ? value : []]);
      continue;
    }
    const field = meta.fields.find((f: Field) => f.name === name || f.attname === name);
    if (!field) {
      const known = [...meta.fields, ...meta.manyToMany].map((f) => f.name).join(", ");
      throw problem(
        fixture,
        index,
        `(${meta.appLabel}.${meta.modelName}) has the field '${name}', which ${model.name} does not have. Its fields are: ${known}.`,
      );
    }
    try {
      row[field.column] = field.toDb(value);
    } catch (error) {
      throw problem(
        fixture,
        index,
        `(${meta.appLabel}.${meta.modelName}) has a bad value for '${name}': ${JSON.stringify(value)} (${(error as Error).message}).`,
      );
    }
  }
  return { model, pk: row[meta.pk.column], row, manyToMany };
}

/** Reads a fixture file and checks every entry. */
async function readFixture(path: string): Promise<LoadedObject[]> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new CommandError(
      `Problem installing fixture '${path}': it is not valid JSON (${(error as Error).message}). A fixture is a JSON array of {"model", "pk", "fields"} objects.`,
    );
  }
  if (!Array.isArray(data)) {
    throw new CommandError(
      `Problem installing fixture '${path}': it is not a JSON array. A fixture is a list of {"model", "pk", "fields"} objects, as 'manage dumpdata' writes.`,
    );
  }
  return data.map((entry, index) => toLoadedObject(path, index, entry));
}

/** INSERT ... ON CONFLICT (pk) DO UPDATE: creates the row or updates the one with its pk. */
async function saveObject(object: LoadedObject, alias: string): Promise<unknown> {
  const meta = object.model._meta;
  const db = connections.get(alias).kysely;
  const { [meta.pk.column]: _pk, ...rest } = object.row;
  const insert = db.insertInto(meta.dbTable).values(object.row);
  const upsert =
    object.pk === undefined
      ? insert
      : insert.onConflict((oc) =>
          Object.keys(rest).length === 0
            ? oc.column(meta.pk.column).doNothing()
            : oc.column(meta.pk.column).doUpdateSet(rest),
        );
  const saved = await upsert.returning(meta.pk.column).executeTakeFirst();
  return saved?.[meta.pk.column] ?? object.pk;
}

/** Replaces the rows of each many-to-many relation of a saved object. */
async function saveManyToMany(object: LoadedObject, pk: unknown, alias: string): Promise<void> {
  const db = connections.get(alias).kysely;
  for (const [field, pks] of object.manyToMany) {
    const through = field.throughModel as ModelClass;
    const fks = through._meta.fields.filter((f) => f.isRelation);
    const from = fks.find((f) => f.remoteField?.model === object.model) as Field;
    const to = fks.find((f) => f !== from) ?? from;
    await db.deleteFrom(through._meta.dbTable).where(from.column, "=", pk).execute();
    if (pks.length === 0) continue;
    await db
      .insertInto(through._meta.dbTable)
      .values(pks.map((target) => ({ [from.column]: pk, [to.column]: to.toDb(target) })))
      .execute();
  }
}

/** Checks the deferred foreign keys now (inside an outer transaction they would wait for its commit). */
async function checkConstraints(alias: string): Promise<void> {
  try {
    await sql`set constraints all immediate`.execute(connections.get(alias).kysely);
  } catch (error) {
    throw new CommandError(
      `Problem installing fixtures: ${(error as Error).message}. Add the rows it refers to to the fixtures, or load their fixture in the same command.`,
      { cause: error },
    );
  }
}

/** Moves the identity sequences of the tables past the loaded pks, as Django's sequence reset. */
async function resetSequences(models: Iterable<ModelClass>, alias: string): Promise<void> {
  const db = connections.get(alias).kysely;
  for (const model of models) {
    const meta = model._meta;
    if (!meta.pk.autoGenerated) continue;
    const table = sql.id(meta.dbTable);
    const column = sql.id(meta.pk.column);
    await sql`select setval(pg_get_serial_sequence(${sql.lit(`"${meta.dbTable}"`)}, ${sql.lit(meta.pk.column)}), coalesce(max(${column}), 1), max(${column}) is not null) from ${table}`.execute(
      db,
    );
  }
}

/**
 * Installs fixture files in one transaction (foreign keys checked at commit, so the order of
 * the entries does not matter); returns how many objects were installed.
 *
 * @example
 * await loadFixtures(["/site/src/polls/fixtures/questions.json"], "default");
 * // begin; set constraints all deferred;
 * // insert into "polls_question" ("id", "question_text") values ($1, $2)
 * //   on conflict ("id") do update set "question_text" = $3 returning "id"; ...;
 * // set constraints all immediate; select setval(...); commit
 */
export async function loadFixtures(paths: readonly string[], alias: string): Promise<number> {
  const fixtures = await Promise.all(paths.map(readFixture));
  return atomic(
    async () => {
      await sql`set constraints all deferred`.execute(connections.get(alias).kysely);
      const touched = new Set<ModelClass>();
      let count = 0;
      for (const objects of fixtures) {
        for (const object of objects) {
          const pk = await saveObject(object, alias);
          await saveManyToMany(object, pk, alias);
          touched.add(object.model);
          count++;
        }
      }
      await checkConstraints(alias);
      await resetSequences(touched, alias);
      return count;
    },
    { using: alias },
  );
}

/**
 * `manage loaddata`: Django's command for JSON fixtures, with `--database`.
 *
 * @example
 * // manage loaddata questions           (src/polls/fixtures/questions.json)
 * // Installed 3 object(s) from 1 fixture(s)
 */
export const loaddataCommand = {
  help: `Install the named fixtures in the database.

A fixture is a JSON file as 'manage dumpdata' writes: a list of {"model", "pk", "fields"}
objects. Pass a path, or a name looked up in each installed app's fixtures/ folder
('questions' finds src/polls/fixtures/questions.json). Rows are created, or updated when
their pk exists, all in one transaction.`,
  args: [{ name: "fixtures", help: "Fixture paths or names.", required: true, variadic: true }],
  options: {
    database: { type: "string", default: "default", help: "The database alias to load into." },
  },
  async handle(ctx: Ctx): Promise<number> {
    await ctx.setup();
    if (ctx.args.fixtures.length === 0) {
      throw new CommandError(
        "No fixture named: pass at least one, as in 'manage loaddata questions'.",
      );
    }
    const paths = ctx.args.fixtures.map(findFixture);
    const count = await loadFixtures(paths, ctx.options.database);
    if (ctx.verbosity >= 1) {
      ctx.stdout.line(`Installed ${count} object(s) from ${paths.length} fixture(s)`);
    }
    return 0;
  },
};
