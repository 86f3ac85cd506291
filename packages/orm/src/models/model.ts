/** The Model base class: per-instance values, the primary key, construction and persistence entry points. */
import { inspect } from "node:util";
import { MultipleObjectsReturned, ObjectDoesNotExist } from "@tango/core";
import { deleteInstances } from "./deletion.js";
import type { Field } from "./field.js";
import { makeDefaultManager } from "./hooks.js";
import { metaFor } from "./meta-cache.js";
import type { ModelMetaOptions } from "./meta-options.js";
import type { ModelClass } from "./model-class.js";
import type { ModelMeta } from "./model-meta.js";
import { refreshInstance, type SaveOptions, saveInstance } from "./persistence.js";
import { type FullCleanOptions, fullCleanInstance } from "./validation.js";

/**
 * Where an instance stands: not yet saved (`adding`) and which database it came from.
 *
 * @example
 * question._state.adding; // true until saved or loaded
 */
export interface ModelState {
  adding: boolean;
  db: string | undefined;
}

const FROM_DB = Symbol("tango.fromDb");

/**
 * The row keys a query reads and the field each one fills, as `Model.fromDb()` takes them: a
 * Map like any other (an overriding `fromDb` sees one), that also keeps its keys and fields as
 * arrays, so building an instance from a row needs no closure or iterator. The query layer
 * makes one per query shape, not per row.
 *
 * @example
 * const mapping = new ColumnMapping([["id", idField], ["question_text", textField]]);
 * Question.fromDb(row, mapping);
 */
export class ColumnMapping<F = Field> extends Map<string, F> {
  readonly columnKeys: readonly string[];
  readonly columnFields: readonly F[];
  #sealed = false;

  constructor(entries: Iterable<readonly [string, F]>) {
    super();
    for (const [key, field] of entries) super.set(key, field);
    this.columnKeys = [...super.keys()];
    this.columnFields = [...super.values()];
    this.#sealed = true;
  }

  // Read-only once built: the arrays must keep saying what the Map holds.
  override set(key: string, field: F): this {
    if (this.#sealed) throw new TypeError("A ColumnMapping is read-only; build a new one.");
    return super.set(key, field);
  }

  override delete(_key: string): boolean {
    throw new TypeError("A ColumnMapping is read-only; build a new one.");
  }

  override clear(): void {
    throw new TypeError("A ColumnMapping is read-only; build a new one.");
  }
}

interface Internals {
  values(model: Model): Record<string, unknown>;
  cache(model: Model): Map<string, unknown>;
  state(model: Model): ModelState;
}

let internals: Internals | undefined;

/**
 * The base of every model. Declare fields with decorators; `_meta` describes them.
 *
 * @example
 * class Question extends Model {
 *   declare static objects: Manager<Question>;
 *   @CharField({ maxLength: 200 }) declare questionText: string;
 * }
 * const q = new Question({ questionText: "What's new?" });
 * await q.save(); // INSERT INTO "polls_question" ("question_text") VALUES ($1) RETURNING "id"
 */
export class Model {
  /** Options: table, ordering, indexes, constraints... (see ModelMetaOptions). */
  declare static meta: ModelMetaOptions | undefined;
  /** The default manager (from query/). Subclasses declare its type: `declare static objects: Manager<Question>`. */
  declare static objects: unknown;
  /** The implicit primary key (absent when another field is the primary key). */
  declare id: number;
  /** The primary key's value, whatever the key field is called. */
  declare pk: number | string;
  #values: Record<string, unknown> = {};
  // Most instances never load a relation: the cache is made on first use.
  #cache: Map<string, unknown> | undefined;
  #state: ModelState = { adding: true, db: undefined };

  static {
    internals = {
      values: (m) => m.#values,
      cache: (m) => {
        m.#cache ??= new Map();
        return m.#cache;
      },
      state: (m) => m.#state,
    };
  }

  constructor(values?: Readonly<Record<string, unknown>>) {
    // Rows from the database (only concrete models have them) skip the metadata lookup.
    if ((values as unknown) === FROM_DB) return;
    const meta = (new.target as unknown as ModelClass)._meta;
    if (meta.abstract) {
      throw new TypeError(
        `${new.target.name} is abstract: subclass it, then create instances of the subclass.`,
      );
    }
    initialise(this, meta, values ?? {});
  }

  /** The model's metadata (built on first read, then cached). */
  static get _meta(): ModelMeta {
    // biome-ignore lint/complexity/noThisInStatic: each subclass has its own metadata
    return metaFor(this as unknown as ModelClass);
  }

  /** Raised by `get()` when nothing matches; one subclass per model. */
  static get DoesNotExist(): typeof ObjectDoesNotExist {
    // biome-ignore lint/complexity/noThisInStatic: one class per model
    return perModelError(this, "DoesNotExist", ObjectDoesNotExist);
  }

  /** Raised by `get()` when several rows match; one subclass per model. */
  static get MultipleObjectsReturned(): typeof MultipleObjectsReturned {
    // biome-ignore lint/complexity/noThisInStatic: one class per model
    return perModelError(this, "MultipleObjectsReturned", MultipleObjectsReturned);
  }

  /**
   * An instance from a database row keyed by column (or by the keys of `columnsToFields`),
   * without running defaults. Columns missing from the row stay unset (deferred).
   *
   * @example
   * Question.fromDb({ id: 1, question_text: "Hi", pub_date: new Date() });
   */
  static fromDb<M extends Model>(
    this: new (
      values?: Readonly<Record<string, unknown>>,
    ) => M,
    row: Readonly<Record<string, unknown>>,
    columnsToFields?: ReadonlyMap<string, Field> | Readonly<Record<string, Field>>,
  ): M {
    // biome-ignore lint/complexity/noThisInStatic: builds an instance of the subclass
    const model = this as unknown as ModelClass<M>;
    const instance = new model(FROM_DB as unknown as Record<string, unknown>);
    const values = instanceValues(instance);
    if (columnsToFields instanceof ColumnMapping) {
      // The query layer's mapping: plain arrays, no closure per row.
      const { columnKeys: keys, columnFields: fields } = columnsToFields;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        const field = fields[i] as Field;
        if (key in row) values[field.attname] = field.fromDb(row[key]);
      }
      instanceState(instance).adding = false;
      return instance;
    }
    const mapping =
      columnsToFields instanceof Map
        ? columnsToFields
        : columnsToFields
          ? new Map(Object.entries(columnsToFields))
          : undefined;
    if (mapping) {
      // forEach, not for...of: no iterator and no [key, field] pair per column and row.
      mapping.forEach((field, key) => {
        if (key in row) values[field.attname] = field.fromDb(row[key]);
      });
    } else {
      for (const field of model._meta.fields)
        if (field.column in row) values[field.attname] = field.fromDb(row[field.column]);
    }
    const state = instanceState(instance);
    state.adding = false;
    return instance;
  }

  /**
   * Saves the instance: INSERT when it has no primary key (or `forceInsert`), else UPDATE,
   * falling back to INSERT when no row matched. The generated key is set on the instance.
   *
   * @example
   * await q.save(); // INSERT INTO "polls_question" ("question_text", "pub_date") VALUES ($1, $2) RETURNING "id"
   * await q.save({ updateFields: ["questionText"] }); // UPDATE "polls_question" SET "question_text" = $1 WHERE "id" = $2
   */
  async save(options: SaveOptions = {}): Promise<this> {
    await saveInstance(this, options);
    return this;
  }

  /**
   * Deletes the instance and what its relations' onDelete rules reach, in one transaction.
   * Returns the number of rows deleted, in total and per model.
   *
   * @example
   * await question.delete(); // [3, { "polls.Choice": 2, "polls.Question": 1 }]
   */
  delete(options: { using?: string } = {}): Promise<[number, Record<string, number>]> {
    return deleteInstances([this], options);
  }

  /**
   * Reloads the values from the database (all fields, or `fields`).
   *
   * @example
   * await choice.refreshFromDb(); // SELECT "id", "question_id", ... FROM "polls_choice" WHERE "id" = $1
   */
  async refreshFromDb(options: { fields?: readonly string[]; using?: string } = {}): Promise<this> {
    await refreshInstance(this, options);
    return this;
  }

  /**
   * Validates: each field, then `clean()`, then uniqueness (a database query per unique set).
   * Throws ValidationError with `errorDict` by field (`__all__` for the model).
   *
   * @example
   * await new Question({ questionText: "" }).fullClean(); // ValidationError: questionText: This field cannot be blank.
   */
  fullClean(options: FullCleanOptions = {}): Promise<void> {
    return fullCleanInstance(this, options);
  }

  /**
   * Model-wide validation; override it and throw ValidationError (a record keys messages by field).
   *
   * @example
   * override clean() { if (this.end < this.start) throw new ValidationError({ end: ["Ends before it starts."] }); }
   */
  clean(): void | Promise<void> {}

  /**
   * The instance itself: a loaded object is its own `Related` reference, so
   * `await choice.question.get()` works whether or not the question was loaded, and
   * `choice.question = question` type-checks.
   *
   * @example
   * const question = await choice.question.get(); // no query when selectRelated loaded it
   */
  get(_options?: { using?: string }): Promise<this> {
    return Promise.resolve(this);
  }

  /** Whether the instance is unsaved, and the database alias it was loaded from or saved to. */
  get _state(): ModelState {
    return instanceState(this);
  }

  /**
   * The field values as a plain object keyed by property name (FKs as their key value), for JSON.
   *
   * @example
   * JSON.stringify(choice); // {"id":1,"question":4,"choiceText":"Yes","votes":0}
   */
  serializable(): Record<string, unknown> {
    const meta = (this.constructor as ModelClass)._meta;
    const values = instanceValues(this);
    const out: Record<string, unknown> = {};
    for (const field of meta.fields) {
      const v = values[field.attname];
      out[field.name] = typeof v === "bigint" ? v.toString() : v;
    }
    return out;
  }

  toJSON(): Record<string, unknown> {
    return this.serializable();
  }

  toString(): string {
    return `${this.constructor.name} object (${String(this.pk ?? "None")})`;
  }

  /**
   * How the REPL of `manage shell` and `console.log` show an instance: Django's repr,
   * with the instance's `toString()`.
   *
   * @example
   * console.log(question); // <Question: What's up?>
   */
  [inspect.custom](): string {
    return `<${this.constructor.name}: ${this.toString()}>`;
  }
}

function initialise(
  instance: Model,
  meta: ModelMeta,
  given: Readonly<Record<string, unknown>>,
): void {
  const values = instanceValues(instance);
  const target = instance as unknown as Record<string, unknown>;
  const unknown = Object.keys(given).filter((k) => !meta.hasField(k) || k === "pk");
  if (unknown.length > 0) {
    const names = meta.allFields.map((f) => f.name).join(", ");
    throw new TypeError(
      `${meta.objectName} got unexpected field${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `'${k}'`).join(", ")}. Fields are: ${names}.`,
    );
  }
  for (const field of meta.manyToMany) {
    if (field.name in given) {
      throw new TypeError(
        `Direct assignment to the forward side of a many-to-many set is prohibited. Save the ${meta.objectName}, then use ${field.name}.set() instead.`,
      );
    }
  }
  for (const field of meta.fields) {
    if (field.isRelation && field.name !== field.attname && given[field.name] !== undefined) {
      target[field.name] = given[field.name];
    } else if (given[field.attname] !== undefined) {
      values[field.attname] = given[field.attname];
    } else {
      values[field.attname] = field.autoGenerated ? null : field.getDefault();
    }
  }
}

const errorClasses = new WeakMap<object, Map<string, unknown>>();

function perModelError<E extends abstract new (...args: never[]) => Error>(
  model: object,
  name: string,
  base: E,
): E {
  let byName = errorClasses.get(model);
  if (!byName) {
    byName = new Map();
    errorClasses.set(model, byName);
  }
  let cls = byName.get(name) as E | undefined;
  if (!cls) {
    const parent = Object.getPrototypeOf(model) as { [key: string]: unknown };
    const inherited =
      parent && typeof parent === "function" && parent !== Function.prototype && name in parent
        ? (parent[name] as E)
        : base;
    cls = class extends (inherited as unknown as new (message: string) => Error) {} as unknown as E;
    Object.defineProperty(cls, "name", { value: name });
    byName.set(name, cls);
  }
  return cls;
}

// The default manager lives on Model as an accessor so each subclass gets its own.
const managers = new WeakMap<object, unknown>();
Object.defineProperty(Model, "objects", {
  configurable: true,
  get(this: ModelClass): unknown {
    let manager = managers.get(this);
    if (manager === undefined) {
      if (this._meta.abstract) {
        throw new TypeError(
          `Manager isn't available; '${this.name}' is abstract. Query a concrete subclass.`,
        );
      }
      manager = makeDefaultManager(this);
      managers.set(this, manager);
    }
    return manager;
  },
});

// `pk` reads whichever field is the primary key.
Object.defineProperty(Model.prototype, "pk", {
  configurable: true,
  get(this: Model): unknown {
    return instanceValues(this)[(this.constructor as ModelClass)._meta.pk.attname];
  },
  set(this: Model, value: unknown) {
    const target = this as unknown as Record<string, unknown>;
    target[(this.constructor as ModelClass)._meta.pk.attname] = value;
  },
});

/**
 * The private value record of an instance (for the model layer's own modules).
 *
 * @example
 * instanceValues(choice).questionId; // 4
 */
export function instanceValues(model: Model): Record<string, unknown> {
  return (internals as Internals).values(model);
}

/**
 * The related-object cache of an instance (forward FKs, one-to-one reverses, prefetches).
 *
 * @example
 * relatedCache(choice).get("question"); // the loaded Question, if any
 */
export function relatedCache(model: Model): Map<string, unknown> {
  return (internals as Internals).cache(model);
}

/**
 * The `_state` of an instance.
 *
 * @example
 * instanceState(choice).db; // "default"
 */
export function instanceState(model: Model): ModelState {
  return (internals as Internals).state(model);
}
