/** Reverse relations: which fields of other models point at a model, and their accessor names. */
import type { OnDelete } from "./deletion-rules.js";
import type { Field } from "./field.js";
import type { RemoteField } from "./fields/related-fields.js";
import type { ModelClass } from "./model-class.js";
import { lowerFirst } from "./naming.js";
import { registryFor } from "./registry.js";

/**
 * One reverse relation, as Django's `ForeignObjectRel`: `field` lives on `relatedModel` and
 * points at `model`.
 *
 * @example
 * const rel = Question._meta.relatedObjects[0];
 * rel.accessorName; // "choiceSet" (or the relatedName)
 */
export interface RelatedObject {
  /** The forward field (on `relatedModel`). */
  readonly field: Field & { readonly remoteField: RemoteField };
  /** The model that declares the field (Choice). */
  readonly relatedModel: ModelClass;
  /** The model pointed at (Question). */
  readonly model: ModelClass;
  /** The instance property on `model`: `relatedName`, else `choiceSet` (`choice` for one-to-one). */
  readonly accessorName: string;
  /** The name in filters across the relation: `relatedQueryName`, `relatedName`, else `choice`. */
  readonly name: string;
  /** False for one-to-one (the accessor is one object). */
  readonly multiple: boolean;
  readonly manyToMany: boolean;
  readonly onDelete: OnDelete;
  /** A `relatedName` ending in "+" hides the reverse accessor. */
  readonly hidden: boolean;
}

/**
 * Builds the reverse relation of a forward relation field.
 *
 * @example
 * relatedObjectFor(Choice._meta.getField("question")).accessorName; // "choiceSet"
 */
export function relatedObjectFor(
  field: Field & { readonly remoteField: RemoteField },
): RelatedObject {
  const source = field.model as ModelClass;
  const remote = field.remoteField;
  const oneToOne = field.internalType === "OneToOneField";
  const manyToMany = !field.concrete;
  const base = lowerFirst(source.name);
  const relatedName = remote.relatedName;
  return {
    field,
    relatedModel: source,
    model: remote.model,
    accessorName: relatedName ?? (oneToOne ? base : `${base}Set`),
    name: remote.relatedQueryName ?? relatedName ?? base,
    multiple: !oneToOne,
    manyToMany,
    onDelete: remote.onDelete,
    hidden: relatedName?.endsWith("+") ?? false,
  };
}

/**
 * Every registered relation pointing at `model`, in registration order.
 *
 * @example
 * relatedObjectsOf(Question).map((r) => r.accessorName); // ["choices"]
 */
export function relatedObjectsOf(model: ModelClass): RelatedObject[] {
  const result: RelatedObject[] = [];
  for (const other of registryFor(model).getModels()) {
    for (const field of other._meta.allFields) {
      if (!field.isRelation || !hasRemote(field)) continue;
      let target: ModelClass;
      try {
        target = field.remoteField.model;
      } catch {
        continue; // not resolvable yet; the registry retries when more models register
      }
      if (target === model) result.push(relatedObjectFor(field));
    }
  }
  return result;
}

/**
 * Whether a field carries a `remoteField` (relations do).
 *
 * @example
 * if (hasRemote(field)) field.remoteField.model;
 */
export function hasRemote(field: Field): field is Field & { readonly remoteField: RemoteField } {
  return (field as { remoteField?: unknown }).remoteField !== undefined;
}
