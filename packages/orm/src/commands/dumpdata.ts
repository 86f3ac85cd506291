/** `manage dumpdata [app[.Model] ...]`: writes the rows of the installed models as a JSON fixture. */
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { connections } from "../db/connections.js";
import { CommandError } from "../errors.js";
import type { Field } from "../models/field.js";
import type { ManyToManyFieldImpl } from "../models/fields/related-fields.js";
import type { ModelClass } from "../models/model-class.js";
import { modelRegistry } from "../models/registry.js";
import type { OrmCommandContext } from "./context.js";

/** One entry of a fixture: Django's JSON serialisation format. */
export interface FixtureObject {
  model: string;
  pk: unknown;
  fields: Record<string, unknown>;
}

/** The options of `manage dumpdata`. */
export interface DumpDataOptions {
  indent: number | undefined;
  output: string | undefined;
  database: string;
}

type Ctx = OrmCommandContext<DumpDataOptions, { labels: string[] }>;

/**
 * A field value as a fixture holds it: dates as ISO strings (DateField as YYYY-MM-DD), binary
 * as base64, bigints as numbers when they fit and strings otherwise; the rest as it is.
 *
 * @example
 * fixtureValue(Question._meta.getField("pubDate"), new Date(0)); // "1970-01-01T00:00:00.000Z"
 */
export function fixtureValue(field: Field, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    const iso = value.toISOString();
    return field.internalType === "DateField" ? iso.slice(0, 10) : iso;
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (typeof value === "bigint") {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  return value;
}

/** Whether a model is one a fixture lists: concrete, and not an automatic through model. */
function dumpable(model: ModelClass): boolean {
  const meta = model._meta;
  return !meta.abstract && !meta.autoCreated;
}

/**
 * The models `app` / `app.Model` labels name (every installed model when there are none), in
 * registration order; an unknown label is an error that names it.
 *
 * @example
 * modelsForLabels(["polls.Question"]); // [Question]
 */
export function modelsForLabels(labels: readonly string[]): ModelClass[] {
  const all = modelRegistry.getModels().filter(dumpable);
  if (labels.length === 0) return all;
  const chosen: ModelClass[] = [];
  for (const label of labels) {
    const [app, name] = label.split(".", 2);
    const matches = all.filter(
      (m) =>
        m._meta.appLabel === app &&
        (name === undefined || m._meta.modelName === name.toLowerCase()),
    );
    if (matches.length === 0) {
      throw new CommandError(
        name === undefined
          ? `No installed app with label '${label}' has models. Check the label, and that the app is in INSTALLED_APPS.`
          : `Unknown model: '${label}'. Use app_label.ModelName, as in 'polls.Question'.`,
      );
    }
    for (const model of matches) if (!chosen.includes(model)) chosen.push(model);
  }
  return chosen;
}

/** The pks each instance relates to through a many-to-many field, by the instance's pk. */
async function manyToManyValues(
  field: ManyToManyFieldImpl,
  alias: string,
): Promise<Map<unknown, unknown[]>> {
  const through = field.throughModel as ModelClass;
  const owner = field.model as ModelClass;
  const fks = through._meta.fields.filter((f) => f.isRelation);
  const from = fks.find((f) => f.remoteField?.model === owner) as Field;
  const to = fks.find((f) => f !== from) ?? from;
  const rows = await connections
    .get(alias)
    .kysely.selectFrom(through._meta.dbTable)
    .select([from.column, to.column])
    .orderBy(through._meta.pk.column)
    .execute();
  const result = new Map<unknown, unknown[]>();
  for (const row of rows) {
    const key = fixtureValue(from, from.fromDb(row[from.column]));
    const list = result.get(key) ?? [];
    list.push(fixtureValue(to, to.fromDb(row[to.column])));
    result.set(key, list);
  }
  return result;
}

/**
 * The rows of `model` as fixture objects, ordered by pk: fields under their property names,
 * foreign keys as the target's pk, many-to-many relations as lists of pks.
 *
 * @example
 * await dumpModel(Question, "default");
 * // select * from "polls_question" order by "id"
 * // [{ model: "polls.question", pk: 1, fields: { questionText: "Why?", pubDate: "2026-01-01T00:00:00.000Z" } }]
 */
export async function dumpModel(model: ModelClass, alias: string): Promise<FixtureObject[]> {
  const meta = model._meta;
  const rows = await connections
    .get(alias)
    .kysely.selectFrom(meta.dbTable)
    .selectAll()
    .orderBy(meta.pk.column)
    .execute();
  const m2m = new Map<string, Map<unknown, unknown[]>>();
  for (const field of meta.manyToMany) {
    m2m.set(field.name, await manyToManyValues(field as ManyToManyFieldImpl, alias));
  }
  return rows.map((row) => {
    const pk = fixtureValue(meta.pk, meta.pk.fromDb(row[meta.pk.column]));
    const fields: Record<string, unknown> = {};
    for (const field of meta.fields) {
      if (field === meta.pk) continue;
      fields[field.name] = fixtureValue(field, field.fromDb(row[field.column]));
    }
    for (const [name, values] of m2m) fields[name] = values.get(pk) ?? [];
    return { model: `${meta.appLabel}.${meta.modelName}`, pk, fields };
  });
}

/**
 * `manage dumpdata`: Django's command, in its JSON format, with `--indent`, `--output` and
 * `--database`.
 *
 * @example
 * // manage dumpdata polls.Question --indent 2 --output polls/fixtures/questions.json
 */
export const dumpdataCommand = {
  help: `Output the contents of the database as a JSON fixture.

With no arguments, dumps every installed model; 'polls' limits it to an app, 'polls.Question'
to one model. Each object is {"model": "polls.question", "pk": 1, "fields": {...}}, ordered
by pk; 'manage loaddata' reads the result back.`,
  args: [{ name: "labels", help: "App labels or app_label.ModelName to dump.", variadic: true }],
  options: {
    indent: {
      type: "number",
      integer: true,
      metavar: "N",
      help: "Pretty-print with N spaces of indentation.",
    },
    output: { type: "string", short: "o", help: "Write to this file instead of stdout." },
    database: { type: "string", default: "default", help: "The database alias to dump." },
  },
  async handle(ctx: Ctx): Promise<number> {
    await ctx.setup();
    const objects: FixtureObject[] = [];
    for (const model of modelsForLabels(ctx.args.labels)) {
      objects.push(...(await dumpModel(model, ctx.options.database)));
    }
    const text = JSON.stringify(objects, null, ctx.options.indent);
    if (ctx.options.output === undefined) {
      ctx.stdout.line(text);
      return 0;
    }
    await writeFile(resolve(ctx.options.output), `${text}\n`);
    if (ctx.verbosity >= 1) {
      ctx.stderr.line(`Wrote ${objects.length} object(s) to ${ctx.options.output}.`);
    }
    return 0;
  },
};
