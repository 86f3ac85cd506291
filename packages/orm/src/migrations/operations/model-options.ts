/** Model operations that change one Meta option: AlterModelTable, AlterModelOptions, AlterUniqueTogether. */
import type { Operation, OperationDescription, SchemaContext } from "../operation.js";
import { ALTER_OPTION_KEYS, type ModelStateOptions, type ProjectState } from "../state.js";
import { definedOptions, ModelOperation, sameName } from "./base.js";
import { DeleteModel } from "./create-delete-model.js";
import { renameTables } from "./rename-model.js";

/**
 * The common part of the operations that change one option of a model: a later change of the
 * same option, or the model's deletion, replaces them. Backwards runs the forwards change
 * (from the later state to the earlier one).
 */
abstract class ModelOptionOperation extends ModelOperation {
  async databaseBackwards(
    app: string,
    ctx: SchemaContext,
    from: ProjectState,
    to: ProjectState,
  ): Promise<void> {
    await this.databaseForwards(app, ctx, from, to);
  }

  override reduce(other: Operation, app: string): Operation[] | boolean {
    if (
      (other instanceof this.constructor || other instanceof DeleteModel) &&
      sameName((other as ModelOperation).name, this.name)
    ) {
      return [other];
    }
    return super.reduce(other, app);
  }
}

/** Options of AlterModelTable. */
export interface AlterModelTableOptions {
  readonly name: string;
  /** null: back to `<app>_<model>`. */
  readonly table: string | null;
}

/**
 * Changes a model's `dbTable` (renaming the table and its automatic many-to-many tables).
 *
 * @example
 * operations.AlterModelTable({ name: "Question", table: "polls_poll" }); // ALTER TABLE "polls_question" RENAME TO "polls_poll"
 */
export class AlterModelTable extends ModelOptionOperation {
  readonly name: string;
  readonly table: string | null;

  constructor(options: AlterModelTableOptions) {
    super();
    this.name = options.name;
    this.table = options.table;
  }

  stateForwards(app: string, state: ProjectState): void {
    const model = state.getModel(app, this.name);
    model.options = definedOptions({ ...model.options, dbTable: this.table ?? undefined });
    state.changed();
  }

  async databaseForwards(
    app: string,
    ctx: SchemaContext,
    from: ProjectState,
    to: ProjectState,
  ): Promise<void> {
    await renameTables(ctx, from, to, app, this.name, this.name);
  }

  describe(): string {
    return `Rename table for ${this.name.toLowerCase()} to ${this.table ?? "(default)"}`;
  }

  deconstruct(): OperationDescription {
    return { kind: "AlterModelTable", options: { name: this.name, table: this.table } };
  }

  override get migrationNameFragment(): string {
    return `alter_${this.name.toLowerCase()}_table`;
  }
}

/** Options of AlterModelOptions. */
export interface AlterModelOptionsOptions {
  readonly name: string;
  readonly options: Pick<ModelStateOptions, (typeof ALTER_OPTION_KEYS)[number]>;
}

/**
 * Sets the options without a schema effect (`ordering`, `getLatestBy`, `defaultManagerName`);
 * those not given are removed. Runs no SQL.
 *
 * @example
 * operations.AlterModelOptions({ name: "Question", options: { ordering: ["-pubDate"] } });
 */
export class AlterModelOptions extends ModelOptionOperation {
  readonly name: string;
  readonly options: Pick<ModelStateOptions, (typeof ALTER_OPTION_KEYS)[number]>;

  constructor(options: AlterModelOptionsOptions) {
    super();
    this.name = options.name;
    this.options = options.options;
  }

  stateForwards(app: string, state: ProjectState): void {
    const model = state.getModel(app, this.name);
    const next: Record<string, unknown> = { ...model.options };
    for (const key of ALTER_OPTION_KEYS) {
      const value = this.options[key];
      if (value === undefined || (Array.isArray(value) && value.length === 0)) delete next[key];
      else next[key] = value;
    }
    model.options = next as ModelStateOptions;
    state.changed();
  }

  async databaseForwards(
    _app: string,
    _ctx: SchemaContext,
    _from: ProjectState,
    _to: ProjectState,
  ): Promise<void> {}

  describe(): string {
    return `Change Meta options on ${this.name.toLowerCase()}`;
  }

  deconstruct(): OperationDescription {
    return { kind: "AlterModelOptions", options: { name: this.name, options: this.options } };
  }

  override get migrationNameFragment(): string {
    return `alter_${this.name.toLowerCase()}_options`;
  }
}

/** Options of AlterUniqueTogether. */
export interface AlterUniqueTogetherOptions {
  readonly name: string;
  readonly uniqueTogether: readonly (readonly string[])[];
}

/**
 * Sets a model's `uniqueTogether`: drops the constraints of sets that go, adds the new ones.
 *
 * @example
 * operations.AlterUniqueTogether({ name: "Choice", uniqueTogether: [["question", "choiceText"]] });
 * // ALTER TABLE "polls_choice" ADD CONSTRAINT "polls_choice_question_id_choice_text_1b8f1b14_uniq" UNIQUE ("question_id", "choice_text")
 */
export class AlterUniqueTogether extends ModelOptionOperation {
  readonly name: string;
  readonly uniqueTogether: readonly (readonly string[])[];

  constructor(options: AlterUniqueTogetherOptions) {
    super();
    this.name = options.name;
    this.uniqueTogether = options.uniqueTogether;
  }

  stateForwards(app: string, state: ProjectState): void {
    const model = state.getModel(app, this.name);
    model.options = definedOptions({
      ...model.options,
      uniqueTogether: this.uniqueTogether.length > 0 ? this.uniqueTogether : undefined,
    });
    state.changed();
  }

  async databaseForwards(
    app: string,
    ctx: SchemaContext,
    from: ProjectState,
    to: ProjectState,
  ): Promise<void> {
    const model = to.apps().getModel(app, this.name);
    const before = from.getModel(app, this.name).options.uniqueTogether ?? [];
    const after = to.getModel(app, this.name).options.uniqueTogether ?? [];
    await ctx.editor.alterUniqueTogether(model, before, after);
  }

  describe(): string {
    return `Alter unique_together for ${this.name.toLowerCase()} (${this.uniqueTogether.length} constraint(s))`;
  }

  deconstruct(): OperationDescription {
    return {
      kind: "AlterUniqueTogether",
      options: { name: this.name, uniqueTogether: this.uniqueTogether },
    };
  }

  override get migrationNameFragment(): string {
    return `alter_${this.name.toLowerCase()}_unique_together`;
  }
}
