// TechEmpower test types: examples/bench (Tango's ORM, templates and views) against a
// hand-written node:http + pg + nunjucks server doing the same work on the same database.
//
// A fresh PostgreSQL database is created on the server of TEST_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres), filled once by the example's migrations through
// `manage migrate`, and dropped at the end. Each server runs in its own child process with a
// pg pool of 10; autocannon loads /fortunes, /db and /queries?queries=20 in rounds, taking turns
// in a rotating order, and each figure is the median over the rounds. The target: Tango
// reaches at least 0.8x the baseline's requests per second on fortunes.
//
//   node --import tsx bench/tfb.ts [--duration 5] [--rounds 3] [--connections 100] [--only db,queries] [--source]
//
// Tango runs as deployed: the example's built JavaScript from dist/, DEBUG off. --source runs
// the example and the packages from src/ through tsx instead (no build needed).

import { cpSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import autocannon from "autocannon";
import type { RoundsFigure, ServerChild, Target } from "./rounds.js";
import {
  anyFailures,
  buildProjects,
  medians,
  parseBenchArgs,
  printFigures,
  ratio,
  repo,
  roundsSettings,
  runRounds,
  startServerChild,
  withServerChildren,
} from "./rounds.js";
import { createBenchDatabase } from "./tfb-database.js";

/** Options of {@link runTfbBench}. */
export interface TfbBenchOptions {
  /** Seconds measured per server, test and round (after a warm-up of a third of that, at least 1 s). */
  duration?: number;
  /** Rounds of measurements; each figure is the median of the rounds (default 3). */
  rounds?: number;
  connections?: number;
  /** Run examples/bench and @tango/* from src/ (tango:source) instead of the built dist/. */
  source?: boolean;
  /** Measure only these tests (default all three); the fortunes target needs fortunes. */
  only?: readonly Test[];
  /** Print progress and the result table (default true). */
  print?: boolean;
}

const SERVERS = ["baseline", "tango"] as const;
type Server = (typeof SERVERS)[number];
const TESTS = { fortunes: "/fortunes", db: "/db", queries: "/queries?queries=20" } as const;
type Test = keyof typeof TESTS;
const ALL_TESTS = Object.keys(TESTS) as Test[];

/** What one server did on one test: medians over the rounds, and error totals. */
export interface TfbBenchFigure extends RoundsFigure<Server, Test> {}

/** What {@link runTfbBench} measured: Tango's req/s over the baseline's, per test. */
export interface TfbBenchResult {
  figures: TfbBenchFigure[];
  ratios: Record<Test, number>;
  target: Target;
}

const TARGET_RATIO = 0.8;
const SERVERS_SCRIPT = fileURLToPath(new URL("./tfb-servers.ts", import.meta.url));

/**
 * Measures fortunes, db and queries (20) on both servers, in rounds.
 *
 * @example
 * const { ratios, target } = await runTfbBench({ duration: 5 });
 * console.log(ratios.fortunes, target.met);
 */
export async function runTfbBench(options: TfbBenchOptions = {}): Promise<TfbBenchResult> {
  const { duration, rounds, print } = roundsSettings(options, 5);
  const tests = options.only ?? ALL_TESTS;
  if (!options.source) buildExample(print);
  const database = await createBenchDatabase(process.env.TEST_DATABASE_URL, {
    built: !options.source,
  });
  if (print) console.log(`Database ${new URL(database.url).pathname.slice(1)} migrated.`);
  const start = (server: Server) => startServer(server, database.url, options);
  try {
    return await withServerChildren(SERVERS, start, async (children) => {
      await checkAnswers(children, tests);
      for (const child of children.values()) {
        for (const test of tests)
          await load(child, test, Math.max(1, Math.round(duration / 3)), options);
      }
      const samples = await runRounds({
        servers: SERVERS,
        tests,
        rounds,
        print,
        testWidth: 8,
        children,
        load: (child, test) => load(child, test, duration, options),
      });
      const result = summarise(medians(samples, SERVERS, ALL_TESTS));
      if (print) printSummary(result);
      return result;
    });
  } finally {
    await database.drop();
  }
}

function load(
  child: ServerChild,
  test: Test,
  duration: number,
  options: TfbBenchOptions,
): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${child.port}${TESTS[test]}`,
    duration,
    connections: options.connections ?? 100,
  });
}

function summarise(figures: TfbBenchFigure[]): TfbBenchResult {
  const rpsRatio = (test: Test) => ratio(figures, "requestsPerSecond", test, "tango", "baseline");
  const ratios = {
    fortunes: rpsRatio("fortunes"),
    db: rpsRatio("db"),
    queries: rpsRatio("queries"),
  };
  const failures = anyFailures(figures);
  return {
    figures,
    ratios,
    target: { ratio: TARGET_RATIO, met: !failures && ratios.fortunes >= TARGET_RATIO },
  };
}

function printSummary({ figures, ratios, target }: TfbBenchResult): void {
  printFigures(
    figures,
    "server   test        req/s  cpu µs/req   p99 ms  errors  non-2xx  rounds",
    8,
  );
  console.log(
    `\nTango/baseline  fortunes ${ratios.fortunes}x   db ${ratios.db}x   queries(20) ${ratios.queries}x`,
  );
  const verdict = target.met ? "PASS" : "FAIL";
  console.log(
    `${verdict}: target Tango >= ${target.ratio}x node:http + pg + nunjucks on fortunes (got ${ratios.fortunes}x)`,
  );
}

/** Refuses to benchmark servers that answer wrongly, or differently from each other. */
async function checkAnswers(
  children: Map<Server, ServerChild>,
  tests: readonly Test[],
): Promise<void> {
  const pages = new Map<Server, string>();
  for (const [server, child] of children) {
    const base = `http://127.0.0.1:${child.port}`;
    if (tests.includes("fortunes")) {
      const page = await expectOk(server, `${base}/fortunes`, "text/html; charset=utf-8");
      pages.set(server, page.replace(/\s+/g, " ").replace(/> </g, "><").trim());
    }
    const world = JSON.parse(await expectOk(server, `${base}/db`, "application/json"));
    if (typeof world?.id !== "number" || typeof world?.randomNumber !== "number") {
      throw new Error(`${server} answered /db with ${JSON.stringify(world)}.`);
    }
    const worlds = JSON.parse(
      await expectOk(server, `${base}${TESTS.queries}`, "application/json"),
    );
    if (!Array.isArray(worlds) || worlds.length !== 20) {
      throw new Error(`${server} answered ${TESTS.queries} without 20 worlds.`);
    }
  }
  if (pages.get("tango") !== pages.get("baseline")) {
    throw new Error(
      `The fortunes pages differ (whitespace aside):\ntango:    ${pages.get("tango")}\nbaseline: ${pages.get("baseline")}`,
    );
  }
}

async function expectOk(server: Server, url: string, type: string): Promise<string> {
  const response = await fetch(url);
  const body = await response.text();
  const actual = response.headers.get("content-type") ?? "";
  if (response.status !== 200 || !actual.startsWith(type)) {
    throw new Error(
      `${server} answered ${url} with ${response.status} ${actual} ${body.slice(0, 300)}`,
    );
  }
  return body;
}

/**
 * Builds examples/bench (and the packages it references), then copies its templates next to
 * the compiled app, since tsc emits only JavaScript.
 */
function buildExample(print: boolean): void {
  const example = `${repo}examples/bench`;
  buildProjects(repo, ["examples/bench"], `${example}/dist/server.js`, print);
  cpSync(`${example}/src/world/templates`, `${example}/dist/world/templates`, { recursive: true });
}

function startServer(
  server: Server,
  databaseUrl: string,
  options: TfbBenchOptions,
): Promise<ServerChild> {
  const conditions = options.source ? ["--conditions=tango:source"] : [];
  const args = [server, databaseUrl, ...(options.source ? ["--source"] : [])];
  return startServerChild(server, SERVERS_SCRIPT, args, {
    // tsx takes the tsconfig of the working folder: the example's enables its decorators.
    cwd: `${repo}examples/bench`,
    execArgv: [...conditions, "--import", "tsx"],
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
}

function parseArgs(argv: string[]): TfbBenchOptions {
  const usage = "--duration <s>, --rounds <n>, --connections <n>, --only <tests>, --source";
  return parseBenchArgs<TfbBenchOptions>(argv, usage, {
    "--only": (value, options) => {
      const only = (value ?? "").split(",") as Test[];
      const unknown = only.find((test) => !ALL_TESTS.includes(test));
      if (unknown !== undefined)
        throw new Error(
          `--only takes ${ALL_TESTS.join(", ")} (comma-separated); got '${unknown}'.`,
        );
      options.only = only;
    },
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runTfbBench(parseArgs(process.argv.slice(2)));
  process.exitCode = result.target.met ? 0 : 1;
}
