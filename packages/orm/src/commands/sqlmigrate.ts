/** `manage sqlmigrate app migration`: the SQL a migration runs, printed, never executed. */
import { MigrationExecutor } from "../migrations/executor.js";
import type { OrmCommandContext } from "./context.js";
import { checkAppLabels, findMigration } from "./migration-names.js";

type Ctx = OrmCommandContext<
  { backwards: boolean; database: string },
  { app: string; migration: string }
>;

/**
 * `manage sqlmigrate`: prints the statements of one migration (`--backwards`: of unapplying it),
 * wrapped in BEGIN/COMMIT as it runs.
 *
 * @example
 * // manage sqlmigrate polls 0001
 */
export const sqlmigrateCommand = {
  help: `Print the SQL statements of a migration, without running them.

Useful to review what a migration will do to a production database, or to hand it to a DBA.`,
  args: [
    { name: "app", help: "The app label.", required: true },
    { name: "migration", help: "The migration name, or a prefix of it (0002).", required: true },
  ],
  options: {
    backwards: { type: "boolean", help: "Print the SQL that unapplies the migration." },
    database: { type: "string", default: "default", help: "The database alias to print SQL for." },
  },
  async handle(ctx: Ctx): Promise<number> {
    await ctx.setup();
    checkAppLabels([ctx.args.app]);
    const executor = await MigrationExecutor.create({ alias: ctx.options.database });
    const migration = findMigration(executor.loader, ctx.args.app, ctx.args.migration);
    const statements = await executor.collectSql(migration, ctx.options.backwards);
    const atomic = migration.atomic;
    if (atomic) ctx.stdout.line("BEGIN;");
    for (const statement of statements) ctx.stdout.line(statement);
    if (statements.length === 0) ctx.stdout.line("-- (no-op)");
    if (atomic) ctx.stdout.line("COMMIT;");
    return 0;
  },
};
