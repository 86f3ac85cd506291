/** Where migration files go, and writing them as the user's own TypeScript. */
import { mkdir, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { apps } from "@tango/core";
import { MigrationCommandError } from "../migrations/errors.js";
import type { Migration } from "../migrations/migration.js";
import type { Operation } from "../migrations/operation.js";
import { writeMigration } from "../migrations/writer.js";
import type { OrmCommandContext } from "./context.js";

/**
 * The file a new migration of `app` is written to: `<app folder>/migrations/<name>.ts`.
 *
 * @example
 * migrationPath(migration); // "/srv/mysite/src/polls/migrations/0002_choice_votes.ts"
 */
export function migrationPath(migration: Migration): string {
  return join(apps.getAppConfig(migration.app).path, "migrations", `${migration.name}.ts`);
}

/**
 * Refuses to write migrations from a built project: they belong in the TypeScript sources.
 *
 * @example
 * refuseBuilt(ctx);
 */
export function refuseBuilt(ctx: OrmCommandContext<unknown, unknown>): void {
  if (ctx.project?.built) {
    throw new MigrationCommandError(
      "This project runs from its build output, so new migrations would land in compiled JavaScript. Run this command in development (from the TypeScript sources), then rebuild.",
    );
  }
}

/**
 * Writes a migration file (creating the migrations folder) and returns its path.
 *
 * @example
 * await saveMigration(migration);
 */
export async function saveMigration(migration: Migration): Promise<string> {
  const path = migrationPath(migration);
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, writeMigration(migration), { flag: "wx" }).catch((error: unknown) => {
    if ((error as { code?: string }).code === "EEXIST") {
      throw new MigrationCommandError(
        `${path} already exists. Pick another name with --name, or delete the file if it is stale.`,
      );
    }
    throw error;
  });
  return path;
}

/** "+", "-" or "~": how `makemigrations` marks an operation, as Django 5 does. */
function marker(operation: Operation): string {
  const kind = operation.deconstruct().kind;
  if (/^(Create|Add)/.test(kind)) return "+";
  if (/^(Delete|Remove)/.test(kind)) return "-";
  return "~";
}

/**
 * Prints a new migration and its operations as `makemigrations` and `squashmigrations` do.
 *
 * @example
 * printMigration(ctx, migration, "src/polls/migrations/0002_choice_votes.ts");
 */
export function printMigration(
  ctx: OrmCommandContext<unknown, unknown>,
  migration: Migration,
  path: string,
): void {
  const shown = ctx.project ? relative(ctx.project.root, path) : path;
  ctx.stdout.line(`  ${ctx.style.label(shown)}`);
  for (const operation of migration.operations) {
    ctx.stdout.line(`    ${marker(operation)} ${operation.describe()}`);
  }
  if (ctx.verbosity >= 3) {
    ctx.stdout.line(ctx.style.dim(`Full migrations file '${migration.name}.ts':`));
    ctx.stdout.write(writeMigration(migration));
  }
}
