/** Finishing a registered model: reverse accessors on its targets, through models, bound managers. */
import { ImproperlyConfigured } from "@tango/core";
import { RelationNotLoaded } from "../errors.js";
import type { Field } from "./field.js";
import { ManyToManyFieldImpl } from "./fields/related-fields.js";
import { makeRelatedManager } from "./hooks.js";
import { type Model, relatedCache } from "./model.js";
import type { ModelClass } from "./model-class.js";
import { resolveReference } from "./references.js";
import { type ModelRegistry, registryFor } from "./registry.js";
import { hasRemote, type RelatedObject, relatedObjectFor } from "./related-objects.js";
import { createThroughModel } from "./through.js";

const pending = new Set<Field>();
const clashes: RelatedObject[] = [];
const done = new WeakSet<Field>();

/**
 * Called by the registry for each newly registered model: binds its custom managers and
 * wires its relations (now, or once their targets register).
 *
 * @example
 * prepareModel(Choice); // Question.prototype.choiceSet now exists
 */
export function prepareModel(model: ModelClass): void {
  const meta = model._meta;
  bindManagers(model);
  for (const field of meta.allFields) if (field.isRelation) pending.add(field);
  retryPendingRelations();
}

/**
 * Wires every relation whose target has become resolvable.
 *
 * @example
 * retryPendingRelations(); // after registering more models
 */
export function retryPendingRelations(): void {
  for (const field of [...pending]) {
    if (done.has(field) || !hasRemote(field)) {
      pending.delete(field);
      continue;
    }
    let target: ModelClass;
    let through: ModelClass | undefined;
    try {
      target = field.remoteField.model;
      through = field instanceof ManyToManyFieldImpl ? explicitThrough(field) : undefined;
    } catch (error) {
      if (error instanceof ImproperlyConfigured) continue;
      throw error;
    }
    pending.delete(field);
    done.add(field);
    if (field instanceof ManyToManyFieldImpl)
      field.throughModel = through ?? createThroughModel(field);
    installReverseAccessor(relatedObjectFor(field), target);
  }
}

/**
 * Fields whose targets are still unknown (reported by checks and by the schema editor).
 *
 * @example
 * pendingRelations().map(String); // ["polls.Choice.question"]
 */
export function pendingRelations(): readonly Field[] {
  return [...pending];
}

/**
 * Reverse accessors not installed because a field of the target has that name (check fields.E302).
 *
 * @example
 * accessorClashes().map((r) => r.accessorName);
 */
export function accessorClashes(): readonly RelatedObject[] {
  return clashes;
}

function explicitThrough(field: ManyToManyFieldImpl): ModelClass | undefined {
  const ref = (field.options as { through?: unknown }).through;
  return ref === undefined ? undefined : resolveReference(ref, field);
}

function installReverseAccessor(relation: RelatedObject, target: ModelClass): void {
  if (relation.hidden) return;
  const proto = target.prototype as object;
  const name = relation.accessorName;
  if (target._meta.hasField(name)) {
    clashes.push(relation);
    return;
  }
  const get = relation.multiple
    ? function (this: Model) {
        const cached = relatedCache(this).get(name);
        if (cached !== undefined) return cached;
        return makeRelatedManager(
          this,
          relation.manyToMany ? { kind: "reverse-m2m", relation } : { kind: "reverse", relation },
        );
      }
    : function (this: Model) {
        const cache = relatedCache(this);
        if (cache.has(name)) return cache.get(name);
        throw new RelationNotLoaded(
          `${target.name}.${name} is not loaded. Use selectRelated('${name}'), or query ${relation.relatedModel.name}.objects.get({ ${relation.field.name}: ... }).`,
        );
      };
  Object.defineProperty(proto, name, { configurable: true, enumerable: false, get });
}

// Custom managers declared as statics (`static published = new PublishedManager()`) learn
// their model here, as Django's `contribute_to_class`.
function bindManagers(model: ModelClass): void {
  for (const key of Object.getOwnPropertyNames(model)) {
    if (key === "prototype" || key === "meta") continue;
    const descriptor = Object.getOwnPropertyDescriptor(model, key);
    const value: unknown = descriptor && "value" in descriptor ? descriptor.value : undefined;
    if (
      typeof value === "object" &&
      value !== null &&
      typeof (value as { contributeToClass?: unknown }).contributeToClass === "function"
    ) {
      (value as { contributeToClass(model: ModelClass, name: string): void }).contributeToClass(
        model,
        key,
      );
    }
  }
}

/**
 * Forgets the unresolved relations of models in `registry` (a discarded migration state),
 * returning them, so they are neither retried nor reported by the checks.
 *
 * @example
 * const unresolved = dropPendingOf(stateRegistry);
 */
export function dropPendingOf(registry: ModelRegistry): Field[] {
  const dropped: Field[] = [];
  for (const field of pending) {
    if (field.model && registryFor(field.model) === registry) {
      pending.delete(field);
      dropped.push(field);
    }
  }
  return dropped;
}
