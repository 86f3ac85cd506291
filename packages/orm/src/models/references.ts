/** Resolves a relation's target reference (class, thunk, "app.Model", "Model", "self") to a model class. */
import { closestName, ImproperlyConfigured } from "@tango/core";
import type { Field } from "./field.js";
import type { ModelClass } from "./model-class.js";
import { registryFor } from "./registry.js";

/**
 * The model a reference names, seen from the field that holds it.
 *
 * @example
 * resolveReference("polls.Question", Choice._meta.getField("question")); // Question
 */
export function resolveReference(ref: unknown, field: Field): ModelClass {
  const owner = field.model;
  const where = owner ? `${owner.name}.${field.name}` : "A relation";
  if (typeof ref === "function") {
    if ("_meta" in ref) return ref as ModelClass;
    const target: unknown = (ref as () => unknown)();
    if (typeof target === "function" && "_meta" in target) return target as ModelClass;
    throw new ImproperlyConfigured(
      `${where} refers to a thunk that returned ${String(target)}, not a model class. Write () => TheModel, after the class is declared.`,
    );
  }
  if (typeof ref !== "string" || ref === "") {
    throw new ImproperlyConfigured(
      `${where} has an invalid target ${String(ref)}; pass a model class, () => Model, "app.Model", "Model" or "self".`,
    );
  }
  if (!owner) throw new ImproperlyConfigured(`${where}: the field is not attached to a model yet.`);
  if (ref === "self") return owner;
  const modelRegistry = registryFor(owner);
  const ownerApp = modelRegistry.appLabelOf(owner);
  const [app, name] = ref.includes(".") ? (ref.split(".", 2) as [string, string]) : [ownerApp, ref];
  if (app === undefined) {
    throw new ImproperlyConfigured(
      `${where} refers to '${ref}' but ${owner.name} has no app label; write "app.${ref}" or set static meta = { app: '...' } on ${owner.name}.`,
    );
  }
  const found = modelRegistry.findModel(app, name);
  if (found) return found;
  const known = modelRegistry.getModels().map((m) => modelRegistry.labelOf(m));
  const hint = closestName(`${app}.${name}`, known);
  throw new ImproperlyConfigured(
    `${where} refers to model '${app}.${name}', which is not registered.${hint ? ` Did you mean '${hint}'?` : ""} Check the name, that the app is in INSTALLED_APPS and that its models module exports the model.`,
  );
}
