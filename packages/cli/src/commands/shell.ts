/** `manage shell`: a Node REPL with the project set up and every installed app's models in scope. */
import { start } from "node:repl";
import { inspect } from "node:util";
import { getSettings, type Project } from "@tango/core";
import { type CommandContext, defineCommand } from "../command.js";

/** A readable stream such as `process.stdin`: the REPL reads it, piped code is read whole. */
export type ShellInput = NodeJS.ReadableStream & { isTTY?: boolean };

/** What `manage shell` puts in scope: the names, and where each came from (for `-v 2`). */
export interface ShellNamespace {
  readonly values: Record<string, unknown>;
  /** `from polls.models import Choice, Question`-style lines, one per module. */
  readonly sources: string[];
}

// A model class, recognised without importing @tango/orm (cli depends on core only).
function isModelClass(value: unknown): value is { name: string } {
  return (
    typeof value === "function" && value.name !== "Model" && "_meta" in value && "objects" in value
  );
}

/**
 * The names `manage shell` imports automatically: each exported model of each installed app's
 * `models` module, by class name, then `settings`.
 *
 * @example
 * shellNamespace(project).values; // { Question, Choice, settings }
 */
export function shellNamespace(project: Project): ShellNamespace {
  const values: Record<string, unknown> = {};
  const sources: string[] = [];
  for (const config of project.apps.getAppConfigs()) {
    const names: string[] = [];
    for (const value of Object.values(config.modelsModule ?? {})) {
      if (!isModelClass(value) || value.name in values) continue;
      values[value.name] = value;
      names.push(value.name);
    }
    if (names.length > 0) sources.push(`from ${config.name}.models import ${names.join(", ")}`);
  }
  values.settings = getSettings();
  sources.push("from @tango/core import settings");
  return { values, sources };
}

/**
 * Django 5.2's banner: "3 objects imported automatically: Question, Choice, settings (use -v 2
 * for details)." at verbosity 1; the import lines at verbosity 2 and up.
 *
 * @example
 * importBanner(namespace, 1); // ["3 objects imported automatically: ... (use -v 2 for details)."]
 */
export function importBanner(namespace: ShellNamespace, verbosity: number): string[] {
  const names = Object.keys(namespace.values);
  const count = `${names.length} object${names.length === 1 ? "" : "s"} imported automatically`;
  if (verbosity >= 2) return [`${count}:`, "", ...namespace.sources.map((s) => `  ${s}`), ""];
  return [`${count}: ${names.join(", ")} (use -v 2 for details).`];
}

// biome-ignore lint/complexity/useArrowFunction: the constructor of async functions is what is wanted
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<unknown>;

/**
 * Runs code with the namespace in scope, `await` allowed; a single expression's value is returned.
 *
 * @example
 * await runShellCode("await Question.objects.count()", { Question }); // 2
 */
export async function runShellCode(code: string, scope: Record<string, unknown>): Promise<unknown> {
  const names = Object.keys(scope);
  let fn: (...values: unknown[]) => Promise<unknown>;
  try {
    // An expression first, so `-c "await Question.objects.count()"` prints the count.
    fn = new AsyncFunction(...names, `return (\n${code}\n);`);
  } catch {
    fn = new AsyncFunction(...names, code);
  }
  return fn(...names.map((name) => scope[name]));
}

function readAll(input: ShellInput): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    input.setEncoding("utf8");
    input.on("data", (chunk: string) => (text += chunk));
    input.on("end", () => resolve(text));
    input.on("error", reject);
  });
}

/** Starts the REPL on a terminal; resolves when the user leaves it (.exit, Ctrl-D). */
function interactive(input: ShellInput, scope: Record<string, unknown>): Promise<void> {
  return new Promise((resolve) => {
    const server = start({
      prompt: ">>> ",
      input,
      output: process.stdout,
      terminal: input.isTTY === true,
      // The program's own global scope: a separate one has its own Date, Array... whose
      // instances the ORM would not recognise (`new Date()` typed at the prompt).
      useGlobal: true,
    });
    Object.assign(server.context, scope);
    server.on("exit", () => resolve());
  });
}

async function runScript(
  ctx: Pick<CommandContext, "stdout" | "style">,
  code: string,
  scope: Record<string, unknown>,
): Promise<number> {
  const result = await runShellCode(code, scope);
  if (result !== undefined) ctx.stdout.line(inspect(result, { colors: ctx.style.enabled }));
  return 0;
}

/**
 * Builds `manage shell` reading from `input` (tests pass a stream of their own).
 *
 * @example
 * export const shellCommand = createShellCommand(process.stdin);
 */
export function createShellCommand(input: () => ShellInput = () => process.stdin) {
  return defineCommand({
    help: `Run a Node REPL with the project set up.

Every model your installed apps export from their models module is in scope by class name,
with settings; await works at the prompt. -c runs code and exits, printing its value; code
piped on stdin runs the same way.`,
    options: {
      command: {
        type: "string",
        short: "c",
        help: "Run this code instead of the REPL (await allowed) and print its value.",
      },
    },
    async handle(ctx) {
      const project = await ctx.setup();
      const namespace = shellNamespace(project);
      const stdin = input();
      const code = ctx.options.command ?? (stdin.isTTY ? undefined : await readAll(stdin));
      if (code !== undefined) {
        // Scripts keep their output clean: the banner only when asked for details.
        if (ctx.verbosity >= 2)
          for (const line of importBanner(namespace, 2)) ctx.stderr.line(line);
        return runScript(ctx, code, namespace.values);
      }
      if (ctx.verbosity >= 1)
        for (const line of importBanner(namespace, ctx.verbosity)) ctx.stdout.line(line);
      await interactive(stdin, namespace.values);
      return 0;
    },
  });
}

/** The built-in `shell` command. */
export const shellCommand = createShellCommand();
