// Upload throughput: a 100 MB multipart upload POSTed to Tango against a raw node:http + busboy handler.
//
// The body (one small text field and one 100 MiB file of random bytes) is generated once into a
// temporary file and streamed from disk in each request. Each server runs in its own child
// process (this file, started with `serve <kind>`):
// - `tango`: as deployed, built JavaScript from dist/, DEBUG off, the default MIDDLEWARE, served
//   by adapter-node's serve(); a csrfExempt view reads request.FILES. Tango streams the body
//   through busboy and spills the file to FILE_UPLOAD_TEMP_DIR once it is over
//   FILE_UPLOAD_MAX_MEMORY_SIZE, and removes the temporary file when the request ends.
// - `raw`: node:http and busboy writing the file to a temporary file, then removing it: the
//   least work that does the same.
// Both answer with the file's size, which is checked. After every upload both temporary folders
// must be empty again.
//
// Uploads run one at a time, several per round; the servers take turns in a rotating order and
// each figure is the median over the rounds. There is no target: the summary line gives the
// ratio Tango/raw only.
//
//   node --import tsx bench/uploads.ts [--rounds 5] [--uploads 3] [--source]
//
// --source runs @tango/* from src/ through tsx instead of dist/ (no build needed).

import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, open, readdir, rm, stat, unlink } from "node:fs/promises";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  buildProjects,
  positiveNumber,
  repo,
  type ServerChild,
  startServerChild,
  stopServerChild,
} from "./rounds.js";

/** Options of {@link runUploadsBench}. */
export interface UploadsBenchOptions {
  /** Rounds; each figure is the median (default 5). */
  rounds?: number;
  /** Uploads per server and round, one at a time (default 3). */
  uploads?: number;
  /** Run @tango/* from src/ (tango:source) instead of the built dist/. */
  source?: boolean;
  /** Print progress and the result (default true). */
  print?: boolean;
}

const SERVERS = ["raw", "tango"] as const;
type Server = (typeof SERVERS)[number];

/** What one server did: medians over the rounds. */
export interface UploadsFigure {
  server: Server;
  /** Megabytes (10^6 bytes) of request body per second. */
  megabytesPerSecond: number;
  /** Server CPU time (user + system) per upload, in milliseconds. */
  cpuMillisPerUpload: number;
  /** MB/s of each round, in order. */
  rounds: number[];
}

/** What {@link runUploadsBench} measured. */
export interface UploadsBenchResult {
  bodyBytes: number;
  figures: UploadsFigure[];
  /** Tango's MB/s divided by raw's (higher is better; no target). */
  ratio: number;
}

const FILE_BYTES = 100 * 1024 * 1024;
const BOUNDARY = `----TangoBenchBoundary${randomBytes(12).toString("hex")}`;
const SCRIPT = fileURLToPath(import.meta.url);

/** Writes the multipart body once: a text field, then the file, in 1 MiB chunks of random bytes. */
async function writeBody(path: string): Promise<number> {
  const handle = await open(path, "w");
  try {
    const head =
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\nbench upload\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="bench.bin"\r\n` +
      "Content-Type: application/octet-stream\r\n\r\n";
    await handle.write(head);
    const chunk = 1024 * 1024;
    for (let written = 0; written < FILE_BYTES; written += chunk) {
      await handle.write(randomBytes(Math.min(chunk, FILE_BYTES - written)));
    }
    await handle.write(`\r\n--${BOUNDARY}--\r\n`);
  } finally {
    await handle.close();
  }
  return (await stat(path)).size;
}

/** POSTs the body from disk; resolves with the seconds it took and checks the answer. */
function upload(
  port: number,
  bodyPath: string,
  bodyBytes: number,
  server: Server,
): Promise<number> {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/upload",
        headers: {
          "Content-Type": `multipart/form-data; boundary=${BOUNDARY}`,
          "Content-Length": bodyBytes,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if (res.statusCode !== 200 || text !== String(FILE_BYTES)) {
            reject(
              new Error(
                `${server} answered the upload with ${res.statusCode} ${text.slice(0, 300)}`,
              ),
            );
            return;
          }
          resolve(Number(process.hrtime.bigint() - start) / 1e9);
        });
      },
    );
    req.on("error", reject);
    pipeline(createReadStream(bodyPath), req).catch(reject);
  });
}

function cpuOf(child: ServerChild): Promise<number> {
  return new Promise((resolve) => {
    child.process.once("message", (message) => {
      const { user, system } = (message as { cpu: NodeJS.CpuUsage }).cpu;
      resolve((user + system) / 1000);
    });
    child.process.send("cpu");
  });
}

/** Both servers must leave no temporary file behind; Tango removes its own once the request ends. */
async function checkNoTempFiles(dirs: Record<Server, string>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const left = (await Promise.all(SERVERS.map((s) => readdir(dirs[s])))).flat();
    if (left.length === 0) return;
    if (attempt >= 50)
      throw new Error(`Temporary upload files were left behind: ${left.join(", ")}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * Generates the body, starts both servers, checks their answers, then times uploads in rounds
 * with a rotating order and reports the median MB/s of each and the ratio Tango/raw.
 *
 * @example
 * const { ratio } = await runUploadsBench({ rounds: 3, uploads: 3 });
 * console.log(ratio);
 */
export async function runUploadsBench(
  options: UploadsBenchOptions = {},
): Promise<UploadsBenchResult> {
  const rounds = options.rounds ?? 5;
  const uploads = options.uploads ?? 3;
  const print = options.print ?? true;
  if (!options.source) {
    const emitted = `${repo}packages/adapter-node/dist/index.js`;
    buildProjects(repo, ["packages/adapter-node", "packages/urls"], emitted, print);
  }
  const work = await mkdtemp(join(tmpdir(), "tango-bench-uploads-"));
  const dirs: Record<Server, string> = { raw: join(work, "raw"), tango: join(work, "tango") };
  const children = new Map<Server, ServerChild>();
  try {
    for (const server of SERVERS) await mkdir(dirs[server]);
    const bodyPath = join(work, "body.multipart");
    const bodyBytes = await writeBody(bodyPath);
    const conditions = options.source ? ["--conditions=tango:source"] : [];
    for (const server of SERVERS) {
      const child = await startServerChild(server, SCRIPT, ["serve", server, dirs[server]], {
        cwd: repo,
        execArgv: [...conditions, "--import", "tsx"],
      });
      children.set(server, child);
    }
    // Warm-up and answer check: one upload each.
    for (const server of SERVERS) {
      await upload(children.get(server)!.port, bodyPath, bodyBytes, server);
      await checkNoTempFiles(dirs);
    }
    const samples: Record<Server, { mbps: number[]; cpu: number[] }> = {
      raw: { mbps: [], cpu: [] },
      tango: { mbps: [], cpu: [] },
    };
    for (let round = 0; round < rounds; round++) {
      const order = SERVERS.map((_, i) => SERVERS[(i + round) % SERVERS.length]!);
      for (const server of order) {
        const child = children.get(server)!;
        const cpuBefore = await cpuOf(child);
        let seconds = 0;
        for (let i = 0; i < uploads; i++) {
          seconds += await upload(child.port, bodyPath, bodyBytes, server);
          await checkNoTempFiles(dirs);
        }
        const cpu = ((await cpuOf(child)) - cpuBefore) / uploads;
        const mbps = (bodyBytes * uploads) / 1e6 / seconds;
        samples[server].mbps.push(mbps);
        samples[server].cpu.push(cpu);
        if (print) {
          console.log(
            `round ${round + 1}/${rounds} ${server.padEnd(6)} ${mbps.toFixed(0)} MB/s, ${cpu.toFixed(0)} ms CPU/upload`,
          );
        }
      }
    }
    const figures = SERVERS.map((server) => ({
      server,
      megabytesPerSecond: Math.round(median(samples[server].mbps)),
      cpuMillisPerUpload: Math.round(median(samples[server].cpu)),
      rounds: samples[server].mbps.map((n) => Math.round(n)),
    }));
    const of = (server: Server) => figures.find((f) => f.server === server)!.megabytesPerSecond;
    const result = {
      bodyBytes,
      figures,
      ratio: Math.round((of("tango") / of("raw")) * 100) / 100,
    };
    if (print) printResult(result, rounds, uploads);
    return result;
  } finally {
    for (const child of children.values()) await stopServerChild(child.process);
    await rm(work, { recursive: true, force: true });
  }
}

function printResult(r: UploadsBenchResult, rounds: number, uploads: number): void {
  const mb = (r.bodyBytes / 1e6).toFixed(1);
  console.log(
    `\nUpload of a ${mb} MB multipart body: median of ${rounds} rounds x ${uploads} uploads, one at a time`,
  );
  console.log("server     MB/s  cpu ms/upload  rounds (MB/s)");
  for (const f of r.figures) {
    console.log(
      `${f.server.padEnd(6)} ${String(f.megabytesPerSecond).padStart(8)}  ${String(f.cpuMillisPerUpload).padStart(13)}  ${f.rounds.join(" ")}`,
    );
  }
  console.log(`Tango/raw upload throughput: ${r.ratio}x (no target)`);
}

// ---- The server children --------------------------------------------------------------------

/** The baseline: node:http and busboy, the file streamed to a temporary file, removed once answered. */
async function serveRaw(tempDir: string): Promise<number> {
  const { default: busboy } = await import("busboy");
  let next = 0;
  const server = createServer((req, res) => {
    const parser = busboy({ headers: req.headers });
    const writes: Promise<number>[] = [];
    const paths: string[] = [];
    const fields: Record<string, string> = {};
    parser.on("field", (name, value) => {
      fields[name] = value;
    });
    parser.on("file", (_name, stream) => {
      const path = join(tempDir, `raw-upload-${process.pid}-${next++}`);
      paths.push(path);
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
      });
      writes.push(pipeline(stream, createWriteStream(path, { mode: 0o600 })).then(() => size));
    });
    parser.on("close", async () => {
      try {
        const sizes = await Promise.all(writes);
        res.writeHead(200, { "Content-Type": "text/plain" }).end(String(sizes[0] ?? 0));
      } catch (error) {
        res.writeHead(500).end(String(error));
      } finally {
        await Promise.all(paths.map((p) => unlink(p).catch(() => {})));
      }
    });
    parser.on("error", (error) => res.writeHead(400).end(String(error)));
    req.pipe(parser);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

/** Tango as deployed: DEBUG off, the default MIDDLEWARE, a csrfExempt view reading request.FILES. */
async function serveTango(tempDir: string): Promise<number> {
  const { createApplication, csrfExempt, HttpResponse } = await import("@tango/http");
  const { path } = await import("@tango/urls");
  const { serve } = await import("@tango/adapter-node");
  const receive = csrfExempt((request: import("@tango/http").HttpRequest) => {
    const file = request.FILES.get("file");
    return new HttpResponse(String(file?.size ?? 0), { contentType: "text/plain" });
  });
  const app = await createApplication({
    DEBUG: false,
    SECRET_KEY: "bench-secret-key-bench-secret-key-bench-secret-key-0123456789",
    ALLOWED_HOSTS: ["127.0.0.1", "localhost"],
    APPEND_SLASH: false,
    FILE_UPLOAD_MAX_SIZE: 512 * 1024 * 1024,
    DATA_UPLOAD_MAX_MEMORY_SIZE: 512 * 1024 * 1024,
    FILE_UPLOAD_TEMP_DIR: tempDir,
    ROOT_URLCONF: [path("upload", receive)],
  });
  const { server } = await serve(app, { port: 0, signals: false });
  return (server.address() as AddressInfo).port;
}

function parseArgs(argv: string[]): UploadsBenchOptions {
  const usage = "--rounds <n>, --uploads <n>, --source";
  const options: UploadsBenchOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag = "", inline] = argv[i]!.split("=", 2);
    if (flag === "--source") {
      options.source = true;
      continue;
    }
    const value = Math.round(positiveNumber(flag, inline ?? argv[++i]));
    if (flag === "--rounds") options.rounds = value;
    else if (flag === "--uploads") options.uploads = value;
    else throw new Error(`Unknown option '${flag}'. Use ${usage}.`);
  }
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === "serve") {
    const [kind, tempDir] = [process.argv[3], process.argv[4]];
    if (!process.send || !tempDir || (kind !== "raw" && kind !== "tango"))
      throw new Error(
        `Run 'serve raw|tango <tempDir>' as a child of bench/uploads.ts; got '${kind}'.`,
      );
    const port = kind === "raw" ? await serveRaw(tempDir) : await serveTango(tempDir);
    process.send({ port });
    process.on("message", () => process.send?.({ cpu: process.cpuUsage() }));
    process.on("disconnect", () => process.exit(0));
  } else {
    await runUploadsBench(parseArgs(process.argv.slice(2)));
  }
}
