/** Instance persistence: save() (insert or update) and refreshFromDb(). */
import { DatabaseError } from "../errors.js";
import { DEFAULT_DB_ALIAS, kyselyFor } from "./db-access.js";
import type { Field } from "./field.js";
import { ForeignKeyImpl } from "./fields/related-fields.js";
import { instanceState, instanceValues, type Model, relatedCache } from "./model.js";
import type { ModelClass } from "./model-class.js";
import type { ModelMeta } from "./model-meta.js";
import { postSave, preSave } from "./signals.js";

/**
 * Options of `save()`.
 *
 * @example
 * await question.save({ updateFields: ["questionText"], using: "replica" });
 */
export interface SaveOptions {
  /** Only UPDATE these fields (property names); never inserts. */
  updateFields?: readonly string[];
  /** Always INSERT. */
  forceInsert?: boolean;
  /** Always UPDATE; DatabaseError if no row matched. */
  forceUpdate?: boolean;
  /** The DATABASES alias (default: where the instance came from, else "default"). */
  using?: string;
}

/**
 * Saves an instance: INSERT when it has no primary key (or `forceInsert`), else UPDATE by
 * primary key, falling back to INSERT when no row matched. Sets the generated key.
 *
 * @example
 * await saveInstance(question, {}); // INSERT INTO "polls_question" (...) VALUES (...) RETURNING "id"
 */
export async function saveInstance(instance: Model, options: SaveOptions = {}): Promise<void> {
  const model = instance.constructor as ModelClass;
  const meta = model._meta;
  const { forceInsert = false, forceUpdate = false } = options;
  if (forceInsert && (forceUpdate || options.updateFields)) {
    throw new TypeError("Cannot force both insert and updating in model saving.");
  }
  const state = instanceState(instance);
  const alias = options.using ?? state.db ?? DEFAULT_DB_ALIAS;
  const only = options.updateFields ? updateFieldsOf(meta, options.updateFields) : undefined;
  if (only && only.length === 0) return;
  syncRelatedKeys(instance, meta, "save");
  await preSave.send({ sender: model, instance, using: alias, updateFields: options.updateFields });
  const adding = state.adding;
  await applyPreSave(instance, meta, adding, only);
  const values = instanceValues(instance);
  const pkValue = values[meta.pk.attname];
  let updated = false;
  if (pkValue !== null && pkValue !== undefined && !forceInsert) {
    updated = await updateRow(
      instance,
      meta,
      only ?? meta.fields.filter((f) => !f.primaryKey),
      alias,
    );
    if (only && !updated)
      throw new DatabaseError("Save with updateFields did not affect any rows.");
    if (forceUpdate && !updated) throw new DatabaseError("Forced update did not affect any rows.");
  } else if (forceUpdate) {
    throw new TypeError("Cannot force an update in save() with no primary key.");
  }
  if (!updated) await insertRow(instance, meta, alias);
  state.adding = false;
  state.db = alias;
  await postSave.send({
    sender: model,
    instance,
    created: !updated,
    using: alias,
    updateFields: options.updateFields,
  });
}

function updateFieldsOf(meta: ModelMeta, names: readonly string[]): Field[] {
  const bad = names.filter((n) => !meta.hasField(n) || !meta.getField(n).concrete);
  if (bad.length > 0) {
    throw new TypeError(
      `The following fields do not exist in ${meta.objectName}, or are many-to-many fields: ${bad.join(", ")}. updateFields takes concrete field names.`,
    );
  }
  return [...new Set(names.map((n) => meta.getField(n)))].filter((f) => !f.primaryKey);
}

/**
 * Copies keys from cached related objects and refuses unsaved ones (Django's data-loss guard).
 *
 * @example
 * syncRelatedKeys(choice, Choice._meta, "save"); // copies question.pk into questionId
 */
export function syncRelatedKeys(instance: Model, meta: ModelMeta, operation: string): void {
  const values = instanceValues(instance);
  const cache = relatedCache(instance);
  for (const field of meta.fields) {
    if (!(field instanceof ForeignKeyImpl) || !cache.has(field.name)) continue;
    const related = cache.get(field.name) as Model | null;
    if (related === null) continue;
    const key = instanceValues(related)[field.targetField.attname];
    if (key === null || key === undefined) {
      throw new TypeError(
        `${operation}() prohibited to prevent data loss due to unsaved related object '${field.name}'. Save the ${related.constructor.name} first.`,
      );
    }
    if (values[field.attname] !== key) values[field.attname] = key;
  }
}

type PreSaveHook = (current: unknown, adding: boolean, instance: Model) => unknown;

async function applyPreSave(
  instance: Model,
  meta: ModelMeta,
  adding: boolean,
  only: readonly Field[] | undefined,
): Promise<void> {
  const values = instanceValues(instance);
  for (const field of meta.fields) {
    const hook = (field as { preSave?: PreSaveHook }).preSave;
    if (typeof hook !== "function" || (only && !only.includes(field))) continue;
    // FileField's hook is async (it stores an assigned upload); the others return a value.
    const next = hook.call(field, values[field.attname], adding, instance);
    values[field.attname] = next instanceof Promise ? await next : next;
  }
}

function rowOf(instance: Model, fields: readonly Field[]): Record<string, unknown> {
  const values = instanceValues(instance);
  const row: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.attname in values) row[field.column] = field.toDb(values[field.attname]);
  }
  return row;
}

async function updateRow(
  instance: Model,
  meta: ModelMeta,
  fields: readonly Field[],
  alias: string,
): Promise<boolean> {
  const db = kyselyFor(alias);
  const pk = meta.pk;
  const key = pk.toDb(instanceValues(instance)[pk.attname]);
  const row = rowOf(instance, fields);
  if (Object.keys(row).length === 0) {
    const found = await db
      .selectFrom(meta.dbTable)
      .select(pk.column)
      .where(pk.column, "=", key)
      .executeTakeFirst();
    return found !== undefined;
  }
  const result = await db
    .updateTable(meta.dbTable)
    .set(row)
    .where(pk.column, "=", key)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

async function insertRow(instance: Model, meta: ModelMeta, alias: string): Promise<void> {
  const values = instanceValues(instance);
  const fields = meta.fields.filter(
    (f) => !(f.autoGenerated && (values[f.attname] === null || values[f.attname] === undefined)),
  );
  const row = rowOf(instance, fields);
  const pk = meta.pk;
  const db = kyselyFor(alias);
  const insert = db.insertInto(meta.dbTable);
  const builder = Object.keys(row).length === 0 ? insert.defaultValues() : insert.values(row);
  const result = await builder.returning(pk.column).executeTakeFirstOrThrow();
  values[pk.attname] = pk.fromDb(result[pk.column]);
}

/**
 * Reloads field values from the database (all, or `fields`) and forgets cached relations.
 *
 * @example
 * await refreshInstance(question, {}); // SELECT * FROM "polls_question" WHERE "id" = $1
 */
export async function refreshInstance(
  instance: Model,
  options: { fields?: readonly string[]; using?: string } = {},
): Promise<void> {
  const model = instance.constructor as ModelClass;
  const meta = model._meta;
  const state = instanceState(instance);
  const alias = options.using ?? state.db ?? DEFAULT_DB_ALIAS;
  const values = instanceValues(instance);
  const key = values[meta.pk.attname];
  const fields = options.fields
    ? options.fields.map((n) => meta.getField(n)).filter((f) => f.concrete)
    : meta.fields;
  const row = await kyselyFor(alias)
    .selectFrom(meta.dbTable)
    .select(fields.map((f) => f.column))
    .where(meta.pk.column, "=", meta.pk.toDb(key))
    .executeTakeFirst();
  if (!row) {
    throw new model.DoesNotExist(
      `${meta.objectName} matching query does not exist (pk=${String(key)}); it was deleted or never saved.`,
    );
  }
  const cache = relatedCache(instance);
  for (const field of fields) {
    values[field.attname] = field.fromDb(row[field.column]);
    cache.delete(field.name);
  }
  if (!options.fields) cache.clear();
  state.db = alias;
  state.adding = false;
}
