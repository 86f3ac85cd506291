/** Field operations that add or drop a column: AddField and RemoveField. */
import type { FieldSpec } from "../field-specs.js";
import type { Operation, OperationDescription, SchemaContext } from "../operation.js";
import type { ProjectState } from "../state.js";
import { AlterField, RenameField } from "./alter-rename-field.js";
import { FieldOperation, FieldSpecOperation, sameName } from "./base.js";
import { DeleteModel } from "./create-delete-model.js";

/** Options of AddField. */
export interface AddFieldOptions {
  readonly model: string;
  readonly name: string;
  readonly field: FieldSpec;
  /** False: `field.default` only fills existing rows; the state keeps no default. */
  readonly preserveDefault?: boolean;
}

/** The schema editor's removeField for field `name` of model `model` of `state`. */
async function dropField(
  ctx: SchemaContext,
  state: ProjectState,
  app: string,
  model: string,
  name: string,
): Promise<void> {
  const modelClass = state.apps().getModel(app, model);
  await ctx.editor.removeField(modelClass, modelClass._meta.getField(name));
}

/**
 * Adds a field (a column, or an automatic many-to-many table) to a model.
 *
 * @example
 * operations.AddField({ model: "Choice", name: "votes", field: fields.IntegerField({ default: 0 }) });
 * // ALTER TABLE "polls_choice" ADD COLUMN "votes" integer DEFAULT 0 NOT NULL; ALTER ... DROP DEFAULT
 */
export class AddField extends FieldSpecOperation {
  constructor(options: AddFieldOptions) {
    super(options);
  }

  stateForwards(app: string, state: ProjectState): void {
    this.modelState(app, state).fields.set(this.name, this.stateSpec);
    state.changed();
  }

  async databaseForwards(
    app: string,
    ctx: SchemaContext,
    _from: ProjectState,
    to: ProjectState,
  ): Promise<void> {
    const model = this.forwardsModel(app, to);
    await ctx.editor.addField(model, model._meta.getField(this.name));
  }

  async databaseBackwards(app: string, ctx: SchemaContext, from: ProjectState): Promise<void> {
    await dropField(ctx, from, app, this.model, this.name);
  }

  describe(): string {
    return `Add field ${this.name} to ${this.model.toLowerCase()}`;
  }

  deconstruct(): OperationDescription {
    return this.deconstructAs("AddField");
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

  async databaseForwards(app: string, ctx: SchemaContext, from: ProjectState): Promise<void> {
    await dropField(ctx, from, app, this.model, this.name);
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
