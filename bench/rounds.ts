// Benchmark rounds shared by http.ts and tfb.ts: server children, samples, rotating rounds, medians.
//
// Each server runs in its own child process that answers "cpu" with its process.cpuUsage()
// and reports { port } once listening. The servers are measured in rounds, taking turns in a
// rotating order, and each figure is the median over the rounds: a machine whose load drifts
// during the run then skews all servers alike instead of whichever ran last.

import { type ChildProcess, execFileSync, fork } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type autocannon from "autocannon";

/** One measurement of one server on one test, in one round. */
export interface Measurement {
  requestsPerSecond: number;
  /** Server CPU time (user + system) per request, in microseconds. */
  cpuMicrosPerRequest: number;
  latencyP99Ms: number;
  errors: number;
  non2xx: number;
}

/** Medians over the rounds, and error totals. */
export interface RoundsMedians extends Measurement {
  /** Requests per second of each round, in order. */
  rounds: number[];
}

/** One measurement, named by its server and test. */
export interface Sample<S extends string, T extends string> extends Measurement {
  server: S;
  test: T;
}

/** What one server did on one test: medians over the rounds, and error totals. */
export interface RoundsFigure<S extends string, T extends string> extends RoundsMedians {
  server: S;
  test: T;
}

/** A bench's target: the ratio to reach, and whether this run did. */
export interface Target {
  ratio: number;
  met: boolean;
}

/** The repository's root folder, with a trailing slash. */
export const repo = fileURLToPath(new URL("..", import.meta.url));

/** Options every bench takes on its command line. */
export interface BenchArgs {
  duration?: number;
  rounds?: number;
  connections?: number;
  source?: boolean;
}

/**
 * A bench's duration, rounds (default 3) and print (default true), from its options.
 *
 * @example
 * const { duration, rounds, print } = roundsSettings(options, 10);
 */
export function roundsSettings(
  options: BenchArgs & { print?: boolean },
  defaultDuration: number,
): { duration: number; rounds: number; print: boolean } {
  return {
    duration: options.duration ?? defaultDuration,
    rounds: options.rounds ?? 3,
    print: options.print ?? true,
  };
}

/**
 * Parses --duration, --rounds, --connections and --source, and the bench's own flags through
 * `extra` (each handed its value); anything else throws with `usage`.
 *
 * @example
 * const options = parseBenchArgs<TfbBenchOptions>(process.argv.slice(2), "--duration <s>", {
 *   "--only": (value, options) => { options.only = parseOnly(value); },
 * });
 */
export function parseBenchArgs<O extends BenchArgs>(
  argv: string[],
  usage: string,
  extra: Record<string, (value: string | undefined, options: O) => void> = {},
): O {
  const options = {} as O;
  for (let i = 0; i < argv.length; i++) {
    const [flag = "", inline] = argv[i]!.split("=", 2);
    if (flag === "--source") {
      options.source = true;
      continue;
    }
    const value = inline ?? argv[++i];
    const handle = extra[flag];
    if (handle) {
      handle(value, options);
      continue;
    }
    const number = positiveNumber(flag, value);
    if (flag === "--duration") options.duration = number;
    else if (flag === "--connections") options.connections = number;
    else if (flag === "--rounds") options.rounds = Math.round(number);
    else throw new Error(`Unknown option '${flag}'. Use ${usage}.`);
  }
  return options;
}

/**
 * A flag's value as a positive number, or an error naming the flag.
 *
 * @example
 * positiveNumber("--pipelining", "10"); // 10
 */
export function positiveNumber(flag: string, value: string | undefined): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new Error(`${flag} needs a positive number; got '${value}'.`);
  return number;
}

/**
 * Starts one child per server, runs `body` with them, and stops them all however it ends.
 *
 * @example
 * const result = await withServerChildren(["raw", "tango"], startServer, (children) => measure(children));
 */
export async function withServerChildren<S extends string, R>(
  servers: readonly S[],
  start: (server: S) => Promise<ServerChild>,
  body: (children: Map<S, ServerChild>) => Promise<R>,
): Promise<R> {
  const children = new Map<S, ServerChild>();
  try {
    for (const server of servers) children.set(server, await start(server));
    return await body(children);
  } finally {
    for (const child of children.values()) await stopServerChild(child.process);
  }
}

/** A server's child process and the port it listens on. */
export interface ServerChild {
  process: ChildProcess;
  port: number;
}

/** What {@link runRounds} needs. */
export interface RoundsOptions<S extends string, T extends string> {
  servers: readonly S[];
  /** The tests, measured in this order in each round. */
  tests: readonly T[];
  rounds: number;
  /** Print one progress line per measurement. */
  print: boolean;
  /** Width the test name is padded to in the progress lines. */
  testWidth: number;
  children: ReadonlyMap<S, ServerChild>;
  /** One autocannon run of a test against a server's child. */
  load: (child: ServerChild, test: T) => Promise<autocannon.Result>;
}

/**
 * Measures every test on every server, once per round; each round rotates who goes first, so
 * no server is always measured right after the same one.
 *
 * @example
 * const samples = await runRounds({
 *   servers: ["raw", "tango"], tests: ["plaintext"], rounds: 3, print: true, testWidth: 10,
 *   children, load: (child, test) => autocannon({ url: `http://127.0.0.1:${child.port}/${test}` }),
 * });
 */
export async function runRounds<S extends string, T extends string>(
  options: RoundsOptions<S, T>,
): Promise<Sample<S, T>[]> {
  const { servers, tests, rounds } = options;
  const samples: Sample<S, T>[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = servers.map((_, i) => servers[(i + round) % servers.length]!);
    for (const test of tests) {
      for (const server of order) {
        const child = options.children.get(server)!;
        const sample = {
          server,
          test,
          ...(await measureChild(child, () => options.load(child, test))),
        };
        samples.push(sample);
        if (options.print) {
          const where = `round ${round + 1}/${rounds} ${server.padEnd(8)} ${test.padEnd(options.testWidth)}`;
          console.log(
            `${where} ${sample.requestsPerSecond} req/s, ${sample.cpuMicrosPerRequest} µs/req`,
          );
        }
      }
    }
  }
  return samples;
}

/**
 * One autocannon run against a child, with the CPU time the child spent on it.
 *
 * @example
 * const measurement = await measureChild(child, () => autocannon({ url, duration: 5 }));
 */
export async function measureChild(
  child: ServerChild,
  load: () => Promise<autocannon.Result>,
): Promise<Measurement> {
  const before = await cpuOf(child.process);
  const result = await load();
  const after = await cpuOf(child.process);
  const cpu = after.user - before.user + (after.system - before.system);
  return {
    requestsPerSecond: Math.round(result.requests.average),
    cpuMicrosPerRequest: Math.round((cpu / Math.max(1, result.requests.total)) * 10) / 10,
    latencyP99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * The median, or the mean of the middle two rounded to one decimal.
 *
 * @example
 * median([3, 1, 2]); // 2
 */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]!
    : Math.round(((sorted[middle - 1]! + sorted[middle]!) / 2) * 10) / 10;
}

/**
 * One figure per server and test, in that order: the medians of its rounds, errors summed.
 *
 * @example
 * const figures = medians(samples, ["raw", "tango"], ["plaintext", "json"]);
 */
export function medians<S extends string, T extends string>(
  samples: readonly Sample<S, T>[],
  servers: readonly S[],
  tests: readonly T[],
): RoundsFigure<S, T>[] {
  const figures: RoundsFigure<S, T>[] = [];
  for (const server of servers) {
    for (const test of tests) {
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

/**
 * One server's figure divided by another's on a test, to two decimals (NaN where one is missing).
 *
 * @example
 * ratio(figures, "requestsPerSecond", "plaintext", "tango", "raw"); // 0.93
 */
export function ratio<S extends string, T extends string>(
  figures: readonly RoundsFigure<S, T>[],
  field: "requestsPerSecond" | "cpuMicrosPerRequest",
  test: T,
  server: S,
  base: S,
): number {
  const of = (s: S) =>
    figures.find((f) => f.server === s && f.test === test)?.[field] ?? Number.NaN;
  return Math.round((of(server) / of(base)) * 100) / 100;
}

/** Whether any figure counted errors or non-2xx answers. */
export function anyFailures(figures: readonly Measurement[]): boolean {
  return figures.some((f) => f.errors > 0 || f.non2xx > 0);
}

/**
 * Prints the table of figures, one line each, under the given column header line.
 *
 * @example
 * printFigures(figures, "server   test        req/s  cpu µs/req ...", 8);
 */
export function printFigures<S extends string, T extends string>(
  figures: readonly RoundsFigure<S, T>[],
  header: string,
  testWidth: number,
): void {
  const rounds = figures[0]?.rounds.length ?? 0;
  console.log(`\nMedians of ${rounds} round(s); the last column lists each round's req/s.`);
  console.log(header);
  for (const f of figures) {
    const cells = [
      String(f.requestsPerSecond).padStart(8),
      String(f.cpuMicrosPerRequest).padStart(10),
      String(f.latencyP99Ms).padStart(7),
      String(f.errors).padStart(6),
      String(f.non2xx).padStart(7),
      ` ${f.rounds.join(" ")}`,
    ];
    console.log(`${f.server.padEnd(8)} ${f.test.padEnd(testWidth)} ${cells.join("  ")}`);
  }
}

/**
 * Runs `tsc -b` on projects; when it fails but `emitted` exists, warns and goes on with it.
 *
 * @example
 * buildProjects(repo, ["packages/urls"], `${repo}packages/urls/dist/index.js`, true);
 */
export function buildProjects(
  repo: string,
  projects: string[],
  emitted: string,
  print: boolean,
): void {
  try {
    execFileSync(`${repo}node_modules/.bin/tsc`, ["-b", ...projects], { cwd: repo, stdio: "pipe" });
  } catch (error) {
    const output = String((error as { stdout?: Buffer }).stdout ?? error);
    if (!existsSync(emitted)) {
      throw new Error(
        `The build failed, so Tango cannot run from dist/ (use --source):\n${output}`,
      );
    }
    if (print)
      console.warn(`tsc -b reported errors; benchmarking the dist/ it emitted:\n${output}`);
  }
}

/** How {@link startServerChild} forks a server script. */
export interface ServerChildOptions {
  cwd: string;
  execArgv: string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * Forks a server script and waits for the port it reports once listening.
 *
 * @example
 * const child = await startServerChild("tango", script, ["tango"], { cwd, execArgv: ["--import", "tsx"] });
 */
export function startServerChild(
  name: string,
  script: string,
  args: string[],
  options: ServerChildOptions,
): Promise<ServerChild> {
  const child = fork(script, args, { ...options, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    child.once("message", (message) =>
      resolve({ process: child, port: (message as { port: number }).port }),
    );
    child.once("exit", (code) =>
      reject(new Error(`The ${name} server exited with code ${code} before listening.`)),
    );
  });
}

function cpuOf(child: ChildProcess): Promise<NodeJS.CpuUsage> {
  return new Promise((resolve) => {
    child.once("message", (message) => resolve((message as { cpu: NodeJS.CpuUsage }).cpu));
    child.send("cpu");
  });
}

/**
 * Stops a server child by disconnecting it, and waits for it to exit.
 *
 * @example
 * await stopServerChild(child.process);
 */
export function stopServerChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.disconnect(); // the child exits on disconnect, writing its --cpu-prof profile if asked
  });
}
