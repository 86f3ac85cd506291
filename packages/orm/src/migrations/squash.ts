/** Squashing: one migration standing for a range of an app's migrations, its operations optimised. */
import { MigrationCommandError } from "./errors.js";
import type { MigrationLoader } from "./loader.js";
import { keyLabel, Migration, type MigrationKey } from "./migration.js";
import type { Operation } from "./operation.js";
import { optimizeOperations } from "./optimizer.js";

/**
 * Options of {@link squashMigrations}.
 *
 * @example
 * const options: SquashOptions = { start: "0001", end: "0004", optimize: true };
 */
export interface SquashOptions {
  /** The first migration of the range (default: the app's first). */
  readonly start?: Migration;
  readonly end: Migration;
  /** Run the optimizer (default true). */
  readonly optimize?: boolean;
  /** The name after the number: `0001_<name>`; default `<start>_squashed_<end>`. */
  readonly name?: string;
}

/**
 * The result: the squashed migration, and the operations counts before and after optimising.
 *
 * @example
 * const { migration, before, after } = squashMigrations(loader, "polls", { end });
 */
export interface SquashResult {
  readonly migration: Migration;
  readonly before: number;
  readonly after: number;
  /** RunSQL/RunCode operations copied across: their code may need a manual look. */
  readonly manual: readonly Operation[];
}

/**
 * Squashes `start`..`end` of `app` into one migration that `replaces` them: the union of their
 * operations (optimised), depending on what the range depended on outside itself.
 *
 * @example
 * const { migration } = squashMigrations(loader, "polls", { end: loader.graph.node(["polls", "0004_x"]) });
 */
export function squashMigrations(
  loader: MigrationLoader,
  app: string,
  options: SquashOptions,
): SquashResult {
  const { end } = options;
  const chain = loader.graph
    .forwardsPlan(end.key)
    .filter(([a]) => a === app)
    .map((key) => loader.graph.node(key));
  const startIndex = options.start ? chain.findIndex((m) => m.name === options.start?.name) : 0;
  if (startIndex < 0) {
    throw new MigrationCommandError(
      `The migration '${options.start?.name}' is not an ancestor of '${end.name}'. Give a start migration that comes before the end one.`,
    );
  }
  const range = chain.slice(startIndex);
  for (const migration of range) {
    if (migration.replaces.length > 0) {
      throw new MigrationCommandError(
        `${migration.label} is itself a squashed migration. Finish the earlier squash first: once it is applied everywhere, delete the migrations it replaces and remove its 'replaces'.`,
      );
    }
  }
  const inRange = new Set(range.map((m) => m.label));
  const dependencies = new Map<string, MigrationKey>();
  for (const migration of range) {
    for (const dependency of migration.dependencies) {
      const label = keyLabel(dependency);
      if (!inRange.has(label)) dependencies.set(label, dependency);
    }
  }
  const operations = range.flatMap((m) => m.operations);
  const optimized =
    options.optimize === false ? [...operations] : optimizeOperations(operations, app);
  const first = range[0] as Migration;
  const migration = new Migration({
    dependencies: [...dependencies.values()],
    operations: optimized,
    initial: first.initial || startIndex === 0,
    replaces: range.map((m) => m.key),
    atomic: range.every((m) => m.atomic),
  });
  migration.app = app;
  migration.name = options.name
    ? `${first.name.slice(0, 4)}_${options.name}`
    : `${first.name}_squashed_${end.name}`;
  const manual = optimized.filter((op) => /^Run(SQL|Code)$/.test(op.deconstruct().kind));
  return { migration, before: operations.length, after: optimized.length, manual };
}
