/**
 * The views of the world app: TechEmpower's six test types, written as any Tango view is
 * (the ORM for every read and write, a template for HTML), following the benchmark's rules:
 * every world is fetched by a query of its own, and nothing is cached between requests.
 */
import { type HttpRequest, HttpResponse, JsonResponse } from "@tango/http";
import { render } from "@tango/views";
import { Fortune, World } from "./models.js";

/** How many rows `world` holds: ids run from 1 to this. */
const WORLDS = 10_000;
const HELLO = "Hello, World!";

/** A world id or random number, uniformly in 1..10,000. */
function randomWorldNumber(): number {
  return 1 + Math.floor(Math.random() * WORLDS);
}

/**
 * The `queries` parameter as TechEmpower reads it: missing or not a number gives 1, and the
 * count is clamped to 1..500.
 *
 * @example
 * queryCount("20"); // 20
 * queryCount("foo"); // 1
 * queryCount("501"); // 500
 */
export function queryCount(raw: string | null | undefined): number {
  const count = Number.parseInt(raw ?? "", 10);
  if (Number.isNaN(count) || count < 1) return 1;
  return Math.min(count, 500);
}

/** The JSON shape of a world in every database test. */
function worldJson(world: World): { id: number; randomNumber: number } {
  return { id: world.id, randomNumber: world.randomNumber };
}

/** `count` random worlds, each by a query of its own (run side by side on the pool). */
function randomWorlds(count: number): Promise<World[]> {
  return Promise.all(
    Array.from({ length: count }, () => World.objects.get({ id: randomWorldNumber() })),
  );
}

/** TechEmpower test 6: GET /plaintext. */
export function plaintext(_request: HttpRequest): HttpResponse {
  return new HttpResponse(HELLO, { contentType: "text/plain" });
}

/** TechEmpower test 1: GET /json. */
export function json(_request: HttpRequest): JsonResponse {
  return new JsonResponse({ message: HELLO });
}

/** TechEmpower test 2: GET /db, one random world. */
export async function db(_request: HttpRequest): Promise<JsonResponse> {
  const world = await World.objects.get({ id: randomWorldNumber() });
  return new JsonResponse(worldJson(world));
}

/** TechEmpower test 3: GET /queries?queries=N, N random worlds (one query each). */
export async function queries(request: HttpRequest): Promise<JsonResponse> {
  const worlds = await randomWorlds(queryCount(request.GET.get("queries")));
  return new JsonResponse(worlds.map(worldJson), { safe: false });
}

/**
 * TechEmpower test 4: GET /fortunes, every fortune plus one added at request time, sorted by
 * message and rendered by world/templates/fortunes.html (autoescaped).
 */
export async function fortunes(request: HttpRequest): Promise<HttpResponse> {
  const all = await Fortune.objects.all();
  all.push(new Fortune({ id: 0, message: "Additional fortune added at request time." }));
  all.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  return render(request, "fortunes.html", { fortunes: all });
}

/**
 * TechEmpower test 5: GET /updates?queries=N, N random worlds (one query each), each given a
 * new random number, saved by one bulkUpdate in id order (so concurrent requests lock rows in
 * the same order and never deadlock).
 */
export async function updates(request: HttpRequest): Promise<JsonResponse> {
  const worlds = await randomWorlds(queryCount(request.GET.get("queries")));
  // The same id drawn twice is one row: give both copies the same new number.
  const byId = new Map<number, World>();
  for (const world of worlds) {
    const seen = byId.get(world.id);
    if (seen) {
      world.randomNumber = seen.randomNumber;
      continue;
    }
    const next = randomWorldNumber();
    world.randomNumber = next === world.randomNumber ? (next % WORLDS) + 1 : next;
    byId.set(world.id, world);
  }
  const changed = [...byId.values()].sort((a, b) => a.id - b.id);
  await World.objects.bulkUpdate(changed, ["randomNumber"]);
  return new JsonResponse(worlds.map(worldJson), { safe: false });
}
