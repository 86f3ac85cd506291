/** Builds model instances (with selectRelated children) and value rows from database rows. */
import { ColumnMapping, Model, relatedCache } from "../models/model.js";
import { attname, type MetaField } from "./model-info.js";
import type { InstancePlan } from "./select-plan.js";

type Row = Readonly<Record<string, unknown>>;

interface FromDbModel {
  fromDb(
    row: Readonly<Record<string, unknown>>,
    columnsToFields: ReadonlyMap<string, MetaField>,
  ): object;
}

function hasFromDb(model: unknown): model is FromDbModel {
  return typeof (model as Partial<FromDbModel>).fromDb === "function";
}

/**
 * A column value converted by its field.
 *
 * @example
 * fromDb(Choice._meta.getField("votes"), 3); // 3
 */
export function fromDb(field: MetaField | undefined, value: unknown): unknown {
  if (value === null || value === undefined || !field?.fromDb) return value;
  return field.fromDb(value);
}

/**
 * Builds one instance from a row following a plan; null when a LEFT JOIN found no row.
 *
 * @example
 * const choice = hydrate(plan, row); // choice.question is a loaded Question with selectRelated
 */
export function hydrate(plan: InstancePlan, row: Row, using: string): object | null {
  const { pkKey } = readPlan(plan);
  if (pkKey !== undefined && (row[pkKey] === null || row[pkKey] === undefined)) return null;
  const instance = buildInstance(plan, row);
  const state = (instance as { _state?: { db: string | undefined } })._state;
  if (state) state.db = using;
  for (const child of plan.related)
    setRelated(instance, child.name, hydrate(child.plan, row, using));
  return instance;
}

interface ReadPlan {
  readonly pkKey: string | undefined;
  readonly columnsToFields: ReadonlyMap<string, MetaField>;
}

// Worked out once per plan, not once per row (plans live as long as their query or cache entry).
const readPlans = new WeakMap<InstancePlan, ReadPlan>();

function readPlan(plan: InstancePlan): ReadPlan {
  let hit = readPlans.get(plan);
  if (!hit) {
    hit = {
      pkKey: plan.fields.find((f) => f.field === plan.info.pk)?.key,
      columnsToFields: new ColumnMapping(plan.fields.map((f) => [f.key, f.field] as const)),
    };
    readPlans.set(plan, hit);
  }
  return hit;
}

/** An instance from a row through the model's `fromDb` (no defaults run). */
function buildInstance(plan: InstancePlan, row: Row): object {
  const model = plan.info.model;
  if (hasFromDb(model)) return model.fromDb(row, readPlan(plan).columnsToFields);
  const instance = Object.create(model.prototype) as Record<string, unknown>;
  for (const { field, key } of plan.fields) instance[attname(field)] = fromDb(field, row[key]);
  return instance;
}

/**
 * Fills a relation accessor with loaded objects (selectRelated/prefetchRelated).
 *
 * @example
 * setRelated(choice, "question", question);
 */
export function setRelated(instance: object, name: string, value: unknown): void {
  if (instance instanceof Model) relatedCache(instance).set(name, value);
  else
    Object.defineProperty(instance, name, {
      value,
      writable: true,
      configurable: true,
      enumerable: true,
    });
}

/**
 * A `values()` row with each value converted.
 *
 * @example
 * valuesRow(["questionText"], [(v) => v], { questionText: "Hi" });
 */
export function valuesRow(
  keys: readonly string[],
  convert: readonly ((v: unknown) => unknown)[],
  row: Row,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  keys.forEach((k, i) => {
    const c = convert[i];
    out[k] = c ? c(row[k]) : row[k];
  });
  return out;
}
