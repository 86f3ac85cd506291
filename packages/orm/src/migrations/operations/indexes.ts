/** Index and constraint operations: AddIndex, RemoveIndex, AddConstraint, RemoveConstraint. */
import { ImproperlyConfigured } from "@tango/core";
import type {
  CheckConstraint,
  Constraint,
  Index,
  UniqueConstraint,
} from "../../models/meta-options.js";
import type { ModelClass } from "../../models/model-class.js";
import type { SchemaEditor } from "../../models/schema-editor.js";
import type { Operation, OperationDescription, SchemaContext } from "../operation.js";
import type { ModelState, ProjectState } from "../state.js";
import { ModelPartOperation, sameName } from "./base.js";

/**
 * What the index and the constraint operations differ in: the Meta option list they change,
 * how errors name it, and the schema editor's calls.
 */
interface PartKind<T extends Index | Constraint> {
  readonly option: "indexes" | "constraints";
  readonly noun: "index" | "constraint";
  /** The operation that adds one (for error messages). */
  readonly adder: "AddIndex" | "AddConstraint";
  create(editor: SchemaEditor, model: ModelClass, part: T): Promise<void>;
  drop(editor: SchemaEditor, model: ModelClass, part: T): Promise<void>;
}

const INDEX: PartKind<Index> = {
  option: "indexes",
  noun: "index",
  adder: "AddIndex",
  create: (editor, model, index) => editor.addIndex(model, index),
  drop: (editor, model, index) => editor.removeIndex(model, index),
};

const CONSTRAINT: PartKind<Constraint> = {
  option: "constraints",
  noun: "constraint",
  adder: "AddConstraint",
  create: (editor, model, constraint) => editor.addConstraint(model, constraint),
  drop: (editor, model, constraint) => editor.removeConstraint(model, constraint),
};

/** The model's indexes or constraints in the state. */
function partsOf<T extends Index | Constraint>(model: ModelState, kind: PartKind<T>): readonly T[] {
  return (model.options[kind.option] ?? []) as readonly T[];
}

/** Replaces the model's indexes or constraints (an empty list leaves the option out). */
function setParts<T extends Index | Constraint>(
  model: ModelState,
  kind: PartKind<T>,
  parts: readonly T[],
): void {
  model.options = { ...model.options, [kind.option]: parts.length > 0 ? parts : undefined };
}

/** The model's index or constraint `name`; an error naming the model when it has none. */
function findPart<T extends Index | Constraint>(
  model: ModelState,
  kind: PartKind<T>,
  name: string,
): T {
  const part = partsOf(model, kind).find((p) => p.name === name);
  if (part) return part;
  throw new ImproperlyConfigured(
    `${model.label} has no ${kind.noun} '${name}' in the migration state. Check the name against the ${kind.adder} or the model's Meta ${kind.option} in the earlier migrations.`,
  );
}

/** AddIndex and AddConstraint: add `part` to the model; a later removal of it cancels both. */
abstract class AddPartOperation<T extends Index | Constraint> extends ModelPartOperation {
  readonly #kind: PartKind<T>;

  constructor(kind: PartKind<T>) {
    super();
    this.#kind = kind;
  }

  /** The index or constraint added. */
  protected abstract get part(): T;

  stateForwards(app: string, state: ProjectState): void {
    const model = state.getModel(app, this.model);
    setParts(model, this.#kind, [...partsOf(model, this.#kind), this.part]);
    state.changed();
  }

  async databaseForwards(
    app: string,
    ctx: SchemaContext,
    _from: ProjectState,
    to: ProjectState,
  ): Promise<void> {
    await this.#kind.create(ctx.editor, to.apps().getModel(app, this.model), this.part);
  }

  async databaseBackwards(app: string, ctx: SchemaContext, from: ProjectState): Promise<void> {
    await this.#kind.drop(ctx.editor, from.apps().getModel(app, this.model), this.part);
  }

  override reduce(other: Operation, app: string): Operation[] | boolean {
    if (
      other instanceof RemovePartOperation &&
      other.removes(this.#kind, this.model, this.part.name)
    ) {
      return [];
    }
    return super.reduce(other, app);
  }
}

/** RemoveIndex and RemoveConstraint: remove the model's index or constraint `name`. */
abstract class RemovePartOperation<T extends Index | Constraint> extends ModelPartOperation {
  abstract readonly name: string;
  readonly #kind: PartKind<T>;

  constructor(kind: PartKind<T>) {
    super();
    this.#kind = kind;
  }

  /** Whether this removes the index or constraint (of `kind`) named `name` of `model`. */
  removes(kind: object, model: string, name: string | undefined): boolean {
    return kind === this.#kind && sameName(model, this.model) && name === this.name;
  }

  stateForwards(app: string, state: ProjectState): void {
    const model = state.getModel(app, this.model);
    findPart(model, this.#kind, this.name);
    setParts(
      model,
      this.#kind,
      partsOf(model, this.#kind).filter((p) => p.name !== this.name),
    );
    state.changed();
  }

  async databaseForwards(app: string, ctx: SchemaContext, from: ProjectState): Promise<void> {
    const part = findPart(from.getModel(app, this.model), this.#kind, this.name);
    await this.#kind.drop(ctx.editor, from.apps().getModel(app, this.model), part);
  }

  async databaseBackwards(
    app: string,
    ctx: SchemaContext,
    _from: ProjectState,
    to: ProjectState,
  ): Promise<void> {
    const part = findPart(to.getModel(app, this.model), this.#kind, this.name);
    await this.#kind.create(ctx.editor, to.apps().getModel(app, this.model), part);
  }

  override get migrationNameFragment(): string {
    return `remove_${this.model.toLowerCase()}_${this.name.toLowerCase()}`;
  }
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
export class AddIndex extends AddPartOperation<Index> {
  readonly model: string;
  readonly index: Index;

  constructor(options: AddIndexOptions) {
    super(INDEX);
    if (!options.index.name) {
      throw new TypeError(
        `AddIndex on ${options.model} needs a named index: new Index({ fields: [...], name: "..." }).`,
      );
    }
    this.model = options.model;
    this.index = options.index;
  }

  protected get part(): Index {
    return this.index;
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
export class RemoveIndex extends RemovePartOperation<Index> {
  readonly model: string;
  readonly name: string;

  constructor(options: RemoveIndexOptions) {
    super(INDEX);
    this.model = options.model;
    this.name = options.name;
  }

  describe(): string {
    return `Remove index ${this.name} from ${this.model.toLowerCase()}`;
  }

  deconstruct(): OperationDescription {
    return { kind: "RemoveIndex", options: { model: this.model, name: this.name } };
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
export class AddConstraint extends AddPartOperation<Constraint> {
  readonly model: string;
  readonly constraint: UniqueConstraint | CheckConstraint;

  constructor(options: AddConstraintOptions) {
    super(CONSTRAINT);
    this.model = options.model;
    this.constraint = options.constraint;
  }

  protected get part(): Constraint {
    return this.constraint;
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
export class RemoveConstraint extends RemovePartOperation<Constraint> {
  readonly model: string;
  readonly name: string;

  constructor(options: RemoveConstraintOptions) {
    super(CONSTRAINT);
    this.model = options.model;
    this.name = options.name;
  }

  describe(): string {
    return `Remove constraint ${this.name} from model ${this.model.toLowerCase()}`;
  }

  deconstruct(): OperationDescription {
    return { kind: "RemoveConstraint", options: { model: this.model, name: this.name } };
  }
}
