/** fullClean(): field cleaning, the model's clean() hook and unique checks against the database. */
import { ValidationError } from "@tango/core";
import { DEFAULT_DB_ALIAS, kyselyFor } from "./db-access.js";
import { EMPTY_VALUES, type Field } from "./field.js";
import { ForeignKeyImpl } from "./fields/related-fields.js";
import { UniqueConstraint } from "./meta-options.js";
import { instanceState, instanceValues, type Model } from "./model.js";
import type { ModelClass } from "./model-class.js";

type Errors = Record<string, string[]>;

function add(errors: Errors, key: string, messages: readonly string[]): void {
  const list = errors[key] ?? [];
  list.push(...messages);
  errors[key] = list;
}

function merge(errors: Errors, error: unknown, fallbackKey: string): void {
  if (!(error instanceof ValidationError)) throw error;
  if (error.errorDict) {
    for (const [key, messages] of Object.entries(error.errorDict)) add(errors, key, messages);
  } else {
    add(errors, fallbackKey, error.messages);
  }
}

/**
 * Options of `fullClean()`.
 *
 * @example
 * await question.fullClean({ exclude: ["slug"], validateUnique: false });
 */
export interface FullCleanOptions {
  /** Field names to skip. */
  exclude?: readonly string[];
  /** Check unique fields and constraints against the database (default true). */
  validateUnique?: boolean;
}

/**
 * Cleans every field, runs `instance.clean()`, then checks uniqueness; throws one
 * ValidationError whose `errorDict` maps field names (and `__all__`) to messages.
 *
 * @example
 * await fullCleanInstance(question, {}); // ValidationError { questionText: ["This field cannot be blank."] }
 */
export async function fullCleanInstance(
  instance: Model,
  options: FullCleanOptions = {},
): Promise<void> {
  const meta = (instance.constructor as ModelClass)._meta;
  const exclude = new Set(options.exclude ?? []);
  const errors: Errors = {};
  const values = instanceValues(instance);
  for (const field of meta.fields) {
    if (exclude.has(field.name)) continue;
    const raw = values[field.attname];
    if (field.blank && EMPTY_VALUES.includes(raw)) continue;
    try {
      const cleaned = field.clean(raw, instance);
      // A file field's attribute is a FieldFile (or a pending upload), not its column's name:
      // checking the name must not replace the file.
      if (!hasAttributeValue(field)) values[field.attname] = cleaned;
    } catch (error) {
      merge(errors, error, field.name);
    }
  }
  for (const [name, messages] of Object.entries(
    await missingRelatedErrors(instance, exclude, errors),
  )) {
    add(errors, name, messages);
  }
  try {
    await instance.clean();
  } catch (error) {
    merge(errors, error, "__all__");
  }
  if (options.validateUnique ?? true) {
    const skip = new Set([...exclude, ...Object.keys(errors)]);
    const uniqueErrors = await uniqueErrorsOf(instance, skip);
    for (const [key, messages] of Object.entries(uniqueErrors)) add(errors, key, messages);
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
}

/**
 * Django's `ForeignKey.validate`: each set foreign key must point at an existing row.
 *
 * @example
 * await missingRelatedErrors(choice, new Set(), {}); // { question: ["question instance with id 5 does not exist."] }
 */
export async function missingRelatedErrors(
  instance: Model,
  exclude: ReadonlySet<string>,
  known: Errors,
): Promise<Errors> {
  const meta = (instance.constructor as ModelClass)._meta;
  const values = instanceValues(instance);
  const alias = instanceState(instance).db ?? DEFAULT_DB_ALIAS;
  const errors: Errors = {};
  for (const field of meta.fields) {
    if (!(field instanceof ForeignKeyImpl) || exclude.has(field.name) || known[field.name])
      continue;
    const value = values[field.attname];
    if (value === null || value === undefined) continue;
    const target = field.remoteField.model._meta;
    const column = field.targetField.column;
    const found = await kyselyFor(alias)
      .selectFrom(target.dbTable)
      .select(column)
      .where(column, "=", field.toDb(value))
      .limit(1)
      .executeTakeFirst();
    if (!found) {
      errors[field.name] = [
        `${target.verboseName} instance with ${field.targetField.name} ${String(value)} does not exist.`,
      ];
    }
  }
  return errors;
}

function capfirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function uniqueSets(model: ModelClass): { fields: Field[]; message?: string }[] {
  const meta = model._meta;
  const sets: { fields: Field[]; message?: string }[] = meta.fields
    .filter((f) => f.unique)
    .map((f) => ({ fields: [f] }));
  for (const names of meta.uniqueTogether)
    sets.push({ fields: names.map((n) => meta.getField(n)) });
  for (const c of meta.constraints) {
    if (c instanceof UniqueConstraint && c.condition === undefined) {
      sets.push({
        fields: c.fields.map((n) => meta.getField(n)),
        ...(c.violationErrorMessage ? { message: c.violationErrorMessage } : {}),
      });
    }
  }
  return sets;
}

/**
 * Django's `validate_unique`: for each unique field, `uniqueTogether` set and UniqueConstraint,
 * whether another row already holds these values.
 *
 * @example
 * await uniqueErrorsOf(question, new Set()); // { slug: ["Question with this Slug already exists."] }
 */
export async function uniqueErrorsOf(instance: Model, skip: ReadonlySet<string>): Promise<Errors> {
  const model = instance.constructor as ModelClass;
  const meta = model._meta;
  const values = instanceValues(instance);
  const errors: Errors = {};
  const pk = meta.pk;
  const key = values[pk.attname];
  const alias = instanceState(instance).db ?? DEFAULT_DB_ALIAS;
  for (const set of uniqueSets(model)) {
    if (set.fields.some((f) => skip.has(f.name))) continue;
    const current = set.fields.map((f) => values[f.attname]);
    if (current.some((v) => v === null || v === undefined)) continue;
    // A new instance with a generated key has nothing to clash with on the key itself.
    if (
      set.fields.length === 1 &&
      set.fields[0] === pk &&
      instanceState(instance).adding &&
      pk.autoGenerated
    )
      continue;
    let query = kyselyFor(alias).selectFrom(meta.dbTable).select(pk.column);
    set.fields.forEach((f, i) => {
      query = query.where(f.column, "=", f.toDb(current[i]));
    });
    if (!instanceState(instance).adding && key !== null && key !== undefined) {
      query = query.where(pk.column, "<>", pk.toDb(key));
    }
    const clash = await query.limit(1).executeTakeFirst();
    if (!clash) continue;
    const target = set.fields.length === 1 ? (set.fields[0] as Field).name : "__all__";
    const labels = set.fields.map((f) => capfirst(f.verboseLabel));
    const list =
      labels.length > 1
        ? `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}`
        : (labels[0] ?? "");
    const message =
      set.message ??
      (set.fields.length === 1
        ? (set.fields[0] as Field).message("unique", {
            model: capfirst(meta.verboseName),
            field: list,
          })
        : `${capfirst(meta.verboseName)} with this ${list} already exists.`);
    add(errors, target, [message]);
  }
  return errors;
}

function hasAttributeValue(field: object): boolean {
  return typeof (field as { attributeValue?: unknown }).attributeValue === "function";
}
