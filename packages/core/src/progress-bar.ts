/** progressBar(): the bar a command draws on a terminal while long work runs. */
import type { CommandOutput } from "./command-context.js";

/** A drawn bar: report progress with `update()`, remove it with `finish()`. */
export interface ProgressBar {
  /** Sets how much is done (0 to total) and redraws when the bar moves. */
  update(done: number): void;
  /** Clears the bar's line, so what the command prints next starts clean. */
  finish(): void;
}

/** Options of {@link progressBar}. */
export interface ProgressBarOptions {
  /** What is being done: "Copying files". */
  label: string;
  /** How many steps the work has. */
  total: number;
  /** Characters of the bar itself (default 30). */
  width?: number;
  /** Draw nothing below this total: short work ends before a bar helps (default 0). */
  threshold?: number;
}

const QUIET: ProgressBar = { update() {}, finish() {} };

/**
 * A progress bar on `output`, drawn in place (`\r`) when it is a terminal, at most once per
 * percent; on a pipe or in a log it draws nothing, so logs hold only the command's lines.
 *
 * @example
 * const bar = progressBar(ctx.stdout, { label: "Closing polls", total: polls.length });
 * for (const [i, poll] of polls.entries()) { await close(poll); bar.update(i + 1); }
 * bar.finish();
 * // Closing polls [###############...............] 512/1024
 */
export function progressBar(output: CommandOutput, options: ProgressBarOptions): ProgressBar {
  const { label, total } = options;
  if (!output.isTTY || total <= 0 || total < (options.threshold ?? 0)) return QUIET;
  const width = options.width ?? 30;
  let shownPercent = -1;
  let drawn = 0;
  return {
    update(done) {
      const clamped = Math.min(Math.max(done, 0), total);
      const percent = Math.floor((clamped / total) * 100);
      if (percent === shownPercent) return;
      shownPercent = percent;
      const filled = Math.round((clamped / total) * width);
      const line = `${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${clamped}/${total}`;
      drawn = line.length;
      output.write(`\r${line}`);
    },
    finish() {
      if (drawn > 0) output.write(`\r${" ".repeat(drawn)}\r`);
      drawn = 0;
    },
  };
}
