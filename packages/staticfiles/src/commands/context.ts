/** What `collectstatic` needs of `manage`'s context: core's structural subset, plus an optional prompt for tests. */
import type { CommandContextLike } from "@tango/core";

export type { CommandOutput, CommandStyle } from "@tango/core";

/**
 * The context `collectstatic` runs with; `ask` answers its confirmation question (tests pass
 * one; without it the terminal is asked).
 *
 * @example
 * const ctx: StaticCommandContext<CollectstaticOptions> = { ...context, ask: async () => "yes" };
 */
export interface StaticCommandContext<O> extends Omit<CommandContextLike<O>, "args" | "project"> {
  readonly ask?: (question: string) => Promise<string>;
}
