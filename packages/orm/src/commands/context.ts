/** What the ORM's `manage` commands need of @tango/cli's CommandContext (a structural subset, so orm does not depend on cli). */
import type { Project } from "@tango/core";

/** A terminal output: `line()` adds the newline. */
export interface CommandOutput {
  write(text: string): void;
  line(text?: string): void;
  readonly isTTY: boolean;
}

type Paint = (text: string) => string;

/** The colours the commands use (off when not on a terminal). */
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

/** Where the project is (from @tango/cli's ProjectLocation). */
export interface CommandProject {
  readonly root: string;
  readonly baseDir: string;
  readonly built: boolean;
}

/**
 * The context `manage` passes to `handle()`, reduced to what these commands read.
 *
 * @example
 * async handle(ctx: OrmCommandContext<{ plan: boolean }, { app?: string }>) { await ctx.setup(); }
 */
export interface OrmCommandContext<O, A> {
  readonly options: O;
  readonly args: A;
  readonly project: CommandProject | null;
  setup(): Promise<Project>;
  readonly stdout: CommandOutput;
  readonly stderr: CommandOutput;
  readonly style: CommandStyle;
  readonly verbosity: number;
}
