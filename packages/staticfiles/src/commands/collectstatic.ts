/** `manage collectstatic`: copies the static files of the apps and STATICFILES_DIRS into STATIC_ROOT, hashed. */
import { createInterface } from "node:readline/promises";
import { getSettings, type ProgressBar, progressBar } from "@tango/core";
import { type CollectResult, collectStatic } from "../collect.js";
import { CollectstaticError } from "../errors.js";
import { listStatic } from "../finders.js";
import { DEFAULT_IGNORE_PATTERNS } from "../ignore-patterns.js";
import { clearManifestCache } from "../manifest.js";
import { staticRoot, urlPrefix } from "../static-root.js";
import type { StaticCommandContext } from "./context.js";

/** The options of `manage collectstatic`. */
export interface CollectstaticOptions {
  clear: boolean;
  dryRun: boolean;
  noInput: boolean;
  ignore: string[] | undefined;
  noDefaultIgnore: boolean;
  noPostProcess: boolean;
}

type Ctx = StaticCommandContext<CollectstaticOptions>;

/** Below this many files no progress line is drawn: the summary comes fast enough. */
const PROGRESS_THRESHOLD = 100;

function question(destination: string, clear: boolean): string {
  const warning = clear
    ? "This will DELETE ALL FILES in this location!"
    : "This will overwrite existing files!";
  return `
You have requested to collect static files at the destination
location as specified in your settings:

    ${destination}

${warning}
Are you sure you want to do this?

Type 'yes' to continue, or 'no' to cancel: `;
}

async function askTerminal(text: string): Promise<string> {
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await terminal.question(text);
  } finally {
    terminal.close();
  }
}

async function confirm(ctx: Ctx, destination: string): Promise<void> {
  if (ctx.options.noInput || ctx.options.dryRun) return;
  const ask = ctx.ask ?? (process.stdin.isTTY ? askTerminal : undefined);
  // No one to ask (a pipe, CI): go on, as the command cannot wait for an answer.
  if (!ask) return;
  const answer = await ask(question(destination, ctx.options.clear));
  if (answer.trim() !== "yes") {
    throw new CollectstaticError(
      "Collecting static files cancelled. Answer 'yes' to collect them, or pass --no-input.",
    );
  }
}

function progress(ctx: Ctx): { onProgress: (done: number, total: number) => void; finish(): void } {
  let bar: ProgressBar | undefined;
  return {
    onProgress(done, total) {
      if (ctx.verbosity < 1) return;
      bar ??= progressBar(ctx.stdout, {
        label: "Copying files",
        total,
        threshold: PROGRESS_THRESHOLD,
      });
      bar.update(done);
      if (done === total) bar.finish();
    },
    finish: () => bar?.finish(),
  };
}

function report(ctx: Ctx, result: CollectResult): void {
  const dry = ctx.options.dryRun;
  if (ctx.verbosity >= (dry ? 1 : 2)) {
    for (const path of result.deleted)
      ctx.stdout.line(`${dry ? "Pretending to delete" : "Deleting"} '${path}'`);
    for (const path of result.copied)
      ctx.stdout.line(`${dry ? "Pretending to copy" : "Copying"} '${path}'`);
  }
  if (ctx.verbosity >= 2) {
    for (const path of result.unmodified) ctx.stdout.line(`Skipping '${path}' (not modified)`);
    for (const path of result.postProcessed)
      ctx.stdout.line(`Post-processed '${path}' as '${result.manifest?.paths[path]}'`);
  }
  for (const { file, reference } of result.missingReferences) {
    ctx.stderr.line(
      ctx.style.warning(
        `The file '${file}' references '${reference}', which is not among the static files; the reference is left as written. Add the file, or fix the url() in '${file}'.`,
      ),
    );
  }
  if (ctx.verbosity < 1) return;
  const count = result.copied.length;
  const unmodified = result.unmodified.length ? `, ${result.unmodified.length} unmodified` : "";
  const processed = result.postProcessed.length
    ? `, ${result.postProcessed.length} post-processed`
    : "";
  ctx.stdout.line(
    ctx.style.success(
      `${count} static file${count === 1 ? "" : "s"} copied to '${result.destination}'${unmodified}${processed}.`,
    ),
  );
  if (dry) ctx.stdout.line(ctx.style.notice("Dry run: nothing was written or deleted."));
}

/**
 * `manage collectstatic`: Django's command, with `--clear`, `--dry-run`, `--no-input`,
 * `--ignore`, `--no-default-ignore` and `--no-post-process`.
 *
 * @example
 * // manage collectstatic --no-input --clear
 */
export const collectstaticCommand = {
  help: `Collect the static files of the apps and STATICFILES_DIRS into STATIC_ROOT.

Copies each file found (STATICFILES_DIRS first, then each app's static/ folder, the first
copy of a path winning), then writes a copy named with the hash of its content
(style.css -> style.4e8a1c2b9f3d.css), rewriting url() and @import in stylesheets to the
hashed names, and the manifest STATIC_ROOT/staticfiles.json. Unchanged files are skipped.`,
  options: {
    clear: { type: "boolean", help: "Delete the files in STATIC_ROOT before copying." },
    dryRun: { type: "boolean", help: "Report what would be done; write and delete nothing." },
    noInput: { type: "boolean", help: "Do not ask for confirmation." },
    ignore: {
      type: "string",
      multiple: true,
      help: "Leave out files and folders matching this glob (repeatable).",
    },
    noDefaultIgnore: {
      type: "boolean",
      help: "Do not leave out the default patterns 'CVS', '.*' and '*~'.",
    },
    noPostProcess: {
      type: "boolean",
      help: "Copy only: no hashed names, no manifest.",
    },
  },
  async handle(ctx: Ctx): Promise<number> {
    await ctx.setup();
    const settings = getSettings();
    const destination = staticRoot(settings);
    await confirm(ctx, destination);
    const ignore = [
      ...(ctx.options.noDefaultIgnore ? [] : DEFAULT_IGNORE_PATTERNS),
      ...(ctx.options.ignore ?? []),
    ];
    const bar = progress(ctx);
    let result: CollectResult;
    try {
      result = await collectStatic({
        destination,
        files: listStatic(ignore),
        staticUrl: urlPrefix(settings.STATIC_URL),
        clear: ctx.options.clear,
        dryRun: ctx.options.dryRun,
        noPostProcess: ctx.options.noPostProcess,
        onProgress: bar.onProgress,
      });
    } finally {
      bar.finish();
    }
    clearManifestCache(settings);
    report(ctx, result);
    return 0;
  },
};
