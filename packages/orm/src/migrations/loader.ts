/** MigrationLoader: reads the apps' migration files into a graph, with what the database has applied. */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { apps } from "@tango/core";
import {
  BadMigrationError,
  InconsistentMigrationHistory,
  MigrationConflictError,
  NodeNotFoundError,
} from "./errors.js";
import { MigrationGraph } from "./graph.js";
import { keyLabel, Migration, type MigrationKey } from "./migration.js";
import { MigrationRecorder } from "./recorder.js";
import type { ProjectState } from "./state.js";

/**
 * Where an app keeps its migrations.
 *
 * @example
 * const source: MigrationSource = { app: "polls", dir: "/srv/mysite/polls/migrations" };
 */
export interface MigrationSource {
  readonly app: string;
  readonly dir: string;
}

/**
 * The installed apps' migration folders (`<app folder>/migrations`), in INSTALLED_APPS order.
 *
 * @example
 * migrationSources(); // [{ app: "polls", dir: "/srv/mysite/polls/migrations" }, ...]
 */
export function migrationSources(): MigrationSource[] {
  return apps
    .getAppConfigs()
    .map((config) => ({ app: config.label, dir: join(config.path, "migrations") }));
}

/** Options of {@link MigrationLoader.load}. */
export interface MigrationLoaderOptions {
  /** The apps and folders to read (default: {@link migrationSources}). */
  sources?: readonly MigrationSource[];
  /** The database whose `tango_migrations` table says what is applied (default "default"). */
  alias?: string;
  /** Read the applied migrations from the database (default true). */
  readApplied?: boolean;
  /**
   * Migrations to use besides the files (tests, tools), their `app` and `name` set; their
   * apps count as installed and migrated. `sources` then defaults to none.
   */
  migrations?: readonly Migration[];
}

const FILE_PATTERN = /^\d{4}_[A-Za-z0-9_]+\.(ts|mts|js|mjs)$/;
// Prefer the files of the kind this module runs as: sources under tsx/Vitest, builds under node.
const PREFERRED = import.meta.url.endsWith(".ts")
  ? ["ts", "mts", "js", "mjs"]
  : ["js", "mjs", "ts", "mts"];

/**
 * The migration files of every app, their graph, and the applied migrations of one database.
 *
 * @example
 * const loader = await MigrationLoader.load();
 * loader.graph.leafNodes("polls"); // [["polls", "0002_choice_votes"]]
 * loader.applied.has("polls.0001_initial"); // true
 */
export class MigrationLoader {
  /** The migrations and their dependencies (squashed migrations resolved). */
  readonly graph = new MigrationGraph();
  /** Every migration file read, by label (including replaced and squashed ones). */
  readonly diskMigrations = new Map<string, Migration>();
  /** Applied migrations by label, with when (empty when `readApplied` was false). */
  readonly applied: Map<string, Date>;
  /** Apps with a migrations folder. */
  readonly migratedApps = new Set<string>();
  /** Apps without one. */
  readonly unmigratedApps = new Set<string>();
  /** Squashed migrations by label. */
  readonly replacements = new Map<string, Migration>();
  readonly #alias: string;

  private constructor(applied: Map<string, Date>, alias: string) {
    this.applied = applied;
    this.#alias = alias;
  }

  /**
   * Reads the migration files and (by default) the applied migrations, and builds the graph.
   *
   * @example
   * const loader = await MigrationLoader.load({ alias: "default" });
   */
  static async load(options: MigrationLoaderOptions = {}): Promise<MigrationLoader> {
    const alias = options.alias ?? "default";
    const applied =
      options.readApplied === false
        ? new Map<string, Date>()
        : await new MigrationRecorder(alias).appliedMigrations();
    const loader = new MigrationLoader(applied, alias);
    const sources = options.sources ?? (options.migrations ? [] : migrationSources());
    for (const source of sources) await loader.#loadApp(source);
    for (const migration of options.migrations ?? []) loader.#add(migration);
    loader.#buildGraph(new Set([...sources.map((s) => s.app), ...loader.migratedApps]));
    return loader;
  }

  /**
   * Apps with more than one leaf migration (two branches to merge), with the leaves' names sorted.
   *
   * @example
   * loader.detectConflicts(); // Map { "polls" => ["0003_author", "0003_tags"] }
   */
  detectConflicts(): Map<string, string[]> {
    const byApp = new Map<string, string[]>();
    for (const [app, name] of this.graph.leafNodes()) {
      byApp.set(app, [...(byApp.get(app) ?? []), name]);
    }
    const conflicts = new Map<string, string[]>();
    for (const [app, names] of [...byApp].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (names.length > 1) conflicts.set(app, names.sort());
    }
    return conflicts;
  }

  /**
   * MigrationConflictError when an app has more than one leaf migration.
   *
   * @example
   * loader.ensureNoConflicts();
   */
  ensureNoConflicts(): void {
    const conflicts = this.detectConflicts();
    if (conflicts.size === 0) return;
    const list = [...conflicts].map(([app, names]) => `${names.join(", ")} in ${app}`).join("; ");
    throw new MigrationConflictError(
      `Conflicting migrations detected; multiple leaf nodes in the migration graph: (${list}). To fix them run 'manage makemigrations --merge'.`,
    );
  }

  /**
   * InconsistentMigrationHistory when an applied migration has a dependency that is not applied.
   *
   * @example
   * loader.checkConsistentHistory();
   */
  checkConsistentHistory(): void {
    for (const label of this.applied.keys()) {
      const migration = this.graph.nodes.get(label);
      if (!migration) continue;
      for (const parent of this.graph.parents(migration.key)) {
        const parentLabel = keyLabel(parent);
        if (this.applied.has(parentLabel)) continue;
        throw new InconsistentMigrationHistory(
          `Migration ${label} is applied before its dependency ${parentLabel} on database '${this.#alias}'. Apply ${parentLabel} first: if its changes are already in the database, record it with 'manage migrate ${parent[0]} ${parent[1]} --fake'; otherwise unapply ${label} with --fake and migrate again.`,
        );
      }
    }
  }

  /**
   * The state after `targets` (default: every leaf), or just before them with `atEnd` false.
   *
   * @example
   * loader.projectState([["polls", "0002_choice_votes"]], false);
   */
  projectState(targets?: readonly MigrationKey[], atEnd = true): ProjectState {
    return this.graph.makeState(targets ?? this.graph.leafNodes(), atEnd);
  }

  async #loadApp(source: MigrationSource): Promise<void> {
    if (!existsSync(source.dir) || !statSync(source.dir).isDirectory()) {
      this.unmigratedApps.add(source.app);
      return;
    }
    this.migratedApps.add(source.app);
    for (const file of pickFiles(readdirSync(source.dir))) {
      const path = join(source.dir, file);
      const migration = await importMigration(path);
      migration.app = source.app;
      migration.name = file.replace(/\.(ts|mts|js|mjs)$/, "");
      this.#add(migration);
    }
  }

  #add(migration: Migration): void {
    if (!migration.app || !migration.name) {
      throw new BadMigrationError(
        "A migration given to MigrationLoader.load({ migrations }) needs its app and name: set migration.app and migration.name.",
      );
    }
    this.migratedApps.add(migration.app);
    this.unmigratedApps.delete(migration.app);
    this.diskMigrations.set(migration.label, migration);
    if (migration.replaces.length > 0) this.replacements.set(migration.label, migration);
  }

  #buildGraph(installed: Set<string>): void {
    for (const migration of this.diskMigrations.values()) this.graph.addNode(migration);
    // A dependency on a replaced migration whose file is gone points at its squashed migration.
    const replacedBy = new Map<string, MigrationKey>();
    for (const squashed of this.replacements.values()) {
      for (const key of squashed.replaces) replacedBy.set(keyLabel(key), squashed.key);
    }
    for (const migration of this.diskMigrations.values()) {
      for (const dependency of migration.dependencies) {
        let parent = dependency;
        if (!installed.has(dependency[0])) {
          throw new NodeNotFoundError(
            `Migration ${migration.label} depends on ${keyLabel(dependency)}, but the app '${dependency[0]}' is not installed. Add '${dependency[0]}' to INSTALLED_APPS, or remove the dependency.`,
          );
        }
        if (!this.diskMigrations.has(keyLabel(dependency))) {
          parent = replacedBy.get(keyLabel(dependency)) ?? dependency;
        }
        if (this.unmigratedApps.has(parent[0])) {
          throw new NodeNotFoundError(
            `Migration ${migration.label} depends on ${keyLabel(parent)}, but the app '${parent[0]}' has no migrations folder. Run 'manage makemigrations ${parent[0]}', or remove the dependency.`,
          );
        }
        this.graph.addDependency(migration.key, parent);
      }
    }
    for (const squashed of this.replacements.values()) this.#replace(squashed);
    this.graph.ensureNotCyclic();
  }

  // Django's rules: a squashed migration stands for its migrations when all or none of them are applied.
  #replace(squashed: Migration): void {
    const appliedDates = squashed.replaces.map((key) => this.applied.get(keyLabel(key)));
    const all = appliedDates.every((date) => date !== undefined);
    const none = appliedDates.every((date) => date === undefined);
    if (all) {
      const latest = Math.max(...appliedDates.map((date) => (date as Date).getTime()));
      if (!this.applied.has(squashed.label)) this.applied.set(squashed.label, new Date(latest));
    } else {
      this.applied.delete(squashed.label);
    }
    if (all || none) {
      this.graph.removeReplacedNodes(squashed.key, squashed.replaces);
      return;
    }
    const missing = squashed.replaces.filter((key) => !this.diskMigrations.has(keyLabel(key)));
    if (missing.length > 0) {
      throw new NodeNotFoundError(
        `Migration ${squashed.label} replaces ${squashed.replaces.map(keyLabel).join(", ")}, but only some of them are applied, so the squashed migration cannot be used, and ${missing.map(keyLabel).join(", ")} ${missing.length === 1 ? "is" : "are"} missing. Restore the missing migration files, finish migrating with them, then remove them again.`,
      );
    }
    this.graph.removeReplacementNode(squashed.key, squashed.replaces);
  }
}

// The migration files of a folder: x.ts and x.js of one migration count once, as PREFERRED says.
function pickFiles(files: readonly string[]): string[] {
  const byName = new Map<string, string[]>();
  for (const file of files) {
    if (file.endsWith(".d.ts") || file.includes(".test.") || !FILE_PATTERN.test(file)) continue;
    const name = file.replace(/\.(ts|mts|js|mjs)$/, "");
    byName.set(name, [...(byName.get(name) ?? []), file]);
  }
  const picked: string[] = [];
  for (const candidates of byName.values()) {
    const rank = (file: string) => PREFERRED.indexOf(file.slice(file.lastIndexOf(".") + 1));
    picked.push(candidates.sort((a, b) => rank(a) - rank(b))[0] as string);
  }
  return picked.sort();
}

async function importMigration(path: string): Promise<Migration> {
  const shown = relative(process.cwd(), path) || path;
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (error) {
    if (error instanceof BadMigrationError) {
      throw new BadMigrationError(`${shown}: ${error.message}`, { cause: error });
    }
    throw error;
  }
  const exported = module.default;
  if (exported === undefined) {
    throw new BadMigrationError(
      `${shown} has no default export; a migration file ends with export default new Migration({ ... }).`,
    );
  }
  if (!(exported instanceof Migration)) {
    throw new BadMigrationError(
      `The default export of ${shown} is not a Migration (got ${exported === null ? "null" : typeof exported}); a migration file ends with export default new Migration({ ... }).`,
    );
  }
  return exported;
}
