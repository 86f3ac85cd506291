/** `manage squashmigrations app [start] end`: one migration in place of a range. */
import { MigrationLoader } from "../migrations/loader.js";
import { squashMigrations } from "../migrations/squash.js";
import type { OrmCommandContext } from "./context.js";
import { printMigration, refuseBuilt, saveMigration } from "./migration-files.js";
import { checkAppLabels, findMigration, refuseConflicts } from "./migration-names.js";

type Ctx = OrmCommandContext<
  { noOptimize: boolean; squashedName: string | undefined; noInput: boolean },
  { app: string; startOrEnd: string; end?: string | undefined }
>;

/**
 * `manage squashmigrations`: Django's command, with `--no-optimize` and `--squashed-name`.
 *
 * @example
 * // manage squashmigrations polls 0004
 */
export const squashmigrationsCommand = {
  help: `Squash a range of an app's migrations into one.

manage squashmigrations polls 0004 squashes 0001..0004; manage squashmigrations polls 0002 0004
squashes 0002..0004. The new migration 'replaces' the old ones: databases that applied them
carry on, new ones apply the squashed migration. Once every database has migrated past it,
delete the old files and remove 'replaces'.`,
  args: [
    { name: "app", help: "The app label.", required: true },
    {
      name: "startOrEnd",
      help: "The last migration to squash, or the first when two are given.",
      required: true,
    },
    { name: "end", help: "The last migration to squash." },
  ],
  options: {
    noOptimize: { type: "boolean", help: "Keep every operation as it is (no optimiser)." },
    squashedName: { type: "string", help: "The name of the squashed migration, after its number." },
    noInput: { type: "boolean", help: "Accepted for scripts; squashmigrations asks nothing." },
  },
  async handle(ctx: Ctx): Promise<number> {
    await ctx.setup();
    refuseBuilt(ctx);
    const { app } = ctx.args;
    checkAppLabels([app]);
    const loader = await MigrationLoader.load({ readApplied: false });
    refuseConflicts(loader);
    const endName = ctx.args.end ?? ctx.args.startOrEnd;
    const start =
      ctx.args.end === undefined ? undefined : findMigration(loader, app, ctx.args.startOrEnd);
    const end = findMigration(loader, app, endName);
    const result = squashMigrations(loader, app, {
      start,
      end,
      optimize: !ctx.options.noOptimize,
      name: ctx.options.squashedName,
    });
    if (!ctx.options.noOptimize && ctx.verbosity >= 1) {
      ctx.stdout.line(ctx.style.heading("Optimizing..."));
      ctx.stdout.line(
        result.after < result.before
          ? `  Optimized from ${result.before} operations to ${result.after} operations.`
          : "  No optimizations possible.",
      );
    }
    const path = await saveMigration(result.migration);
    ctx.stdout.line(ctx.style.success(`Created new squashed migration ${path}`));
    printMigration(ctx, result.migration, path);
    ctx.stdout.line(
      "  You should commit this migration but leave the old ones in place;\n  the new migration will be used for new installs. Once you are sure\n  all instances of the codebase have applied the migrations you squashed,\n  you can delete them.",
    );
    if (result.manual.length > 0) {
      ctx.stdout.line(
        ctx.style.warning(
          "Manual porting required\n  Your migrations contained RunSQL or RunCode operations, copied into the\n  squashed file with their code. Check that the file compiles and does what\n  the originals did.",
        ),
      );
    }
    return 0;
  },
};
