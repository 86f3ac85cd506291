/** MigrationExecutor: plans and runs migrations against one database, one transaction per migration. */
import { sql } from "kysely";
import { atomic } from "../db/atomic.js";
import { connections } from "../db/connections.js";
import { SchemaEditor } from "../models/schema-editor.js";
import { IrreversibleError, NodeNotFoundError } from "./errors.js";
import { MigrationLoader, type MigrationSource } from "./loader.js";
import { keyLabel, type Migration, type MigrationKey } from "./migration.js";
import type { Operation, SchemaContext } from "./operation.js";
import { MigrationRecorder } from "./recorder.js";
import { autoThroughOf, ProjectState } from "./state.js";

/**
 * What to migrate to: a migration (apply up to it, or unapply what comes after it in its
 * app), or `[app, null]` to unapply every migration of the app.
 *
 * @example
 * const targets: MigrationTarget[] = [["polls", "0002_choice_votes"], ["blog", null]];
 */
export type MigrationTarget = MigrationKey | readonly [app: string, name: null];

/**
 * One migration to apply (or, `backwards`, to unapply).
 *
 * @example
 * executor.migrationPlan([["polls", null]]); // [{ migration: <polls.0002_choice_votes>, backwards: true }, ...]
 */
export interface PlanStep {
  readonly migration: Migration;
  readonly backwards: boolean;
}

/**
 * What `migrate` reports as it goes (the `manage migrate` command prints it).
 *
 * @example
 * { type: "apply_success", migration, fake: false, durationMs: 12.5 }
 */
export interface MigrationProgress {
  readonly type: "apply_start" | "apply_success" | "unapply_start" | "unapply_success";
  readonly migration: Migration;
  readonly fake: boolean;
  /** On success: how long the migration took. */
  readonly durationMs?: number;
  /** On success: another `migrate` run had already done it, so nothing was run. */
  readonly skipped?: boolean;
}

/** Options of {@link MigrationExecutor.create}. */
export interface MigrationExecutorOptions {
  /** The database to migrate (default "default"). */
  alias?: string;
  /** The migration folders (default: every installed app's). */
  sources?: readonly MigrationSource[];
  /** Called before and after each migration. */
  progress?: (event: MigrationProgress) => void;
  /** In-memory migrations (app and name set) besides the files: see {@link MigrationLoader.load}. */
  migrations?: readonly Migration[];
}

/** Options of {@link MigrationExecutor.migrate}. */
export interface MigrateOptions {
  /** The plan to run (default: `migrationPlan(targets)`). */
  plan?: readonly PlanStep[];
  /** Only record the migrations as applied (or unapplied); change nothing else. */
  fake?: boolean;
  /** Record an initial migration without running it when all the tables it creates exist. */
  fakeInitial?: boolean;
}

/**
 * Applies and unapplies migrations. Each migration runs in its own transaction, with the
 * record of it, under an advisory lock: a failure leaves the schema and the record as they
 * were, and concurrent `migrate` runs apply each migration once.
 *
 * @example
 * const executor = await MigrationExecutor.create({ alias: "default" });
 * await executor.migrate(executor.targetsForApps());
 * // begin; select pg_advisory_xact_lock(...); create table "polls_question" (...); insert into "tango_migrations" ...; commit
 */
export class MigrationExecutor {
  readonly alias: string;
  readonly recorder: MigrationRecorder;
  readonly #progress: ((event: MigrationProgress) => void) | undefined;

  private constructor(
    readonly loader: MigrationLoader,
    options: MigrationExecutorOptions,
  ) {
    this.alias = options.alias ?? "default";
    this.recorder = new MigrationRecorder(this.alias);
    this.#progress = options.progress;
  }

  /**
   * Loads the migration files and the applied migrations of the database.
   *
   * @example
   * const executor = await MigrationExecutor.create({ progress: (e) => console.log(e.type, e.migration.label) });
   */
  static async create(options: MigrationExecutorOptions = {}): Promise<MigrationExecutor> {
    const loader = await MigrationLoader.load({
      alias: options.alias ?? "default",
      ...(options.sources ? { sources: options.sources } : {}),
      ...(options.migrations ? { migrations: options.migrations } : {}),
    });
    return new MigrationExecutor(loader, options);
  }

  /**
   * The steps that bring the database to `targets` (Django's migration_plan). `cleanStart`
   * plans as if nothing were applied.
   *
   * @example
   * executor.migrationPlan([["polls", "0001_initial"]]); // unapplies polls.0002_... if it is applied
   */
  migrationPlan(targets: readonly MigrationTarget[], cleanStart = false): PlanStep[] {
    const { graph } = this.loader;
    const applied = new Set(cleanStart ? [] : this.loader.applied.keys());
    const plan: PlanStep[] = [];
    const unapply = (from: MigrationKey) => {
      for (const key of graph.backwardsPlan(from)) {
        if (!applied.delete(keyLabel(key))) continue;
        plan.push({ migration: graph.node(key), backwards: true });
      }
    };
    for (const target of targets) {
      const [app, name] = target;
      if (name !== null) this.#checkTarget([app, name]);
      if (name === null) {
        for (const root of graph.rootNodes(app)) unapply(root);
      } else if (applied.has(keyLabel([app, name]))) {
        // Roll back the target's children in its app only, not the target's dependencies.
        for (const child of graph.children([app, name])) if (child[0] === app) unapply(child);
      } else {
        for (const key of graph.forwardsPlan([app, name])) {
          if (applied.has(keyLabel(key))) continue;
          applied.add(keyLabel(key));
          plan.push({ migration: graph.node(key), backwards: false });
        }
      }
    }
    return plan;
  }

  // A migration replaced by a squash in use is not in the graph: say so rather than "no migration".
  #checkTarget(key: MigrationKey): void {
    if (this.loader.graph.has(key)) return;
    const label = keyLabel(key);
    for (const squash of this.loader.replacements.values()) {
      if (!this.loader.graph.has(squash.key)) continue;
      if (!squash.replaces.some((replaced) => keyLabel(replaced) === label)) continue;
      throw new NodeNotFoundError(
        `Migration ${label} is replaced by the squashed migration ${squash.label}, which stands for it now. Migrate to ${squash.label}, or to a migration before or after it.`,
      );
    }
  }

  /**
   * The latest migration of each app (default: every app with migrations).
   *
   * @example
   * await executor.migrate(executor.targetsForApps(["polls"]));
   */
  targetsForApps(apps?: readonly string[]): MigrationTarget[] {
    if (apps === undefined) return this.loader.graph.leafNodes();
    return apps.flatMap((app) => this.loader.graph.leafNodes(app));
  }

  /**
   * Runs the plan to `targets` and returns the state of the applied migrations afterwards.
   *
   * @example
   * await executor.migrate([["polls", null]]); // unapplies every polls migration
   */
  async migrate(
    targets: readonly MigrationTarget[],
    options: MigrateOptions = {},
  ): Promise<ProjectState> {
    const plan = options.plan ?? this.migrationPlan(targets);
    if (!options.fake) for (const step of plan) if (step.backwards) checkReversible(step.migration);
    // Under the lock: CREATE TABLE IF NOT EXISTS races with itself on PostgreSQL.
    await atomic(
      async () => {
        await this.recorder.lock();
        await this.recorder.ensureSchema();
      },
      { using: this.alias },
    );
    for (const step of plan) {
      if (step.backwards) await this.#unapply(step.migration, options.fake ?? false);
      else await this.#apply(step.migration, options.fake ?? false, options.fakeInitial ?? false);
    }
    return this.#appliedState();
  }

  /**
   * The SQL a migration runs (forwards or backwards), without running it: for `sqlmigrate`.
   *
   * @example
   * await executor.collectSql(executor.loader.graph.node(["polls", "0001_initial"]), false);
   * // ['create table "polls_question" ("id" bigint generated by default as identity primary key, ...);', ...]
   */
  async collectSql(migration: Migration, backwards: boolean): Promise<string[]> {
    if (backwards) checkReversible(migration);
    const editor = new SchemaEditor(connections.get(this.alias).kysely, { collectOnly: true });
    await this.#runOperations(migration, backwards, editor, true);
    return editor.executed.map((query) => {
      if (query.sql.startsWith("--")) return query.sql.trimEnd();
      const statement = query.sql.trimEnd().endsWith(";") ? query.sql.trimEnd() : `${query.sql};`;
      return query.parameters.length > 0
        ? `${statement} -- params: ${JSON.stringify(query.parameters)}`
        : statement;
    });
  }

  async #apply(migration: Migration, fake: boolean, fakeInitial: boolean): Promise<void> {
    this.#progress?.({ type: "apply_start", migration, fake });
    const started = performance.now();
    let faked = fake;
    const run = async (): Promise<boolean> => {
      if (await this.#isApplied(migration)) return false;
      if (!faked && fakeInitial && (await this.#detectSoftApplied(migration))) faked = true;
      if (!faked) {
        const editor = new SchemaEditor(connections.get(this.alias).kysely);
        await this.#runOperations(migration, false, editor, false);
      }
      for (const [app, name] of migration.replaces) await this.recorder.recordApplied(app, name);
      await this.recorder.recordApplied(migration.app, migration.name);
      return true;
    };
    const ran = await this.#inTransaction(migration, run);
    this.loader.applied.set(migration.label, new Date());
    for (const key of migration.replaces) this.loader.applied.set(keyLabel(key), new Date());
    this.#progress?.({
      type: "apply_success",
      migration,
      fake: faked,
      durationMs: performance.now() - started,
      ...(ran ? {} : { skipped: true }),
    });
  }

  async #unapply(migration: Migration, fake: boolean): Promise<void> {
    this.#progress?.({ type: "unapply_start", migration, fake });
    const started = performance.now();
    const run = async (): Promise<boolean> => {
      if (!(await this.#isApplied(migration))) return false;
      if (!fake) {
        const editor = new SchemaEditor(connections.get(this.alias).kysely);
        await this.#runOperations(migration, true, editor, false);
      }
      for (const [app, name] of migration.replaces) await this.recorder.recordUnapplied(app, name);
      await this.recorder.recordUnapplied(migration.app, migration.name);
      return true;
    };
    const ran = await this.#inTransaction(migration, run);
    this.loader.applied.delete(migration.label);
    for (const key of migration.replaces) this.loader.applied.delete(keyLabel(key));
    this.#progress?.({
      type: "unapply_success",
      migration,
      fake,
      durationMs: performance.now() - started,
      ...(ran ? {} : { skipped: true }),
    });
  }

  // Atomic migrations run with their record in one transaction, under the migrations' lock.
  #inTransaction(migration: Migration, run: () => Promise<boolean>): Promise<boolean> {
    if (!migration.atomic) return run();
    return atomic(
      async () => {
        await this.recorder.lock();
        return run();
      },
      { using: this.alias },
    );
  }

  // Read again under the lock: another migrate run may have just done it.
  async #isApplied(migration: Migration): Promise<boolean> {
    const applied = await this.recorder.appliedMigrations();
    if (migration.replaces.length > 0) {
      return migration.replaces.every((key) => applied.has(keyLabel(key)));
    }
    return applied.has(migration.label);
  }

  async #runOperations(
    migration: Migration,
    backwards: boolean,
    editor: SchemaEditor,
    collectOnly: boolean,
  ): Promise<void> {
    const states = this.#operationStates(migration);
    const ctx: SchemaContext = { editor, alias: this.alias, collectOnly };
    const { app, operations } = migration;
    // sqlmigrate heads each operation's statements with its description, as Django does.
    const heading = (operation: Operation) => {
      if (!collectOnly) return;
      editor.comment("");
      editor.comment(`${backwards ? "Undo " : ""}${operation.describe()}`);
      editor.comment("");
    };
    if (!backwards) {
      for (const [i, operation] of operations.entries()) {
        heading(operation);
        await operation.databaseForwards(
          app,
          ctx,
          states[i] as ProjectState,
          states[i + 1] as ProjectState,
        );
      }
    } else {
      for (let i = operations.length - 1; i >= 0; i--) {
        const operation = operations[i] as (typeof operations)[number];
        heading(operation);
        await operation.databaseBackwards(
          app,
          ctx,
          states[i + 1] as ProjectState,
          states[i] as ProjectState,
        );
      }
    }
    await editor.flush();
  }

  // The state before the migration, then after each of its operations.
  #operationStates(migration: Migration): ProjectState[] {
    let state = this.loader.projectState([migration.key], false);
    const states = [state];
    for (const operation of migration.operations) {
      state = state.clone();
      operation.stateForwards(migration.app, state);
      state.changed();
      states.push(state);
    }
    return states;
  }

  #appliedState(): ProjectState {
    const { graph, applied } = this.loader;
    const state = new ProjectState();
    const seen = new Set<string>();
    for (const leaf of graph.leafNodes()) {
      for (const key of graph.forwardsPlan(leaf)) {
        const label = keyLabel(key);
        if (seen.has(label)) continue;
        seen.add(label);
        if (applied.has(label)) graph.node(key).mutateState(state);
      }
    }
    return state;
  }

  // Django's detect_soft_applied: an initial migration whose tables and columns all exist.
  async #detectSoftApplied(migration: Migration): Promise<boolean> {
    if (!migration.initial) return false;
    const after = this.#operationStates(migration).at(-1) as ProjectState;
    const apps = after.apps();
    let found = false;
    for (const operation of migration.operations) {
      const { kind, options } = operation.deconstruct();
      if (kind === "CreateModel") {
        const model = apps.getModel(migration.app, String(options.name));
        if (!(await this.#tableExists(model._meta.dbTable))) return false;
        found = true;
      } else if (kind === "AddField") {
        const model = apps.getModel(migration.app, String(options.model));
        const through = autoThroughOf(model, String(options.name));
        const field = model._meta.getField(String(options.name));
        const exists = through
          ? await this.#tableExists(through._meta.dbTable)
          : await this.#columnExists(model._meta.dbTable, field.column);
        if (!exists) return false;
        found = true;
      }
    }
    return found;
  }

  async #tableExists(table: string): Promise<boolean> {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from information_schema.tables
      where table_schema = current_schema() and table_name = ${table}`.execute(
      connections.get(this.alias).kysely,
    );
    return (rows[0]?.n ?? 0) > 0;
  }

  async #columnExists(table: string, column: string): Promise<boolean> {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from information_schema.columns
      where table_schema = current_schema() and table_name = ${table} and column_name = ${column}`.execute(
      connections.get(this.alias).kysely,
    );
    return (rows[0]?.n ?? 0) > 0;
  }
}

function checkReversible(migration: Migration): void {
  for (const [i, operation] of migration.operations.entries()) {
    if (operation.reversible) continue;
    throw new IrreversibleError(
      `Migration ${migration.label} cannot be unapplied: its operation #${i + 1} (${operation.deconstruct().kind}: ${operation.describe()}) is irreversible. Give the operation a reverse (reverseSql or reverseCode; RunSQL.noop / RunCode.noop to do nothing), or unapply with --fake if the database needs no change.`,
    );
  }
}
