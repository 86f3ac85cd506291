/** `manage migrate [app] [migration]`: applies (or, with a target, unapplies) migrations. */
import { Autodetector } from "../migrations/autodetector.js";
import { MigrationCommandError } from "../migrations/errors.js";
import { MigrationExecutor, type MigrationTarget, type PlanStep } from "../migrations/executor.js";
import type { MigrationLoader } from "../migrations/loader.js";
import { ProjectState } from "../migrations/state.js";
import type { OrmCommandContext } from "./context.js";
import { checkAppLabels, findMigration, refuseConflicts } from "./migration-names.js";

/** The options of `manage migrate`. */
export interface MigrateOptions {
  database: string;
  plan: boolean;
  fake: boolean;
  fakeInitial: boolean;
  check: boolean;
}

type Ctx = OrmCommandContext<
  MigrateOptions,
  { app?: string | undefined; migration?: string | undefined }
>;

function targetsFor(ctx: Ctx, executor: MigrationExecutor): MigrationTarget[] {
  const { app, migration } = ctx.args;
  if (app === undefined) return executor.targetsForApps();
  checkAppLabels([app]);
  if (migration === undefined) {
    if (!executor.loader.migratedApps.has(app)) {
      throw new MigrationCommandError(
        `App '${app}' does not have migrations. Run 'manage makemigrations ${app}' first.`,
      );
    }
    return executor.targetsForApps([app]);
  }
  if (migration === "zero") return [[app, null]];
  return [findMigration(executor.loader, app, migration).key];
}

function describeStep(step: PlanStep): string {
  return `${step.backwards ? "Unapply" : "Apply"} ${step.migration.label}`;
}

function printPlan(ctx: Ctx, plan: readonly PlanStep[]): void {
  ctx.stdout.line(ctx.style.heading("Planned operations:"));
  if (plan.length === 0) ctx.stdout.line("  No planned migration operations.");
  for (const step of plan) {
    ctx.stdout.line(ctx.style.label(`${step.migration.label}`));
    const operations = step.backwards
      ? [...step.migration.operations].reverse()
      : step.migration.operations;
    for (const operation of operations) {
      const irreversible = step.backwards && !operation.reversible ? " -> IRREVERSIBLE" : "";
      ctx.stdout.line(`    ${step.backwards ? "Undo " : ""}${operation.describe()}${irreversible}`);
    }
  }
}

async function warnUnmigratedChanges(ctx: Ctx, loader: MigrationLoader): Promise<void> {
  const leaves = new Map<string, string | undefined>();
  for (const app of loader.migratedApps) leaves.set(app, loader.graph.leafNodes(app)[0]?.[1]);
  const changes = await new Autodetector(loader.projectState(), ProjectState.fromModels()).changes({
    leaves,
    apps: [...loader.migratedApps],
  });
  if (changes.size === 0) return;
  const names = [...changes.keys()].map((a) => `'${a}'`).join(", ");
  ctx.stdout.line(
    ctx.style.notice(
      `  Your models in app(s): ${names} have changes that are not yet reflected in a migration, and so won't be applied.\n  Run 'manage makemigrations' to make new migrations, and then re-run 'manage migrate' to apply them.`,
    ),
  );
}

/**
 * `manage migrate`: Django's command, with `--plan`, `--fake`, `--fake-initial` and `--check`.
 *
 * @example
 * // manage migrate polls 0001
 */
export const migrateCommand = {
  help: `Apply (or unapply) database migrations.

With no arguments, applies every pending migration of every app. With an app label, applies
that app's migrations; with an app and a migration name (or a prefix of it, "0002"), brings
the app to exactly that migration, unapplying later ones. "zero" unapplies them all.
Each migration runs in its own transaction and is recorded in tango_migrations.`,
  args: [
    { name: "app", help: "App label to migrate (default: all apps)." },
    { name: "migration", help: "Migration name or prefix to migrate to, or 'zero'." },
  ],
  options: {
    database: { type: "string", default: "default", help: "The database alias to migrate." },
    plan: { type: "boolean", help: "Show the operations that would run, and run nothing." },
    fake: {
      type: "boolean",
      help: "Mark migrations as applied (or unapplied) without running them.",
    },
    fakeInitial: {
      type: "boolean",
      help: "Mark an initial migration as applied when all its tables already exist.",
    },
    check: {
      type: "boolean",
      help: "Exit with status 1 when migrations are pending; apply nothing.",
    },
  },
  async handle(ctx: Ctx): Promise<number> {
    await ctx.setup();
    const verbose = ctx.verbosity >= 1;
    const executor = await MigrationExecutor.create({
      alias: ctx.options.database,
      progress(event) {
        if (!verbose) return;
        const fake = event.fake ? " FAKED" : "";
        if (event.type === "apply_start")
          ctx.stdout.write(`  Applying ${event.migration.label}...`);
        else if (event.type === "unapply_start")
          ctx.stdout.write(`  Unapplying ${event.migration.label}...`);
        else if (event.skipped)
          ctx.stdout.line(ctx.style.notice(" already applied by another process"));
        else {
          const time =
            ctx.verbosity >= 2 && event.durationMs !== undefined
              ? ` (${(event.durationMs / 1000).toFixed(3)}s)`
              : "";
          ctx.stdout.line(ctx.style.success(`${fake || " OK"}`) + time);
        }
      },
    });
    refuseConflicts(executor.loader);
    executor.loader.checkConsistentHistory();
    const targets = targetsFor(ctx, executor);
    const plan = executor.migrationPlan(targets);
    if (ctx.options.plan) {
      printPlan(ctx, plan);
      return 0;
    }
    if (ctx.options.check) {
      if (plan.length > 0) {
        for (const step of plan) ctx.stdout.line(`  ${describeStep(step)}`);
        return 1;
      }
      return 0;
    }
    if (verbose) {
      ctx.stdout.line(ctx.style.heading("Operations to perform:"));
      const { app, migration } = ctx.args;
      if (app === undefined) {
        const all = [...executor.loader.migratedApps].sort().join(", ");
        ctx.stdout.line(`  Apply all migrations: ${all || "(no apps have migrations)"}`);
      } else if (migration === "zero") ctx.stdout.line(`  Unapply all migrations: ${app}`);
      else if (migration !== undefined) {
        const target = targets[0] as readonly [string, string];
        ctx.stdout.line(`  Target specific migration: ${target[1]}, from ${app}`);
      } else ctx.stdout.line(`  Apply all migrations: ${app}`);
      ctx.stdout.line(ctx.style.heading("Running migrations:"));
    }
    if (plan.length === 0 && verbose) ctx.stdout.line("  No migrations to apply.");
    await executor.migrate(targets, {
      plan,
      fake: ctx.options.fake,
      fakeInitial: ctx.options.fakeInitial,
    });
    if (verbose && plan.length === 0) await warnUnmigratedChanges(ctx, executor.loader);
    return 0;
  },
};
