// `manage test` end to end, as a user runs it: a temporary project (one app with a model, a
// migration, a view and tests using `new Client()`) tested on PGlite and on PostgreSQL, the
// engine chosen by the project's DATABASES; then a failing test, a broken migration, an
// unreachable server and a filter that matches nothing.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROKEN_MIGRATION, FAILING_TEST, PROJECT_FILES, settingsFile } from "./project-files.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const manageBin = join(repo, "packages/cli/bin/manage.js");
const serverUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = `tango_mt_${process.pid}`;

interface Run {
  code: number | null;
  out: string;
}

function createProject(databases: string): {
  dir: string;
  write(path: string, text: string): void;
  remove(path: string): void;
  manage(...args: string[]): Run;
} {
  // Inside the repository (.tmp-* is ignored by git), so that @tango/* resolve.
  const dir = realpathSync(mkdtempSync(join(repo, ".tmp-manage-test-")));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write(
    "package.json",
    JSON.stringify({
      name: "mt-e2e",
      private: true,
      type: "module",
      tango: { settings: "src/mysite/settings.ts" },
      scripts: { test: "manage test" },
    }),
  );
  write("src/mysite/settings.ts", settingsFile(databases));
  for (const [path, text] of Object.entries(PROJECT_FILES)) write(path, text);
  return {
    dir,
    write,
    remove: (path) => rmSync(join(dir, path), { force: true }),
    manage(...args) {
      const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1" };
      for (const name of [
        "NODE_ENV",
        "DATABASE_URL",
        "VITEST",
        "VITEST_POOL_ID",
        "VITEST_WORKER_ID",
        "TEST",
      ])
        delete env[name];
      const result = spawnSync(process.execPath, [manageBin, "test", ...args], {
        cwd: dir,
        env,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 120_000,
      });
      return { code: result.status, out: `${result.stdout}${result.stderr}` };
    },
  };
}

async function testDatabases(): Promise<string[]> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "select datname from pg_database where datname like $1 order by datname",
      [`test_${dbName}%`],
    );
    return rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

function postgresUrl(name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

describe("manage test [pglite]", { timeout: 120_000 }, () => {
  let project: ReturnType<typeof createProject>;
  beforeAll(() => {
    project = createProject("{}");
  });
  afterAll(() => rmSync(project.dir, { recursive: true, force: true }));

  it("runs the project's tests on a migrated test database, each test rolled back", () => {
    const run = project.manage("-v", "2");
    expect(run.out).toContain("Creating test database for alias 'default' (PGlite, in memory)...");
    expect(run.out).toContain("Applying polls.0001_initial...");
    expect(run.out).toContain("✓ src/polls/models.test.ts > Question > starts empty again");
    expect(run.out).toContain("✓ src/polls/views.test.ts > home page > greets");
    expect(run.out).toMatch(/Test Files {2}2 passed \(2\)/);
    expect(run.out).toMatch(/Tests {2}4 passed \(4\)/);
    expect(run.out).toContain("Destroying test database for alias 'default'");
    expect(run.code).toBe(0);
  });

  it("exits 1 when a test fails, and runs only the files the filters name", () => {
    project.write("src/polls/failing.test.ts", FAILING_TEST);
    try {
      const run = project.manage("failing");
      expect(run.out).toContain("expects a question that is not there");
      expect(run.out).toMatch(/Tests {2}1 failed \(1\)/);
      expect(run.out).not.toContain("views.test.ts");
      expect(run.code).toBe(1);
    } finally {
      project.remove("src/polls/failing.test.ts");
    }
  });

  it("names the migration that fails, and exits 1", () => {
    project.write("src/polls/migrations/0002_broken.ts", BROKEN_MIGRATION);
    try {
      const run = project.manage();
      expect(run.out).toContain(
        "Applying migration polls.0002_broken to the test database of 'default' failed: relation \"no_such_table\" does not exist.",
      );
      expect(run.out).not.toContain("Test Files");
      expect(run.code).toBe(1);
    } finally {
      project.remove("src/polls/migrations/0002_broken.ts");
    }
  });

  it("says so when no test file matches, and exits 1", () => {
    const run = project.manage("no-such-tests");
    expect(run.out).toContain(
      "No tests found matching no-such-tests: manage test runs the files src/**/*.test.{ts,mts}",
    );
    expect(run.code).toBe(1);
  });
});

describe("manage test [postgres]", { timeout: 120_000 }, () => {
  let project: ReturnType<typeof createProject>;
  beforeAll(() => {
    project = createProject(
      `{ default: { ENGINE: "postgres", URL: ${JSON.stringify(postgresUrl(dbName))} } }`,
    );
  });
  afterAll(async () => {
    rmSync(project.dir, { recursive: true, force: true });
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    for (const name of await testDatabases())
      await client.query(`drop database if exists "${name}" with (force)`);
    await client.end();
  });

  it("creates test_<NAME> on the configured server, copies it per file and drops it", async () => {
    const run = project.manage("-v", "2");
    expect(run.out).toContain(`Creating test database for alias 'default' (test_${dbName})...`);
    expect(run.out).toMatch(/Test Files {2}2 passed \(2\)/);
    expect(run.out).toMatch(/Tests {2}4 passed \(4\)/);
    expect(run.out).toContain(`Destroying test database for alias 'default' (test_${dbName})...`);
    expect(run.code).toBe(0);
    expect(await testDatabases()).toEqual([]);
  });

  it("keeps the test database with --keepdb and reuses it next time", async () => {
    expect(project.manage("--keepdb").code).toBe(0);
    expect(await testDatabases()).toEqual([`test_${dbName}`]);
    const again = project.manage("--keepdb", "models");
    expect(again.out).toContain("Using existing test database for alias 'default'...");
    expect(again.out).toContain("Preserving test database for alias 'default'...");
    expect(again.out).toMatch(/Tests {2}2 passed \(2\)/);
    expect(again.code).toBe(0);
  });

  it("exits 1 when a test fails", () => {
    project.write("src/polls/failing.test.ts", FAILING_TEST);
    try {
      const run = project.manage();
      expect(run.out).toMatch(/Tests {2}1 failed \| 4 passed \(5\)/);
      expect(run.code).toBe(1);
    } finally {
      project.remove("src/polls/failing.test.ts");
    }
  });

  it("says which server cannot be reached and how to fix it", () => {
    const unreachable = createProject(
      `{ default: { ENGINE: "postgres", URL: "postgres://postgres@127.0.0.1:1/${dbName}" } }`,
    );
    try {
      const run = unreachable.manage();
      expect(run.out).toContain(
        `The PostgreSQL server of DATABASES['default'] (postgres://postgres@127.0.0.1:1/${dbName}) cannot be reached to create the test database: connect ECONNREFUSED`,
      );
      expect(run.out).toContain("or run the tests on PGlite with 'manage test --engine pglite'");
      expect(run.code).toBe(1);
    } finally {
      rmSync(unreachable.dir, { recursive: true, force: true });
    }
  });
});
