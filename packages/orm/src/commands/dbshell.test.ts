import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { configureDatabases, connections } from "../db/connections.js";
import { captureContext } from "./command-context.test.helpers.js";
import {
  createDbshellCommand,
  type DbshellIO,
  type DbshellOptions,
  formatTable,
  psqlCommand,
  splitStatements,
} from "./dbshell.js";

const dir = mkdtempSync(join(tmpdir(), "tango-dbshell-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await configureDatabases(undefined);
  await connections.closeAll();
});

async function dbshell(io: Partial<DbshellIO>) {
  const run = captureContext<DbshellOptions, Record<string, never>>({ database: "default" }, {});
  const code = await createDbshellCommand(io).handle(run.ctx);
  return { code, out: run.out(), err: run.err() };
}

const SCRIPT = `create table dbshell_items (id integer primary key, name text);
insert into dbshell_items values (1, 'apple'), (20, 'kiwi; fruit');
select id, name
  from dbshell_items order by id;
\\q
select 'never';
`;

describe("manage dbshell on PGlite", () => {
  it("runs piped SQL and prints the rows as psql does", async () => {
    await configureDatabases({ default: { ENGINE: "pglite", NAME: ":memory:" } });
    const { code, out, err } = await dbshell({
      input: () => Object.assign(Readable.from([SCRIPT]), { isTTY: false }),
    });
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toBe(
      [
        "CREATE TABLE",
        "INSERT",
        " id |    name     ",
        "----+-------------",
        "  1 | apple",
        " 20 | kiwi; fruit",
        "(2 rows)",
        "",
        "",
      ].join("\n"),
    );
  });

  it("reports a failing statement, goes on, and exits 1", async () => {
    await configureDatabases({ default: { ENGINE: "pglite", NAME: ":memory:" } });
    const { code, out, err } = await dbshell({
      input: () => Readable.from(["select * from missing;\nselect 1 as one"]),
    });
    expect(err).toMatch(/^ERROR: {2}.*missing/);
    expect(out).toBe(" one \n-----\n   1\n(1 row)\n\n");
    expect(code).toBe(1);
  });
});

describe("manage dbshell on PostgreSQL", () => {
  const url = process.env.TEST_DATABASE_URL;

  function files(sql: string) {
    const inFile = join(dir, "in.sql");
    const outFile = join(dir, "out.txt");
    writeFileSync(inFile, sql);
    const stdin = openSync(inFile, "r");
    const stdout = openSync(outFile, "w");
    return {
      stdio: [stdin, stdout, stdout] as DbshellIO["stdio"],
      read: () => {
        closeSync(stdin);
        closeSync(stdout);
        return readFileSync(outFile, "utf8");
      },
    };
  }

  it.skipIf(!url)("runs psql with the connection's parameters", async () => {
    await configureDatabases({ default: { URL: url as string } });
    const io = files(
      "create temp table t (id int, name text);\ninsert into t values (7, 'x');\nselect * from t;\n",
    );
    const { code } = await dbshell({ stdio: io.stdio, env: () => process.env });
    const out = io.read();
    expect(code).toBe(0);
    expect(out).toContain("CREATE TABLE");
    expect(out).toContain("INSERT 0 1");
    expect(out).toMatch(/ id \| name\s*\n-+\+-+\n\s+7 \| x\s*\n\(1 row\)/);
  });

  it.skipIf(!url)("passes psql's exit code through", async () => {
    await configureDatabases({ default: { URL: url as string } });
    const io = files("\\set ON_ERROR_STOP on\nselect * from missing_table;\n");
    const { code } = await dbshell({ stdio: io.stdio, env: () => process.env });
    expect(io.read()).toContain('relation "missing_table" does not exist');
    expect(code).toBe(3);
  });

  it("explains a missing psql as Django does", async () => {
    await configureDatabases({ default: { URL: "postgres://app:pw@127.0.0.1:5432/site" } });
    await expect(
      dbshell({ stdio: "ignore", env: () => ({ PATH: join(dir, "no-bin") }) }),
    ).rejects.toThrow("You appear not to have the 'psql' program installed or on your path.");
  });
});

describe("dbshell helpers", () => {
  it("keeps the password out of psql's arguments", () => {
    expect(
      psqlCommand({ host: "db", port: "5433", user: "app", password: "pw", database: "site" }),
    ).toEqual({ args: ["-U", "app", "-h", "db", "-p", "5433", "site"], env: { PGPASSWORD: "pw" } });
  });

  it("splits statements outside quotes and comments", () => {
    expect(splitStatements(`select ';'; -- a; comment\nselect "a;b" from t; sel`)).toEqual({
      statements: ["select ';'", `-- a; comment\nselect "a;b" from t`],
      rest: " sel",
    });
  });

  it("prints an empty result with its row count", () => {
    expect(formatTable([])).toEqual(["", "", "(0 rows)"]);
  });
});
