/** The PostgreSQL server a test database lives on: its name in DATABASES, and the admin statements that create, copy and drop it. */
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { type DatabaseSettings, redact, resolveDatabase } from "../db/database-settings.js";
import { OperationalError } from "../errors.js";

/** PostgreSQL's limit on identifiers (NAMEDATALEN - 1). */
export const MAX_DATABASE_NAME = 63;

/**
 * The database name a PostgreSQL DATABASES entry points at (its URL's path, else NAME).
 *
 * @example
 * databaseNameOf({ URL: "postgres://u@db:5432/mysite" }); // "mysite"
 */
export function databaseNameOf(entry: DatabaseSettings): string {
  if (entry.URL) {
    const name = decodeURIComponent(new URL(entry.URL).pathname.slice(1));
    return name || "postgres";
  }
  return entry.NAME ?? "postgres";
}

/**
 * The same entry pointed at another database on the same server.
 *
 * @example
 * withDatabaseName({ URL: "postgres://u@db/mysite" }, "test_mysite"); // { URL: "postgres://u@db/test_mysite" }
 */
export function withDatabaseName(entry: DatabaseSettings, name: string): DatabaseSettings {
  if (entry.URL) {
    const url = new URL(entry.URL);
    url.pathname = `/${encodeURIComponent(name)}`;
    return { ...entry, URL: url.toString() };
  }
  return { ...entry, NAME: name };
}

/**
 * A database name quoted for SQL.
 *
 * @example
 * quoteName('test_my"site'); // '"test_my""site"'
 */
export function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Where an admin session connects, described for messages. */
function describe(alias: string, entry: DatabaseSettings): string {
  const where = entry.URL
    ? redact(entry.URL)
    : `${entry.HOST ?? "localhost"}:${entry.PORT ?? 5432}/${entry.NAME ?? ""}`;
  return `DATABASES['${alias}'] (${where})`;
}

/**
 * Admin statements on the server of a DATABASES entry, run from its maintenance database
 * ("postgres", else the entry's own), as Django's test runner does.
 *
 * @example
 * const server = new TestDatabaseServer("default", settings.DATABASES.default, baseDir);
 * await server.query(`create database "test_mysite"`);
 */
export class TestDatabaseServer {
  constructor(
    readonly alias: string,
    readonly entry: DatabaseSettings,
    readonly baseDir: string,
    /** Where the server comes from, for messages ("DATABASES['default']" or "TEST_DATABASE_URL"). */
    readonly source: string = describe(alias, entry),
  ) {}

  /** Runs one statement and returns its rows; an unreachable server fails with how to fix it. */
  async query(sql: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
    const client = await this.#connect();
    try {
      return (await client.query(sql, values)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  }

  /** Whether a database of that name exists on the server. */
  async exists(name: string): Promise<boolean> {
    const rows = await this.query("select 1 from pg_database where datname = $1", [name]);
    return rows.length > 0;
  }

  /**
   * Creates `name` as a copy of `template`. Retries while another session is still leaving
   * the template (PostgreSQL refuses to copy a database that has connections).
   */
  async copy(template: string, name: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.query(`create database ${quoteName(name)} template ${quoteName(template)}`);
        return;
      } catch (error) {
        const busy = (error as { code?: string }).code === "55006";
        if (!busy || attempt >= 50) throw error;
        await sleep(100 + Math.random() * 100);
      }
    }
  }

  /** Drops `name` if it exists, closing the sessions still on it. */
  async drop(name: string): Promise<void> {
    await this.query(`drop database if exists ${quoteName(name)} with (force)`);
  }

  async #connect(): Promise<pg.Client> {
    let lastError: unknown;
    for (const database of ["postgres", databaseNameOf(this.entry)]) {
      const resolved = resolveDatabase(
        this.alias,
        withDatabaseName({ ...this.entry, ENGINE: "postgres" }, database),
        this.baseDir,
      );
      if (resolved.engine !== "postgres") break;
      const { max: _max, idleTimeoutMillis: _idle, ...config } = resolved.pool;
      const client = new pg.Client({ ...config, connectionTimeoutMillis: 10_000 });
      client.on("error", () => {});
      try {
        await client.connect();
        return client;
      } catch (error) {
        lastError = error;
        // No "postgres" maintenance database: try the configured one instead.
        if ((error as { code?: string }).code !== "3D000") break;
      }
    }
    throw new OperationalError(
      `The PostgreSQL server of ${this.source} cannot be reached to create the test database: ${(lastError as Error).message}. Start PostgreSQL there (and check the user may create databases), fix the connection settings, or run the tests on PGlite with 'manage test --engine pglite'.`,
      {},
      { cause: lastError },
    );
  }
}
