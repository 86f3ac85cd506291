/** Typed filter keys: the `field__lookup` names and value types a model allows, built from its type. */
import type { Model } from "../models/model.js";
import type { Related } from "../models/related.js";
import type { Expression } from "./expression.js";
import type { QNode } from "./q.js";

/** Something usable as a nested query (`field__in: qs`). */
export interface NestedQuery {
  compileNested(outer: never): unknown;
}

/** A type-only brand: never exists at run time. */
export declare const RELATED_MODEL: unique symbol;

/** Many-valued relation properties (`RelatedManager<T>`): the brand carries the target model. */
export interface ManyRelation<T> {
  readonly [RELATED_MODEL]: T;
}

/** Keys of `Model` itself that are not filterable fields. */
type ModelOwnKeys = Exclude<keyof Model, "id" | "pk">;

/** The field names of a model type: non-function own properties, minus Model's machinery. */
export type FieldNames<M> = {
  [K in keyof M]-?: K extends string
    ? K extends ModelOwnKeys | `_${string}`
      ? never
      : M[K] extends (...args: never[]) => unknown
        ? never
        : K
    : never;
}[keyof M];

/** The model behind a relation property, or never. */
export type RelationTarget<V> =
  NonNullable<V> extends Related<infer T>
    ? T
    : NonNullable<V> extends ManyRelation<infer T>
      ? T
      : NonNullable<V> extends Model
        ? NonNullable<V>
        : never;

type Comparable = "exact" | "gt" | "gte" | "lt" | "lte";
type TextLookup =
  | "iexact"
  | "contains"
  | "icontains"
  | "startswith"
  | "istartswith"
  | "endswith"
  | "iendswith"
  | "regex"
  | "iregex";
type DatePart =
  | "year"
  | "iso_year"
  | "quarter"
  | "month"
  | "week"
  | "day"
  | "week_day"
  | "iso_week_day";
type TimePart = "hour" | "minute" | "second";
type NumberKeys<K extends string> = `${K}__${Comparable}`;

/** Operand values: the value itself or an expression (`F("x")`). */
type Operand<V> = V | Expression;

/** [key, value type] pairs for one plain field; JSON fields take any key path below them. */
type ScalarEntries<K extends string, V> =
  NonNullable<V> extends Record<string, unknown> | unknown[]
    ? [K, V | Expression] | [`${K}__${string}`, unknown]
    : PlainEntries<K, V>;

type PlainEntries<K extends string, V> =
  | [K | `${K}__exact`, Operand<V> | (null extends V ? null : never)]
  | [`${K}__${Exclude<Comparable, "exact">}`, Operand<NonNullable<V>>]
  | [`${K}__in`, readonly NonNullable<V>[] | NestedQuery]
  | [`${K}__range`, readonly [NonNullable<V>, NonNullable<V>]]
  | [`${K}__isnull`, boolean]
  | (NonNullable<V> extends string ? [`${K}__${TextLookup}`, Operand<string>] : never)
  | (NonNullable<V> extends Date
      ?
          | [NumberKeys<`${K}__${DatePart | TimePart}`> | `${K}__${DatePart | TimePart}`, number]
          | [`${K}__${DatePart | TimePart}__in`, readonly number[]]
          | [`${K}__${DatePart | TimePart}__range`, readonly [number, number]]
          | [`${K}__date` | NumberKeys<`${K}__date`>, Date | string]
          | [`${K}__date__in`, readonly (Date | string)[]]
          | [`${K}__date__range`, readonly [Date | string, Date | string]]
      : never);

type Prev = [never, 0, 1, 2, 3];

/** [key, value type] pairs for one relation field, with the target's keys behind `K__`. */
type RelationEntries<K extends string, T, D extends number> =
  | [K | `${K}__exact`, RelatedValue<T> | null | Expression]
  | [`${K}__in`, readonly RelatedValue<T>[] | NestedQuery]
  | [`${K}__isnull`, boolean]
  | ([D] extends [never] ? never : PrefixEntries<K, Entries<T, D>>);

/** What identifies a related object: the instance, an unloaded `Related<T>`, or its key. */
type RelatedValue<T> = T | T[keyof T & "pk"] | (T extends Model ? Related<T> : never);

type PrefixEntries<K extends string, E> = E extends [infer P extends string, infer V]
  ? [`${K}__${P}`, V]
  : never;

/** Every [key, value type] pair of a model, relations followed up to depth D. */
export type Entries<M, D extends number = 3> = {
  [K in FieldNames<M>]: [RelationTarget<M[K]>] extends [never]
    ? ScalarEntries<K, M[K]>
    : RelationEntries<K, RelationTarget<M[K]>, Prev[D]>;
}[FieldNames<M>];

/**
 * The object `filter()` takes: each allowed `field__lookup` key with its value type.
 *
 * @example
 * const f: FilterObject<Choice> = { votes__gt: 0, question__pubDate__year: 2026 };
 */
export type FilterObject<M> = { [E in Entries<M> as E[0]]?: E[1] };

/** One argument of `filter()`/`exclude()`: typed pairs, a `Q` tree or a boolean expression. */
export type FilterArg<M> = FilterObject<M> | QNode | Expression;

/** Names usable in `orderBy()`: fields, `-field`, relation paths (one hop), `?`. */
export type OrderKey<M> =
  | "?"
  | "pk"
  | "-pk"
  | FieldNames<M>
  | `-${FieldNames<M>}`
  | `${FieldNames<M>}__${string}`
  | `-${FieldNames<M>}__${string}`;
