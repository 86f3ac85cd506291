/** `manage dbshell`: psql on the connection's server, or a small SQL prompt for embedded PGlite. */
import { type SpawnOptions, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { connections } from "../db/connections.js";
import { raw } from "../db/raw.js";
import { CommandError } from "../errors.js";
import type { OrmCommandContext } from "./context.js";

/** The options of `manage dbshell`. */
export interface DbshellOptions {
  database: string;
}

type Ctx = OrmCommandContext<DbshellOptions, Record<string, never>>;

/** Where dbshell reads SQL and what psql runs with; tests pass their own. */
export interface DbshellIO {
  /** The PGlite prompt reads here. */
  input(): NodeJS.ReadableStream & { isTTY?: boolean };
  /** The environment psql runs with (PATH finds it; PGPASSWORD is added). */
  env(): NodeJS.ProcessEnv;
  /** psql's stdio (default: inherit the terminal). */
  stdio: SpawnOptions["stdio"];
}

/** A pool config's connection parameters, from its URL or its fields. */
interface PsqlParams {
  host?: string | undefined;
  port?: string | undefined;
  user?: string | undefined;
  password?: string | undefined;
  database?: string | undefined;
  sslmode?: string | undefined;
  options?: string | undefined;
}

/**
 * psql's arguments and extra environment for a postgres connection; the password goes in
 * PGPASSWORD, never on the command line (Django's order: -U, -h, -p, then the name).
 *
 * @example
 * psqlCommand({ host: "db", port: "5432", user: "app", password: "pw", database: "site" });
 * // { args: ["-U", "app", "-h", "db", "-p", "5432", "site"], env: { PGPASSWORD: "pw" } }
 */
export function psqlCommand(params: PsqlParams): { args: string[]; env: Record<string, string> } {
  const args: string[] = [];
  if (params.user) args.push("-U", params.user);
  if (params.host) args.push("-h", params.host);
  if (params.port) args.push("-p", params.port);
  if (params.database) args.push(params.database);
  const env: Record<string, string> = {};
  if (params.password) env.PGPASSWORD = params.password;
  if (params.sslmode) env.PGSSLMODE = params.sslmode;
  if (params.options) env.PGOPTIONS = params.options;
  return { args, env };
}

function paramsOf(pool: {
  connectionString?: string | undefined;
  host?: string | undefined;
  port?: number | undefined;
  user?: string | undefined;
  password?: unknown;
  database?: string | undefined;
  options?: string | undefined;
}): PsqlParams {
  const fields: PsqlParams = {
    host: pool.host,
    port: pool.port === undefined ? undefined : String(pool.port),
    user: pool.user,
    password: typeof pool.password === "string" ? pool.password : undefined,
    database: pool.database,
    options: pool.options,
  };
  if (!pool.connectionString) return fields;
  const url = new URL(pool.connectionString);
  const decode = (s: string) => (s ? decodeURIComponent(s) : undefined);
  return {
    ...fields,
    host:
      decode(url.hostname.replace(/^\[(.*)\]$/, "$1")) ?? url.searchParams.get("host") ?? undefined,
    port: url.port || undefined,
    user: decode(url.username),
    password: decode(url.password),
    database: decode(url.pathname.slice(1)),
    sslmode: url.searchParams.get("sslmode") ?? undefined,
  };
}

function runPsql(args: string[], io: DbshellIO, extraEnv: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("psql", args, { stdio: io.stdio, env: { ...io.env(), ...extraEnv } });
    child.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") return reject(error);
      reject(
        new CommandError("You appear not to have the 'psql' program installed or on your path."),
      );
    });
    child.on("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * Splits SQL into statements at each `;` outside quotes, identifiers and comments; `rest` is
 * the unfinished text after the last one.
 *
 * @example
 * splitStatements("select 1; select ';'; sel"); // { statements: ["select 1", "select ';'"], rest: " sel" }
 */
export function splitStatements(text: string): { statements: string[]; rest: string } {
  const statements: string[] = [];
  let start = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote === "--") {
      if (c === "\n") quote = null;
    } else if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "-" && text[i + 1] === "-") quote = "--";
    else if (c === ";") {
      const statement = text.slice(start, i).trim();
      if (statement) statements.push(statement);
      start = i + 1;
    }
  }
  return { statements, rest: text.slice(start) };
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * Rows as psql prints them: centred headers, numbers aligned right, then `(N rows)`.
 *
 * @example
 * formatTable([{ id: 1, name: "a" }]);
 * // [" id | name ", "----+------", "  1 | a", "(1 row)"]
 */
export function formatTable(rows: readonly Record<string, unknown>[]): string[] {
  const columns = Object.keys(rows[0] ?? {});
  const cells = rows.map((row) => columns.map((c) => cell(row[c])));
  const widths = columns.map((c, i) =>
    Math.max(c.length, ...cells.map((r) => (r[i] as string).length)),
  );
  const numeric = columns.map((c) =>
    rows.every((r) => r[c] == null || typeof r[c] === "number" || typeof r[c] === "bigint"),
  );
  const centre = (text: string, width: number) => {
    const left = Math.floor((width - text.length) / 2);
    return " ".repeat(left) + text + " ".repeat(width - text.length - left);
  };
  const lines = [
    columns.map((c, i) => ` ${centre(c, widths[i] as number)} `).join("|"),
    widths.map((w) => "-".repeat(w + 2)).join("+"),
  ];
  for (const row of cells) {
    const parts = row.map((v, i) => {
      const width = widths[i] as number;
      return ` ${numeric[i] ? v.padStart(width) : v.padEnd(width)} `;
    });
    lines.push(parts.join("|").trimEnd());
  }
  lines.push(`(${rows.length} row${rows.length === 1 ? "" : "s"})`);
  return lines;
}

const RETURNS_ROWS = /^(select|with|values|table|show|explain)\b|\breturning\b/i;

/** Runs one statement and prints its rows, or its command name as psql does ("CREATE TABLE"). */
async function runStatement(statement: string, alias: string, ctx: Ctx): Promise<boolean> {
  try {
    const rows = await raw.using(alias)(statement);
    if (rows.length > 0 || RETURNS_ROWS.test(statement)) {
      for (const line of formatTable(rows)) ctx.stdout.line(line);
      ctx.stdout.line();
    } else {
      const words = statement.split(/\s+/, 2).map((w) => w.toUpperCase());
      const twoWords = ["CREATE", "DROP", "ALTER"].includes(words[0] as string);
      ctx.stdout.line(twoWords ? words.join(" ") : (words[0] as string));
    }
    return true;
  } catch (error) {
    ctx.stderr.line(`ERROR:  ${(error as Error).message}`);
    return false;
  }
}

/** The PGlite prompt: reads statements up to `;`, `\q` or end of input quits. */
async function pgliteShell(ctx: Ctx, alias: string, io: DbshellIO): Promise<number> {
  const input = io.input();
  const tty = input.isTTY === true;
  const rl = createInterface({
    input,
    ...(tty ? { output: process.stdout, prompt: `${alias}=> ` } : {}),
    terminal: tty,
  });
  if (tty)
    ctx.stdout.line(`PGlite (embedded) on '${alias}'. End statements with ';', type \\q to quit.`);
  let pending = "";
  let failed = false;
  // Only a terminal gets prompts; Node 24 refuses prompt() once piped input has ended.
  if (tty) rl.prompt();
  for await (const line of rl) {
    if (pending.trim() === "" && /^\s*\\q\s*$/.test(line)) break;
    const { statements, rest } = splitStatements(`${pending}${line}\n`);
    pending = rest;
    for (const statement of statements)
      if (!(await runStatement(statement, alias, ctx))) failed = true;
    if (tty) {
      rl.setPrompt(pending.trim() ? `${alias}-> ` : `${alias}=> `);
      rl.prompt();
    }
  }
  rl.close();
  // Piped input: a statement left without its ';' still runs, as psql does at end of input.
  if (pending.trim() && !(await runStatement(pending.trim(), alias, ctx))) failed = true;
  return failed && !tty ? 1 : 0;
}

const PROCESS_IO: DbshellIO = {
  input: () => process.stdin,
  env: () => process.env,
  stdio: "inherit",
};

/**
 * Builds `manage dbshell` with the given input and psql stdio (tests pass their own).
 *
 * @example
 * export const dbshellCommand = createDbshellCommand();
 */
export function createDbshellCommand(io: Partial<DbshellIO> = {}) {
  const full: DbshellIO = { ...PROCESS_IO, ...io };
  return {
    help: `Run the command-line client of the database.

For ENGINE 'postgres', runs psql with the connection's host, port, user and database (the
password in PGPASSWORD). For embedded PGlite, opens a SQL prompt: end statements with ';',
type \\q to quit; piped SQL runs and exits.`,
    options: {
      database: { type: "string", default: "default", help: "The database alias to open." },
    },
    async handle(ctx: Ctx): Promise<number> {
      await ctx.setup();
      const alias = ctx.options.database;
      const resolved = connections.resolve(alias);
      if (resolved.engine === "postgres") {
        const { args, env } = psqlCommand(paramsOf(resolved.pool));
        return runPsql(args, full, env);
      }
      return pgliteShell(ctx, alias, full);
    },
  };
}

/**
 * `manage dbshell`: Django's command, with `--database`.
 *
 * @example
 * // manage dbshell --database replica
 */
export const dbshellCommand = createDbshellCommand();
