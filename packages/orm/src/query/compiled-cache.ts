/**
 * Compiled SELECTs reused across QuerySets of the same shape (same model, filter keys, value
 * types, ordering, slicing), so a hot `get({ pk })` compiles once and then only fills in its
 * parameters. Only plain shapes qualify; anything else compiles as usual.
 */
import { type CompiledQuery, createQueryId, type Kysely, type RootOperationNode } from "kysely";
import type { AnyDB, CompiledSelect } from "./compile-select.js";
import { compileSelect } from "./compile-select.js";
import { isJsonKey, parseFilterKey } from "./filter-key.js";
import { isBuiltinLookup, likePattern } from "./lookups.js";
import { type MetaField, type ModelInfo, modelInfo } from "./model-info.js";
import { isLeaf, QNode } from "./q.js";
import type { QueryState } from "./query-state.js";
import { registryVersion } from "./registry-version.js";
import { isBuiltinTransform } from "./transforms.js";

/** What running a SELECT needs: the SQL with its parameters, and how to read the rows. */
export type PreparedSelect = Pick<CompiledSelect, "plan" | "keys" | "valueFields"> & {
  readonly compiled: CompiledQuery;
};

/** The parameters one filter value becomes, for the lookups whose SQL never depends on it. */
type ParamMaker = (value: unknown) => unknown[];

interface Entry {
  readonly info: ModelInfo;
  readonly version: number;
  readonly sql: string;
  readonly node: RootOperationNode;
  readonly makers: readonly ParamMaker[];
  readonly prepared: Pick<CompiledSelect, "plan" | "keys" | "valueFields">;
}

/** Shapes kept per model; real code has a few dozen, the cap is a guard (the map starts over). */
const MAX_SHAPES = 256;
const cache = new WeakMap<object, Map<string, Entry | null>>();

/**
 * The state's SELECT compiled, from the cache when a query of the same shape ran before.
 *
 * @example
 * const { compiled, plan } = prepareSelect(kysely, state);
 */
export function prepareSelect(kysely: Kysely<AnyDB>, state: QueryState): PreparedSelect {
  const shape = shapeOf(state);
  if (!shape) return fromCompiled(compileSelect(kysely, state));
  let byShape = cache.get(state.model);
  if (!byShape) {
    byShape = new Map();
    cache.set(state.model, byShape);
  }
  const hit = byShape.get(shape.key);
  const info = modelInfo(state.model);
  if (hit && hit.info === info && hit.version === registryVersion()) {
    // Spelled out rather than spread (see withState): this runs on every cached query.
    const { plan, keys, valueFields } = hit.prepared;
    return { plan, keys, valueFields, compiled: compiledFrom(hit, shape.values, state) };
  }
  if (hit === null) return fromCompiled(compileSelect(kysely, state));
  const compiled = compileSelect(kysely, state);
  const prepared = fromCompiled(compiled);
  const entry = entryFor(info, state, shape.values, prepared);
  if (entry !== undefined) {
    if (byShape.size >= MAX_SHAPES) byShape.clear();
    byShape.set(shape.key, entry);
  }
  return prepared;
}

function fromCompiled(c: CompiledSelect): PreparedSelect {
  return { plan: c.plan, keys: c.keys, valueFields: c.valueFields, compiled: c.query.compile() };
}

function compiledFrom(entry: Entry, values: readonly unknown[], state: QueryState): CompiledQuery {
  const parameters: unknown[] = [];
  values.forEach((v, i) => {
    parameters.push(...(entry.makers[i] as ParamMaker)(v));
  });
  if (state.high !== undefined) parameters.push(Math.max(0, state.high - state.low));
  if (state.low > 0) parameters.push(state.low);
  return { query: entry.node, queryId: createQueryId(), sql: entry.sql, parameters };
}

/**
 * A cache entry, when the compiled parameters are exactly what the makers rebuild from the
 * values (null: this shape never qualifies; undefined: can't tell yet, e.g. equal values).
 */
function entryFor(
  info: ModelInfo,
  state: QueryState,
  values: readonly unknown[],
  prepared: PreparedSelect,
): Entry | null | undefined {
  const makers = leafKeys(state).map((key) => makerFor(info, key));
  if (makers.some((m) => m === undefined)) return null;
  const entry: Entry = {
    info,
    version: registryVersion(),
    sql: prepared.compiled.sql,
    node: prepared.compiled.query,
    makers: makers as ParamMaker[],
    prepared: { plan: prepared.plan, keys: prepared.keys, valueFields: prepared.valueFields },
  };
  const rebuilt = compiledFrom(entry, values, state).parameters;
  const actual = prepared.compiled.parameters;
  if (rebuilt.length !== actual.length || !rebuilt.every((p, i) => same(p, actual[i]))) return null;
  // Two equal parameters could hide a different order: check again with other values.
  return distinct(rebuilt) ? entry : undefined;
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return Object.is(a, b);
}

function distinct(values: readonly unknown[]): boolean {
  const seen = new Set(values.map((v) => (v instanceof Date ? `d${v.getTime()}` : v)));
  return seen.size === values.length;
}

/** How a filter key's value becomes parameters, when its SQL never depends on the value. */
function makerFor(info: ModelInfo, key: string): ParamMaker | undefined {
  const parsed = parseFilterKey(info, key);
  const { lookup, transforms, field } = parsed;
  if (!isBuiltinLookup(lookup) || transforms.some((t) => isJsonKey(t) || !isBuiltinTransform(t)))
    return undefined;
  if (parsed.kind === "json") return undefined;
  switch (lookup.name) {
    case "exact":
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return transforms.length ? (v) => [v] : (v) => [toDb(field, v)];
    case "iexact":
      return (v) => [v];
    case "isnull":
      return () => [];
    case "regex":
    case "iregex":
      return (v) => [String(v)];
    default: {
      const pattern = LIKE[lookup.name];
      return pattern ? (v) => [likePattern(v, pattern[0], pattern[1])] : undefined;
    }
  }
}

const LIKE: Readonly<Record<string, readonly [string, string]>> = {
  contains: ["%", "%"],
  icontains: ["%", "%"],
  startswith: ["", "%"],
  istartswith: ["", "%"],
  endswith: ["%", ""],
  iendswith: ["%", ""],
};

function toDb(field: MetaField, value: unknown): unknown {
  if (value === null || value === undefined || !field.toDb || field.isRelation) return value;
  return field.toDb(value);
}

/** The shape key and the filter values in compile order, or undefined for shapes not cached. */
function shapeOf(state: QueryState): { key: string; values: unknown[] } | undefined {
  if (state.rows.kind !== "models" || state.annotations.length || state.unions.length) return;
  const values: unknown[] = [];
  let key = [
    state.using,
    state.ordering ? state.ordering.join(",") : "~",
    state.reversed ? "r" : "",
    state.distinct ? "d" : "",
    state.low > 0 ? "o" : "",
    state.high !== undefined ? "l" : "",
    state.only ? state.only.join(",") : "~",
    state.defer.join(","),
    state.selectRelated.join(","),
  ].join("|");
  for (const entry of state.where) {
    const part = nodeShape(entry.q, values);
    if (part === undefined) return;
    key += `|${entry.group}${part}`;
  }
  return { key, values };
}

function nodeShape(q: QNode, values: unknown[]): string | undefined {
  let out = `${q.negated ? "!" : ""}${q.connector}(`;
  for (const child of q.children) {
    if (isLeaf(child)) {
      const tag = valueTag(child[1]);
      if (tag === undefined) return;
      values.push(child[1]);
      out += `${JSON.stringify(child[0])}:${tag},`;
    } else if (child instanceof QNode) {
      const inner = nodeShape(child, values);
      if (inner === undefined) return;
      out += `${inner},`;
    } else return;
  }
  return `${out})`;
}

/** Value kinds that compile to one parameter whatever the value (booleans: isnull differs). */
function valueTag(v: unknown): string | undefined {
  switch (typeof v) {
    case "number":
      return "n";
    case "string":
      return "s";
    case "bigint":
      return "g";
    case "boolean":
      return v ? "t" : "f";
    default:
      return v instanceof Date ? "d" : undefined;
  }
}

function leafKeys(state: QueryState): string[] {
  const keys: string[] = [];
  const visit = (q: QNode) => {
    for (const child of q.children) {
      if (isLeaf(child)) keys.push(child[0]);
      else if (child instanceof QNode) visit(child);
    }
  };
  for (const entry of state.where) visit(entry.q);
  return keys;
}
