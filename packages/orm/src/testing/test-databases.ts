/** setupTestDatabases(): a fresh database per alias for a test run (pg: created and dropped; PGlite: a copied folder). */
import { randomBytes } from "node:crypto";
import { getSettings, ImproperlyConfigured, settingsConfigured } from "@tango/core";
import pg from "pg";
import { connections } from "../db/connections.js";
import {
  type DatabaseSettings,
  type DatabasesSettings,
  redact,
  resolveDatabase,
} from "../db/database-settings.js";
import { OperationalError } from "../errors.js";
import { pgliteTemplate } from "./pglite-template.js";

/** Which engine the test databases use. */
export type TestEngine = "pglite" | "postgres";

/** Options of {@link setupTestDatabases}. */
export interface TestDatabasesOptions {
  /** The engine for every alias (default: the engine each alias is configured with, else PGlite). */
  engine?: TestEngine;
  /** The aliases to create (default: the configured ones, else ["default"]). */
  aliases?: readonly string[];
  /** The PostgreSQL server to create databases on (default: TEST_DATABASE_URL). */
  serverUrl?: string;
}

/** The databases made for a test run. */
export interface TestDatabases {
  /** The DATABASES now in force (the test copies). */
  readonly databases: DatabasesSettings;
  /** Closes the connections, drops/removes the databases, restores the previous configuration. */
  teardown(): Promise<void>;
}

/**
 * Creates a fresh database per alias and points `connections` at them. PostgreSQL:
 * `tango_test_<pid>_<random>` on TEST_DATABASE_URL's server, dropped by teardown() (an
 * unreachable server fails loudly). PGlite: an in-memory database loaded from an initialised
 * template (made once, see pgliteTemplate()).
 *
 * @example
 * const test = await setupTestDatabases({ engine: "postgres" });
 * try { await runMyTests(); } finally { await test.teardown(); }
 */
export async function setupTestDatabases(
  options: TestDatabasesOptions = {},
): Promise<TestDatabases> {
  const previous = connections.explicitDatabases;
  const aliases = options.aliases ?? configuredAliases();
  const databases: Record<string, DatabaseSettings> = {};
  const cleanups: Array<() => Promise<void>> = [];
  try {
    for (const alias of aliases) {
      const engine = options.engine ?? configuredEngine(alias);
      if (engine === "pglite") {
        const loadDataDir = await pgliteTemplate();
        databases[alias] = { ENGINE: "pglite", NAME: ":memory:", OPTIONS: { loadDataDir } };
      } else {
        const created = await createPgDatabase(options.serverUrl ?? requireTestUrl());
        cleanups.push(created.drop);
        databases[alias] = { ENGINE: "postgres", URL: created.url };
      }
    }
    await connections.configure(databases, { baseDir: process.cwd() });
  } catch (error) {
    await runAll(cleanups);
    throw error;
  }
  return testDatabasesHandle(databases, previous, () => runAll(cleanups));
}

/**
 * Puts back the configuration `previous` (what `connections.explicitDatabases` was before a
 * test run changed it), or none.
 *
 * @example
 * const previous = connections.explicitDatabases; ...; await restoreDatabases(previous);
 */
export function restoreDatabases(previous: typeof connections.explicitDatabases): Promise<void> {
  return connections.configure(
    previous?.databases,
    previous ? { baseDir: previous.baseDir, timeZone: previous.timeZone } : {},
  );
}

/**
 * The {@link TestDatabases} of a run that configured `databases` over `previous` (what
 * `connections.explicitDatabases` was before): its teardown, run once however often it is
 * called, puts `previous` back, then runs `cleanup` (dropping what the run created).
 *
 * @example
 * return testDatabasesHandle(databases, previous, () => dropAll());
 */
export function testDatabasesHandle(
  databases: DatabasesSettings,
  previous: typeof connections.explicitDatabases,
  cleanup: () => Promise<void>,
): TestDatabases {
  let done: Promise<void> | undefined;
  return {
    databases,
    teardown() {
      done ??= (async () => {
        try {
          await restoreDatabases(previous);
        } finally {
          await cleanup();
        }
      })();
      return done;
    },
  };
}

async function runAll(cleanups: Array<() => Promise<void>>): Promise<void> {
  const results = await Promise.allSettled(cleanups.map((c) => c()));
  const errors = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
  if (errors.length > 0) throw new AggregateError(errors, "Removing some test databases failed.");
}

function configuredAliases(): string[] {
  const explicit = connections.explicitDatabases;
  if (explicit) return Object.keys(explicit.databases);
  if (!settingsConfigured()) return ["default"];
  const names = Object.keys(getSettings().DATABASES);
  return names.length > 0 ? names : ["default"];
}

function configuredEngine(alias: string): TestEngine {
  const explicit = connections.explicitDatabases;
  const databases = explicit?.databases ?? (settingsConfigured() ? getSettings().DATABASES : {});
  const entry = (databases as DatabasesSettings)[alias];
  return entry ? resolveDatabase(alias, entry, process.cwd()).engine : "pglite";
}

function requireTestUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new ImproperlyConfigured(
      "TEST_DATABASE_URL is not set, so the PostgreSQL tests cannot create their database. Set it to a server where you may create databases, for example TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres.",
    );
  }
  return url;
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    throw new OperationalError(
      `The test database server ${redact(serverUrl)} (TEST_DATABASE_URL) cannot be reached: ${(error as Error).message}. Start PostgreSQL there, or fix TEST_DATABASE_URL.`,
      {},
      { cause: error },
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function createPgDatabase(
  serverUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch {
    throw new ImproperlyConfigured(
      `TEST_DATABASE_URL is '${redact(serverUrl)}', which is not a URL. Write it as postgres://user@host:5432/postgres.`,
    );
  }
  const name = `tango_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  await adminQuery(serverUrl, `create database "${name}"`);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(serverUrl, `drop database if exists "${name}" with (force)`),
  };
}
