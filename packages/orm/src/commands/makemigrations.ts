/** `manage makemigrations [app ...]`: writes the migrations that bring the migration files up to the models. */
import { apps } from "@tango/core";
import { Autodetector, nextMigrationNumber } from "../migrations/autodetector.js";
import { MigrationCommandError } from "../migrations/errors.js";
import { MigrationLoader } from "../migrations/loader.js";
import { branchesOf, mergeMigration } from "../migrations/merge.js";
import { Migration, nameTimestamp } from "../migrations/migration.js";
import {
  InteractiveQuestioner,
  type MigrationQuestioner,
  NonInteractiveQuestioner,
} from "../migrations/questioner.js";
import { ProjectState } from "../migrations/state.js";
import type { OrmCommandContext } from "./context.js";
import { printMigration, refuseBuilt, saveMigration } from "./migration-files.js";
import { checkAppLabels, refuseConflicts } from "./migration-names.js";

/** The options of `manage makemigrations`. */
export interface MakeMigrationsOptions {
  dryRun: boolean;
  check: boolean;
  merge: boolean;
  empty: boolean;
  name: string | undefined;
  noInput: boolean;
}

type Ctx = OrmCommandContext<MakeMigrationsOptions, { apps: string[] }>;

function questionerFor(ctx: Ctx): MigrationQuestioner {
  const interactive = !ctx.options.noInput && process.stdin.isTTY === true;
  return interactive
    ? new InteractiveQuestioner({ input: process.stdin, output: process.stdout })
    : new NonInteractiveQuestioner();
}

/** Every app with models or migrations (or just the named ones) and its current leaf. */
function leavesOf(loader: MigrationLoader): Map<string, string | undefined> {
  const leaves = new Map<string, string | undefined>();
  for (const config of apps.getAppConfigs()) {
    leaves.set(config.label, loader.graph.leafNodes(config.label)[0]?.[1]);
  }
  return leaves;
}

async function handleMerge(ctx: Ctx, loader: MigrationLoader): Promise<number> {
  const conflicts = loader.detectConflicts();
  const wanted = ctx.args.apps;
  const selected = [...conflicts.keys()].filter((a) => wanted.length === 0 || wanted.includes(a));
  if (selected.length === 0) {
    ctx.stdout.line("No conflicts detected to merge.");
    return 0;
  }
  for (const app of selected) {
    ctx.stdout.line(ctx.style.heading(`Merging ${app}`));
    for (const [leaf, migrations] of branchesOf(loader, app)) {
      ctx.stdout.line(`  Branch ${leaf}`);
      for (const migration of migrations) {
        for (const operation of migration.operations) {
          ctx.stdout.line(`    - ${operation.describe()}`);
        }
      }
    }
    const merge = mergeMigration(loader, app, new Date());
    if (ctx.options.name) merge.name = `${merge.name.slice(0, 4)}_${ctx.options.name}`;
    if (ctx.options.dryRun) {
      ctx.stdout.line(`  Would create merge migration ${merge.name}.`);
      continue;
    }
    const path = await saveMigration(merge);
    ctx.stdout.line(ctx.style.success(`Created new merge migration ${path}`));
  }
  return 0;
}

async function detectChanges(ctx: Ctx, loader: MigrationLoader): Promise<Map<string, Migration[]>> {
  const questioner = questionerFor(ctx);
  try {
    return await new Autodetector(
      loader.projectState(),
      ProjectState.fromModels(),
      questioner,
    ).changes({
      leaves: leavesOf(loader),
      apps: ctx.args.apps.length > 0 ? ctx.args.apps : undefined,
      name: ctx.options.name,
    });
  } finally {
    // An open readline keeps stdin, and so the process, alive.
    if (questioner instanceof InteractiveQuestioner) questioner.close();
    if (questioner instanceof NonInteractiveQuestioner) warnDeclinedRenames(ctx, questioner);
  }
}

function warnDeclinedRenames(ctx: Ctx, questioner: NonInteractiveQuestioner): void {
  for (const rename of questioner.declinedRenames) {
    ctx.stderr.line(
      ctx.style.warning(
        `Warning: this may be a rename of ${rename}. Without input it is written as a removal and an addition, which loses the data. If it is a rename, run makemigrations in a terminal without --no-input, or write the migration by hand with RenameField/RenameModel.`,
      ),
    );
  }
}

function emptyMigrations(ctx: Ctx, loader: MigrationLoader): Map<string, Migration[]> {
  if (ctx.args.apps.length === 0) {
    throw new MigrationCommandError(
      "--empty needs the app to write the migration for: manage makemigrations --empty polls.",
    );
  }
  const result = new Map<string, Migration[]>();
  for (const app of ctx.args.apps) {
    const leaf = loader.graph.leafNodes(app)[0];
    const migration = new Migration({
      dependencies: leaf ? [leaf] : [],
      operations: [],
      initial: leaf === undefined,
    });
    migration.app = app;
    const number = nextMigrationNumber(leaf?.[1]);
    migration.name = `${number}_${ctx.options.name ?? (leaf ? `auto_${nameTimestamp(new Date())}` : "initial")}`;
    result.set(app, [migration]);
  }
  return result;
}

/**
 * `manage makemigrations`: Django's command, with `--check`, `--dry-run`, `--merge`, `--empty`,
 * `--name` and `--no-input`.
 *
 * @example
 * // manage makemigrations polls --name choice_votes
 */
export const makemigrationsCommand = {
  help: `Create new migrations from the changes in your models.

Compares your models with the state your migration files build, and writes the next
migration of each app that changed (src/<app>/migrations/NNNN_<what_changed>.ts). Asks
whether fields or models were renamed, and for a one-off default when a new non-null field
has none (--no-input: renames are treated as remove + add; a missing default stops it).`,
  args: [{ name: "apps", help: "Limit to these app labels.", variadic: true }],
  options: {
    dryRun: { type: "boolean", help: "Show what migrations would be made; write nothing." },
    check: {
      type: "boolean",
      help: "Exit with status 1 when models have changes without migrations; write nothing.",
    },
    merge: { type: "boolean", help: "Write merge migrations for conflicting migration branches." },
    empty: { type: "boolean", help: "Write an empty migration (for RunSQL or RunCode)." },
    name: { type: "string", short: "n", help: "Use this name for the migration file(s)." },
    noInput: { type: "boolean", help: "Ask nothing; renames are not detected." },
  },
  async handle(ctx: Ctx): Promise<number> {
    await ctx.setup();
    checkAppLabels(ctx.args.apps);
    if (ctx.options.name !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(ctx.options.name)) {
      throw new Error(
        `The migration name '${ctx.options.name}' is not valid: use letters, digits and underscores, starting with a letter.`,
      );
    }
    const loader = await MigrationLoader.load({ readApplied: false });
    if (ctx.options.merge) {
      if (!ctx.options.dryRun) refuseBuilt(ctx);
      return handleMerge(ctx, loader);
    }
    refuseConflicts(loader);
    const changes = ctx.options.empty
      ? emptyMigrations(ctx, loader)
      : await detectChanges(ctx, loader);
    if (changes.size === 0) {
      if (ctx.verbosity >= 1) {
        const which = ctx.args.apps;
        ctx.stdout.line(
          which.length === 0
            ? "No changes detected"
            : `No changes detected in app${which.length > 1 ? "s" : ""} '${which.join("', '")}'`,
        );
      }
      return 0;
    }
    const write = !ctx.options.dryRun && !ctx.options.check;
    if (write) refuseBuilt(ctx);
    for (const [app, migrations] of changes) {
      if (ctx.verbosity >= 1) ctx.stdout.line(ctx.style.heading(`Migrations for '${app}':`));
      for (const migration of migrations) {
        const path = write
          ? await saveMigration(migration)
          : `${apps.getAppConfig(app).path}/migrations/${migration.name}.ts`;
        if (ctx.verbosity >= 1) printMigration(ctx, migration, path);
      }
    }
    return ctx.options.check ? 1 : 0;
  },
};
