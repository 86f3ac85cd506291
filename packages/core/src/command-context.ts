/** What package commands (`<package>/commands`) need of `manage`'s context: a structural subset of @tango/cli's, so packages need not depend on cli. */
import type { Project } from "./project.js";

/**
 * A terminal output: `line()` adds the newline.
 *
 * @example
 * ctx.stdout.line("No changes detected");
 */
export interface CommandOutput {
  write(text: string): void;
  line(text?: string): void;
  readonly isTTY: boolean;
}

type Paint = (text: string) => string;

/**
 * The colours commands use (no-ops when the output is not a terminal).
 *
 * @example
 * ctx.stdout.line(ctx.style.success(" OK"));
 */
export interface CommandStyle {
  readonly enabled: boolean;
  error: Paint;
  success: Paint;
  warning: Paint;
  notice: Paint;
  heading: Paint;
  label: Paint;
  dim: Paint;
}

/**
 * Where the project is (from @tango/cli's ProjectLocation).
 *
 * @example
 * if (ctx.project?.built) throw new Error("Run this in development.");
 */
export interface CommandProject {
  readonly root: string;
  readonly baseDir: string;
  readonly built: boolean;
}

/**
 * The context `manage` passes to a command's `handle()`, as package commands see it.
 *
 * @example
 * async handle(ctx: CommandContextLike<{ plan: boolean }, { app?: string }>) { await ctx.setup(); }
 */
export interface CommandContextLike<O, A = Record<string, unknown>> {
  readonly options: O;
  readonly args: A;
  readonly project: CommandProject | null;
  /** Loads the settings and populates the apps (once). */
  setup(): Promise<Project>;
  readonly stdout: CommandOutput;
  readonly stderr: CommandOutput;
  readonly style: CommandStyle;
  /** 0 quiet, 1 normal, 2 verbose, 3 very verbose. */
  readonly verbosity: number;
}
