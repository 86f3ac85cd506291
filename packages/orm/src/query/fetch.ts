/** Runs a SELECT state and turns its rows into instances, value objects or tuples. */
import { sql } from "kysely";
import { type AnySelect, type CompiledSelect, compileSelect } from "./compile-select.js";
import { type PreparedSelect, prepareSelect } from "./compiled-cache.js";
import { executeCompiled, kyselyFor } from "./database.js";
import { fromDb, hydrate, valuesRow } from "./hydrate.js";
import { prefetch } from "./prefetch.js";
import type { QueryState } from "./query-state.js";

/**
 * Runs the state's SELECT (with unions) and builds its rows, then runs prefetches.
 *
 * @example
 * const questions = await fetchRows(state);
 */
export function fetchRows(state: QueryState): Promise<unknown[]> {
  return fetchRowsThen(state);
}

/**
 * `fetchRows(state).then(onfulfilled, onrejected)` with one promise instead of two: awaiting a
 * QuerySet and `get()` build their result in the reaction to the query itself.
 *
 * @example
 * const first = await fetchRowsThen(state, (rows) => rows[0]);
 */
export function fetchRowsThen<T1 = unknown[], T2 = never>(
  state: QueryState,
  onfulfilled?: ((rows: unknown[]) => T1 | PromiseLike<T1>) | null,
  onrejected?: ((reason: unknown) => T2 | PromiseLike<T2>) | null,
): Promise<T1 | T2> {
  if (state.empty) return Promise.resolve([]).then(onfulfilled, onrejected);
  let prepared: PreparedSelect;
  let running: Promise<{ rows: Record<string, unknown>[] }>;
  try {
    const kysely = kyselyFor(state.using);
    prepared = state.unions.length
      ? unionPrepared(compileUnion(state))
      : prepareSelect(kysely, state);
    running = executeCompiled<Record<string, unknown>>(state.using, prepared.compiled);
  } catch (error) {
    return Promise.reject(error).then(onfulfilled, onrejected);
  }
  return running.then(({ rows }): T1 | T2 | PromiseLike<T1 | T2> => {
    let out: unknown[];
    try {
      out = readRows(state, prepared, rows);
    } catch (error) {
      if (onrejected) return onrejected(error);
      throw error;
    }
    if (state.prefetchRelated.length && state.rows.kind === "models") {
      return prefetch(out as object[], state.model, state.prefetchRelated, state.using)
        .then(() => out)
        .then(onfulfilled, onrejected);
    }
    return onfulfilled ? onfulfilled(out) : (out as T1);
  }, onrejected);
}

/**
 * Builds rows as the row mode says.
 *
 * @example
 * readRows(state, compiled, [{ id: 1, question_text: "Hi" }]);
 */
export function readRows(
  state: QueryState,
  compiled: Pick<CompiledSelect, "plan" | "keys" | "valueFields">,
  rows: Record<string, unknown>[],
): unknown[] {
  const mode = state.rows;
  if (mode.kind === "models") {
    const plan = compiled.plan;
    if (!plan) return rows;
    // A plain loop: this runs for every row a page shows.
    const out = new Array<unknown>(rows.length);
    const annotations = state.annotations;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as Record<string, unknown>;
      const instance = hydrate(plan, row, state.using) as Record<string, unknown>;
      for (let j = 0; j < annotations.length; j++) {
        const a = annotations[j] as (typeof annotations)[number];
        instance[a.name] = a.expression.convertValue(row[a.name]);
      }
      out[i] = instance;
    }
    return out;
  }
  const converters = compiled.keys.map((k, i) => {
    const a = state.annotations.find((x) => x.name === k);
    const field = compiled.valueFields[i];
    return (v: unknown) => (a ? a.expression.convertValue(v) : fromDb(field, v));
  });
  const objects = rows.map((row) => valuesRow(compiled.keys, converters, row));
  if (mode.kind === "values") return objects;
  const keys = compiled.keys;
  if (mode.flat) return objects.map((o) => o[keys[0] as string]);
  return objects.map((o) => keys.map((k) => o[k]));
}

function unionPrepared(c: CompiledSelect): PreparedSelect {
  return { plan: c.plan, keys: c.keys, valueFields: c.valueFields, compiled: c.query.compile() };
}

/**
 * `a UNION b [UNION ALL c]` with the first query's ordering and slice applied to the whole.
 *
 * @example
 * compileUnion(state).query.compile().sql;
 */
export function compileUnion(state: QueryState, kysely = kyselyFor(state.using)): CompiledSelect {
  const first = compileSelect(kysely, state, { noOrdering: true, noSlice: true });
  let query: AnySelect = first.query;
  for (const u of state.unions) {
    const other = compileSelect(kysely, u.state, { noOrdering: true, noSlice: true }).query;
    query = (u.all ? query.unionAll(other) : query.union(other)) as AnySelect;
  }
  // ORDER BY of a UNION can only name output columns.
  for (const item of state.ordering ?? []) {
    const desc = item.startsWith("-") !== state.reversed;
    const name = item.replace(/^-/, "");
    const column = first.compiler.info.field(name)?.column ?? name;
    query = query.orderBy(sql`${sql.ref(column)} ${sql.raw(desc ? "DESC" : "ASC")}`);
  }
  if (state.high !== undefined) query = query.limit(state.high - state.low);
  if (state.low) query = query.offset(state.low);
  return { ...first, query };
}
