/** The QuerySet methods that run a query returning one value: count, exists, aggregate, get. */

import { FieldError } from "@tango/core";
import { type Kysely, sql } from "kysely";
import type { Aggregate } from "./aggregates.js";
import { type AnyDB, type AnySelect, compileSelect } from "./compile-select.js";
import { kyselyFor } from "./database.js";
import { doesNotExistFor, multipleObjectsFor } from "./does-not-exist.js";
import { Expression } from "./expression.js";
import { compileUnion, fetchRowsThen } from "./fetch.js";
import { type QueryState, withState } from "./query-state.js";
import type { AggregateResult } from "./row-types.js";

/** Whether counting needs the query as a derived table (slices, DISTINCT, GROUP BY, unions). */
function needsWrapping(state: QueryState): boolean {
  return (
    state.distinct ||
    state.low > 0 ||
    state.high !== undefined ||
    state.unions.length > 0 ||
    state.annotations.some((a) => a.expression.containsAggregate)
  );
}

/**
 * `SELECT COUNT(*)`, around the query as a subquery when slicing or DISTINCT change the rows.
 *
 * @example
 * countQuery(kysely, state).compile().sql; // SELECT COUNT(*) AS "count" FROM "polls_question"
 */
export function countQuery(kysely: Kysely<AnyDB>, state: QueryState): AnySelect {
  if (needsWrapping(state)) {
    const inner = state.unions.length
      ? compileUnion(state, kysely).query
      : compileSelect(kysely, state, { noOrdering: state.high === undefined && state.low === 0 })
          .query;
    return kysely
      .selectFrom(inner.as("subquery"))
      .select(sql<number>`COUNT(*)`.as("count")) as unknown as AnySelect;
  }
  return compileSelect(kysely, state, {
    noOrdering: true,
    selectOverride: () => [{ key: "count", sql: sql`COUNT(*)`, aggregate: true }],
  }).query;
}

/** Runs COUNT(*). @example await count(state) */
export async function count(state: QueryState): Promise<number> {
  if (state.empty) return 0;
  const row = (await countQuery(kyselyFor(state.using), state).executeTakeFirst()) as
    | { count: unknown }
    | undefined;
  return Number(row?.count ?? 0);
}

/**
 * `SELECT 1 ... LIMIT 1`.
 *
 * @example
 * existsQuery(kysely, state).compile().sql; // SELECT 1 AS "a" FROM "polls_question" LIMIT $1
 */
export function existsQuery(kysely: Kysely<AnyDB>, state: QueryState): AnySelect {
  const sliced = withState(state, {
    high: state.high === undefined ? state.low + 1 : Math.min(state.high, state.low + 1),
  });
  return compileSelect(kysely, sliced, {
    noOrdering: true,
    selectOverride: (c) =>
      sliced.annotations.some((a) => a.expression.containsAggregate)
        ? [
            { key: "a", sql: sql`1`, aggregate: false },
            ...sliced.annotations.map((a) => ({
              key: a.name,
              sql: c.annotationSql(a),
              aggregate: true,
            })),
          ]
        : [{ key: "a", sql: sql`1`, aggregate: false }],
  }).query;
}

/** Runs the EXISTS query. @example await exists(state) */
export async function exists(state: QueryState): Promise<boolean> {
  if (state.empty) return false;
  return (await existsQuery(kyselyFor(state.using), state).executeTakeFirst()) !== undefined;
}

/**
 * `SELECT SUM(...) AS "total", ...` over the filtered rows.
 *
 * @example
 * aggregateQuery(kysely, state, { total: Sum("votes") });
 */
export function aggregateQuery(
  kysely: Kysely<AnyDB>,
  state: QueryState,
  spec: Readonly<Record<string, Aggregate | Expression>>,
): AnySelect {
  for (const [name, e] of Object.entries(spec)) {
    if (!(e instanceof Expression) || !e.containsAggregate) {
      throw new TypeError(
        `aggregate(): '${name}' is not an aggregate expression such as Count() or Sum().`,
      );
    }
  }
  if (needsWrapping(state)) {
    throw new FieldError(
      "aggregate() after slice(), distinct() or an aggregate annotate() is not supported; aggregate a subquery with Subquery() instead.",
    );
  }
  return compileSelect(kysely, state, {
    noOrdering: true,
    selectOverride: (c) =>
      Object.entries(spec).map(([key, e]) => ({ key, sql: e.compile(c), aggregate: true })),
  }).query;
}

/** Runs aggregate(). @example await aggregate(state, { n: Count("id") }) */
export async function aggregate<A extends Readonly<Record<string, Expression>>>(
  state: QueryState,
  spec: A,
): Promise<AggregateResult<A>> {
  const out: Record<string, unknown> = {};
  if (state.empty) {
    for (const [k, e] of Object.entries(spec))
      out[k] = e instanceof Expression && (e as Aggregate).fn === "COUNT" ? 0 : null;
    return out as AggregateResult<A>;
  }
  const row = ((await aggregateQuery(kyselyFor(state.using), state, spec).executeTakeFirst()) ??
    {}) as Record<string, unknown>;
  for (const [k, e] of Object.entries(spec)) out[k] = e.convertValue(row[k] ?? null);
  return out as AggregateResult<A>;
}

/**
 * The state of `earliest()` (`latest: false`) or `latest()`: ordered by `fields` or the model's
 * `meta.getLatestBy`, one row. `latest()` reverses the QuerySet as Django's does.
 *
 * @example
 * await getOne(latestState(state, ["pubDate"], true));
 */
export function latestState(
  state: QueryState,
  fields: readonly string[],
  latest: boolean,
): QueryState {
  const method = latest ? "latest" : "earliest";
  if (state.high !== undefined || state.low > 0)
    throw new TypeError(`Cannot use ${method}() after slice(): the query is already limited.`);
  if (state.unions.length)
    throw new TypeError(`${method}() after union() is not supported; order and use first().`);
  const byDefault = state.model._meta.getLatestBy;
  const ordering = fields.length
    ? fields
    : typeof byDefault === "string"
      ? [byDefault]
      : (byDefault ?? []);
  if (ordering.length === 0) {
    throw new TypeError(
      "earliest() and latest() require either fields as positional arguments or 'getLatestBy' in the model's Meta.",
    );
  }
  return withState(state, {
    ordering,
    reversed: latest ? !state.reversed : state.reversed,
    high: 1,
  });
}

/** Django fetches at most this many rows for get(), to say how many came back. */
const MAX_GET_RESULTS = 21;

/**
 * The single row matching the state (with `changes`, such as get()'s conditions, applied), or
 * the model's DoesNotExist / MultipleObjectsReturned.
 *
 * @example
 * await getOne(state); // throws Question.DoesNotExist: "Question matching query does not exist."
 */
export function getOne(state: QueryState, changes: Partial<QueryState> = {}): Promise<unknown> {
  const limited =
    state.high === undefined && state.low === 0
      ? withState(state, Object.assign({}, changes, { high: MAX_GET_RESULTS, ordering: [] }))
      : withState(state, changes);
  // A reaction rather than an async function: get() by primary key is the hottest read.
  return fetchRowsThen(limited, (rows) => oneRow(state, rows));
}

function oneRow(state: QueryState, rows: unknown[]): unknown {
  const name = state.model.name;
  if (rows.length === 1) return rows[0];
  if (rows.length === 0)
    throw new (doesNotExistFor(state.model))(`${name} matching query does not exist.`);
  const n =
    rows.length === MAX_GET_RESULTS ? `more than ${MAX_GET_RESULTS - 1}` : String(rows.length);
  throw new (multipleObjectsFor(state.model))(
    `get() returned more than one ${name} -- it returned ${n}!`,
  );
}
