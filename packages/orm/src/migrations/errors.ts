/** The errors of the migration framework, each with a stable code. */
import { TangoError } from "@tango/core";
import { CommandError } from "../errors.js";

/**
 * A migration cannot be unapplied: one of its operations has no reverse.
 *
 * @example
 * throw new IrreversibleError("RunSQL in polls.0003_fill has no reverseSql, so it cannot be unapplied.");
 */
export class IrreversibleError extends TangoError {
  override readonly code: string = "migrations.IrreversibleError";
}

/**
 * A migration names a dependency (or a target) that does not exist.
 *
 * @example
 * throw new NodeNotFoundError("polls.0002_choice depends on polls.0001_initial, which does not exist.");
 */
export class NodeNotFoundError extends TangoError {
  override readonly code: string = "migrations.NodeNotFoundError";
}

/**
 * Migrations depend on each other in a circle.
 *
 * @example
 * throw new CircularDependencyError("polls.0002 -> polls.0003 -> polls.0002");
 */
export class CircularDependencyError extends TangoError {
  override readonly code: string = "migrations.CircularDependencyError";
}

/**
 * An app has two leaf migrations (from two branches): `makemigrations --merge` fixes it.
 *
 * @example
 * throw new MigrationConflictError("Conflicting migrations in polls: 0003_a, 0003_b. Run manage makemigrations --merge.");
 */
export class MigrationConflictError extends TangoError {
  override readonly code: string = "migrations.MigrationConflictError";
}

/**
 * The applied migrations recorded in the database contradict the migration files (a migration
 * is applied before one it depends on).
 *
 * @example
 * throw new InconsistentMigrationHistory("polls.0002 is applied before its dependency polls.0001.");
 */
export class InconsistentMigrationHistory extends TangoError {
  override readonly code: string = "migrations.InconsistentMigrationHistory";
}

/**
 * A migration file is not a migration (no default export, wrong shape, bad name).
 *
 * @example
 * throw new BadMigrationError("src/polls/migrations/0002_x.ts has no default export.");
 */
export class BadMigrationError extends TangoError {
  override readonly code: string = "migrations.BadMigrationError";
}

/**
 * A migration command cannot do what was asked (unknown app, ambiguous migration name...).
 *
 * @example
 * throw new MigrationCommandError("No installed app with label 'pols'. Did you mean 'polls'?");
 */
export class MigrationCommandError extends CommandError {
  override readonly code: string = "migrations.CommandError";
}
