/** `connections`: the project's databases by alias, from DATABASES or configured explicitly. */
import {
  currentProject,
  getSettings,
  ImproperlyConfigured,
  type Project,
  settingsConfigured,
} from "@tango/core";
import { Connection } from "./connection.js";
import {
  type DatabaseSettings,
  type DatabasesSettings,
  type ResolvedDatabase,
  resolveDatabase,
} from "./database-settings.js";

/** Where explicit configuration (tests, scripts) puts the databases. */
export interface ConfigureDatabasesOptions {
  /** Resolves relative PGlite folders (default: BASE_DIR when settings are configured, else the cwd). */
  baseDir?: string;
  /** The sessions' time zone (default: TIME_ZONE when settings are configured, else UTC). */
  timeZone?: string;
}

/** The databases in use, where relative PGlite folders start, and the sessions' time zone. */
export interface Configuration {
  databases: DatabasesSettings;
  baseDir: string;
  timeZone: string;
}

/** The projects closeConnections() is registered with. */
const registered = new WeakSet<object>();

/**
 * The open connections, one per alias, opened on first use.
 *
 * @example
 * const db = connections.get("default").kysely;
 */
export class ConnectionHandler {
  #explicit: Configuration | undefined;
  readonly #open = new Map<string, Connection>();

  /** The DATABASES in force: the explicit configuration, else the settings' (PGlite when empty). */
  get databases(): DatabasesSettings {
    return this.#configuration().databases;
  }

  /** The configured aliases. */
  aliases(): string[] {
    return Object.keys(this.databases);
  }

  /**
   * The connection of `alias` (opened lazily; nothing connects until the first query).
   *
   * @example
   * await connections.get("replica").kysely.selectFrom("t").selectAll().execute();
   */
  get(alias = "default"): Connection {
    const open = this.#open.get(alias);
    if (open) return open;
    const connection = new Connection(this.resolve(alias));
    this.#open.set(alias, connection);
    // An open pool or PGlite keeps the process alive: close the project's databases with it.
    // An explicit configuration (tests, scripts) is closed by whoever made it: a test app
    // closing must not drop the test databases under the rest of the suite.
    const project = this.#explicit ? undefined : currentProject();
    if (project) closeConnectionsOnClose(project);
    return connection;
  }

  /** How `alias` would open (checked, with defaults applied). */
  resolve(alias: string): ResolvedDatabase {
    const { databases, baseDir, timeZone } = this.#configuration();
    const entry: DatabaseSettings | undefined = databases[alias];
    if (!entry) {
      const known = Object.keys(databases);
      throw new ImproperlyConfigured(
        `The database '${alias}' is not in DATABASES (configured: ${known.map((a) => `'${a}'`).join(", ") || "none"}). Add DATABASES['${alias}'] to your settings, or pass using: '${known[0] ?? "default"}'.`,
      );
    }
    return resolveDatabase(alias, entry, baseDir, timeZone);
  }

  /** The connections opened so far. */
  opened(): Connection[] {
    return [...this.#open.values()];
  }

  /**
   * Uses `databases` instead of the DATABASES setting (tests, scripts), closing what is open.
   *
   * @example
   * await connections.configure({ default: { ENGINE: "pglite", NAME: ":memory:" } });
   */
  async configure(
    databases: DatabasesSettings | undefined,
    options: ConfigureDatabasesOptions = {},
  ): Promise<void> {
    await this.closeAll();
    const baseDir = options.baseDir ?? defaultBaseDir();
    const timeZone = options.timeZone ?? defaultTimeZone();
    if (databases) resolveAll(databases, baseDir, timeZone);
    this.#explicit = databases ? { databases: { ...databases }, baseDir, timeZone } : undefined;
  }

  /** The explicit configuration (configure()), or undefined when DATABASES is used. */
  get explicitDatabases(): Configuration | undefined {
    return this.#explicit;
  }

  /** Closes every open connection; the next get() opens them again. */
  async closeAll(): Promise<void> {
    const open = [...this.#open.values()];
    this.#open.clear();
    const results = await Promise.allSettled(open.map((c) => c.close()));
    const errors = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    if (errors.length > 0) throw new AggregateError(errors, "Closing some databases failed.");
  }

  #configuration(): Configuration {
    if (this.#explicit) return this.#explicit;
    if (!settingsConfigured()) {
      throw new ImproperlyConfigured(
        "No databases are configured: settings are not set up. Call setup(settings) from @tango/core first (manage and createApplication() do), or configureDatabases({ default: {...} }) in scripts and tests.",
      );
    }
    const settings = getSettings();
    const databases = settings.DATABASES as DatabasesSettings;
    return {
      databases: Object.keys(databases).length > 0 ? databases : DEFAULT_DATABASES,
      baseDir: settings.BASE_DIR,
      timeZone: settings.TIME_ZONE,
    };
  }
}

// One object, not one per call: ATOMIC_REQUESTS caches its aliases per DATABASES object, and a
// new one on every request would miss that cache each time.
const DEFAULT_DATABASES: DatabasesSettings = Object.freeze({
  default: Object.freeze({ ENGINE: "pglite" as const }),
});

function defaultBaseDir(): string {
  return settingsConfigured() ? getSettings().BASE_DIR : process.cwd();
}

function defaultTimeZone(): string {
  return settingsConfigured() ? getSettings().TIME_ZONE : "UTC";
}

function resolveAll(databases: DatabasesSettings, baseDir: string, timeZone: string): void {
  for (const [alias, entry] of Object.entries(databases)) {
    resolveDatabase(alias, entry, baseDir, timeZone);
  }
}

/**
 * The project's databases.
 *
 * @example
 * const rows = await connections.get().kysely.selectFrom("polls_question").selectAll().execute();
 */
export const connections = new ConnectionHandler();

/**
 * Uses `databases` instead of the DATABASES setting; `undefined` goes back to the setting.
 * Closes the connections open so far.
 *
 * @example
 * await configureDatabases({ default: { ENGINE: "postgres", URL: process.env.DATABASE_URL } });
 */
export function configureDatabases(
  databases: DatabasesSettings | undefined,
  options: ConfigureDatabasesOptions = {},
): Promise<void> {
  return connections.configure(databases, options);
}

/**
 * Closes every open database connection (pools end, PGlite instances close).
 *
 * @example
 * await closeConnections();
 */
export function closeConnections(): Promise<void> {
  return connections.closeAll();
}

/**
 * Closes the databases when `project` closes (`project.close()` on shutdown). You rarely
 * need it: the first connection opened from the DATABASES setting while a project is set up
 * (core's `currentProject()`) registers this with that project; databases configured with
 * configureDatabases() are left to you. Calling it twice for one project registers once.
 *
 * @example
 * const project = await setup(settings);
 * closeConnectionsOnClose(project);
 */
export function closeConnectionsOnClose(project: Pick<Project, "onClose">): void {
  // Once per project: connections.get() calls this for the current project on every first open.
  if (registered.has(project)) return;
  registered.add(project);
  project.onClose(closeConnections);
}
