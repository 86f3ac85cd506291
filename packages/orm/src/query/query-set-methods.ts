/** The QuerySet methods that run a query: get, first, last, count, aggregate, writes. */

import { FieldError, ObjectDoesNotExist } from "@tango/core";
import { atomic } from "../db/index.js";
import { IntegrityError } from "../errors.js";
import { markAggregate } from "./aggregate-ref.js";
import { deleteCollected } from "./delete.js";
import type { Expression } from "./expression.js";
import { fetchRows } from "./fetch.js";
import type { FieldNames, FilterArg, OrderKey } from "./filter-types.js";
import { attname, type ModelClassLike, modelInfo } from "./model-info.js";
import { toWhere } from "./query-set-support.js";
import { type AnnotationEntry, type QueryState, type RowMode, withState } from "./query-state.js";
import { aggregate, count, exists, getOne, latestState } from "./read-ops.js";
import type { AggregateResult } from "./row-types.js";
import { bulkUpdate, deleteRows, insertInstances, update } from "./write-ops.js";

type Instance = Record<string, unknown>;

/** Field values to write: known field names (and FK attnames) with values or expressions. */
export type WriteValues<M> = { readonly [K in FieldNames<M>]?: unknown };

/** Options of bulkCreate and bulkUpdate. */
export interface BulkOptions {
  /** Rows per statement (default: as many as PostgreSQL's 65535 parameters allow). */
  readonly batchSize?: number;
}

/** The arguments of getOrCreate / updateOrCreate. */
export interface GetOrCreateArgs<M> {
  /** Values for the new object (and, for updateOrCreate, to set on the found one). */
  readonly defaults?: WriteValues<M>;
}

/**
 * The query-running half of QuerySet, kept apart so each file stays small.
 *
 * @example
 * await Question.objects.all().count(); // the methods of every QuerySet
 */
export abstract class QuerySetMethods<M extends object, R> {
  /** The frozen state. */
  readonly state: QueryState;

  constructor(state: QueryState) {
    this.state = state;
  }

  /** The model class. */
  get model(): ModelClassLike & {
    new (values?: Readonly<Record<string, unknown>>): M;
    readonly prototype: M;
  } {
    return this.state.model as ModelClassLike & {
      new (values?: Readonly<Record<string, unknown>>): M;
      readonly prototype: M;
    };
  }

  protected abstract chain<R2 = R>(changes: Partial<QueryState>): QuerySetMethods<M, R2>;

  /**
   * The one row matching the conditions; throws `Model.DoesNotExist` or
   * `Model.MultipleObjectsReturned`.
   *
   * @example
   * const q = await Question.objects.get({ pk: 1 });
   */
  get(...conditions: FilterArg<M>[]): Promise<R> {
    // The conditions go into the one state getOne() derives (no QuerySet in between).
    const changes = conditions.length ? { where: toWhere(this.state, conditions, false) } : {};
    return getOne(this.state, changes) as Promise<R>;
  }

  /** The first row in the ordering (by pk if unordered), or undefined. @example await Question.objects.first() */
  async first(): Promise<R | undefined> {
    const ordered = this.isOrdered() ? this.state : this.chain({ ordering: ["pk"] }).state;
    const rows = await fetchRows(withState(ordered, this.sliceChanges(0, 1)));
    return rows[0] as R | undefined;
  }

  /** The last row in the ordering (by pk if unordered), or undefined. @example await Question.objects.last() */
  async last(): Promise<R | undefined> {
    const base = this.isOrdered() ? this.state : this.chain({ ordering: ["pk"] }).state;
    if (base.high !== undefined || base.low > 0)
      throw new TypeError(
        "last() after slice() is not supported; reverse the ordering and use first().",
      );
    const rows = await fetchRows(withState(base, { reversed: !base.reversed, high: 1 }));
    return rows[0] as R | undefined;
  }

  /**
   * The first row ordered by `fields` (else the model's `meta.getLatestBy`); throws
   * `Model.DoesNotExist` when there is none.
   *
   * @example
   * const oldest = await Question.objects.earliest("pubDate");
   */
  async earliest(...fields: (OrderKey<M> | (string & {}))[]): Promise<R> {
    return (await getOne(latestState(this.state, fields, false))) as R;
  }

  /**
   * The last row ordered by `fields` (else the model's `meta.getLatestBy`): `"-pubDate"` gives
   * the oldest. Throws `Model.DoesNotExist` when there is none.
   *
   * @example
   * const newest = await Question.objects.latest("pubDate");
   */
  async latest(...fields: (OrderKey<M> | (string & {}))[]): Promise<R> {
    return (await getOne(latestState(this.state, fields, true))) as R;
  }

  /** The row at an index of the ordering, or undefined (`LIMIT 1 OFFSET i`). @example await qs.at(2) */
  async at(index: number): Promise<R | undefined> {
    const rows = await fetchRows(withState(this.state, this.sliceChanges(index, index + 1)));
    return rows[0] as R | undefined;
  }

  /** `SELECT COUNT(*)`. @example await Question.objects.filter({ pubDate__year: 2026 }).count() */
  count(): Promise<number> {
    return count(this.state);
  }

  /** Whether any row matches (`LIMIT 1`). @example await Choice.objects.filter({ votes__gt: 0 }).exists() */
  exists(): Promise<boolean> {
    return exists(this.state);
  }

  /**
   * Aggregates over the rows.
   *
   * @example
   * await Choice.objects.aggregate({ total: Sum("votes"), n: Count("id") }); // { total: 7, n: 3 }
   */
  aggregate<A extends Readonly<Record<string, Expression>>>(spec: A): Promise<AggregateResult<A>> {
    return aggregate(this.state, spec);
  }

  /**
   * A Map from key to object for the given keys (or every row), keyed by `fieldName` (a unique
   * field, default the pk).
   *
   * @example
   * const byId = await Question.objects.inBulk([1, 2]); byId.get(1)?.questionText;
   */
  async inBulk(
    ids?: readonly unknown[],
    options: { fieldName?: string } = {},
  ): Promise<Map<unknown, R>> {
    const info = modelInfo(this.model);
    const name = options.fieldName ?? "pk";
    const field = info.field(name);
    if (!field || (field !== info.pk && !(field as { unique?: boolean }).unique)) {
      throw new FieldError(
        `inBulk()'s fieldName must be a unique field of ${info.name}; '${name}' is not.`,
      );
    }
    if (ids && ids.length === 0) return new Map();
    const state = ids
      ? this.chain({ where: toWhere(this.state, [{ [`${name}__in`]: ids }], false) }).state
      : this.state;
    const rows = (await fetchRows(state)) as Instance[];
    return new Map(rows.map((r) => [r[attname(field)], r as R]));
  }

  /**
   * Sets fields on every matching row in one UPDATE; returns the number of rows.
   *
   * @example
   * await Choice.objects.filter({ pk: 1 }).update({ votes: F("votes").add(1) });
   */
  update(values: WriteValues<M>): Promise<number> {
    return update(this.state, values as Record<string, unknown>);
  }

  /**
   * Deletes the matching rows, applying each relation's `onDelete` rule (CASCADE, PROTECT...);
   * returns the total and the count per model label.
   *
   * @example
   * const [n, perModel] = await Question.objects.filter({ pubDate__year: 2005 }).delete();
   */
  delete(): Promise<[number, Record<string, number>]> {
    if (this.state.high !== undefined || this.state.low > 0) {
      return Promise.reject(
        new TypeError("Cannot use delete() after slice(); filter by pk instead."),
      );
    }
    return deleteCollected(this.state, deleteRows);
  }

  /**
   * Creates and saves one object.
   *
   * @example
   * const q = await Question.objects.create({ questionText: "Hi", pubDate: new Date() });
   */
  async create(values?: WriteValues<M>): Promise<M> {
    const obj = new this.model(values ?? {}) as M & { save?: (o: object) => Promise<unknown> };
    if (typeof obj.save === "function")
      await obj.save({ forceInsert: true, using: this.state.using });
    else
      await insertInstances(this.state.using, modelInfo(this.model), [obj as unknown as Instance]);
    return obj;
  }

  /**
   * Inserts many objects in one INSERT ... RETURNING per batch and sets their primary keys.
   *
   * @example
   * await Choice.objects.bulkCreate([new Choice({ questionId: 1, choiceText: "A" }), ...]);
   */
  async bulkCreate(objs: readonly M[], options: BulkOptions = {}): Promise<M[]> {
    await insertInstances(
      this.state.using,
      modelInfo(this.model),
      objs as unknown as Instance[],
      options.batchSize,
    );
    return [...objs];
  }

  /**
   * Saves the named fields of many objects with `CASE WHEN pk = ... THEN ... END` per batch.
   *
   * @example
   * await Choice.objects.bulkUpdate(choices, ["votes"]);
   */
  bulkUpdate(
    objs: readonly M[],
    fields: readonly (keyof M & string)[],
    options: BulkOptions = {},
  ): Promise<number> {
    if (objs.length === 0) return Promise.resolve(0);
    return bulkUpdate(
      this.state.using,
      modelInfo(this.model),
      objs as unknown as Instance[],
      fields,
      options.batchSize,
    );
  }

  /**
   * The object matching `lookup`, or a new one made from `lookup` and `defaults`; with `true`
   * when created. A concurrent insert of the same unique values is caught and fetched.
   *
   * @example
   * const [tag, created] = await Tag.objects.getOrCreate({ name: "news" }, { defaults: { color: "red" } });
   */
  async getOrCreate(
    lookup: FilterArg<M> & object,
    args: GetOrCreateArgs<M> = {},
  ): Promise<[M, boolean]> {
    try {
      return [(await this.get(lookup)) as unknown as M, false];
    } catch (e) {
      if (!(e instanceof ObjectDoesNotExist)) throw e;
    }
    const values = { ...plainValues(lookup), ...args.defaults } as WriteValues<M>;
    try {
      // A savepoint, so a unique violation from a concurrent insert leaves the transaction usable.
      return [await atomic(() => this.create(values), { using: this.state.using }), true];
    } catch (e) {
      if (!(e instanceof IntegrityError)) throw e;
      try {
        return [(await this.get(lookup)) as unknown as M, false];
      } catch (again) {
        // Not a race: the new object itself conflicts; the IntegrityError says why.
        if (again instanceof ObjectDoesNotExist) throw e;
        throw again;
      }
    }
  }

  /**
   * Updates the object matching `lookup` with `defaults`, or creates it; with `true` when created.
   *
   * @example
   * const [q, created] = await Question.objects.updateOrCreate({ pk: 1 }, { defaults: { questionText: "New" } });
   */
  async updateOrCreate(
    lookup: FilterArg<M> & object,
    args: GetOrCreateArgs<M> = {},
  ): Promise<[M, boolean]> {
    const [obj, created] = await this.getOrCreate(lookup, args);
    if (created || !args.defaults) return [obj, created];
    const target = obj as unknown as Instance & { save?: (o: object) => Promise<unknown> };
    for (const [k, v] of Object.entries(args.defaults)) target[k] = v;
    if (typeof target.save === "function")
      await target.save({ using: this.state.using, updateFields: Object.keys(args.defaults) });
    return [obj, false];
  }

  /** Whether rows come in a defined order. */
  protected isOrdered(): boolean {
    return (this.state.ordering ?? modelInfo(this.model).ordering).length > 0;
  }

  /** The ordering plus the pk, so LIMIT/OFFSET pages never skip or repeat rows. */
  protected stableOrdering(): readonly string[] {
    const base = this.state.ordering ?? modelInfo(this.model).ordering;
    return base.some((o) => o.replace(/^-/, "") === "pk") ? base : [...base, "pk"];
  }

  /** State changes of `slice(start, end)`. */
  protected sliceChanges(start: number, end?: number): Partial<QueryState> {
    checkIndex(start, "start");
    if (end !== undefined) checkIndex(end, "end");
    if (this.state.unions.length)
      throw new TypeError("slice() after union() is not supported; slice each query first.");
    const low = this.state.low + start;
    let high = end === undefined ? this.state.high : this.state.low + end;
    if (this.state.high !== undefined && high !== undefined) high = Math.min(high, this.state.high);
    return {
      low: Math.min(low, high ?? low),
      high: high === undefined ? undefined : Math.max(low, high),
    };
  }

  /** Annotation entries after `annotate(spec)`. */
  protected annotationEntries(spec: Readonly<Record<string, Expression>>): AnnotationEntry[] {
    const info = modelInfo(this.model);
    const entries = [...this.state.annotations];
    for (const [name, expression] of Object.entries(spec)) {
      if (info.field(name) || info.relation(name)) {
        throw new FieldError(
          `The annotation '${name}' conflicts with a field on ${info.name}; choose another name.`,
        );
      }
      if (entries.some((e) => e.name === name))
        throw new FieldError(`The annotation '${name}' is already defined.`);
      if (typeof (expression as { compile?: unknown })?.compile !== "function") {
        throw new TypeError(
          `annotate(): '${name}' must be an expression such as Count("choices") or F("votes").`,
        );
      }
      entries.push({
        name,
        expression: markAggregate(expression, entries),
        afterGroup: this.state.where.length,
      });
    }
    return entries;
  }

  /** The row mode of `valuesList(...)`. */
  protected listMode(args: readonly unknown[]): RowMode {
    const last = args.at(-1);
    const options =
      typeof last === "object" && last !== null ? (last as { flat?: boolean }) : undefined;
    const fields = (options ? args.slice(0, -1) : args) as string[];
    const flat = options?.flat ?? false;
    if (flat && fields.length > 1)
      throw new TypeError("valuesList(): { flat: true } needs exactly one field.");
    return { kind: "list", fields, flat };
  }
}

function checkIndex(n: number, name: string): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new TypeError(
      `slice(): ${name} must be a non-negative integer, got ${String(n)}. Negative indexing is not supported.`,
    );
  }
}

/** The `field: value` pairs of a lookup that can initialise a new object (no `__` lookups). */
function plainValues(lookup: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(lookup))
    if (!k.includes("__")) out[k === "pk" ? "pk" : k] = v;
  return out;
}
