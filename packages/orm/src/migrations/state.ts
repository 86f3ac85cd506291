/** Migration state: the models as a sequence of migrations leaves them, and historical model classes rendered from it. */
import { closestName, ImproperlyConfigured } from "@tango/core";
// Historical models need the QuerySet layer (managers, DDL conditions) whatever imported this.
import "../query/install.js";
import { defineField } from "../models/field-collection.js";
import { ManyToManyFieldImpl } from "../models/fields/related-fields.js";
import { type Constraint, Index } from "../models/meta-options.js";
import { Model } from "../models/model.js";
import type { ModelClass } from "../models/model-class.js";
import { dropPendingOf, retryPendingRelations } from "../models/prepare.js";
import { bindRegistry, ModelRegistry, modelRegistry } from "../models/registry.js";
import { metaIndexName } from "../models/schema-names.js";
import type { Manager } from "../query/manager.js";
import { deconstructField, type FieldSpec, fieldFromSpec } from "./field-specs.js";

/**
 * The model options a migration state records: what the schema and data migrations need.
 *
 * @example
 * const options: ModelStateOptions = { ordering: ["-pubDate"] };
 */
export interface ModelStateOptions {
  /** Only when set explicitly; otherwise `<app>_<model>`, which follows renames. */
  readonly dbTable?: string;
  readonly ordering?: readonly string[];
  readonly indexes?: readonly Index[];
  readonly constraints?: readonly Constraint[];
  readonly uniqueTogether?: readonly (readonly string[])[];
  readonly getLatestBy?: string | readonly string[];
  readonly defaultManagerName?: string;
}

/** The option names `AlterModelOptions` changes (those without a schema effect). */
export const ALTER_OPTION_KEYS = ["ordering", "getLatestBy", "defaultManagerName"] as const;

/**
 * One model in a migration state: app label, class name, fields in order, options.
 *
 * @example
 * new ModelState("polls", "Question", new Map([["id", fields.BigAutoField()]]), {});
 */
export class ModelState {
  readonly app: string;
  name: string;
  fields: Map<string, FieldSpec>;
  options: ModelStateOptions;

  constructor(
    app: string,
    name: string,
    fields: ReadonlyMap<string, FieldSpec> | Readonly<Record<string, FieldSpec>>,
    options: ModelStateOptions = {},
  ) {
    this.app = app;
    this.name = name;
    this.fields = new Map(fields instanceof Map ? fields : Object.entries(fields));
    this.options = cleanOptions(options);
  }

  /** `"polls.question"`: the key of the model in its state. */
  get key(): string {
    return modelKey(this.app, this.name);
  }

  /** `"polls.Question"`. */
  get label(): string {
    return `${this.app}.${this.name}`;
  }

  /** The table: `dbTable`, or `<app>_<model name lower-cased>`. */
  get dbTable(): string {
    return this.options.dbTable ?? `${this.app}_${this.name.toLowerCase()}`;
  }

  /**
   * The field spec of `name`; ImproperlyConfigured with a suggestion when the state has none.
   *
   * @example
   * state.getModel("polls", "Question").getField("pubDate").type; // "DateTimeField"
   */
  getField(name: string): FieldSpec {
    const spec = this.fields.get(name);
    if (spec) return spec;
    const hint = closestName(name, [...this.fields.keys()]);
    throw new ImproperlyConfigured(
      `${this.label} has no field '${name}' in the migration state.${hint ? ` Did you mean '${hint}'?` : ""} Check the migration's operations against the earlier migrations of '${this.app}'.`,
    );
  }

  /** A copy whose fields and options can change without touching this one. */
  clone(): ModelState {
    return new ModelState(this.app, this.name, new Map(this.fields), { ...this.options });
  }

  /**
   * The state of a model class (its concrete and many-to-many fields, its recorded options).
   *
   * @example
   * ModelState.fromModel(Question).fields.get("questionText"); // { type: "CharField", ... }
   */
  static fromModel(model: ModelClass): ModelState {
    const meta = model._meta;
    const fields = new Map<string, FieldSpec>();
    for (const field of meta.allFields) fields.set(field.name, deconstructField(field));
    const defaultTable = `${meta.appLabel}_${meta.modelName}`;
    return new ModelState(meta.appLabel, meta.objectName, fields, {
      dbTable: meta.dbTable === defaultTable ? undefined : meta.dbTable,
      ordering: meta.ordering,
      // Named, so RemoveIndex can find them whatever the model becomes.
      indexes: meta.indexes.map((index) =>
        index.name ? index : new Index({ ...index, name: metaIndexName(model, index) }),
      ),
      constraints: meta.constraints,
      uniqueTogether: meta.uniqueTogether,
      getLatestBy: meta.getLatestBy,
      defaultManagerName: meta.defaultManagerName,
    });
  }
}

/** Drops empty and undefined options, so equal states compare equal. */
function cleanOptions(options: ModelStateOptions): ModelStateOptions {
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    clean[key] = value;
  }
  return clean as ModelStateOptions;
}

/**
 * `"polls.question"`: how a state keys its models (app label and lower-cased name).
 *
 * @example
 * modelKey("polls", "Question"); // "polls.question"
 */
export function modelKey(app: string, name: string): string {
  return `${app}.${name.toLowerCase()}`;
}

/**
 * The models of a whole project at one point of its migration history. Operations change it
 * in place (`stateForwards`); `clone()` before when the old state is still needed.
 *
 * @example
 * const state = ProjectState.fromModels(modelRegistry.getModels());
 * state.apps().getModel("polls", "Question")._meta.dbTable; // "polls_question"
 */
export class ProjectState {
  readonly models: Map<string, ModelState>;
  #apps: StateApps | undefined;

  constructor(models: Iterable<ModelState> = []) {
    this.models = new Map();
    for (const model of models) this.models.set(model.key, model);
  }

  /**
   * The state of the current models: every concrete, non-auto-created model of the process
   * registry (or the given list).
   *
   * @example
   * ProjectState.fromModels(); // what makemigrations compares the migrations with
   */
  static fromModels(models: readonly ModelClass[] = modelRegistry.getModels()): ProjectState {
    return new ProjectState(
      models.filter((m) => !m._meta.autoCreated).map((m) => ModelState.fromModel(m)),
    );
  }

  /** A copy whose models can change without touching this one. */
  clone(): ProjectState {
    return new ProjectState([...this.models.values()].map((m) => m.clone()));
  }

  /**
   * Whether a model exists.
   *
   * @example
   * state.hasModel("polls", "Question");
   */
  hasModel(app: string, name: string): boolean {
    return this.models.has(modelKey(app, name));
  }

  /**
   * The model state; ImproperlyConfigured with a suggestion when there is none.
   *
   * @example
   * state.getModel("polls", "question").name; // "Question"
   */
  getModel(app: string, name: string): ModelState {
    const model = this.models.get(modelKey(app, name));
    if (model) return model;
    const hint = closestName(
      `${app}.${name}`,
      [...this.models.values()].map((m) => m.label),
    );
    throw new ImproperlyConfigured(
      `The migration state has no model '${app}.${name}'.${hint ? ` Did you mean '${hint}'?` : ""} A migration refers to a model that its dependencies do not create: add the migration that creates it to 'dependencies'.`,
    );
  }

  /**
   * Adds (or replaces) a model.
   *
   * @example
   * state.addModel(new ModelState("polls", "Tag", { id: fields.BigAutoField() }));
   */
  addModel(model: ModelState): void {
    this.models.set(model.key, model);
    this.#apps = undefined;
  }

  /**
   * Removes a model (ImproperlyConfigured when it is not there).
   *
   * @example
   * state.removeModel("polls", "Tag");
   */
  removeModel(app: string, name: string): void {
    this.getModel(app, name);
    this.models.delete(modelKey(app, name));
    this.#apps = undefined;
  }

  /**
   * Call after changing a ModelState in place, so the next `apps()` renders again.
   *
   * @example
   * state.getModel("polls", "Question").fields.delete("pubDate"); state.changed();
   */
  changed(): void {
    this.#apps = undefined;
  }

  /** The models of one app, in state order. */
  appModels(app: string): ModelState[] {
    return [...this.models.values()].filter((m) => m.app === app);
  }

  /**
   * Historical model classes for this state (rendered once, until the state changes): what
   * operations hand to the schema editor and data migrations receive.
   *
   * @example
   * const Question = state.apps().getModel("polls", "Question");
   * await Question.objects.filter({ pubDate__year: 2025 }).update({ archived: true });
   */
  apps(): StateApps {
    this.#apps ??= new StateApps(this);
    return this.#apps;
  }
}

/**
 * An instance of a historical model: its fields are known only at run time.
 *
 * @example
 * const question: HistoricalInstance = await Question.objects.get({ pk: 1 });
 * question.slug; // unknown
 */
export type HistoricalInstance = Model & Record<string, unknown>;

/**
 * A historical model class, as `apps.getModel()` returns it to a data migration: a model
 * with a default manager, untyped fields.
 *
 * @example
 * const Question: HistoricalModel = apps.getModel("polls", "Question");
 * await Question.objects.filter({ slug: "" }).count();
 */
export type HistoricalModel = ModelClass<HistoricalInstance> & {
  readonly objects: Manager<HistoricalInstance>;
};

/**
 * The historical models of a state, in a registry of their own: their relations resolve
 * among themselves, never to the project's current classes.
 *
 * @example
 * const apps = state.apps();
 * apps.getModel("polls.Choice")._meta.getField("question").remoteField?.model === apps.getModel("polls.Question"); // true
 */
export class StateApps {
  readonly registry: ModelRegistry = new ModelRegistry({ scanApps: false });
  readonly #models = new Map<string, ModelClass>();

  constructor(state: ProjectState) {
    const classes: [ModelState, ModelClass][] = [];
    for (const model of state.models.values()) {
      const cls = renderModel(model);
      bindRegistry(cls, this.registry);
      classes.push([model, cls]);
      this.#models.set(model.key, cls);
    }
    for (const [model, cls] of classes) this.registry.register(cls, model.app);
    retryPendingRelations();
    const unresolved = dropPendingOf(this.registry);
    if (unresolved.length > 0) {
      const names = unresolved.map((f) => `${f.model?.name}.${f.name}`).join(", ");
      throw new ImproperlyConfigured(
        `In the migration state, ${names} refer${unresolved.length === 1 ? "s" : ""} to a model that does not exist at that point. Add the migration that creates it to the migration's 'dependencies'.`,
      );
    }
  }

  /**
   * A historical model by `"app.Model"` label or by app and name.
   *
   * @example
   * apps.getModel("polls", "Question");
   */
  getModel(appOrLabel: string, name?: string): HistoricalModel {
    const [app = "", model = ""] =
      name === undefined ? (appOrLabel.split(".", 2) as [string, string]) : [appOrLabel, name];
    const found = this.#models.get(modelKey(app, model));
    if (found) return found as HistoricalModel;
    const hint = closestName(
      `${app}.${model}`,
      [...this.#models.values()].map((m) => m._meta.label),
    );
    throw new ImproperlyConfigured(
      `No model '${app}.${model}' exists at this point of the migrations.${hint ? ` Did you mean '${hint}'?` : ""}`,
    );
  }

  /** Every historical model (automatic many-to-many tables included). */
  getModels(): ModelClass[] {
    return this.registry.getModels();
  }
}

/** A Model subclass named after the state, with its fields defined as the decorators would. */
function renderModel(state: ModelState): ModelClass {
  const { dbTable, ...options } = state.options;
  const name = state.name;
  const cls = {
    [name]: class extends Model {
      static override meta = { ...options, app: state.app, dbTable: state.dbTable };
    },
  }[name] as unknown as ModelClass;
  void dbTable;
  for (const [fieldName, spec] of state.fields) {
    defineField(cls.prototype, fieldName, fieldFromSpec(spec));
  }
  return cls;
}

/**
 * Whether a field spec is a many-to-many relation (no column; its own table).
 *
 * @example
 * isManyToMany(fields.ManyToManyField("polls.Tag")); // true
 */
export function isManyToMany(spec: FieldSpec): boolean {
  return spec.type === "ManyToManyField";
}

/**
 * The auto-created through model of a historical model's many-to-many field, if any.
 *
 * @example
 * autoThroughOf(Question, "tags")?._meta.dbTable; // "polls_question_tags"
 */
export function autoThroughOf(model: ModelClass, fieldName: string): ModelClass | undefined {
  const field = model._meta.getField(fieldName);
  if (!(field instanceof ManyToManyFieldImpl)) return undefined;
  const through = field.throughModel;
  return through?._meta.autoCreated ? through : undefined;
}
