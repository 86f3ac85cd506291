/** Index and constraint operations: AddIndex, RemoveIndex, AddConstraint, RemoveConstraint. */
import { ImproperlyConfigured } from "@tango/core";
import type { CheckConstraint, Index, UniqueConstraint } from "../../models/meta-options.js";
import { Operation, type OperationDescription, type SchemaContext } from "../operation.js";
import type { ModelState, ProjectState } from "../state.js";
import { sameName } from "./fields.js";

/** The common part: the model the index or constraint belongs to. */
abstract class ModelPartOperation extends Operation {
  abstract readonly model: string;

  override referencesModel(name: string, _app: string): boolean {
    return sameName(name, this.model);
  }

  override reduce(other: Operation, app: string): Operation[] | boolean {
    return !other.referencesModel(this.model, app);
  }
}

function findIndex(model: ModelState, name: string): Index {
  const index = (model.options.indexes ?? []).find((i) => i.name === name);
  if (index) return index;
  throw new ImproperlyConfigured(
    `${model.label} has no index '${name}' in the migration state. Check the name against the AddIndex or the model's Meta indexes in the earlier migrations.`,
  );
}

function findConstraint(model: ModelState, name: string): UniqueConstraint | CheckConstraint {
  const constraint = (model.options.constraints ?? []).find((c) => c.name === name);
  if (constraint) return constraint;
  throw new ImproperlyConfigured(
    `${model.label} has no constraint '${name}' in the migration state. Check the name against the AddConstraint or the model's Meta constraints in the earlier migrations.`,
  );
}

/** Options of AddIndex. */
export interface AddIndexOptions {
  readonly model: string;
  /** A named index (migrations refer to indexes by name). */
  readonly index: Index;
}

/**
 * Creates an index of `meta.indexes`.
 *
 * @example
 * operations.AddIndex({ model: "Question", index: new Index({ fields: ["-pubDate"], name: "recent_idx" }) });
 * // CREATE INDEX "recent_idx" ON "polls_question" ("pub_date" desc)
 */
export class AddIndex extends ModelPartOperation {
  readonly model: string;
  readonly index: Index;

  constructor(options: AddIndexOptions) {
    super();
    if (!options.index.name) {
      throw new TypeError(
        `AddIndex on ${options.model} needs a named index: new Index({ fields: [...], name: "..." }).`,
      );
    }
    this.model = options.model;
    this.index = options.index;
  }

  stateForwards(app: string, state: ProjectState): void {
    const model = state.getModel(app, this.model);
    model.options = { ...model.options, indexes: [...(model.options.indexes ?? []), this.index] };
    state.changed();
  }

  async databaseForwards(
    app: string,
    ctx: SchemaContext,
    _from: ProjectState,
    to: ProjectState,
  ): Promise<void> {
    await ctx.editor.addIndex(to.apps().getModel(app, this.model), this.index);
  }

  async databaseBackwards(
    app: string,
    ctx: SchemaContext,
    from: ProjectState,
    _to: ProjectState,
  ): Promise<void> {
    await ctx.editor.removeIndex(from.apps().getModel(app, this.model), this.index);
  }

  describe(): string {
    return `Create index ${this.index.name} on field(s) ${this.index.fields.join(", ")} of model ${this.model.toLowerCase()}`;
  }

  deconstruct(): OperationDescription {
    return { kind: "AddIndex", options: { model: this.model, index: this.index } };
  }

  override get migrationNameFragment(): string {
    return `${this.model.toLowerCase()}_${(this.index.name ?? "").toLowerCase()}`;
  }

  override reduce(other: Operation, app: string): Operation[] | boolean {
    if (
      other instanceof RemoveIndex &&
      sameName(other.model, this.model) &&
      other.name === this.index.name
    ) {
      return [];
    }
    return super.reduce(other, app);
  }
}

/** Options of RemoveIndex. */
export interface RemoveIndexOptions {
  readonly model: string;
  readonly name: string;
}

/**
 * Drops an index of `meta.indexes` by name.
 *
 * @example
 * operations.RemoveIndex({ model: "Question", name: "recent_idx" }); // DROP INDEX IF EXISTS "recent_idx"
 */
export class RemoveIndex extends ModelPartOperation {
  readonly model: string;
  readonly name: string;

  constructor(options: RemoveIndexOptions) {
    super();
    this.model = options.model;
    this.name = options.name;
  }

  stateForwards(app: string, state: ProjectState): void {
    const model = state.getModel(app, this.model);
    findIndex(model, this.name);
    const indexes = (model.options.indexes ?? []).filter((i) => i.name !== this.name);
    model.options = { ...model.options, indexes: indexes.length > 0 ? indexes : undefined };
    state.changed();
  }

  async databaseForwards(
    app: string,
    ctx: SchemaContext,
    from: ProjectState,
    _to: ProjectState,
  ): Promise<void> {
    const index = findIndex(from.getModel(app, this.model), this.name);
    await ctx.editor.removeIndex(from.apps().getModel(app, this.model), index);
  }

  async databaseBackwards(
    app: string,
    ctx: SchemaContext,
    _from: ProjectState,
    to: ProjectState,
  ): Promise<void> {
    const index = findIndex(to.getModel(app, this.model), this.name);
    await ctx.editor.addIndex(to.apps().getModel(app, this.model), index);
  }

  describe(): string {
    return `Remove index ${this.name} from ${this.model.toLowerCase()}`;
  }

  deconstruct(): OperationDescription {
    return { kind: "RemoveIndex", options: { model: this.model, name: this.name } };
  }

  override get migrationNameFragment(): string {
    return `remove_${this.model.toLowerCase()}_${this.name.toLowerCase()}`;
  }
}

/** Options of AddConstraint. */
export interface AddConstraintOptions {
  readonly model: string;
  readonly constraint: UniqueConstraint | CheckConstraint;
}

/**
 * Adds a constraint of `meta.constraints`.
 *
 * @example
 * operations.AddConstraint({ model: "Choice", constraint: new CheckConstraint({ check: Q({ votes__gte: 0 }), name: "votes_gte_0" }) });
 * // ALTER TABLE "polls_choice" ADD CONSTRAINT "votes_gte_0" CHECK ("votes" >= 0)
 */
export class AddConstraint extends ModelPartOperation {
  readonly model: string;
  readonly constraint: UniqueConstraint | CheckConstraint;

  constructor(options: AddConstraintOptions) {
    super();
    this.model = options.model;
    this.constraint = options.constraint;
  }

  stateForwards(app: string, state: ProjectState): void {
    const model = state.getModel(app, this.model);
    model.options = {
      ...model.options,
      constraints: [...(model.options.constraints ?? []), this.constraint],
    };
    state.changed();
  }

  async databaseForwards(
    app: string,
    ctx: SchemaContext,
    _from: ProjectState,
    to: ProjectState,
  ): Promise<void> {
    await ctx.editor.addConstraint(to.apps().getModel(app, this.model), this.constraint);
  }

  async databaseBackwards(
    app: string,
    ctx: SchemaContext,
    from: ProjectState,
    _to: ProjectState,
  ): Promise<void> {
    await ctx.editor.removeConstraint(from.apps().getModel(app, this.model), this.constraint);
  }

  describe(): string {
    return `Create constraint ${this.constraint.name} on model ${this.model.toLowerCase()}`;
  }

  deconstruct(): OperationDescription {
    return { kind: "AddConstraint", options: { model: this.model, constraint: this.constraint } };
  }

  override get migrationNameFragment(): string {
    return `${this.model.toLowerCase()}_${this.constraint.name.toLowerCase()}`;
  }

  override reduce(other: Operation, app: string): Operation[] | boolean {
    if (
      other instanceof RemoveConstraint &&
      sameName(other.model, this.model) &&
      other.name === this.constraint.name
    ) {
      return [];
    }
    return super.reduce(other, app);
  }
}

/** Options of RemoveConstraint. */
export interface RemoveConstraintOptions {
  readonly model: string;
  readonly name: string;
}

/**
 * Drops a constraint of `meta.constraints` by name.
 *
 * @example
 * operations.RemoveConstraint({ model: "Choice", name: "votes_gte_0" }); // ALTER TABLE "polls_choice" DROP CONSTRAINT IF EXISTS "votes_gte_0"
 */
export class RemoveConstraint extends ModelPartOperation {
  readonly model: string;
  readonly name: string;

  constructor(options: RemoveConstraintOptions) {
    super();
    this.model = options.model;
    this.name = options.name;
  }

  stateForwards(app: string, state: ProjectState): void {
    const model = state.getModel(app, this.model);
    findConstraint(model, this.name);
    const constraints = (model.options.constraints ?? []).filter((c) => c.name !== this.name);
    model.options = {
      ...model.options,
      constraints: constraints.length > 0 ? constraints : undefined,
    };
    state.changed();
  }

  async databaseForwards(
    app: string,
    ctx: SchemaContext,
    from: ProjectState,
    _to: ProjectState,
  ): Promise<void> {
    const constraint = findConstraint(from.getModel(app, this.model), this.name);
    await ctx.editor.removeConstraint(from.apps().getModel(app, this.model), constraint);
  }

  async databaseBackwards(
    app: string,
    ctx: SchemaContext,
    _from: ProjectState,
    to: ProjectState,
  ): Promise<void> {
    const constraint = findConstraint(to.getModel(app, this.model), this.name);
    await ctx.editor.addConstraint(to.apps().getModel(app, this.model), constraint);
  }

  describe(): string {
    return `Remove constraint ${this.name} from model ${this.model.toLowerCase()}`;
  }

  deconstruct(): OperationDescription {
    return { kind: "RemoveConstraint", options: { model: this.model, name: this.name } };
  }

  override get migrationNameFragment(): string {
    return `remove_${this.model.toLowerCase()}_${this.name.toLowerCase()}`;
  }
}
