/** `manage showmigrations [app ...]`: the migrations of each app, applied or not. */
import { apps } from "@tango/core";
import { MigrationLoader } from "../migrations/loader.js";
import { keyLabel } from "../migrations/migration.js";
import type { OrmCommandContext } from "./context.js";
import { checkAppLabels } from "./migration-names.js";

type Ctx = OrmCommandContext<{ plan: boolean; database: string }, { apps: string[] }>;

function mark(ctx: Ctx, applied: boolean): string {
  return applied ? ctx.style.success("[X]") : "[ ]";
}

function showList(ctx: Ctx, loader: MigrationLoader): void {
  const labels =
    ctx.args.apps.length > 0
      ? ctx.args.apps
      : apps
          .getAppConfigs()
          .map((c) => c.label)
          .sort();
  for (const app of labels) {
    ctx.stdout.line(ctx.style.heading(app));
    const seen = new Set<string>();
    let shown = 0;
    for (const leaf of loader.graph.leafNodes(app)) {
      for (const key of loader.graph.forwardsPlan(leaf)) {
        const label = keyLabel(key);
        if (key[0] !== app || seen.has(label)) continue;
        seen.add(label);
        const migration = loader.graph.node(key);
        const squashed =
          migration.replaces.length > 0
            ? ` (${migration.replaces.filter((r) => loader.applied.has(keyLabel(r))).length} squashed migrations)`
            : "";
        ctx.stdout.line(` ${mark(ctx, loader.applied.has(label))} ${key[1]}${squashed}`);
        shown++;
      }
    }
    if (shown === 0) ctx.stdout.line(ctx.style.dim(" (no migrations)"));
  }
}

function showPlan(ctx: Ctx, loader: MigrationLoader): void {
  const wanted = ctx.args.apps;
  const leaves = (wanted.length > 0 ? wanted : [...loader.migratedApps]).flatMap((app) =>
    loader.graph.leafNodes(app),
  );
  const seen = new Set<string>();
  for (const leaf of leaves) {
    for (const key of loader.graph.forwardsPlan(leaf)) {
      const label = keyLabel(key);
      if (seen.has(label)) continue;
      seen.add(label);
      const deps =
        ctx.verbosity >= 2
          ? ` ... (${loader.graph.node(key).dependencies.map(keyLabel).join(", ")})`
          : "";
      ctx.stdout.line(`${mark(ctx, loader.applied.has(label))}  ${label}${deps}`);
    }
  }
  if (seen.size === 0) ctx.stdout.line("(no migrations)");
}

/**
 * `manage showmigrations`: `[X]` for applied, `[ ]` for pending; `--plan` lists them in the
 * order `migrate` would apply them.
 *
 * @example
 * // manage showmigrations polls
 */
export const showmigrationsCommand = {
  help: `List each app's migrations and whether they are applied.

[X] marks an applied migration, [ ] a pending one. With --plan, lists every migration in the
order migrate applies them.`,
  args: [{ name: "apps", help: "Limit to these app labels.", variadic: true }],
  options: {
    plan: { type: "boolean", short: "p", help: "List in the order they will be applied." },
    database: { type: "string", default: "default", help: "The database alias to read." },
  },
  async handle(ctx: Ctx): Promise<number> {
    await ctx.setup();
    checkAppLabels(ctx.args.apps);
    const loader = await MigrationLoader.load({ alias: ctx.options.database });
    if (ctx.options.plan) showPlan(ctx, loader);
    else showList(ctx, loader);
    return 0;
  },
};
