/** The model registry: which models exist, under which app label, found lazily from core's app registry. */
import { apps, closestName, ImproperlyConfigured } from "@tango/core";
import type { ModelClass } from "./model-class.js";
import { prepareModel, retryPendingRelations } from "./prepare.js";

/**
 * Every concrete model, by app label and name. Models in an installed app's `models` module
 * register on first use of any model (`ensureModelsRegistered()`); others when their
 * `_meta` is first read, under `meta.app`.
 *
 * @example
 * modelRegistry.getModel("polls.Question"); // Question
 */
export class ModelRegistry {
  readonly #scanApps: boolean;
  #apps = new Map<string, Map<string, ModelClass>>();
  #labels = new Map<ModelClass, string>();
  #seenModules = new WeakSet<object>();
  #version = 0;
  #scanning = false;

  /**
   * @param options.scanApps Register the installed apps' models lazily (the process registry
   *   does; a migration state's registry of historical models does not).
   */
  constructor(options: { scanApps?: boolean } = {}) {
    this.#scanApps = options.scanApps ?? true;
  }

  /** Bumped on every registration, so caches of reverse relations know to rebuild. */
  get version(): number {
    return this.#version;
  }

  /**
   * Registers a concrete model under an app label (idempotent for the same class).
   *
   * @example
   * modelRegistry.register(Question, "polls");
   */
  register(model: ModelClass, appLabel: string): void {
    if (!this.#add(model, appLabel)) return;
    prepareModel(model);
    retryPendingRelations();
  }

  /** Records a model under its label; false when it was already there. */
  #add(model: ModelClass, appLabel: string): boolean {
    const existing = this.#labels.get(model);
    if (existing !== undefined) return false;
    if (this !== modelRegistry) registries.set(model, this);
    let models = this.#apps.get(appLabel);
    if (!models) {
      models = new Map();
      this.#apps.set(appLabel, models);
    }
    const key = model.name.toLowerCase();
    const clash = models.get(key);
    if (clash && clash !== model) {
      throw new ImproperlyConfigured(
        `Conflicting '${key}' models in application '${appLabel}': two classes named ${model.name}. Rename one, or give it another app with static meta = { app: '...' }.`,
      );
    }
    models.set(key, model);
    this.#labels.set(model, appLabel);
    this.#version++;
    return true;
  }

  /** The app label a model is registered under, if any. */
  appLabelOf(model: ModelClass): string | undefined {
    return this.#labels.get(model);
  }

  /** `"polls.Question"`. */
  labelOf(model: ModelClass): string {
    return `${this.#labels.get(model) ?? "?"}.${model.name}`;
  }

  /** The model `name` (any case) in app `app`, if registered. */
  findModel(app: string, name: string): ModelClass | undefined {
    this.ensureModelsRegistered();
    return this.#apps.get(app)?.get(name.toLowerCase());
  }

  /**
   * The model with this label; ImproperlyConfigured with a suggestion otherwise.
   *
   * @example
   * modelRegistry.getModel("polls.question"); // Question
   */
  getModel(label: string): ModelClass {
    const [app = "", name = ""] = label.split(".", 2);
    const found = this.findModel(app, name);
    if (found) return found;
    const hint = closestName(
      label,
      this.getModels().map((m) => this.labelOf(m)),
    );
    throw new ImproperlyConfigured(
      `No model '${label}' is registered.${hint ? ` Did you mean '${hint}'?` : ""} Models are found in each installed app's models module.`,
    );
  }

  /** Every registered model, in registration order (auto-created through models included). */
  getModels(): ModelClass[] {
    this.ensureModelsRegistered();
    return [...this.#labels.keys()];
  }

  /**
   * Registers the models exported by each installed app's `models` module (idempotent; cheap
   * once done). Called lazily by `_meta`.
   *
   * @example
   * ensureModelsRegistered();
   */
  ensureModelsRegistered(): void {
    if (this.#scanning || !this.#scanApps) return;
    this.#scanning = true;
    const added: ModelClass[] = [];
    try {
      for (const config of apps.getAppConfigs()) {
        const module = config.modelsModule;
        if (!module || this.#seenModules.has(module)) continue;
        this.#seenModules.add(module);
        // Every model of the module gets its label before any is prepared: preparing one
        // reads the _meta of the models it points at, whatever order the exports come in.
        for (const value of Object.values(module)) {
          if (isConcreteModelClass(value) && this.#add(value, config.label)) added.push(value);
        }
      }
      for (const model of added) prepareModel(model);
      retryPendingRelations();
    } finally {
      this.#scanning = false;
    }
  }

  /** Forgets every registration (tests that declare models per test). */
  reset(): void {
    this.#apps.clear();
    this.#labels.clear();
    this.#seenModules = new WeakSet();
    this.#version++;
  }
}

function isConcreteModelClass(value: unknown): value is ModelClass {
  if (typeof value !== "function" || !("_meta" in value) || !("fromDb" in value)) return false;
  // Model itself (its prototype's parent is Object.prototype) is not a model of the app.
  if (Object.getPrototypeOf(value.prototype) === Object.prototype) return false;
  const own = Object.hasOwn(value, "meta")
    ? (value as { meta?: { abstract?: boolean } }).meta
    : undefined;
  return !own?.abstract;
}

/**
 * The process's model registry.
 *
 * @example
 * modelRegistry.getModels().map((m) => m._meta.label);
 */
export const modelRegistry: ModelRegistry = new ModelRegistry();

const registries = new WeakMap<ModelClass, ModelRegistry>();

/**
 * Places a model in a registry other than the process's before its `_meta` is first read
 * (historical models of a migration state). Its relations then resolve within that registry.
 *
 * @example
 * bindRegistry(HistoricalQuestion, stateRegistry);
 */
export function bindRegistry(model: ModelClass, registry: ModelRegistry): void {
  if (registry !== modelRegistry) registries.set(model, registry);
}

/**
 * The registry a model belongs to: the process's, unless `bindRegistry()` said otherwise.
 *
 * @example
 * registryFor(Question) === modelRegistry; // true
 */
export function registryFor(model: ModelClass): ModelRegistry {
  return registries.get(model) ?? modelRegistry;
}

/**
 * Registers every installed app's models now (see `ModelRegistry.ensureModelsRegistered`).
 *
 * @example
 * await setup(settings); ensureModelsRegistered();
 */
export function ensureModelsRegistered(): void {
  modelRegistry.ensureModelsRegistered();
}
