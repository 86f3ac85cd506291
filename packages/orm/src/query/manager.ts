/** Manager: a model's entry point to QuerySets (`Question.objects`), subclassable for custom ones. */

import { QuerySetNotEvaluated } from "../errors.js";
import type { Expression } from "./expression.js";
import type { FieldNames, FilterArg, OrderKey } from "./filter-types.js";
import { type ModelType, QuerySet } from "./query-set.js";
import type { BulkOptions, GetOrCreateArgs, WriteValues } from "./query-set-methods.js";
import type { AggregateResult, PrefetchPath, SelectRelatedPath } from "./row-types.js";

type ModelRef<M extends object> = ModelType<M> | (() => ModelType<M>);

/**
 * The default manager of a model, and the base of custom managers. Each method starts a
 * QuerySet from `getQueryset()`; override that to change what the manager sees.
 *
 * @example
 * class PublishedManager extends Manager<Question> {
 *   override getQueryset() { return super.getQueryset().filter({ pubDate__lte: new Date() }); }
 * }
 * class Question extends Model {
 *   declare static objects: Manager<Question>;
 *   static published = new PublishedManager(() => Question);
 * }
 */
export class Manager<M extends object> {
  #model: ModelRef<M> | undefined;

  /** @param model the model class, or a thunk for managers declared inside the model's body */
  constructor(model?: ModelRef<M>) {
    this.#model = model;
  }

  /** Binds an unbound manager to its model (the model registry calls it for static managers). */
  contributeToClass(model: ModelType<M>): void {
    this.#model ??= model;
  }

  /** The model class. */
  get model(): ModelType<M> {
    const ref = this.#model;
    if (!ref) {
      throw new TypeError(
        `${this.constructor.name} is not bound to a model; create it as new ${this.constructor.name}(() => YourModel).`,
      );
    }
    return "_meta" in ref ? ref : (ref as () => ModelType<M>)();
  }

  /** The QuerySet every method starts from; override in custom managers. */
  getQueryset(): QuerySet<M> {
    return new QuerySet<M>(this.model);
  }

  /** @see QuerySet.all @example Question.objects.all() */
  all(): QuerySet<M> {
    return this.getQueryset();
  }
  /** @see QuerySet.filter @example Question.objects.filter({ id: 1 }) */
  filter(...conditions: FilterArg<M>[]): QuerySet<M> {
    return this.getQueryset().filter(...conditions);
  }
  /** @see QuerySet.exclude @example Question.objects.exclude({ id: 1 }) */
  exclude(...conditions: FilterArg<M>[]): QuerySet<M> {
    return this.getQueryset().exclude(...conditions);
  }
  /** @see QuerySet.orderBy @example Question.objects.orderBy("-pubDate") */
  orderBy(...fields: (OrderKey<M> | (string & {}))[]): QuerySet<M> {
    return this.getQueryset().orderBy(...fields);
  }
  /** @see QuerySet.annotate @example Question.objects.annotate({ n: Count("choices") }) */
  annotate<A extends Readonly<Record<string, Expression>>>(spec: A) {
    return this.getQueryset().annotate(spec);
  }
  /** @see QuerySet.values @example Question.objects.values("id") */
  values<const K extends (FieldNames<M> | (string & {}))[]>(...fields: K) {
    return this.getQueryset().values(...fields);
  }
  /** @see QuerySet.valuesList @example Question.objects.valuesList("id", { flat: true }) */
  valuesList: QuerySet<M>["valuesList"] = (...args: unknown[]) =>
    (this.getQueryset().valuesList as (...a: unknown[]) => QuerySet<M, unknown>)(...args) as never;
  /** @see QuerySet.selectRelated @example Choice.objects.selectRelated("question") */
  selectRelated<K extends SelectRelatedPath<M>>(...paths: K[]) {
    return this.getQueryset().selectRelated(...paths);
  }
  /** @see QuerySet.prefetchRelated @example Question.objects.prefetchRelated("choices") */
  prefetchRelated<K extends PrefetchPath<M>>(...paths: K[]) {
    return this.getQueryset().prefetchRelated(...paths);
  }
  /** @see QuerySet.only @example Question.objects.only("questionText") */
  only(...fields: (FieldNames<M> | (string & {}))[]): QuerySet<M> {
    return this.getQueryset().only(...fields);
  }
  /** @see QuerySet.defer @example Question.objects.defer("questionText") */
  defer(...fields: (FieldNames<M> | (string & {}))[]): QuerySet<M> {
    return this.getQueryset().defer(...fields);
  }
  /** @see QuerySet.reverse @example Question.objects.reverse() */
  reverse(): QuerySet<M> {
    return this.getQueryset().reverse();
  }
  /** @see QuerySet.slice @example Question.objects.slice(0, 10) */
  slice(start: number, end?: number): QuerySet<M> {
    return this.getQueryset().slice(start, end);
  }
  /** @see QuerySet.at @example await Question.objects.at(0) */
  at(index: number): Promise<M | undefined> {
    return this.getQueryset().at(index);
  }
  /** @see QuerySet.union @example Question.objects.union([Question.objects.filter({ id: 1 })]) */
  union(others: readonly QuerySet<M>[], options?: { all?: boolean }): QuerySet<M> {
    return this.getQueryset().union(others, options);
  }
  /** @see QuerySet.distinct @example Question.objects.distinct() */
  distinct(): QuerySet<M> {
    return this.getQueryset().distinct();
  }
  /** @see QuerySet.using @example Question.objects.using("other") */
  using(alias: string): QuerySet<M> {
    return this.getQueryset().using(alias);
  }
  /** @see QuerySet.none @example Question.objects.none() */
  none(): QuerySet<M> {
    return this.getQueryset().none();
  }
  /** @see QuerySet.get @example await Question.objects.get({ pk: 1 }) */
  get(...conditions: FilterArg<M>[]): Promise<M> {
    return this.getQueryset().get(...conditions);
  }
  /** @see QuerySet.first @example await Question.objects.first() */
  first(): Promise<M | undefined> {
    return this.getQueryset().first();
  }
  /** @see QuerySet.last @example await Question.objects.last() */
  last(): Promise<M | undefined> {
    return this.getQueryset().last();
  }
  /** @see QuerySet.earliest @example await Question.objects.earliest("pubDate") */
  earliest(...fields: (OrderKey<M> | (string & {}))[]): Promise<M> {
    return this.getQueryset().earliest(...fields);
  }
  /** @see QuerySet.latest @example await Question.objects.latest("pubDate") */
  latest(...fields: (OrderKey<M> | (string & {}))[]): Promise<M> {
    return this.getQueryset().latest(...fields);
  }
  /**
   * @see QuerySet.update (every row of the manager's QuerySet; `delete()` is QuerySet-only, as
   * in Django, so a whole table is never deleted by a slip)
   * @example await Choice.objects.update({ votes: 0 })
   */
  update(values: WriteValues<M>): Promise<number> {
    return this.getQueryset().update(values);
  }
  /** @see QuerySet.count @example await Question.objects.count() */
  count(): Promise<number> {
    return this.getQueryset().count();
  }
  /** @see QuerySet.exists @example await Question.objects.exists() */
  exists(): Promise<boolean> {
    return this.getQueryset().exists();
  }
  /** @see QuerySet.aggregate @example await Choice.objects.aggregate({ total: Sum("votes") }) */
  aggregate<A extends Readonly<Record<string, Expression>>>(spec: A): Promise<AggregateResult<A>> {
    return this.getQueryset().aggregate(spec);
  }
  /** @see QuerySet.inBulk @example await Question.objects.inBulk([1, 2]) */
  inBulk(ids?: readonly unknown[], options?: { fieldName?: string }): Promise<Map<unknown, M>> {
    return this.getQueryset().inBulk(ids, options);
  }
  /** @see QuerySet.create @example await Question.objects.create({ questionText: "Hi" }) */
  create(values?: WriteValues<M>): Promise<M> {
    return this.getQueryset().create(values);
  }
  /** @see QuerySet.getOrCreate @example await Tag.objects.getOrCreate({ name: "x" }) */
  getOrCreate(lookup: FilterArg<M> & object, args?: GetOrCreateArgs<M>): Promise<[M, boolean]> {
    return this.getQueryset().getOrCreate(lookup, args);
  }
  /** @see QuerySet.updateOrCreate @example await Tag.objects.updateOrCreate({ name: "x" }, { defaults: {} }) */
  updateOrCreate(lookup: FilterArg<M> & object, args?: GetOrCreateArgs<M>): Promise<[M, boolean]> {
    return this.getQueryset().updateOrCreate(lookup, args);
  }
  /** @see QuerySet.bulkCreate @example await Choice.objects.bulkCreate(choices) */
  bulkCreate(objs: readonly M[], options?: BulkOptions): Promise<M[]> {
    return this.getQueryset().bulkCreate(objs, options);
  }
  /** @see QuerySet.bulkUpdate @example await Choice.objects.bulkUpdate(choices, ["votes"]) */
  bulkUpdate(
    objs: readonly M[],
    fields: readonly (keyof M & string)[],
    options?: BulkOptions,
  ): Promise<number> {
    return this.getQueryset().bulkUpdate(objs, fields, options);
  }
  /** @see QuerySet.iterator @example for await (const q of Question.objects.iterator()) {} */
  iterator(options?: { chunkSize?: number }): AsyncGenerator<M> {
    return this.getQueryset().iterator(options);
  }
}

// As QuerySet's: a template's {% for c in question.choices %} gets told what to do.
Object.defineProperty(Manager.prototype, Symbol.iterator, {
  value(this: Manager<object>): never {
    const name = this.model.name;
    throw new QuerySetNotEvaluated(
      `A manager of ${name} (such as a reverse relation like question.choices) was iterated as a list (a template's {% for %} does that). Templates cannot await: use prefetchRelated() in the view so the relation is loaded as a list, or pass await manager.all() in the context.`,
    );
  },
});
