/** QuerySet: a lazy, immutable, chainable query over one model; awaiting it runs it. */
import { type RawBuilder, sql } from "kysely";
import { QuerySetNotEvaluated } from "../errors.js";
import { lowerFirst } from "../models/naming.js";
import { compileSelect } from "./compile-select.js";
import { compilingKysely } from "./database.js";
import type { CompileContext, Expression } from "./expression.js";
import { compileUnion, fetchRows, fetchRowsThen } from "./fetch.js";
import type { FieldNames, FilterArg, OrderKey } from "./filter-types.js";
import { iterateRows } from "./iterate.js";
import { type ModelClassLike, type ModelInfo, modelInfo } from "./model-info.js";
import { QuerySetMethods } from "./query-set-methods.js";
import { type NestedOptions, nestedSql, toWhere } from "./query-set-support.js";
import { initialState, type QueryState, withState } from "./query-state.js";
import type {
  Annotated,
  Loaded,
  PrefetchPath,
  SelectRelatedPath,
  ValueOf,
  ValuesRow,
  ValuesTuple,
} from "./row-types.js";

/** A model class QuerySets can be built for. */
export interface ModelType<M extends object = object> extends ModelClassLike {
  new (values?: Readonly<Record<string, unknown>>): M;
  readonly prototype: M;
}

/** Options of `iterator()`. */
export interface IteratorOptions {
  /** Rows fetched per round trip (default 2000). */
  readonly chunkSize?: number;
}

/**
 * A lazy database query. Every method returns a new QuerySet (the state is frozen); `await`
 * runs it and gives `R[]`, `for await` streams it.
 *
 * @example
 * const recent = await Question.objects.filter({ pubDate__year: 2026 }).orderBy("-pubDate").slice(0, 5);
 * // SELECT ... FROM "polls_question" WHERE CAST(EXTRACT(YEAR FROM "polls_question"."pub_date") AS integer) = $1
 * //   ORDER BY "polls_question"."pub_date" DESC LIMIT $2
 */
export class QuerySet<M extends object, R = M>
  extends QuerySetMethods<M, R>
  implements PromiseLike<R[]>, AsyncIterable<R>
{
  constructor(model: ModelType<M>, state?: QueryState) {
    super(state ?? initialState(model));
  }

  /** A QuerySet with changed state (internal: helpers in query/ use it). */
  protected override chain<R2 = R>(changes: Partial<QueryState>): QuerySet<M, R2> {
    return new QuerySet<M, R2>(this.model, withState(this.state, changes));
  }

  /** Every row. @example Question.objects.all() */
  all(): QuerySet<M, R> {
    return this.chain({});
  }

  /**
   * Rows matching every condition: `field__lookup: value` pairs (typed from the model), `Q`
   * trees or boolean expressions such as `Exists()`. Use `Q({...})` for custom lookups.
   *
   * @example
   * Choice.objects.filter({ question__pubDate__year: 2026, votes__gt: 0 });
   * // ... INNER JOIN "polls_question" ON ... WHERE (... = $1 AND "polls_choice"."votes" > $2)
   */
  filter(...conditions: FilterArg<M>[]): QuerySet<M, R> {
    return this.chain({ where: toWhere(this.state, conditions, false) });
  }

  /**
   * Rows matching none of the conditions. Across multi-valued relations a row is excluded when
   * any related row matches, and NULL columns never make a row disappear (Django's rules).
   *
   * @example
   * Question.objects.exclude({ choices__votes: 0 });
   * // WHERE NOT (EXISTS (SELECT 1 FROM "polls_choice" AS "U0" WHERE "U0"."question_id" = ... AND "U0"."votes" = $1))
   */
  exclude(...conditions: FilterArg<M>[]): QuerySet<M, R> {
    return this.chain({ where: toWhere(this.state, conditions, true) });
  }

  /**
   * Sorts by fields: `"-pubDate"` descending, paths across relations (`"question__pubDate"`),
   * annotation names, `"?"` for random. No argument clears ordering, the model's default too.
   *
   * @example
   * Choice.objects.orderBy("-votes", "choiceText"); // ORDER BY "votes" DESC, "choice_text" ASC
   */
  orderBy(...fields: (OrderKey<M> | (string & {}))[]): QuerySet<M, R> {
    return this.chain({ ordering: fields, reversed: false });
  }

  /** The ordering reversed. @example Question.objects.orderBy("pubDate").reverse() */
  reverse(): QuerySet<M, R> {
    return this.chain({ reversed: !this.state.reversed });
  }

  /** `SELECT DISTINCT`. @example Question.objects.filter({ choices__votes__gt: 0 }).distinct() */
  distinct(): QuerySet<M, R> {
    return this.chain({ distinct: true });
  }

  /**
   * Rows `start` to `end` (exclusive) as `LIMIT`/`OFFSET`, like `Array.prototype.slice` without
   * negative indexes. Slicing a slice narrows it.
   *
   * @example
   * Question.objects.orderBy("-pubDate").slice(0, 5); // LIMIT 5
   * Question.objects.orderBy("id").slice(10, 20);     // LIMIT 10 OFFSET 10
   */
  slice(start: number, end?: number): QuerySet<M, R> {
    return this.chain(this.sliceChanges(start, end));
  }

  /** Which database to use (a DATABASES alias). @example Question.objects.using("replica") */
  using(alias: string): QuerySet<M, R> {
    return this.chain({ using: alias });
  }

  /** A QuerySet that returns nothing without querying. @example Question.objects.none() */
  none(): QuerySet<M, R> {
    return this.chain({ empty: true });
  }

  /**
   * Adds computed values (aggregates group by the selected columns).
   *
   * @example
   * Question.objects.annotate({ numChoices: Count("choices") }).filter({ numChoices__gt: 1 });
   * // SELECT ..., COUNT("polls_choice"."id") AS "numChoices" ... GROUP BY ... HAVING COUNT(...) > $1
   */
  annotate<A extends Readonly<Record<string, Expression>>>(
    spec: A,
  ): QuerySet<M & Annotated<A>, R extends readonly unknown[] ? R : R & Annotated<A>> {
    return this.chain({ annotations: this.annotationEntries(spec) }) as unknown as QuerySet<
      M & Annotated<A>,
      R extends readonly unknown[] ? R : R & Annotated<A>
    >;
  }

  /**
   * Rows as plain objects of the named fields (all fields when none are named); relation paths
   * and annotations allowed. With `annotate()` after it, groups by these fields.
   *
   * @example
   * await Choice.objects.values("question").annotate({ n: Count("id") });
   * // SELECT "polls_choice"."question_id" AS "question", COUNT(...) AS "n" ... GROUP BY "polls_choice"."question_id"
   */
  values<const K extends (FieldNames<M> | (string & {}))[]>(
    ...fields: K
  ): QuerySet<M, ValuesRow<M, K[number]>> {
    return this.chain({ rows: { kind: "values", fields } });
  }

  /**
   * Rows as tuples of the named fields; `{ flat: true }` with one field gives the values.
   *
   * @example
   * await Question.objects.valuesList("id", { flat: true }); // [1, 2, 3]
   */
  valuesList<const K extends FieldNames<M> | (string & {})>(
    field: K,
    options: { flat: true },
  ): QuerySet<M, ValueOf<M, K>>;
  valuesList<const K extends (FieldNames<M> | (string & {}))[]>(
    ...fields: K
  ): QuerySet<M, ValuesTuple<M, K>>;
  valuesList(...args: unknown[]): QuerySet<M, unknown> {
    return this.chain({ rows: this.listMode(args) });
  }

  /** Loads only these fields (the pk always); others stay unset. @example Question.objects.only("questionText") */
  only(...fields: (FieldNames<M> | (string & {}))[]): QuerySet<M, R> {
    return this.chain({ only: [...(this.state.only ?? []), ...fields] });
  }

  /** Does not load these fields. @example Question.objects.defer("body") */
  defer(...fields: (FieldNames<M> | (string & {}))[]): QuerySet<M, R> {
    return this.chain({ defer: [...this.state.defer, ...fields] });
  }

  /**
   * Loads single-valued relations in the same query (JOIN), typed as loaded. Without names,
   * follows every non-null foreign key (three hops at most), as Django does.
   *
   * @example
   * const c = await Choice.objects.selectRelated("question").get({ pk: 1 });
   * c.question.questionText; // no query
   */
  selectRelated<K extends SelectRelatedPath<M>>(
    ...paths: K[]
  ): QuerySet<Loaded<M, K>, R extends M ? Loaded<M, K> : R> {
    const added = paths.length ? paths : nonNullForeignKeyPaths(modelInfo(this.model));
    return this.chain({
      selectRelated: [...this.state.selectRelated, ...added],
    }) as unknown as QuerySet<Loaded<M, K>, R extends M ? Loaded<M, K> : R>;
  }

  /**
   * Loads relations with one extra query each (reverse FKs and many-to-many too); the
   * accessors become arrays.
   *
   * @example
   * const qs = await Question.objects.prefetchRelated("choices");
   * qs[0]?.choices.length; // no query
   */
  prefetchRelated<K extends PrefetchPath<M>>(
    ...paths: K[]
  ): QuerySet<Loaded<M, K>, R extends M ? Loaded<M, K> : R> {
    return this.chain({
      prefetchRelated: [...this.state.prefetchRelated, ...paths],
    }) as unknown as QuerySet<Loaded<M, K>, R extends M ? Loaded<M, K> : R>;
  }

  /**
   * Rows of this query and the others (`UNION`, or `UNION ALL` with `{ all: true }`).
   *
   * @example
   * Question.objects.filter({ id: 1 }).union([Question.objects.filter({ id: 2 })]);
   */
  union(others: readonly QuerySet<M, R>[], options: { all?: boolean } = {}): QuerySet<M, R> {
    return this.chain({
      unions: [
        ...this.state.unions,
        ...others.map((o) => ({ state: o.state, all: options.all ?? false })),
      ],
    });
  }

  /** The SQL and parameters this QuerySet runs (PostgreSQL dialect). @example qs.toSql().sql */
  toSql(): { sql: string; parameters: readonly unknown[] } {
    const kysely = compilingKysely();
    // A union runs as compileUnion() builds it; its first SELECT alone is not what runs.
    const query = this.state.unions.length
      ? compileUnion(this.state, kysely).query
      : compileSelect(kysely, this.state).query;
    const compiled = query.compile();
    return { sql: compiled.sql, parameters: compiled.parameters };
  }

  /** Compiles as a nested query (Subquery, Exists, `__in`). */
  compileNested(outer: CompileContext, options?: NestedOptions): RawBuilder<unknown> {
    return nestedSql(this.state, outer, options) ?? sql`NULL`;
  }

  /** Runs the query: a QuerySet is awaitable by design (the contract's `await qs`). */
  // biome-ignore lint/suspicious/noThenProperty: awaiting a QuerySet runs it, as the ORM's contract says.
  then<T1 = R[], T2 = never>(
    onfulfilled?: ((value: R[]) => T1 | PromiseLike<T1>) | null,
    onrejected?: ((reason: unknown) => T2 | PromiseLike<T2>) | null,
  ): Promise<T1 | T2> {
    return fetchRowsThen(
      this.state,
      onfulfilled as ((rows: unknown[]) => T1 | PromiseLike<T1>) | null | undefined,
      onrejected,
    );
  }

  /** The same as awaiting: the rows as an array. @example const rows = await qs.toArray(); */
  toArray(): Promise<R[]> {
    return fetchRows(this.state) as Promise<R[]>;
  }

  /**
   * Streams rows in chunks of `chunkSize` (pages of LIMIT/OFFSET in a stable order: the
   * ordering plus the primary key), so large tables never sit in memory at once.
   *
   * @example
   * for await (const q of Question.objects.iterator({ chunkSize: 500 })) console.log(q.id);
   */
  async *iterator(options: IteratorOptions = {}): AsyncGenerator<R> {
    const size = options.chunkSize ?? 2000;
    if (!Number.isInteger(size) || size < 1)
      throw new TypeError(`iterator(): chunkSize must be a positive integer, got ${String(size)}.`);
    yield* iterateRows(this.state, size, this.stableOrdering()) as AsyncGenerator<R>;
  }

  [Symbol.asyncIterator](): AsyncIterator<R> {
    return this.iterator();
  }
}

/** `a`, `a__b`... through non-null forward relations, for `selectRelated()` without names. */
function nonNullForeignKeyPaths(info: ModelInfo, prefix = "", depth = 0): string[] {
  if (depth >= 3) return [];
  const out: string[] = [];
  for (const f of info.fields) {
    const step = f.isRelation && !f.null ? info.relation(f.name) : undefined;
    if (step?.kind !== "forward") continue;
    const path = `${prefix}${f.name}`;
    out.push(path, ...nonNullForeignKeyPaths(step.target(), `${path}__`, depth + 1));
  }
  return out;
}

// Not in the type (a `for...of` over a QuerySet stays a compile error); at run time a
// synchronous iteration, as a template's {% for %} does, gets a message saying what to do.
Object.defineProperty(QuerySet.prototype, Symbol.iterator, {
  value(this: QuerySet<object>): never {
    const name = this.state.model.name;
    throw new QuerySetNotEvaluated(
      `A QuerySet of ${name} was iterated without being evaluated (a template's {% for %} does that). Templates cannot await: evaluate it in the view, e.g. { ${lowerFirst(name)}List: await ${name}.objects.filter(...) }, or use prefetchRelated() for related objects.`,
    );
  },
});
