/** Field operations: AddField, RemoveField, AlterField and RenameField. */
import type { Field } from "../../models/field.js";
import { Index, UniqueConstraint } from "../../models/meta-options.js";
import type { ModelClass } from "../../models/model-class.js";
import type { FieldSpec } from "../field-specs.js";
import { Operation, type OperationDescription, type SchemaContext } from "../operation.js";
import type { ModelState, ProjectState } from "../state.js";
import { DeleteModel, RenameModel } from "./models.js";

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
function withoutDefault(spec: FieldSpec): FieldSpec {
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
 * The model `name` of `app` in `state`, with field `fieldName` rendered from `spec` instead
 * (its one-off default included): what AddField and AlterField with `preserveDefault: false`
 * give the schema editor.
 */
function renderWithSpec(
  state: ProjectState,
  app: string,
  model: string,
  fieldName: string,
  spec: FieldSpec,
): ModelClass {
  const copy = state.clone();
  copy.getModel(app, model).fields.set(fieldName, spec);
  copy.changed();
  return copy.apps().getModel(app, model);
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

/** Options of AddField. */
export interface AddFieldOptions {
  readonly model: string;
  readonly name: string;
  readonly field: FieldSpec;
  /** False: `field.default` only fills existing rows; the state keeps no default. */
  readonly preserveDefault?: boolean;
}

/**
 * Adds a field (a column, or an automatic many-to-many table) to a model.
 *
 * @example
 * operations.AddField({ model: "Choice", name: "votes", field: fields.IntegerField({ default: 0 }) });
 * // ALTER TABLE "polls_choice" ADD COLUMN "votes" integer DEFAULT 0 NOT NULL; ALTER ... DROP DEFAULT
 */
export class AddField extends FieldOperation {
  readonly model: string;
  readonly name: string;
  readonly field: FieldSpec;
  readonly preserveDefault: boolean | undefined;

  constructor(options: AddFieldOptions) {
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

  stateForwards(app: string, state: ProjectState): void {
    const spec = this.preserveDefault === false ? withoutDefault(this.field) : this.field;
    this.modelState(app, state).fields.set(this.name, spec);
    state.changed();
  }

  async databaseForwards(
    app: string,
    ctx: SchemaContext,
    _from: ProjectState,
    to: ProjectState,
  ): Promise<void> {
    const model =
      this.preserveDefault === false
        ? renderWithSpec(to, app, this.model, this.name, this.field)
        : to.apps().getModel(app, this.model);
    await ctx.editor.addField(model, model._meta.getField(this.name));
  }

  async databaseBackwards(
    app: string,
    ctx: SchemaContext,
    from: ProjectState,
    _to: ProjectState,
  ): Promise<void> {
    const model = from.apps().getModel(app, this.model);
    await ctx.editor.removeField(model, model._meta.getField(this.name));
  }

  describe(): string {
    return `Add field ${this.name} to ${this.model.toLowerCase()}`;
  }

  deconstruct(): OperationDescription {
    return {
      kind: "AddField",
      options: definedOptions({
        model: this.model,
        name: this.name,
        field: this.field,
        preserveDefault: this.preserveDefault,
      }),
    };
  }

  override get migrationNameFragment(): string {
    return `${this.model.toLowerCase()}_${this.name.toLowerCase()}`;
  }

  override reduce(other: Operation, app: string): Operation[] | boolean {
    if (other instanceof FieldOperation && this.isSameField(other)) {
      if (other instanceof AlterField) {
        return [new AddField({ model: this.model, name: this.name, field: other.field })];
      }
      if (other instanceof RemoveField) return [];
      if (other instanceof RenameField) {
        return [new AddField({ model: this.model, name: other.newName, field: this.field })];
      }
    }
    return super.reduce(other, app);
  }
}

/** Options of RemoveField. */
export interface RemoveFieldOptions {
  readonly model: string;
  readonly name: string;
}

/**
 * Removes a field (drops its column, or its automatic many-to-many table).
 *
 * @example
 * operations.RemoveField({ model: "Choice", name: "votes" }); // ALTER TABLE "polls_choice" DROP COLUMN "votes"
 */
export class RemoveField extends FieldOperation {
  readonly model: string;
  readonly name: string;

  constructor(options: RemoveFieldOptions) {
    super();
    this.model = options.model;
    this.name = options.name;
  }

  get fieldNames(): readonly string[] {
    return [this.name];
  }

  get spec(): undefined {
    return undefined;
  }

  stateForwards(app: string, state: ProjectState): void {
    const model = this.modelState(app, state);
    model.getField(this.name);
    model.fields.delete(this.name);
    state.changed();
  }

  async databaseForwards(
    app: string,
    ctx: SchemaContext,
    from: ProjectState,
    _to: ProjectState,
  ): Promise<void> {
    const model = from.apps().getModel(app, this.model);
    await ctx.editor.removeField(model, model._meta.getField(this.name));
  }

  async databaseBackwards(
    app: string,
    ctx: SchemaContext,
    _from: ProjectState,
    to: ProjectState,
  ): Promise<void> {
    const model = to.apps().getModel(app, this.model);
    await ctx.editor.addField(model, model._meta.getField(this.name));
  }

  describe(): string {
    return `Remove field ${this.name} from ${this.model.toLowerCase()}`;
  }

  deconstruct(): OperationDescription {
    return { kind: "RemoveField", options: { model: this.model, name: this.name } };
  }

  override get migrationNameFragment(): string {
    return `remove_${this.model.toLowerCase()}_${this.name.toLowerCase()}`;
  }

  override reduce(other: Operation, app: string): Operation[] | boolean {
    // A later DeleteModel of the same model drops the column anyway.
    if (other instanceof DeleteModel && sameName(other.name, this.model)) {
      return [other];
    }
    return super.reduce(other, app);
  }
}

/** Options of AlterField. */
export interface AlterFieldOptions {
  readonly model: string;
  readonly name: string;
  readonly field: FieldSpec;
  /** False: `field.default` only fills rows that are NULL; the state keeps no default. */
  readonly preserveDefault?: boolean;
}

/**
 * Changes a field: its type, NULL-ability, uniqueness, index, column or relation target.
 *
 * @example
 * operations.AlterField({ model: "Choice", name: "votes", field: fields.BigIntegerField() });
 * // ALTER TABLE "polls_choice" ALTER COLUMN "votes" TYPE bigint USING "votes"::bigint
 */
export class AlterField extends FieldOperation {
  readonly model: string;
  readonly name: string;
  readonly field: FieldSpec;
  readonly preserveDefault: boolean | undefined;

  constructor(options: AlterFieldOptions) {
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

  stateForwards(app: string, state: ProjectState): void {
    const model = this.modelState(app, state);
    model.getField(this.name);
    const spec = this.preserveDefault === false ? withoutDefault(this.field) : this.field;
    model.fields.set(this.name, spec);
    state.changed();
  }

  async databaseForwards(
    app: string,
    ctx: SchemaContext,
    from: ProjectState,
    to: ProjectState,
  ): Promise<void> {
    const toModel =
      this.preserveDefault === false
        ? renderWithSpec(to, app, this.model, this.name, this.field)
        : to.apps().getModel(app, this.model);
    await alterBetween(ctx, from, toModel, app, this.model, this.name, this.name);
  }

  async databaseBackwards(
    app: string,
    ctx: SchemaContext,
    from: ProjectState,
    to: ProjectState,
  ): Promise<void> {
    const toModel = to.apps().getModel(app, this.model);
    await alterBetween(ctx, from, toModel, app, this.model, this.name, this.name);
  }

  describe(): string {
    return `Alter field ${this.name} on ${this.model.toLowerCase()}`;
  }

  deconstruct(): OperationDescription {
    return {
      kind: "AlterField",
      options: definedOptions({
        model: this.model,
        name: this.name,
        field: this.field,
        preserveDefault: this.preserveDefault,
      }),
    };
  }

  override get migrationNameFragment(): string {
    return `alter_${this.model.toLowerCase()}_${this.name.toLowerCase()}`;
  }

  override reduce(other: Operation, app: string): Operation[] | boolean {
    if (other instanceof FieldOperation && this.isSameField(other)) {
      if (other instanceof AlterField || other instanceof RemoveField) return [other];
      if (other instanceof RenameField) {
        return [
          other,
          new AlterField({ model: this.model, name: other.newName, field: this.field }),
        ];
      }
    }
    return super.reduce(other, app);
  }
}

/** The schema editor's alterField between field `fromName` of `from` and `toName` of `toModel`. */
async function alterBetween(
  ctx: SchemaContext,
  from: ProjectState,
  toModel: ModelClass,
  app: string,
  model: string,
  fromName: string,
  toName: string,
): Promise<void> {
  const fromField: Field = from.apps().getModel(app, model)._meta.getField(fromName);
  await ctx.editor.alterField(toModel, fromField, toModel._meta.getField(toName));
}

/** Options of RenameField. */
export interface RenameFieldOptions {
  readonly model: string;
  readonly oldName: string;
  readonly newName: string;
}

/**
 * Renames a field (and its column, when the column follows the name).
 *
 * @example
 * operations.RenameField({ model: "Choice", oldName: "votes", newName: "count" });
 * // ALTER TABLE "polls_choice" RENAME COLUMN "votes" TO "count"
 */
export class RenameField extends FieldOperation {
  readonly model: string;
  readonly oldName: string;
  readonly newName: string;

  constructor(options: RenameFieldOptions) {
    super();
    this.model = options.model;
    this.oldName = options.oldName;
    this.newName = options.newName;
  }

  get fieldNames(): readonly string[] {
    return [this.oldName, this.newName];
  }

  get spec(): undefined {
    return undefined;
  }

  stateForwards(app: string, state: ProjectState): void {
    const model = this.modelState(app, state);
    model.getField(this.oldName);
    model.fields = new Map(
      [...model.fields].map(([name, spec]) => [name === this.oldName ? this.newName : name, spec]),
    );
    const rename = (fields: readonly string[]) =>
      fields.map((f) => {
        const desc = f.startsWith("-");
        const bare = desc ? f.slice(1) : f;
        return bare === this.oldName ? `${desc ? "-" : ""}${this.newName}` : f;
      });
    const { uniqueTogether, indexes, constraints } = model.options;
    model.options = {
      ...model.options,
      ...(uniqueTogether && { uniqueTogether: uniqueTogether.map(rename) }),
      ...(indexes && {
        indexes: indexes.map((i) => new Index({ ...i, fields: rename(i.fields) })),
      }),
      ...(constraints && {
        constraints: constraints.map((c) =>
          c instanceof UniqueConstraint
            ? new UniqueConstraint({ ...c, fields: rename(c.fields) })
            : c,
        ),
      }),
    };
    state.changed();
  }

  async databaseForwards(
    app: string,
    ctx: SchemaContext,
    from: ProjectState,
    to: ProjectState,
  ): Promise<void> {
    const toModel = to.apps().getModel(app, this.model);
    await alterBetween(ctx, from, toModel, app, this.model, this.oldName, this.newName);
  }

  async databaseBackwards(
    app: string,
    ctx: SchemaContext,
    from: ProjectState,
    to: ProjectState,
  ): Promise<void> {
    const toModel = to.apps().getModel(app, this.model);
    await alterBetween(ctx, from, toModel, app, this.model, this.newName, this.oldName);
  }

  describe(): string {
    return `Rename field ${this.oldName} on ${this.model.toLowerCase()} to ${this.newName}`;
  }

  deconstruct(): OperationDescription {
    return {
      kind: "RenameField",
      options: { model: this.model, oldName: this.oldName, newName: this.newName },
    };
  }

  override get migrationNameFragment(): string {
    return `rename_${this.oldName.toLowerCase()}_${this.model.toLowerCase()}_${this.newName.toLowerCase()}`;
  }

  override reduce(other: Operation, app: string): Operation[] | boolean {
    if (
      other instanceof RenameField &&
      sameName(other.model, this.model) &&
      other.oldName === this.newName
    ) {
      return [
        new RenameField({ model: this.model, oldName: this.oldName, newName: other.newName }),
      ];
    }
    return super.reduce(other, app);
  }
}
