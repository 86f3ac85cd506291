/** `manage flush`: empties every table of the installed models, after asking. */
import { createInterface } from "node:readline/promises";
import { sql } from "kysely";
import { connections } from "../db/connections.js";
import { CommandError } from "../errors.js";
import type { ModelClass } from "../models/model-class.js";
import { modelRegistry } from "../models/registry.js";
import type { OrmCommandContext } from "./context.js";

/** The options of `manage flush`. */
export interface FlushOptions {
  noInput: boolean;
  database: string;
}

type Ctx = OrmCommandContext<FlushOptions, Record<string, never>>;

/** Asks a yes/no question on a terminal; resolves to the answer. */
export type Confirm = (question: string) => Promise<string>;

async function askTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/** The tables of the installed concrete models (automatic through tables included). */
function tablesOf(models: readonly ModelClass[]): string[] {
  const tables = new Set<string>();
  for (const model of models) if (!model._meta.abstract) tables.add(model._meta.dbTable);
  return [...tables];
}

/**
 * Deletes every row of the installed models' tables that exist in the database, restarting
 * their identity sequences; returns the tables emptied.
 *
 * @example
 * await flushDatabase("default");
 * // truncate table "polls_question", "polls_choice" restart identity cascade
 */
export async function flushDatabase(alias: string): Promise<string[]> {
  const db = connections.get(alias).kysely;
  const wanted = tablesOf(modelRegistry.getModels());
  if (wanted.length === 0) return [];
  const existing = await sql<{
    name: string;
  }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_name in (${sql.join(wanted)})`.execute(
    db,
  );
  const tables = existing.rows.map((r) => r.name).sort();
  if (tables.length === 0) return [];
  // Deferred foreign-key checks pending in an open transaction would make TRUNCATE refuse.
  await sql`set constraints all immediate`.execute(db);
  await sql`truncate table ${sql.join(tables.map((t) => sql.id(t)))} restart identity cascade`.execute(
    db,
  );
  return tables;
}

/**
 * Builds `manage flush`; `confirm` asks on the terminal (tests pass their own).
 *
 * @example
 * export const flushCommand = createFlushCommand();
 */
export function createFlushCommand(
  confirm: Confirm = askTerminal,
  isTTY = () => process.stdin.isTTY === true,
) {
  return {
    help: `Remove all data from the database.

Empties every table of the installed models (TRUNCATE ... RESTART IDENTITY CASCADE), keeping
the tables and the record of applied migrations. Asks first, unless --no-input.`,
    options: {
      noInput: { type: "boolean", help: "Do not ask for confirmation." },
      database: { type: "string", default: "default", help: "The database alias to flush." },
    },
    async handle(ctx: Ctx): Promise<number> {
      await ctx.setup();
      const alias = ctx.options.database;
      if (!ctx.options.noInput) {
        if (!isTTY()) {
          throw new CommandError(
            "manage flush needs confirmation, and there is no terminal to ask on. Pass --no-input to flush without asking.",
          );
        }
        const resolved = connections.resolve(alias);
        const name =
          resolved.engine === "postgres" ? resolved.label : (resolved.dataDir ?? "in-memory");
        const answer = await confirm(
          `You have requested a flush of the database.\nThis will IRREVERSIBLY DESTROY all data currently in the "${name}" database,\nand return each table to an empty state.\nAre you sure you want to do this?\n\n    Type 'yes' to continue, or 'no' to cancel: `,
        );
        if (answer.trim() !== "yes") {
          ctx.stdout.line("Flush cancelled.");
          return 0;
        }
      }
      const tables = await flushDatabase(alias);
      if (ctx.verbosity >= 2) for (const t of tables) ctx.stdout.line(`  Emptied ${t}`);
      return 0;
    },
  };
}

/**
 * `manage flush`: Django's command, with `--no-input` and `--database`.
 *
 * @example
 * // manage flush --no-input
 */
export const flushCommand = createFlushCommand();
