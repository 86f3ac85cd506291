/** The immutable state of a QuerySet: one frozen object, copied with changes by every method. */
import type { Expression } from "./expression.js";
import type { ModelClassLike } from "./model-info.js";
import type { QNode } from "./q.js";

/** One `filter()`/`exclude()` call: its condition and its join group. */
export interface WhereEntry {
  readonly q: QNode;
  /** Each call gets its own group, so multi-valued relations get their own joins (Django's rule). */
  readonly group: number;
}

/** One annotation and how many filter calls came before it (it reuses only their joins). */
export interface AnnotationEntry {
  readonly name: string;
  readonly expression: Expression;
  readonly afterGroup: number;
}

/** What the rows look like. */
export type RowMode =
  | { readonly kind: "models" }
  | { readonly kind: "values"; readonly fields: readonly string[] }
  | { readonly kind: "list"; readonly fields: readonly string[]; readonly flat: boolean };

/** Another query combined with UNION. */
export interface UnionEntry {
  readonly state: QueryState;
  readonly all: boolean;
}

/** Everything a QuerySet knows; never mutated. */
export interface QueryState {
  readonly model: ModelClassLike;
  readonly using: string;
  readonly where: readonly WhereEntry[];
  readonly annotations: readonly AnnotationEntry[];
  /** Explicit ordering; undefined means the model's `meta.ordering`. */
  readonly ordering: readonly string[] | undefined;
  readonly reversed: boolean;
  readonly low: number;
  readonly high: number | undefined;
  readonly distinct: boolean;
  readonly rows: RowMode;
  /** `only()` fields (undefined: all) and `defer()` fields. */
  readonly only: readonly string[] | undefined;
  readonly defer: readonly string[];
  readonly selectRelated: readonly string[];
  readonly prefetchRelated: readonly string[];
  readonly unions: readonly UnionEntry[];
  /** True after `none()`: the query returns nothing without touching the database. */
  readonly empty: boolean;
}

/**
 * The state of `Model.objects.all()`.
 *
 * @example
 * initialState(Question).ordering; // undefined: Question.meta.ordering applies
 */
export function initialState(model: ModelClassLike, using = "default"): QueryState {
  // Every `Model.objects.…` call starts here: share one frozen state per model (default alias).
  if (using === "default") {
    let state = defaultStates.get(model);
    if (!state) {
      state = freshState(model, using);
      defaultStates.set(model, state);
    }
    return state;
  }
  return freshState(model, using);
}

const defaultStates = new WeakMap<ModelClassLike, QueryState>();

function freshState(model: ModelClassLike, using: string): QueryState {
  return Object.freeze({
    model,
    using,
    where: Object.freeze([]),
    annotations: Object.freeze([]),
    ordering: undefined,
    reversed: false,
    low: 0,
    high: undefined,
    distinct: false,
    rows: Object.freeze({ kind: "models" } as const),
    only: undefined,
    defer: Object.freeze([]),
    selectRelated: Object.freeze([]),
    prefetchRelated: Object.freeze([]),
    unions: Object.freeze([]),
    empty: false,
  });
}

/**
 * A copy of the state with some parts replaced; the result is frozen.
 *
 * @example
 * const next = withState(state, { distinct: true });
 */
export function withState(state: QueryState, changes: Partial<QueryState>): QueryState {
  // Object.assign, not an object spread: on Node 20 (V8 11.3) a spread's copy outlives
  // young-generation GCs and drags what it points to into the old generation (node
  // --trace-gc-nvp shows it), and a QuerySet state is made on every query.
  return Object.freeze(Object.assign({}, state, changes));
}

/**
 * The group number the next `filter()` call gets.
 *
 * @example
 * nextGroup(initialState(Question)); // 1
 */
export function nextGroup(state: QueryState): number {
  return state.where.length + 1;
}
