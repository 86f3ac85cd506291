// The baseline of the TechEmpower comparison: node:http, a pg Pool and nunjucks, by hand.
//
// It does the work examples/bench's Tango views do, on the same database and the same
// template file, with nothing in between: the same queries (one per world, side by side on a
// pool of the same size), the same in-memory sort, the same autoescaped nunjucks template.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type NunjucksModule from "nunjucks";
import pg from "pg";

/** How many rows `world` holds: ids run from 1 to this. */
const WORLDS = 10_000;
const HELLO = "Hello, World!";
const ADDED_FORTUNE = "Additional fortune added at request time.";
const TEMPLATES = fileURLToPath(new URL("../examples/bench/src/world/templates", import.meta.url));

// nunjucks is a dependency of @tango/templates, installed under it rather than at the root.
const requireFromTemplates = createRequire(
  new URL("../packages/templates/package.json", import.meta.url),
);

interface World {
  id: number;
  randomnumber: number;
}

interface Fortune {
  id: number;
  message: string;
}

/**
 * Starts the baseline server on 127.0.0.1 and a free port; resolves with the port.
 *
 * @example
 * const port = await startBaseline("postgres://postgres@127.0.0.1:5432/tfb");
 */
export async function startBaseline(databaseUrl: string): Promise<number> {
  const nunjucks = requireFromTemplates("nunjucks") as typeof NunjucksModule;
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(TEMPLATES), {
    autoescape: true,
  });
  // pg's default pool size, as Tango's connection has without OPTIONS.max.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const handlers: Record<string, (url: URL, res: ServerResponse) => Promise<void> | void> = {
    "/plaintext": (_url, res) => send(res, "text/plain", HELLO),
    "/json": (_url, res) => sendJson(res, { message: HELLO }),
    "/db": async (_url, res) => sendJson(res, worldJson(await randomWorld(pool))),
    "/queries": async (url, res) => {
      const worlds = await randomWorlds(pool, queryCount(url.searchParams.get("queries")));
      sendJson(res, worlds.map(worldJson));
    },
    "/fortunes": async (_url, res) => {
      const { rows } = await pool.query<Fortune>("SELECT id, message FROM fortune");
      rows.push({ id: 0, message: ADDED_FORTUNE });
      rows.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
      send(res, "text/html; charset=utf-8", env.render("fortunes.html", { fortunes: rows }));
    },
    "/updates": async (url, res) => {
      const worlds = await randomWorlds(pool, queryCount(url.searchParams.get("queries")));
      sendJson(res, (await updateWorlds(pool, worlds)).map(worldJson));
    },
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const handler = handlers[url.pathname];
    if (!handler) {
      res.writeHead(404).end();
      return;
    }
    Promise.resolve(handler(url, res)).catch((error: unknown) => {
      res.writeHead(500, { "Content-Type": "text/plain" }).end(String(error));
    });
  });
  server.on("close", () => void pool.end());
  return listen(server);
}

function randomWorldNumber(): number {
  return 1 + Math.floor(Math.random() * WORLDS);
}

/** TechEmpower's reading of `queries`: not a number or below 1 gives 1; at most 500. */
function queryCount(raw: string | null): number {
  const count = Number.parseInt(raw ?? "", 10);
  if (Number.isNaN(count) || count < 1) return 1;
  return Math.min(count, 500);
}

async function randomWorld(pool: pg.Pool): Promise<World> {
  const { rows } = await pool.query<World>("SELECT id, randomnumber FROM world WHERE id = $1", [
    randomWorldNumber(),
  ]);
  return rows[0]!;
}

function randomWorlds(pool: pg.Pool, count: number): Promise<World[]> {
  return Promise.all(Array.from({ length: count }, () => randomWorld(pool)));
}

/** New random numbers, saved in one UPDATE ... CASE in id order, as Tango's bulkUpdate does. */
async function updateWorlds(pool: pg.Pool, worlds: World[]): Promise<World[]> {
  const byId = new Map<number, World>();
  for (const world of worlds) {
    const seen = byId.get(world.id);
    if (seen) {
      world.randomnumber = seen.randomnumber;
      continue;
    }
    const next = randomWorldNumber();
    world.randomnumber = next === world.randomnumber ? (next % WORLDS) + 1 : next;
    byId.set(world.id, world);
  }
  const changed = [...byId.values()].sort((a, b) => a.id - b.id);
  const params: number[] = [];
  const cases = changed.map((w) => {
    params.push(w.id, w.randomnumber);
    return `WHEN $${params.length - 1}::int THEN $${params.length}::int`;
  });
  const ids = changed.map((w) => {
    params.push(w.id);
    return `$${params.length}::int`;
  });
  await pool.query(
    `UPDATE world SET randomnumber = CASE id ${cases.join(" ")} END WHERE id IN (${ids.join(", ")})`,
    params,
  );
  return worlds;
}

function worldJson(world: World): { id: number; randomNumber: number } {
  return { id: world.id, randomNumber: world.randomnumber };
}

function send(res: ServerResponse, contentType: string, body: string): void {
  res.writeHead(200, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

function sendJson(res: ServerResponse, data: unknown): void {
  send(res, "application/json", JSON.stringify(data));
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
}
