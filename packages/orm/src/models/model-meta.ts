/** ModelMeta: a model's `_meta`, built once from its decorators and `static meta`. */
import "reflect-metadata";
import { FieldError, ImproperlyConfigured } from "@tango/core";
import type { Field } from "./field.js";
import { collectFields } from "./field-collection.js";
import type { Constraint, Index, ModelMetaOptions } from "./meta-options.js";
import type { ModelClass } from "./model-class.js";
import { registryFor } from "./registry.js";
import { type RelatedObject, relatedObjectsOf } from "./related-objects.js";

/**
 * A model's metadata: its table, fields, primary key, ordering, indexes and relations.
 *
 * @example
 * Question._meta.dbTable; // "polls_question"
 * Question._meta.getField("questionText").column; // "question_text"
 */
export class ModelMeta {
  readonly model: ModelClass;
  readonly appLabel: string;
  /** The class name lower-cased: "question". */
  readonly modelName: string;
  /** The class name: "Question". */
  readonly objectName: string;
  readonly dbTable: string;
  readonly pk: Field;
  /** Concrete fields (with a column), parents first, in declaration order. */
  readonly fields: readonly Field[];
  readonly manyToMany: readonly Field[];
  readonly ordering: readonly string[];
  readonly indexes: readonly Index[];
  readonly constraints: readonly Constraint[];
  readonly uniqueTogether: readonly (readonly string[])[];
  readonly abstract: boolean;
  readonly verboseName: string;
  readonly verboseNamePlural: string;
  readonly getLatestBy: string | readonly string[] | undefined;
  readonly defaultManagerName: string | undefined;
  /** Set for automatic many-to-many through models. */
  readonly autoCreated: boolean;
  readonly #byName: Map<string, Field>;
  #related: { version: number; value: readonly RelatedObject[] } | undefined;

  constructor(model: ModelClass, appLabel: string, options: ModelMetaOptions, autoCreated = false) {
    const collected = collectFields(model);
    this.model = model;
    this.appLabel = appLabel;
    this.objectName = model.name;
    this.modelName = model.name.toLowerCase();
    this.abstract = options.abstract ?? false;
    this.autoCreated = autoCreated;
    this.dbTable = options.dbTable ?? `${appLabel}_${this.modelName}`;
    this.fields = collected.filter((f) => f.concrete);
    this.manyToMany = collected.filter((f) => !f.concrete);
    this.pk = this.fields.find((f) => f.primaryKey) ?? implicitId(model);
    this.ordering = options.ordering ?? [];
    this.indexes = options.indexes ?? [];
    this.constraints = options.constraints ?? [];
    this.uniqueTogether = options.uniqueTogether ?? [];
    this.verboseName =
      options.verboseName ?? model.name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
    this.verboseNamePlural = options.verboseNamePlural ?? `${this.verboseName}s`;
    this.getLatestBy = options.getLatestBy;
    this.defaultManagerName = options.defaultManagerName;
    this.#byName = new Map();
    for (const field of collected) {
      this.#byName.set(field.name, field);
      this.#byName.set(field.attname, field);
    }
    this.#byName.set("pk", this.pk);
  }

  /** `"polls.Question"`. */
  get label(): string {
    return `${this.appLabel}.${this.objectName}`;
  }

  /** The model itself: Tango has no proxy or multi-table inheritance yet. */
  get concreteModel(): ModelClass {
    return this.model;
  }

  /** Relations from other models to this one (`choiceSet`, `choices`...). */
  get relatedObjects(): readonly RelatedObject[] {
    const version = registryFor(this.model).version;
    if (this.#related?.version !== version) {
      this.#related = { version, value: relatedObjectsOf(this.model) };
    }
    return this.#related.value;
  }

  /** Every field: concrete ones, then many-to-many. */
  get allFields(): readonly Field[] {
    return [...this.fields, ...this.manyToMany];
  }

  /**
   * The field with this property name (also `pk` and a FK's `questionId`).
   *
   * @example
   * Choice._meta.getField("questionId").name; // "question"
   */
  getField(name: string): Field {
    const field = this.#byName.get(name);
    if (field) return field;
    const names = this.allFields
      .map((f) => f.name)
      .sort()
      .join(", ");
    throw new FieldError(`${this.objectName} has no field named '${name}'. Choices are: ${names}.`);
  }

  /** Whether a field of this name (or attname, or `pk`) exists. */
  hasField(name: string): boolean {
    return this.#byName.has(name);
  }
}

// collectFields always adds the implicit `id`, so only a broken subclass reaches this.
function implicitId(model: ModelClass): Field {
  throw new ImproperlyConfigured(`${model.name} has no primary key field.`);
}
