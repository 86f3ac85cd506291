/** `manage test [filters...]`: runs the project's tests with Vitest on test databases, as Django's `manage.py test` does. */
import { Writable } from "node:stream";
import type { CommandContextLike, CommandOutput, CommandProject } from "@tango/core";
import { prepareTestDatabases } from "@tango/orm/testing";
import { TEST_RUN_ENV, type TestRunConfig } from "../test-run-config.js";
import { TestDatabaseReport } from "./test-database-report.js";
import { vitestRunOptions } from "./vitest-run-options.js";

/** The options of `manage test`. */
export interface TestOptions {
  engine: string | undefined;
  keepdb: boolean;
  failfast: boolean;
  pattern: string | undefined;
  parallel: number | undefined;
  shuffle: boolean;
}

/** What `manage test` needs of the project: manage's ProjectLocation has all of it. */
export interface TestProject extends CommandProject {
  readonly settingsFile: string;
}

type Ctx = Omit<CommandContextLike<TestOptions, { filters: string[] }>, "project"> & {
  readonly project: TestProject | null;
};

/**
 * A stream that hands each chunk to a command output at once. A plain Writable queues chunks
 * written in one tick, and `manage` exits as soon as the command returns, losing the queue.
 */
class OutputStream extends Writable {
  readonly #output: CommandOutput;

  constructor(output: CommandOutput) {
    super();
    this.#output = output;
  }

  override write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    this.#output.write(
      typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString(),
    );
    const done = typeof encoding === "function" ? encoding : callback;
    if (typeof done === "function") queueMicrotask(() => done());
    return true;
  }
}

function streamFor(output: CommandOutput, terminal: NodeJS.WriteStream): Writable {
  // On a terminal Vitest draws its live summary there itself.
  return output.isTTY ? terminal : new OutputStream(output);
}

async function runVitest(
  ctx: Ctx,
  project: TestProject,
  baseDir: string,
  config: TestRunConfig,
): Promise<number> {
  const { startVitest } = await import("vitest/node");
  const { options, overrides } = vitestRunOptions({
    root: project.root,
    baseDir,
    built: project.built,
    env: { [TEST_RUN_ENV]: JSON.stringify(config) },
    failfast: ctx.options.failfast,
    pattern: ctx.options.pattern,
    parallel: ctx.options.parallel,
    shuffle: ctx.options.shuffle,
    verbosity: ctx.verbosity,
  });
  const previousExitCode = process.exitCode;
  process.exitCode = undefined;
  try {
    const vitest = await startVitest("test", ctx.args.filters, options, overrides, {
      stdout: streamFor(ctx.stdout, process.stdout),
      stderr: streamFor(ctx.stderr, process.stderr),
    });
    if (vitest.state.getFiles().length === 0) {
      const which = ctx.args.filters.length > 0 ? ` matching ${ctx.args.filters.join(", ")}` : "";
      const include = (overrides.test?.include ?? []).join(", ");
      ctx.stderr.line(
        ctx.style.error(
          `No tests found${which}: manage test runs the files ${include} under ${project.root}. Add a test file (for example src/polls/models.test.ts), or check the file names you gave.`,
        ),
      );
      return 1;
    }
    const failed =
      (process.exitCode !== undefined && process.exitCode !== 0) ||
      vitest.state.getCountOfFailedTests() > 0 ||
      vitest.state.getUnhandledErrors().length > 0;
    return failed ? 1 : 0;
  } finally {
    process.exitCode = previousExitCode;
  }
}

/**
 * `manage test`: Django's test runner for Tango. Creates a test database per DATABASES alias
 * (PostgreSQL: `test_<NAME>` on the same server; PGlite: in memory), applies the migrations
 * once, then runs the project's `*.test.ts` files with Vitest, each file on its own copy of
 * the databases and each test in a transaction rolled back after it.
 *
 * @example
 * // manage test polls --failfast -k "votes"
 */
export const testCommand = {
  help: `Run the project's tests, on test databases.

Finds the *.test.ts files under BASE_DIR (*.test.js with --built) and runs them with Vitest.
Before the tests, creates a test database for each DATABASES alias and applies your
migrations to it: on PostgreSQL, test_<NAME> on the server the alias points at (dropped
afterwards unless --keepdb); on PGlite, an in-memory database. Each test file gets its own
copy, so files run in parallel, and each test runs in a transaction rolled back after it.
In the tests, new Client() drives your project (DEBUG off, 'testserver' allowed).
Arguments narrow the run to test files whose path contains one of them.`,
  args: [
    {
      name: "filters",
      help: "Run only the test files whose path contains one of these (e.g. polls, home/views).",
      variadic: true,
    },
  ],
  options: {
    engine: {
      type: "string",
      choices: ["pglite", "postgres"],
      metavar: "ENGINE",
      help: "Test every database on this engine instead of the configured one (postgres uses TEST_DATABASE_URL for PGlite aliases).",
    },
    keepdb: {
      type: "boolean",
      help: "Keep the PostgreSQL test databases after the run and reuse them next time (applying only new migrations).",
    },
    failfast: { type: "boolean", help: "Stop the run at the first failing test." },
    pattern: {
      type: "string",
      short: "k",
      metavar: "PATTERN",
      help: "Run only the tests whose name matches this pattern (a regular expression).",
    },
    parallel: {
      type: "number",
      integer: true,
      metavar: "N",
      help: "How many test files run at once (default: Vitest's choice from the CPU count; 1: one after another).",
    },
    shuffle: { type: "boolean", help: "Run the test files and tests in a random order." },
  },
  async handle(ctx: Ctx): Promise<number> {
    const project = await ctx.setup();
    const location = ctx.project;
    if (!location?.settingsFile) {
      ctx.stderr.line(
        ctx.style.error(
          "Error: manage test needs the location of the settings module, which this version of manage does not give. Update @tango/cli to the version of @tango/testing.",
        ),
      );
      return 1;
    }
    if (ctx.options.parallel !== undefined && ctx.options.parallel < 1) {
      ctx.stderr.line(
        ctx.style.error(`Error: --parallel must be 1 or more, got ${ctx.options.parallel}.`),
      );
      return 2;
    }
    const report = new TestDatabaseReport(ctx);
    const baseDir = project.settings.BASE_DIR;
    const prepared = await prepareTestDatabases({
      baseDir,
      timeZone: project.settings.TIME_ZONE,
      keepdb: ctx.options.keepdb,
      ...(ctx.options.engine ? { engine: ctx.options.engine as "pglite" | "postgres" } : {}),
      progress: (event) => report.event(event),
    }).catch((error: unknown) => {
      throw report.explain(error);
    });
    try {
      return await runVitest(ctx, location, baseDir, {
        settingsFile: location.settingsFile,
        baseDir,
        templates: prepared.templates,
      });
    } finally {
      await prepared.destroy();
    }
  },
};
