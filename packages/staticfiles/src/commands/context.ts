/** What collectstatic needs of @tango/cli's CommandContext (a structural subset, so staticfiles does not depend on cli). */
import type { Project } from "@tango/core";

/** A terminal output: `line()` adds the newline. */
export interface CommandOutput {
  write(text: string): void;
  line(text?: string): void;
  readonly isTTY: boolean;
}

type Paint = (text: string) => string;

/** The colours the command uses (off when not on a terminal). */
export interface CommandStyle {
  readonly enabled: boolean;
  error: Paint;
  success: Paint;
  warning: Paint;
  notice: Paint;
  heading: Paint;
}

/**
 * The context `manage` passes to `handle()`, reduced to what collectstatic reads. `ask` is
 * not part of the cli's context: tests pass it to answer the confirmation prompt; without it
 * the command reads the terminal.
 *
 * @example
 * async handle(ctx: StaticCommandContext<{ clear: boolean }>) { await ctx.setup(); }
 */
export interface StaticCommandContext<O> {
  readonly options: O;
  setup(): Promise<Project>;
  readonly stdout: CommandOutput;
  readonly stderr: CommandOutput;
  readonly style: CommandStyle;
  readonly verbosity: number;
  readonly ask?: (question: string) => Promise<string>;
}
