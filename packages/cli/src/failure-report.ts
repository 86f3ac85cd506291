/** Turns a failure into a message that says what to do: no bare stack traces unless --traceback. */
import { TangoError } from "@tango/core";
import { CommandError, UsageError } from "./errors.js";
import type { Output, Style } from "./terminal.js";

/** The first stack frame outside Node's internals and node_modules: where the user should look. */
export function userFrame(error: Error): string | undefined {
  for (const line of (error.stack ?? "").split("\n").slice(1)) {
    const match = /\(?((?:file:\/\/)?\/[^()]+?):(\d+):(\d+)\)?$/.exec(line.trim());
    if (!match) continue;
    const file = (match[1] as string).replace(/^file:\/\//, "");
    if (file.includes("/node_modules/") || file.startsWith("node:")) continue;
    return `${file}:${match[2]}:${match[3]}`;
  }
  return undefined;
}

/** Known failures of the TypeScript loader whose fix is in the project's configuration. */
function hintFor(error: Error): string | undefined {
  if (/Decorators are not valid here/.test(error.message)) {
    return 'Tango\'s models use TypeScript\'s decorators: set "experimentalDecorators": true under "compilerOptions" in your tsconfig.json.';
  }
  return undefined;
}

function fullTrace(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    parts.push(current instanceof Error ? (current.stack ?? String(current)) : String(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current !== undefined) parts.push("\nThe above was caused by:\n");
  }
  return parts.join("\n");
}

/**
 * Prints a failure and returns the exit code: CommandError and Tango errors print their
 * message; unexpected errors also name the file and line; --traceback prints the stack.
 *
 * @example
 * return reportFailure(error, { stderr, style, traceback: false });
 */
export function reportFailure(
  error: unknown,
  options: { stderr: Output; style: Style; traceback: boolean },
): number {
  const { stderr, style, traceback } = options;
  const err = error instanceof Error ? error : new Error(String(error));
  if (traceback) stderr.line(style.dim(fullTrace(error)));
  if (err instanceof UsageError) {
    stderr.line(style.error(`Error: ${err.message}`));
    if (err.command) stderr.line(`Run 'manage help ${err.command}' for its usage.`);
    return err.exitCode;
  }
  if (err instanceof CommandError) {
    stderr.line(
      style.error(err.code === "cli.CommandError" ? `CommandError: ${err.message}` : err.message),
    );
    return err.exitCode;
  }
  if (err instanceof TangoError) {
    // Tango's messages name what is wrong and the fix; a stack would bury that.
    stderr.line(style.error(`${err.name}: ${err.message}`));
    return 1;
  }
  stderr.line(style.error(`${err.name}: ${err.message}`));
  const hint = hintFor(err);
  if (hint) stderr.line(style.notice(`Hint: ${hint}`));
  const where = userFrame(err);
  if (where) stderr.line(`  at ${where}`);
  if (!traceback) stderr.line(style.dim("Run again with --traceback to see the full stack trace."));
  return 1;
}
