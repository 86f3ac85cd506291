/** Field operations that change a column in place: AlterField and RenameField. */
import { Index, UniqueConstraint } from "../../models/meta-options.js";
import type { ModelClass } from "../../models/model-class.js";
import type { FieldSpec } from "../field-specs.js";
import type { Operation, OperationDescription, SchemaContext } from "../operation.js";
import type { ProjectState } from "../state.js";
import { RemoveField } from "./add-remove-field.js";
import { FieldOperation, FieldSpecOperation, sameName } from "./base.js";

/** Options of AlterField. */
export interface AlterFieldOptions {
  readonly model: string;
  readonly name: string;
  readonly field: FieldSpec;
  /** False: `field.default` only fills rows that are NULL; the state keeps no default. */
  readonly preserveDefault?: boolean;
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
  const fromField = from.apps().getModel(app, model)._meta.getField(fromName);
  await ctx.editor.alterField(toModel, fromField, toModel._meta.getField(toName));
}

/**
 * Changes a field: its type, NULL-ability, uniqueness, index, column or relation target.
 *
 * @example
 * operations.AlterField({ model: "Choice", name: "votes", field: fields.BigIntegerField() });
 * // ALTER TABLE "polls_choice" ALTER COLUMN "votes" TYPE bigint USING "votes"::bigint
 */
export class AlterField extends FieldSpecOperation {
  constructor(options: AlterFieldOptions) {
    super(options);
  }

  stateForwards(app: string, state: ProjectState): void {
    const model = this.modelState(app, state);
    model.getField(this.name);
    model.fields.set(this.name, this.stateSpec);
    state.changed();
  }

  async databaseForwards(
    app: string,
    ctx: SchemaContext,
    from: ProjectState,
    to: ProjectState,
  ): Promise<void> {
    const toModel = this.forwardsModel(app, to);
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
    return this.deconstructAs("AlterField");
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
