/** prepareTestDatabases() and cloneTestDatabases(): the project's test databases, migrated once per run and copied for each test file. */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ImproperlyConfigured } from "@tango/core";
import { connections } from "../db/connections.js";
import {
  type DatabaseSettings,
  type DatabasesSettings,
  resolveDatabase,
} from "../db/database-settings.js";
import { openPGlite } from "../db/pglite-open.js";
import { MigrationExecutor } from "../migrations/executor.js";
import { pgliteTemplate } from "./pglite-template.js";
import {
  databaseNameOf,
  MAX_DATABASE_NAME,
  quoteName,
  TestDatabaseServer,
  withDatabaseName,
} from "./test-database-server.js";
import {
  restoreDatabases,
  type TestDatabases,
  type TestEngine,
  testDatabasesHandle,
} from "./test-databases.js";

/**
 * The migrated database of one alias that each test file gets a copy of: `settings` opens a
 * PGlite dump (NAME ":memory:" and OPTIONS.loadDataDir) or names the PostgreSQL database
 * copied with `CREATE DATABASE ... TEMPLATE`. Plain JSON, so it can travel to test workers.
 */
export interface TestDatabaseTemplate {
  readonly engine: TestEngine;
  readonly settings: DatabaseSettings;
  /** postgres: where the server came from, for messages. */
  readonly source?: string;
}

/** The templates by alias. */
export type TestDatabaseTemplates = Readonly<Record<string, TestDatabaseTemplate>>;

/** What {@link prepareTestDatabases} reports while it works. */
export type TestDatabaseEvent =
  | { type: "create"; alias: string; engine: TestEngine; name: string; reused: boolean }
  | { type: "migrate"; alias: string; migration: string }
  | { type: "migrated"; alias: string }
  | { type: "destroy"; alias: string; engine: TestEngine; name: string; kept: boolean };

/** Options of {@link prepareTestDatabases}. */
export interface PrepareTestDatabasesOptions {
  /** The project's DATABASES (default: the ones in force, `connections.databases`). */
  databases?: DatabasesSettings;
  /** Where relative PGlite folders start (default: the configuration's). */
  baseDir?: string;
  /** The sessions' time zone (default UTC). */
  timeZone?: string;
  /** Use this engine for every alias instead of the configured one. */
  engine?: TestEngine;
  /** PostgreSQL: keep the test databases after the run and reuse them next time (Django's --keepdb). */
  keepdb?: boolean;
  /** The server for aliases configured on PGlite but tested on PostgreSQL (default TEST_DATABASE_URL). */
  serverUrl?: string;
  /** Called as databases are created, migrated and destroyed. */
  progress?: (event: TestDatabaseEvent) => void;
}

/** The test databases of a run, ready to copy. */
export interface PreparedTestDatabases {
  readonly templates: TestDatabaseTemplates;
  /** Removes the databases (PostgreSQL ones are kept with `keepdb`) and the PGlite dumps. */
  destroy(): Promise<void>;
}

interface Planned {
  alias: string;
  /** postgres: the test database existed and is reused (keepdb). */
  reused: boolean;
  engine: TestEngine;
  /** Where migrations run: a PGlite folder or the PostgreSQL test database. */
  migrateWith: DatabaseSettings;
  template: TestDatabaseTemplate;
  name: string;
  server?: TestDatabaseServer;
}

/**
 * Creates one test database per alias, as Django's test runner does, and applies the
 * project's migrations to it once: PostgreSQL gets `test_<NAME>` on the server the alias
 * points at (dropped first if it exists, unless `keepdb`); PGlite gets a migrated dump in
 * the OS temporary folder. Needs the project set up (the migrations come from its apps).
 *
 * @example
 * const prepared = await prepareTestDatabases({ progress: (e) => console.log(e) });
 * try { await runTestFiles(prepared.templates); } finally { await prepared.destroy(); }
 */
export async function prepareTestDatabases(
  options: PrepareTestDatabasesOptions = {},
): Promise<PreparedTestDatabases> {
  const previous = connections.explicitDatabases;
  const databases = options.databases ?? connections.databases;
  const baseDir = options.baseDir ?? previous?.baseDir ?? process.cwd();
  const timeZone = options.timeZone ?? "UTC";
  const dumps = await mkdtemp(join(tmpdir(), "tango-test-"));
  const planned: Planned[] = [];
  const prepared: PreparedTestDatabases = {
    templates: {},
    destroy: () => destroyAll(planned, dumps, options),
  };
  try {
    for (const [alias, entry] of Object.entries(databases)) {
      const plan = await createDatabase(alias, entry, { ...options, baseDir, timeZone }, dumps);
      planned.push(plan);
      options.progress?.({
        type: "create",
        alias,
        engine: plan.engine,
        name: plan.name,
        reused: plan.reused,
      });
    }
    await connections.configure(Object.fromEntries(planned.map((p) => [p.alias, p.migrateWith])), {
      baseDir,
      timeZone,
    });
    for (const plan of planned) await migrate(plan.alias, options.progress);
    await restoreDatabases(previous);
    for (const plan of planned) if (plan.engine === "pglite") await dumpPglite(plan, timeZone);
  } catch (error) {
    await connections.closeAll().catch(() => {});
    await prepared.destroy().catch(() => {});
    throw error;
  }
  return { ...prepared, templates: Object.fromEntries(planned.map((p) => [p.alias, p.template])) };
}

async function createDatabase(
  alias: string,
  entry: DatabaseSettings,
  options: PrepareTestDatabasesOptions & { baseDir: string; timeZone: string },
  dumps: string,
): Promise<Planned> {
  const configured = resolveDatabase(alias, entry, options.baseDir, options.timeZone).engine;
  const engine = options.engine ?? configured;
  const atomic =
    entry.ATOMIC_REQUESTS === undefined ? {} : { ATOMIC_REQUESTS: entry.ATOMIC_REQUESTS };
  if (engine === "pglite") {
    const folder = join(dumps, `${alias}-data`);
    const db = await openPGlite(folder, await pgliteTemplate(), options.timeZone);
    await db.close();
    const dump = join(dumps, `${alias}.tar`);
    return {
      alias,
      reused: false,
      engine,
      migrateWith: { ENGINE: "pglite", NAME: folder },
      template: {
        engine,
        settings: { ENGINE: "pglite", NAME: ":memory:", OPTIONS: { loadDataDir: dump }, ...atomic },
      },
      name: "in memory",
    };
  }
  const { base, name, source } = postgresTarget(alias, entry, configured, options.serverUrl);
  const server = new TestDatabaseServer(alias, base, options.baseDir, source);
  const settings = withDatabaseName(base, name);
  const reused = Boolean(options.keepdb) && (await server.exists(name));
  if (!reused) {
    await server.drop(name);
    await server.query(`create database ${quoteName(name)}`);
  }
  return {
    alias,
    reused,
    engine,
    migrateWith: settings,
    template: { engine, settings, source: server.source },
    name,
    server,
  };
}

function postgresTarget(
  alias: string,
  entry: DatabaseSettings,
  configured: TestEngine,
  serverUrl: string | undefined,
): { base: DatabaseSettings; name: string; source?: string } {
  if (configured === "postgres") {
    const base = { ...entry, ENGINE: "postgres" as const };
    return { base, name: testDatabaseName(databaseNameOf(base)) };
  }
  const url = serverUrl ?? process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new ImproperlyConfigured(
      `DATABASES['${alias}'] uses PGlite, so testing it on PostgreSQL needs a server: set TEST_DATABASE_URL to one where you may create databases (for example postgres://postgres@127.0.0.1:5432/postgres), or drop --engine postgres.`,
    );
  }
  return {
    base: {
      ENGINE: "postgres",
      URL: url,
      ...(entry.ATOMIC_REQUESTS ? { ATOMIC_REQUESTS: true } : {}),
    },
    name: testDatabaseName(alias),
    source: "TEST_DATABASE_URL",
  };
}

/** Django's name for a test database: `test_<NAME>`, within PostgreSQL's 63 characters. */
function testDatabaseName(name: string): string {
  return `test_${name}`.slice(0, MAX_DATABASE_NAME);
}

async function migrate(
  alias: string,
  progress: PrepareTestDatabasesOptions["progress"],
): Promise<void> {
  const executor = await MigrationExecutor.create({
    alias,
    progress(event) {
      if (event.type === "apply_start")
        progress?.({ type: "migrate", alias, migration: event.migration.label });
    },
  });
  await executor.migrate(executor.targetsForApps());
  progress?.({ type: "migrated", alias });
}

async function dumpPglite(plan: Planned, timeZone: string): Promise<void> {
  const folder = plan.migrateWith.NAME as string;
  const db = await openPGlite(folder, undefined, timeZone);
  try {
    const dump = await db.dumpDataDir("none");
    await writeFile(
      (plan.template.settings.OPTIONS as { loadDataDir: string }).loadDataDir,
      Buffer.from(await dump.arrayBuffer()),
    );
  } finally {
    await db.close();
  }
  await rm(folder, { recursive: true, force: true });
}

async function destroyAll(
  planned: readonly Planned[],
  dumps: string,
  options: PrepareTestDatabasesOptions,
): Promise<void> {
  const errors: unknown[] = [];
  for (const plan of planned) {
    const kept = plan.engine === "postgres" && Boolean(options.keepdb);
    try {
      if (plan.server) {
        await dropCopies(plan.server, plan.name);
        if (!kept) await plan.server.drop(plan.name);
      }
      options.progress?.({
        type: "destroy",
        alias: plan.alias,
        engine: plan.engine,
        name: plan.name,
        kept,
      });
    } catch (error) {
      errors.push(error);
    }
  }
  await rm(dumps, { recursive: true, force: true });
  if (errors.length > 0) throw new AggregateError(errors, "Removing some test databases failed.");
}

/** The prefix of the per-file copies of `template` (short enough to leave room for a suffix). */
function copyPrefix(template: string): string {
  return `${template.slice(0, 40)}_w`;
}

// Copies a crashed worker left behind.
async function dropCopies(server: TestDatabaseServer, template: string): Promise<void> {
  const prefix = copyPrefix(template).replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await server.query("select datname from pg_database where datname like $1", [
    `${prefix}%`,
  ]);
  for (const row of rows) await server.drop(String(row.datname));
}

/**
 * Points `connections` at a fresh copy of each template: an in-memory PGlite database loaded
 * from the dump, or a PostgreSQL database created from the template database. `teardown()`
 * drops the copies and restores the previous configuration. Test files running in parallel
 * each get their own copies.
 *
 * @example
 * const copies = await cloneTestDatabases(templates, { baseDir: settings.BASE_DIR });
 * afterAll(() => copies.teardown());
 */
export async function cloneTestDatabases(
  templates: TestDatabaseTemplates,
  options: { baseDir?: string; timeZone?: string } = {},
): Promise<TestDatabases> {
  const previous = connections.explicitDatabases;
  const baseDir = options.baseDir ?? process.cwd();
  const databases: Record<string, DatabaseSettings> = {};
  const drops: Array<() => Promise<void>> = [];
  const dropAll = async () => {
    const results = await Promise.allSettled(drops.map((drop) => drop()));
    const errors = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    if (errors.length > 0) throw new AggregateError(errors, "Removing some test databases failed.");
  };
  try {
    for (const [alias, template] of Object.entries(templates)) {
      if (template.engine === "pglite") {
        databases[alias] = template.settings;
        continue;
      }
      const server = new TestDatabaseServer(alias, template.settings, baseDir, template.source);
      const source = databaseNameOf(template.settings);
      const name = `${copyPrefix(source)}${process.pid}_${randomBytes(3).toString("hex")}`;
      await server.copy(source, name);
      drops.push(() => server.drop(name));
      databases[alias] = withDatabaseName(template.settings, name);
    }
    await connections.configure(databases, {
      baseDir,
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    });
  } catch (error) {
    await dropAll().catch(() => {});
    throw error;
  }
  return testDatabasesHandle(databases, previous, dropAll);
}
