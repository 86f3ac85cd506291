// A command context for the ORM commands' tests: plain (uncoloured) output captured in memory.
import type { Project } from "@tango/core";
import type { OrmCommandContext } from "./context.js";

/** A context, and what the command printed: stdout, stderr, and both in the order written. */
export interface CapturedContext<O, A> {
  readonly ctx: OrmCommandContext<O, A>;
  out(): string;
  err(): string;
  all(): string;
}

/**
 * A context with these options and arguments whose output is kept for assertions.
 *
 * @example
 * const { ctx, out } = captureContext({ database: "default" }, { labels: [] });
 * await dumpdataCommand.handle(ctx);
 */
export function captureContext<O, A>(options: O, args: A, verbosity = 1): CapturedContext<O, A> {
  let out = "";
  let err = "";
  let all = "";
  const output = (add: (text: string) => void) => ({
    write: (text: string) => {
      add(text);
      all += text;
    },
    line: (text = "") => {
      add(`${text}\n`);
      all += `${text}\n`;
    },
    isTTY: false,
  });
  const paint = (text: string) => text;
  const ctx: OrmCommandContext<O, A> = {
    options,
    args,
    project: null,
    setup: async () => ({}) as Project,
    stdout: output((text) => (out += text)),
    stderr: output((text) => (err += text)),
    style: {
      enabled: false,
      error: paint,
      success: paint,
      warning: paint,
      notice: paint,
      heading: paint,
      label: paint,
      dim: paint,
    },
    verbosity,
  };
  return { ctx, out: () => out, err: () => err, all: () => all };
}
