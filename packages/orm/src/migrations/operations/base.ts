/** The shared bases of the operations (on a model, a field, an index or constraint) and their helpers. */
import type { ModelClass } from "../../models/model-class.js";
import type { FieldSpec } from "../field-specs.js";
import { Operation, type OperationDescription } from "../operation.js";
import type { ModelState, ProjectState } from "../state.js";
import { RenameModel } from "./rename-model.js";

/**
 * Whether two model names are the same (model names compare case-insensitively, as Django's).
 *
 * @example
 * sameName("Question", "question"); // true
 */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Whether a field spec points at model `name` of `app` (its `to` or `through` label; a label
 * without an app is in `app`).
 *
 * @example
 * specReferences(fields.ForeignKey("polls.Question", { onDelete: "CASCADE" }), "Question", "polls"); // true
 */
export function specReferences(spec: FieldSpec, name: string, app: string): boolean {
  const wanted = `${app}.${name}`.toLowerCase();
  return [spec.to, spec.through].some((label) => {
    if (label === undefined) return false;
    const full = label.includes(".") ? label : `${app}.${label}`;
    return full.toLowerCase() === wanted;
  });
}

/**
 * Whether `operation` touches field `name` of `model` (operations that do not know say yes
 * when they touch the model at all).
 *
 * @example
 * operationReferencesField(new RemoveField({ model: "Choice", name: "votes" }), "Choice", "votes", "polls"); // true
 */
export function operationReferencesField(
  operation: Operation,
  model: string,
  name: string,
  app: string,
): boolean {
  if (operation instanceof FieldOperation) return operation.referencesField(model, name, app);
  return operation.referencesModel(model, app);
}

/**
 * A one-line copy of a spec without its default (what the state keeps when the default was
 * a one-off value for existing rows).
 *
 * @example
 * withoutDefault(fields.IntegerField({ default: 0 })); // { type: "IntegerField", options: {} }
 */
export function withoutDefault(spec: FieldSpec): FieldSpec {
  const { default: _default, ...options } = spec.options;
  return { ...spec, options };
}

/**
 * The object without its undefined keys, so `deconstruct()` gives back exactly what was written.
 *
 * @example
 * definedOptions({ model: "Choice", preserveDefault: undefined }); // { model: "Choice" }
 */
export function definedOptions<T extends object>(options: T): T {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as T;
}

/**
 * The common part of the operations on a whole model: its class name, and moving across
 * operations that do not touch it.
 *
 * @example
 * op instanceof ModelOperation && op.name; // "Question"
 */
export abstract class ModelOperation extends Operation {
  abstract readonly name: string;

  override referencesModel(name: string, _app: string): boolean {
    return sameName(name, this.name);
  }

  override reduce(other: Operation, app: string): Operation[] | boolean {
    return !other.referencesModel(this.name, app);
  }
}

/**
 * The common part of the field operations: the model (class name) and field they act on.
 *
 * @example
 * op instanceof FieldOperation && op.model; // "Choice"
 */
export abstract class FieldOperation extends Operation {
  abstract readonly model: string;
  /** The field the operation is about (RenameField: both names count, see referencesField). */
  abstract readonly fieldNames: readonly string[];
  /** The spec the operation writes, if any (for relation checks). */
  abstract readonly spec: FieldSpec | undefined;

  override referencesModel(name: string, app: string): boolean {
    if (sameName(name, this.model)) return true;
    return this.spec !== undefined && specReferences(this.spec, name, app);
  }

  /**
   * Whether the operation touches field `name` of `model` (or refers to `model` through its
   * spec).
   */
  referencesField(model: string, name: string, app: string): boolean {
    if (sameName(model, this.model) && this.fieldNames.some((f) => sameName(f, name))) return true;
    return this.spec !== undefined && specReferences(this.spec, model, app);
  }

  /** Whether `other` acts on the same field of the same model. */
  protected isSameField(other: FieldOperation): boolean {
    // fieldNames[0] is the field as it is before the operation (RenameField: oldName).
    return (
      sameName(other.model, this.model) &&
      sameName(other.fieldNames[0] ?? "", this.fieldNames[0] ?? "")
    );
  }

  override reduce(other: Operation, app: string): Operation[] | boolean {
    // A relation naming the renamed model must stay after the rename.
    if (
      other instanceof RenameModel &&
      this.spec &&
      specReferences(this.spec, other.oldName, app)
    ) {
      return false;
    }
    return this.fieldNames.every((f) => !operationReferencesField(other, this.model, f, app));
  }

  /** The model state this operation changes. */
  protected modelState(app: string, state: ProjectState): ModelState {
    return state.getModel(app, this.model);
  }
}

/** What AddField and AlterField are given. */
interface FieldSpecOperationOptions {
  readonly model: string;
  readonly name: string;
  readonly field: FieldSpec;
  readonly preserveDefault?: boolean;
}

/**
 * The common part of AddField and AlterField: they write `field` as field `name` of `model`,
 * its default only a one-off value when `preserveDefault` is false.
 *
 * @example
 * op instanceof FieldSpecOperation && op.field; // { type: "IntegerField", options: { default: 0 } }
 */
export abstract class FieldSpecOperation extends FieldOperation {
  readonly model: string;
  readonly name: string;
  readonly field: FieldSpec;
  readonly preserveDefault: boolean | undefined;

  constructor(options: FieldSpecOperationOptions) {
    super();
    this.model = options.model;
    this.name = options.name;
    this.field = options.field;
    this.preserveDefault = options.preserveDefault;
  }

  get fieldNames(): readonly string[] {
    return [this.name];
  }

  get spec(): FieldSpec {
    return this.field;
  }

  /** The spec the state keeps (without the default when it was a one-off value). */
  protected get stateSpec(): FieldSpec {
    return this.preserveDefault === false ? withoutDefault(this.field) : this.field;
  }

  /**
   * The historical model of `to` the schema editor gets forwards: with `preserveDefault:
   * false`, its field is rendered from `field`, one-off default included.
   */
  protected forwardsModel(app: string, to: ProjectState): ModelClass {
    if (this.preserveDefault !== false) return to.apps().getModel(app, this.model);
    const copy = to.clone();
    copy.getModel(app, this.model).fields.set(this.name, this.field);
    copy.changed();
    return copy.apps().getModel(app, this.model);
  }

  /** `deconstruct()` under `kind`. */
  protected deconstructAs(kind: string): OperationDescription {
    return {
      kind,
      options: definedOptions({
        model: this.model,
        name: this.name,
        field: this.field,
        preserveDefault: this.preserveDefault,
      }),
    };
  }
}

/**
 * The common part of the index and constraint operations: the model they belong to.
 *
 * @example
 * op instanceof ModelPartOperation && op.model; // "Question"
 */
export abstract class ModelPartOperation extends Operation {
  abstract readonly model: string;

  override referencesModel(name: string, _app: string): boolean {
    return sameName(name, this.model);
  }

  override reduce(other: Operation, app: string): Operation[] | boolean {
    return !other.referencesModel(this.model, app);
  }
}
