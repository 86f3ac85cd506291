/** The row types QuerySets produce: values() objects, valuesList() tuples, Loaded<M, K>. */
import type { Model } from "../models/model.js";
import type { Related } from "../models/related.js";
import type { Aggregate } from "./aggregates.js";
import type { Expression } from "./expression.js";
import type { FieldNames, ManyRelation, RelationTarget } from "./filter-types.js";

/** The value `values()` returns for a property: a relation gives its key. */
export type ColumnValue<V> = V extends Related<infer T> ? T["pk"] : V extends Model ? V["pk"] : V;

/** The value type of a values() name on M (paths and unknown names give unknown). */
export type ValueOf<M, K extends string> = K extends keyof M ? ColumnValue<M[K]> : unknown;

/** A `values("a", "b")` row. */
export type ValuesRow<M, K extends string> = { [P in K]: ValueOf<M, P> };

/** A `valuesList("a", "b")` row. */
export type ValuesTuple<M, K extends readonly string[]> = {
  -readonly [I in keyof K]: ValueOf<M, K[I]>;
};

/** The value an annotation adds: a count is a number, other aggregates are null over no rows. */
export type AnnotationValue<E> =
  E extends Aggregate<"COUNT">
    ? number
    : E extends Aggregate
      ? number | null
      : E extends Expression
        ? unknown
        : never;

/**
 * The row of `aggregate(spec)`: counts are numbers; other values depend on the field (a Sum
 * of decimals is a string, a Max of dates a Date, null over no rows), so they stay unknown.
 */
export type AggregateResult<A> = {
  -readonly [K in keyof A]: A[K] extends Aggregate<"COUNT"> ? number : unknown;
};

/** The properties `annotate(spec)` adds. */
export type Annotated<A> = { -readonly [K in keyof A]: AnnotationValue<A[K]> };

/** Relation names of a model (forward and reverse, one hop). */
export type RelationNames<M> = {
  [K in FieldNames<M>]: [RelationTarget<M[K]>] extends [never] ? never : K;
}[FieldNames<M>];

/** Single-valued relation names (for selectRelated). */
export type SingleRelationNames<M> = {
  [K in FieldNames<M>]: NonNullable<M[K]> extends Related<Model> ? K : never;
}[FieldNames<M>];

/** `a` or `a__b` paths through single-valued relations, up to three hops. */
export type SelectRelatedPath<M, D extends number = 3> = [D] extends [never]
  ? never
  : {
      [K in SingleRelationNames<M>]:
        | K
        | `${K}__${SelectRelatedPath<RelationTarget<M[K]>, [never, 0, 1, 2][D]>}`;
    }[SingleRelationNames<M>];

/** `a` or `a__b` paths through any relation, up to three hops (prefetchRelated). */
export type PrefetchPath<M, D extends number = 3> = [D] extends [never]
  ? never
  : {
      [K in RelationNames<M>]:
        | K
        | `${K}__${PrefetchPath<RelationTarget<M[K]>, [never, 0, 1, 2][D]>}`;
    }[RelationNames<M>];

type Head<P extends string> = P extends `${infer H}__${string}` ? H : P;
type TailFor<P extends string, H extends string> = P extends `${H}__${infer T}` ? T : never;

/** The loaded type of one relation property, with deeper paths loaded too. */
type LoadedValue<V, Rest extends string> =
  NonNullable<V> extends ManyRelation<infer T>
    ? Loaded<T, Rest>[]
    : NonNullable<V> extends Related<infer T>
      ? Loaded<T, Rest> | (null extends V ? null : never)
      : V;

/**
 * The model type with the named relations loaded: `Related<T>` becomes `T`, `RelatedManager<T>`
 * becomes `T[]`, through `a__b` paths.
 *
 * @example
 * const c: Loaded<Choice, "question"> = await Choice.objects.selectRelated("question").get({ pk: 1 });
 * c.question.questionText; // typed, no query
 */
export type Loaded<M, K extends string> = [K] extends [never]
  ? M
  : M & { [P in Head<K> & keyof M]: LoadedValue<M[P], TailFor<K, P & string>> };
