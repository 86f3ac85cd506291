// HTTP throughput: Tango (adapter-node) against a raw node:http server and Fastify, measured with autocannon.
//
// Each server runs in its own child process so it never shares an event loop with autocannon;
// all three answer the same payloads. Tango runs as deployed: built JavaScript from dist/,
// DEBUG off, the default MIDDLEWARE, served by serve(). The target: Tango reaches at least
// 0.8x the plaintext throughput of raw node:http.
//
// The servers are measured in rounds, taking turns in a rotating order, and each figure is
// the median over the rounds: a machine whose load drifts during the run (other processes,
// CPU frequency) then skews all three alike instead of whichever server ran last.
//
//   node --import tsx bench/http.ts [--duration 10] [--rounds 3] [--connections 100] [--pipelining 1] [--source]
//
// --source runs the packages from src/ through tsx instead of dist/ (no build needed).

import { fileURLToPath, pathToFileURL } from "node:url";
import autocannon from "autocannon";
import { PLAINTEXT, SERVER_KINDS, type ServerKind } from "./http-payloads.js";
import type { RoundsFigure, RoundsMedians, ServerChild, Target } from "./rounds.js";
import {
  anyFailures,
  buildProjects,
  medians,
  parseBenchArgs,
  positiveNumber,
  printFigures,
  ratio,
  repo,
  roundsSettings,
  runRounds,
  startServerChild,
  withServerChildren,
} from "./rounds.js";

/** Options of {@link runHttpBench}. */
export interface HttpBenchOptions {
  /** Seconds measured per server, payload and round (after one warm-up of a third of that, at least 1 s). */
  duration?: number;
  /** Rounds of measurements; each figure is the median of the rounds (default 3). */
  rounds?: number;
  connections?: number;
  pipelining?: number;
  /** Run @tango/* from src/ (tango:source) instead of the built dist/. */
  source?: boolean;
  /** Extra node flags for the server processes, e.g. `["--cpu-prof"]`. */
  serverExecArgv?: string[];
  /** Print progress and the result table (default true). */
  print?: boolean;
}

type Payload = "plaintext" | "json";

/** What one server did on one payload: medians over the rounds, and error totals. */
export interface HttpBenchFigure extends RoundsMedians {
  server: ServerKind;
  payload: Payload;
}

type Figure = RoundsFigure<ServerKind, Payload>;

/** What {@link runHttpBench} measured, with the ratios the target is judged on. */
export interface HttpBenchResult {
  figures: HttpBenchFigure[];
  /** Tango's req/s divided by the other server's. */
  ratios: Record<Payload, { raw: number; fastify: number }>;
  target: Target;
}

const TARGET_RATIO = 0.8;
const SERVERS_SCRIPT = fileURLToPath(new URL("./http-servers.ts", import.meta.url));

/**
 * Measures plaintext and JSON throughput of each server, in rounds.
 *
 * @example
 * const { ratios, target } = await runHttpBench({ duration: 5 });
 * console.log(ratios.plaintext.raw, target.met);
 */
export async function runHttpBench(options: HttpBenchOptions = {}): Promise<HttpBenchResult> {
  const { duration, rounds, print } = roundsSettings(options, 10);
  if (!options.source) buildPackages(print);
  const start = (server: ServerKind) => startServer(server, options);
  return withServerChildren(SERVER_KINDS, start, async (children) => {
    for (const [server, child] of children) await warmUp(child, server, duration, options);
    const samples = await runRounds({
      servers: SERVER_KINDS,
      tests: PAYLOADS,
      rounds,
      print,
      testWidth: 10,
      children,
      load: (child, payload) =>
        load(`http://127.0.0.1:${child.port}/${payload}`, duration, options),
    });
    const figures = medians(samples, SERVER_KINDS, PAYLOADS);
    const result = summarise(figures);
    if (print) printSummary(figures, result);
    return result;
  });
}

const PAYLOADS = ["plaintext", "json"] as const;

/** Checks each answer once, then loads each payload for a while: JIT, caches, connections. */
async function warmUp(
  child: ServerChild,
  server: ServerKind,
  duration: number,
  options: HttpBenchOptions,
): Promise<void> {
  for (const payload of PAYLOADS) {
    const url = `http://127.0.0.1:${child.port}/${payload}`;
    await checkAnswer(url, payload, server);
    await load(url, Math.max(1, Math.round(duration / 3)), options);
  }
}

function summarise(figures: Figure[]): HttpBenchResult {
  const rpsRatio = (payload: Payload, base: ServerKind) =>
    ratio(figures, "requestsPerSecond", payload, "tango", base);
  const ratios = {
    plaintext: { raw: rpsRatio("plaintext", "raw"), fastify: rpsRatio("plaintext", "fastify") },
    json: { raw: rpsRatio("json", "raw"), fastify: rpsRatio("json", "fastify") },
  };
  const failures = anyFailures(figures);
  return {
    figures: figures.map(({ server, test, ...rest }) => ({ server, payload: test, ...rest })),
    ratios,
    target: { ratio: TARGET_RATIO, met: !failures && ratios.plaintext.raw >= TARGET_RATIO },
  };
}

function printSummary(figures: Figure[], { ratios, target }: HttpBenchResult): void {
  printFigures(
    figures,
    "server   payload      req/s  cpu µs/req   p99 ms  errors  non-2xx  rounds",
    10,
  );
  console.log(`\nTango/raw     plaintext ${ratios.plaintext.raw}x   json ${ratios.json.raw}x`);
  console.log(
    `Tango/Fastify plaintext ${ratios.plaintext.fastify}x   json ${ratios.json.fastify}x`,
  );
  // Server CPU per request moves less than req/s when other processes share the machine.
  const cpuRatio = (payload: Payload) =>
    ratio(figures, "cpuMicrosPerRequest", payload, "raw", "tango").toString();
  console.log(
    `raw/Tango server CPU per request: plaintext ${cpuRatio("plaintext")}x   json ${cpuRatio("json")}x`,
  );
  const verdict = target.met ? "PASS" : "FAIL";
  console.log(
    `${verdict}: target Tango >= ${target.ratio}x raw node:http on plaintext (got ${ratios.plaintext.raw}x)`,
  );
}

function load(
  url: string,
  duration: number,
  options: HttpBenchOptions,
): Promise<autocannon.Result> {
  return autocannon({
    url,
    duration,
    connections: options.connections ?? 100,
    pipelining: options.pipelining ?? 1,
  });
}

/** Refuses to benchmark a server that answers wrongly: fast 404s would prove nothing. */
async function checkAnswer(url: string, payload: Payload, server: ServerKind): Promise<void> {
  const response = await fetch(url);
  const body = await response.text();
  const expected = payload === "plaintext" ? PLAINTEXT : JSON.stringify({ message: PLAINTEXT });
  const type = response.headers.get("content-type") ?? "";
  const typeOk =
    payload === "plaintext" ? type.startsWith("text/plain") : type.startsWith("application/json");
  if (response.status !== 200 || body !== expected || !typeOk) {
    throw new Error(
      `${server} answered ${url} with ${response.status} ${type} ${JSON.stringify(body.slice(0, 200))}.`,
    );
  }
}

/** Builds the packages Tango's server loads; incremental, so quick when dist/ is current. */
function buildPackages(print: boolean): void {
  const emitted = `${repo}packages/adapter-node/dist/index.js`;
  buildProjects(repo, ["packages/adapter-node", "packages/urls"], emitted, print);
}

function startServer(kind: ServerKind, options: HttpBenchOptions): Promise<ServerChild> {
  const conditions = options.source ? ["--conditions=tango:source"] : [];
  return startServerChild(kind, SERVERS_SCRIPT, [kind], {
    cwd: repo,
    execArgv: [...conditions, "--import", "tsx", ...(options.serverExecArgv ?? [])],
  });
}

function parseArgs(argv: string[]): HttpBenchOptions {
  const usage = "--duration <s>, --rounds <n>, --connections <n>, --pipelining <n>, --source";
  return parseBenchArgs<HttpBenchOptions>(argv, usage, {
    "--pipelining": (value, options) => {
      options.pipelining = positiveNumber("--pipelining", value);
    },
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runHttpBench(parseArgs(process.argv.slice(2)));
  process.exitCode = result.target.met ? 0 : 1;
}
