/** The Operation contract: one step of a migration, applied to the state and to the database. */
import type { SchemaEditor } from "../models/schema-editor.js";
import type { ProjectState } from "./state.js";

/**
 * What an operation receives to change the database: the schema editor (running, or only
 * collecting SQL for `sqlmigrate`) and the database alias. Queries made through the ORM or
 * `connections.get(alias).kysely` run in the migration's transaction.
 *
 * @example
 * await ctx.editor.createModel(to.apps().getModel(app, "Question"));
 */
export interface SchemaContext {
  readonly editor: SchemaEditor;
  readonly alias: string;
  /** True when statements are only collected (`sqlmigrate`, `migrate --plan`): do not query. */
  readonly collectOnly: boolean;
}

/**
 * How an operation is written into a migration file: the factory name on `operations` and
 * its single options argument.
 *
 * @example
 * { kind: "AddField", options: { model: "Choice", name: "votes", field: fields.IntegerField({ default: 0 }) } }
 */
export interface OperationDescription {
  readonly kind: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * One step of a migration. `stateForwards` changes the ProjectState; `databaseForwards` and
 * `databaseBackwards` change the schema between the historical models of the states before
 * and after the step (`from` and `to`: `to` is always the later state, also backwards).
 *
 * @example
 * class NoOp extends Operation {
 *   stateForwards() {}
 *   async databaseForwards() {}
 *   async databaseBackwards() {}
 *   describe() { return "Nothing"; }
 *   deconstruct() { return { kind: "NoOp", options: {} }; }
 * }
 */
export abstract class Operation {
  /** False when the operation cannot be unapplied (`RunSQL` without reverse SQL...). */
  get reversible(): boolean {
    return true;
  }

  /** Whether the operation may not run inside the migration's transaction (none may, today). */
  readonly atomic: boolean = true;

  /** Applies the change to `state` (in place). */
  abstract stateForwards(app: string, state: ProjectState): void;

  /**
   * Changes the database from `from` to `to`.
   */
  abstract databaseForwards(
    app: string,
    ctx: SchemaContext,
    from: ProjectState,
    to: ProjectState,
  ): Promise<void>;

  /**
   * Undoes `databaseForwards`: `from` is the state after this operation, `to` the state before.
   */
  abstract databaseBackwards(
    app: string,
    ctx: SchemaContext,
    from: ProjectState,
    to: ProjectState,
  ): Promise<void>;

  /** One line for `migrate` and `makemigrations` output: "Create model Question". */
  abstract describe(): string;

  /** How the operation is written in a migration file. */
  abstract deconstruct(): OperationDescription;

  /** A fragment for generated migration names ("question", "choice_votes"); undefined: none. */
  get migrationNameFragment(): string | undefined {
    return undefined;
  }

  /**
   * Whether the operation touches model `name` of `app` (the optimizer may not move another
   * operation on that model across it). Conservative default: yes.
   */
  referencesModel(_name: string, _app: string): boolean {
    return true;
  }

  /**
   * Combines this operation with a later one for squashing: a list that replaces both,
   * `true` when `other` may move across this one unchanged, `false` otherwise.
   */
  reduce(_other: Operation, _app: string): Operation[] | boolean {
    return false;
  }
}
