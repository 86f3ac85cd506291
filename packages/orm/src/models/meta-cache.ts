/** Builds and caches each model's `_meta`, registering models outside apps under `meta.app`. */
import { ImproperlyConfigured } from "@tango/core";
import { installFieldAccessors } from "./accessors.js";
import { effectiveMeta, ownMeta } from "./field-collection.js";
import type { ModelClass } from "./model-class.js";
import { ModelMeta } from "./model-meta.js";
import { registryFor } from "./registry.js";

const metas = new WeakMap<ModelClass, ModelMeta>();
const building = new WeakSet<ModelClass>();
const autoCreated = new WeakSet<ModelClass>();

/**
 * Marks a generated model (an automatic through table) before it is first read.
 *
 * @example
 * markAutoCreated(Through); void Through._meta;
 */
export function markAutoCreated(model: ModelClass): void {
  autoCreated.add(model);
}

/**
 * The metadata of a model class, built once. Reading it registers the installed apps' models
 * first, so relations can resolve.
 *
 * @example
 * metaFor(Question).label; // "polls.Question"
 */
export function metaFor(model: ModelClass): ModelMeta {
  const cached = metas.get(model);
  if (cached) return cached;
  if (building.has(model)) {
    throw new ImproperlyConfigured(
      `${model.name}._meta was read while it was being built; a field default or decorator reads it too early.`,
    );
  }
  const modelRegistry = registryFor(model);
  modelRegistry.ensureModelsRegistered();
  const again = metas.get(model);
  if (again) return again;
  building.add(model);
  try {
    const options = effectiveMeta(model);
    const abstract = ownMeta(model)?.abstract ?? false;
    const app = modelRegistry.appLabelOf(model) ?? options.app;
    if (app === undefined && !abstract) {
      throw new ImproperlyConfigured(
        `${model.name} is not in an installed app's models module; set static meta = { app: 'polls' } (the app label) on ${model.name}.`,
      );
    }
    const meta = new ModelMeta(model, app ?? "", { ...options, abstract }, autoCreated.has(model));
    metas.set(model, meta);
    if (!abstract) installFieldAccessors(model, meta);
    building.delete(model);
    if (!abstract && app !== undefined) modelRegistry.register(model, app);
    return meta;
  } finally {
    building.delete(model);
  }
}
