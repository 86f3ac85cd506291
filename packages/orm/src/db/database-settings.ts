/** DATABASES entries: their shape, and how one becomes a PGlite folder or a pg pool config. */
import { isAbsolute, join, resolve } from "node:path";
import { ImproperlyConfigured } from "@tango/core";
import type { PoolConfig } from "pg";

/** One entry of the DATABASES setting, as users write it (Django's names). */
export interface DatabaseSettings {
  /** "pglite" (embedded, the default) or "postgres" (a server through `pg`). */
  ENGINE?: "pglite" | "postgres" | undefined;
  /** postgres: a connection URL (`postgres://user:pass@host:5432/name?sslmode=require`). */
  URL?: string | undefined;
  /** postgres: the database name; pglite: the data folder (relative to BASE_DIR), or ":memory:". */
  NAME?: string | undefined;
  USER?: string | undefined;
  PASSWORD?: string | undefined;
  HOST?: string | undefined;
  PORT?: number | string | undefined;
  /**
   * postgres: `max`, `idleTimeoutMillis`, `connectionTimeoutMillis`, `ssl`, `statement_timeout`...
   * (pg PoolConfig names). pglite: `loadDataDir`, a `dumpDataDir()` tarball to start from
   * (with NAME ":memory:"; the test databases use it).
   */
  OPTIONS?: Record<string, unknown> | undefined;
  /** Run each view in a transaction on this database (Django's ATOMIC_REQUESTS; default false). */
  ATOMIC_REQUESTS?: boolean | undefined;
}

/** The DATABASES setting: alias -> entry. */
export type DatabasesSettings = Readonly<Record<string, DatabaseSettings>>;

/** An entry resolved for opening: which engine, and what to open. */
export type ResolvedDatabase =
  | {
      engine: "pglite";
      alias: string;
      dataDir: string | undefined;
      loadDataDir?: string;
      timeZone: string;
    }
  | { engine: "postgres"; alias: string; pool: PoolConfig; label: string; timeZone: string };

const POOL_OPTIONS = new Set([
  "max",
  "min",
  "idleTimeoutMillis",
  "connectionTimeoutMillis",
  "ssl",
  "statement_timeout",
  "query_timeout",
  "lock_timeout",
  "idle_in_transaction_session_timeout",
  "application_name",
  "keepAlive",
  "maxUses",
  "allowExitOnIdle",
  "options",
]);

/**
 * The PGlite folder used when DATABASES is empty: `<BASE_DIR>/../.tango/db`.
 *
 * @example
 * defaultPgliteFolder("/srv/mysite/src"); // "/srv/mysite/.tango/db"
 */
export function defaultPgliteFolder(baseDir: string): string {
  return resolve(baseDir, "..", ".tango", "db");
}

/**
 * Checks one DATABASES entry and resolves it for opening.
 *
 * @example
 * resolveDatabase("default", { ENGINE: "postgres", URL: "postgres://localhost/mysite" }, "/srv/mysite/src");
 */
export function resolveDatabase(
  alias: string,
  entry: DatabaseSettings,
  baseDir: string,
  timeZone = "UTC",
): ResolvedDatabase {
  checkTimeZone(timeZone);
  const engine = entry.ENGINE ?? (entry.URL ? "postgres" : "pglite");
  const atomicRequests: unknown = entry.ATOMIC_REQUESTS;
  if (atomicRequests !== undefined && typeof atomicRequests !== "boolean") {
    throw new ImproperlyConfigured(
      `DATABASES['${alias}'].ATOMIC_REQUESTS must be true or false, got ${JSON.stringify(atomicRequests)}.`,
    );
  }
  if (engine === "pglite") {
    if (entry.URL) {
      throw new ImproperlyConfigured(
        `DATABASES['${alias}'] uses ENGINE 'pglite' with a URL ('${redact(entry.URL)}'). PGlite is embedded: set NAME to its data folder, or set ENGINE to 'postgres'.`,
      );
    }
    const name = entry.NAME;
    const load = pgliteLoad(alias, entry);
    if (name === ":memory:") return { engine, alias, dataDir: undefined, timeZone, ...load };
    if (load.loadDataDir) {
      throw new ImproperlyConfigured(
        `DATABASES['${alias}'].OPTIONS.loadDataDir needs NAME ':memory:' (PGlite loads a dump only into a new in-memory database), got NAME '${String(name)}'.`,
      );
    }
    const dataDir = name
      ? isAbsolute(name)
        ? name
        : join(baseDir, name)
      : defaultPgliteFolder(baseDir);
    return { engine, alias, dataDir, timeZone };
  }
  if (engine !== "postgres") {
    throw new ImproperlyConfigured(
      `DATABASES['${alias}'].ENGINE is '${String(engine)}'. Use 'postgres' or 'pglite'.`,
    );
  }
  const pool = poolConfig(alias, entry);
  // Every session reads and extracts date parts in TIME_ZONE, as Django's lookups do.
  pool.options = [pool.options, `-c TimeZone=${timeZone}`].filter(Boolean).join(" ");
  return { engine, alias, pool, label: describeServer(entry), timeZone };
}

/**
 * Refuses a TIME_ZONE that is not an IANA name ("Europe/Paris", "UTC"): it becomes part of
 * the sessions' configuration.
 *
 * @example
 * checkTimeZone("Europe/Paris");
 */
export function checkTimeZone(timeZone: string): void {
  let known = /^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(timeZone);
  if (known) {
    try {
      new Intl.DateTimeFormat("en", { timeZone });
    } catch {
      known = false;
    }
  }
  if (!known) {
    throw new ImproperlyConfigured(
      `TIME_ZONE is '${timeZone}', which is not a time zone name. Use an IANA name such as 'UTC' or 'Europe/Paris'.`,
    );
  }
}

function pgliteLoad(alias: string, entry: DatabaseSettings): { loadDataDir?: string } {
  const options = entry.OPTIONS ?? {};
  for (const key of Object.keys(options)) {
    if (key !== "loadDataDir") {
      throw new ImproperlyConfigured(
        `DATABASES['${alias}'].OPTIONS has '${key}', which PGlite does not take. PGlite takes only loadDataDir.`,
      );
    }
  }
  const load = options.loadDataDir;
  if (load === undefined) return {};
  if (typeof load !== "string" || load === "") {
    throw new ImproperlyConfigured(
      `DATABASES['${alias}'].OPTIONS.loadDataDir must be the path of a PGlite dump (a .tar file), got ${JSON.stringify(load)}.`,
    );
  }
  return { loadDataDir: load };
}

function poolConfig(alias: string, entry: DatabaseSettings): PoolConfig {
  const options = entry.OPTIONS ?? {};
  for (const key of Object.keys(options)) {
    if (!POOL_OPTIONS.has(key)) {
      throw new ImproperlyConfigured(
        `DATABASES['${alias}'].OPTIONS has an unknown option '${key}'. Use one of: ${[...POOL_OPTIONS].join(", ")}.`,
      );
    }
  }
  const config: PoolConfig = { ...(options as PoolConfig) };
  if (entry.URL) {
    if (!/^postgres(ql)?:\/\//.test(entry.URL)) {
      throw new ImproperlyConfigured(
        `DATABASES['${alias}'].URL is '${redact(entry.URL)}', which is not a PostgreSQL URL. Write it as postgres://user:password@host:5432/name.`,
      );
    }
    config.connectionString = entry.URL;
  } else {
    if (!entry.NAME) {
      throw new ImproperlyConfigured(
        `DATABASES['${alias}'] uses ENGINE 'postgres' without URL or NAME. Set URL ('postgres://user@host:5432/name') or NAME (with USER, PASSWORD, HOST, PORT as needed).`,
      );
    }
    config.database = entry.NAME;
    if (entry.USER !== undefined) config.user = entry.USER;
    if (entry.PASSWORD !== undefined) config.password = entry.PASSWORD;
    if (entry.HOST !== undefined) config.host = entry.HOST;
    if (entry.PORT !== undefined) config.port = portOf(alias, entry.PORT);
  }
  config.max ??= 10;
  config.connectionTimeoutMillis ??= 10_000;
  return config;
}

function portOf(alias: string, port: number | string): number {
  const value = typeof port === "number" ? port : Number(port);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) {
    throw new ImproperlyConfigured(
      `DATABASES['${alias}'].PORT is '${String(port)}', which is not a port number. Use a number such as 5432.`,
    );
  }
  return value;
}

/**
 * A URL with its password hidden, for messages and logs.
 *
 * @example
 * redact("postgres://me:secret@db/x"); // "postgres://me:***@db/x"
 */
export function redact(url: string): string {
  return url.replace(/^(\w+:\/\/[^:/@]*):[^@/]*@/, "$1:***@");
}

function describeServer(entry: DatabaseSettings): string {
  if (entry.URL) return redact(entry.URL);
  return `postgres://${entry.USER ?? ""}@${entry.HOST ?? "localhost"}:${entry.PORT ?? 5432}/${entry.NAME ?? ""}`;
}
