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

import { type ChildProcess, execFileSync, fork } from "node:child_process";
import { cpSync, existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import autocannon from "autocannon";
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
export interface TfbBenchFigure {
  server: Server;
  test: Test;
  requestsPerSecond: number;
  /** Server CPU time (user + system) per request, in microseconds. */
  cpuMicrosPerRequest: number;
  latencyP99Ms: number;
  errors: number;
  non2xx: number;
  /** Requests per second of each round, in order. */
  rounds: number[];
}

type Sample = Omit<TfbBenchFigure, "rounds">;

/** What {@link runTfbBench} measured: Tango's req/s over the baseline's, per test. */
export interface TfbBenchResult {
  figures: TfbBenchFigure[];
  ratios: Record<Test, number>;
  target: { ratio: number; met: boolean };
}

const TARGET_RATIO = 0.8;
const repo = fileURLToPath(new URL("..", import.meta.url));
const SERVERS_SCRIPT = fileURLToPath(new URL("./tfb-servers.ts", import.meta.url));

/**
 * Measures fortunes, db and queries (20) on both servers, in rounds.
 *
 * @example
 * const { ratios, target } = await runTfbBench({ duration: 5 });
 * console.log(ratios.fortunes, target.met);
 */
export async function runTfbBench(options: TfbBenchOptions = {}): Promise<TfbBenchResult> {
  const duration = options.duration ?? 5;
  const rounds = options.rounds ?? 3;
  const print = options.print ?? true;
  const tests = options.only ?? ALL_TESTS;
  if (!options.source) buildExample(print);
  const database = await createBenchDatabase(process.env.TEST_DATABASE_URL, {
    built: !options.source,
  });
  if (print) console.log(`Database ${new URL(database.url).pathname.slice(1)} migrated.`);
  const children = new Map<Server, ServerChild>();
  try {
    for (const server of SERVERS) {
      children.set(server, await startServer(server, database.url, options));
    }
    await checkAnswers(children, tests);
    for (const child of children.values()) {
      for (const test of tests)
        await load(child, test, Math.max(1, Math.round(duration / 3)), options);
    }
    const samples: Sample[] = [];
    for (let round = 0; round < rounds; round++) {
      const order = SERVERS.map((_, i) => SERVERS[(i + round) % SERVERS.length]!);
      for (const test of tests) {
        for (const server of order) {
          const sample = await measureOne(children.get(server)!, server, test, duration, options);
          samples.push(sample);
          if (print) {
            const where = `round ${round + 1}/${rounds} ${server.padEnd(8)} ${test.padEnd(8)}`;
            console.log(
              `${where} ${sample.requestsPerSecond} req/s, ${sample.cpuMicrosPerRequest} µs/req`,
            );
          }
        }
      }
    }
    const result = summarise(medians(samples));
    if (print) printSummary(result);
    return result;
  } finally {
    for (const child of children.values()) await stopServer(child.process);
    await database.drop();
  }
}

async function measureOne(
  child: ServerChild,
  server: Server,
  test: Test,
  duration: number,
  options: TfbBenchOptions,
): Promise<Sample> {
  const before = await cpuOf(child.process);
  const result = await load(child, test, duration, options);
  const after = await cpuOf(child.process);
  const cpu = after.user - before.user + (after.system - before.system);
  return {
    server,
    test,
    requestsPerSecond: Math.round(result.requests.average),
    cpuMicrosPerRequest: Math.round((cpu / Math.max(1, result.requests.total)) * 10) / 10,
    latencyP99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]!
    : Math.round(((sorted[middle - 1]! + sorted[middle]!) / 2) * 10) / 10;
}

function medians(samples: Sample[]): TfbBenchFigure[] {
  const figures: TfbBenchFigure[] = [];
  for (const server of SERVERS) {
    for (const test of ALL_TESTS) {
      const mine = samples.filter((s) => s.server === server && s.test === test);
      if (mine.length === 0) continue;
      figures.push({
        server,
        test,
        requestsPerSecond: median(mine.map((s) => s.requestsPerSecond)),
        cpuMicrosPerRequest: median(mine.map((s) => s.cpuMicrosPerRequest)),
        latencyP99Ms: median(mine.map((s) => s.latencyP99Ms)),
        errors: mine.reduce((sum, s) => sum + s.errors, 0),
        non2xx: mine.reduce((sum, s) => sum + s.non2xx, 0),
        rounds: mine.map((s) => s.requestsPerSecond),
      });
    }
  }
  return figures;
}

function summarise(figures: TfbBenchFigure[]): TfbBenchResult {
  const rps = (server: Server, test: Test) =>
    figures.find((f) => f.server === server && f.test === test)?.requestsPerSecond ?? Number.NaN;
  const ratio = (test: Test) =>
    Math.round((rps("tango", test) / rps("baseline", test)) * 100) / 100;
  const ratios = { fortunes: ratio("fortunes"), db: ratio("db"), queries: ratio("queries") };
  const failures = figures.some((f) => f.errors > 0 || f.non2xx > 0);
  return {
    figures,
    ratios,
    target: { ratio: TARGET_RATIO, met: !failures && ratios.fortunes >= TARGET_RATIO },
  };
}

function printSummary({ figures, ratios, target }: TfbBenchResult): void {
  const rounds = figures[0]?.rounds.length ?? 0;
  console.log(`\nMedians of ${rounds} round(s); the last column lists each round's req/s.`);
  console.log("server   test        req/s  cpu µs/req   p99 ms  errors  non-2xx  rounds");
  for (const f of figures) {
    const cells = [
      String(f.requestsPerSecond).padStart(8),
      String(f.cpuMicrosPerRequest).padStart(10),
      String(f.latencyP99Ms).padStart(7),
      String(f.errors).padStart(6),
      String(f.non2xx).padStart(7),
      ` ${f.rounds.join(" ")}`,
    ];
    console.log(`${f.server.padEnd(8)} ${f.test.padEnd(8)} ${cells.join("  ")}`);
  }
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
  const tsc = `${repo}node_modules/.bin/tsc`;
  const example = `${repo}examples/bench`;
  try {
    execFileSync(tsc, ["-b", "examples/bench"], { cwd: repo, stdio: "pipe" });
  } catch (error) {
    const output = String((error as { stdout?: Buffer }).stdout ?? error);
    if (!existsSync(`${example}/dist/server.js`)) {
      throw new Error(
        `The build failed, so Tango cannot run from dist/ (use --source):\n${output}`,
      );
    }
    if (print)
      console.warn(`tsc -b reported errors; benchmarking the dist/ it emitted:\n${output}`);
  }
  cpSync(`${example}/src/world/templates`, `${example}/dist/world/templates`, { recursive: true });
}

interface ServerChild {
  process: ChildProcess;
  port: number;
}

function startServer(
  server: Server,
  databaseUrl: string,
  options: TfbBenchOptions,
): Promise<ServerChild> {
  const conditions = options.source ? ["--conditions=tango:source"] : [];
  const args = [server, databaseUrl, ...(options.source ? ["--source"] : [])];
  const child = fork(SERVERS_SCRIPT, args, {
    // tsx takes the tsconfig of the working folder: the example's enables its decorators.
    cwd: `${repo}examples/bench`,
    execArgv: [...conditions, "--import", "tsx"],
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", (message) =>
      resolve({ process: child, port: (message as { port: number }).port }),
    );
    child.once("exit", (code) =>
      reject(new Error(`The ${server} server exited with code ${code} before listening.`)),
    );
  });
}

function cpuOf(child: ChildProcess): Promise<NodeJS.CpuUsage> {
  return new Promise((resolve) => {
    child.once("message", (message) => resolve((message as { cpu: NodeJS.CpuUsage }).cpu));
    child.send("cpu");
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.disconnect();
  });
}

function parseArgs(argv: string[]): TfbBenchOptions {
  const options: TfbBenchOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split("=", 2);
    if (flag === "--source") {
      options.source = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (flag === "--only") {
      const only = (value ?? "").split(",") as Test[];
      const unknown = only.find((test) => !ALL_TESTS.includes(test));
      if (unknown !== undefined)
        throw new Error(
          `--only takes ${ALL_TESTS.join(", ")} (comma-separated); got '${unknown}'.`,
        );
      options.only = only;
      continue;
    }
    const number = Number(value);
    if (!Number.isFinite(number) || number <= 0)
      throw new Error(`${flag} needs a positive number; got '${value}'.`);
    if (flag === "--duration") options.duration = number;
    else if (flag === "--connections") options.connections = number;
    else if (flag === "--rounds") options.rounds = Math.round(number);
    else
      throw new Error(
        `Unknown option '${flag}'. Use --duration <s>, --rounds <n>, --connections <n>, --only <tests>, --source.`,
      );
  }
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runTfbBench(parseArgs(process.argv.slice(2)));
  process.exitCode = result.target.met ? 0 : 1;
}
