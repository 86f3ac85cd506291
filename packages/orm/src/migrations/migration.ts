/** Migration: what a migration file exports, a list of operations with its dependencies. */
import { BadMigrationError } from "./errors.js";
import type { Operation } from "./operation.js";
import type { ProjectState } from "./state.js";

/**
 * `[app label, migration name]`: a reference to a migration.
 *
 * @example
 * const key: MigrationKey = ["polls", "0001_initial"];
 */
export type MigrationKey = readonly [app: string, name: string];

/**
 * What a migration file passes to `new Migration()`.
 *
 * @example
 * export default new Migration({
 *   dependencies: [["polls", "0001_initial"]],
 *   operations: [operations.AddField({ model: "Choice", name: "votes", field: fields.IntegerField({ default: 0 }) })],
 * });
 */
export interface MigrationDefinition {
  /** Migrations that must be applied first (this app's previous one, other apps' ones). */
  readonly dependencies?: readonly MigrationKey[];
  readonly operations: readonly Operation[];
  /** The app's first migration (`migrate --fake-initial` uses it). */
  readonly initial?: boolean;
  /** For squashed migrations: the migrations this one stands for. */
  readonly replaces?: readonly MigrationKey[];
  /** Run in one transaction (default true; PostgreSQL has transactional DDL). */
  readonly atomic?: boolean;
}

/**
 * A migration: operations to apply in order, after its dependencies. The loader gives it the
 * app label and name of its file (`src/polls/migrations/0002_choice_votes.ts` is
 * `polls.0002_choice_votes`).
 *
 * @example
 * const migration = new Migration({ operations: [] });
 */
export class Migration {
  app = "";
  name = "";
  readonly dependencies: readonly MigrationKey[];
  readonly operations: readonly Operation[];
  readonly initial: boolean;
  readonly replaces: readonly MigrationKey[];
  readonly atomic: boolean;

  constructor(definition: MigrationDefinition) {
    if (definition === null || typeof definition !== "object") {
      throw new BadMigrationError(
        "new Migration() needs an object: new Migration({ dependencies: [...], operations: [...] }).",
      );
    }
    if (!Array.isArray(definition.operations)) {
      throw new BadMigrationError(
        "A migration needs an operations list: new Migration({ operations: [...] }).",
      );
    }
    for (const dependency of definition.dependencies ?? []) {
      if (
        !Array.isArray(dependency) ||
        dependency.length !== 2 ||
        typeof dependency[0] !== "string" ||
        typeof dependency[1] !== "string"
      ) {
        throw new BadMigrationError(
          `A migration dependency must be ["app", "migration_name"], not ${JSON.stringify(dependency)}.`,
        );
      }
    }
    this.dependencies = definition.dependencies ?? [];
    this.operations = definition.operations;
    this.initial = definition.initial ?? false;
    this.replaces = definition.replaces ?? [];
    this.atomic = definition.atomic ?? true;
  }

  /** `"polls.0001_initial"`. */
  get label(): string {
    return `${this.app}.${this.name}`;
  }

  /** `[app, name]`. */
  get key(): MigrationKey {
    return [this.app, this.name];
  }

  /**
   * Applies every operation to `state` (in place) and returns it.
   *
   * @example
   * migration.mutateState(state);
   */
  mutateState(state: ProjectState): ProjectState {
    for (const operation of this.operations) {
      operation.stateForwards(this.app, state);
      state.changed();
    }
    return state;
  }
}

/**
 * `"polls.0001_initial"` for a key.
 *
 * @example
 * keyLabel(["polls", "0001_initial"]); // "polls.0001_initial"
 */
export function keyLabel(key: MigrationKey): string {
  return `${key[0]}.${key[1]}`;
}

/**
 * The time part of generated names (`0002_auto_20261121_0905`, `0004_merge_…`), in local time
 * as Django writes it.
 *
 * @example
 * nameTimestamp(new Date(2026, 10, 21, 9, 5)); // "20261121_0905"
 */
export function nameTimestamp(now: Date): string {
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}_${pad(now.getHours())}${pad(now.getMinutes())}`;
}
