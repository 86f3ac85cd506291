// The TechEmpower bench's database: a fresh PostgreSQL database filled by examples/bench's
// migrations through `manage migrate`, dropped at the end.

import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";

const repo = fileURLToPath(new URL("..", import.meta.url));

/** The server the bench creates its database on (as the test suites do). */
export const DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** A database created for one run: its URL, and how to drop it. */
export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates `tango_tfb_<pid>` on the server of `serverUrl` and runs the example's migrations
 * into it: the schema, then 10,000 worlds and 12 fortunes.
 *
 * @example
 * const database = await createBenchDatabase(process.env.TEST_DATABASE_URL, { built: true });
 * try { ... } finally { await database.drop(); }
 */
export async function createBenchDatabase(
  serverUrl = DEFAULT_SERVER_URL,
  options: { built: boolean },
): Promise<BenchDatabase> {
  const name = `tango_tfb_${process.pid}`;
  await admin(serverUrl, [`DROP DATABASE IF EXISTS ${name}`, `CREATE DATABASE ${name}`]);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database: BenchDatabase = {
    url: url.href,
    drop: () => admin(serverUrl, [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]),
  };
  try {
    migrate(database.url, options.built);
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}

async function admin(serverUrl: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `manage migrate` in examples/bench, as a deployment runs it (--built: dist/'s migrations). */
function migrate(databaseUrl: string, built: boolean): void {
  const manage = `${repo}packages/cli/bin/manage.js`;
  try {
    execFileSync(process.execPath, [manage, "migrate", ...(built ? ["--built"] : [])], {
      cwd: `${repo}examples/bench`,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: "pipe",
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`manage migrate failed in examples/bench:\n${stdout ?? ""}${stderr ?? ""}`);
  }
}
