// The TechEmpower views through the in-process test client, on PGlite and on PostgreSQL, on a
// database built by the project's migrations (10,000 worlds, 12 fortunes).
import type { Application } from "@tango/http";
import { MigrationExecutor } from "@tango/orm/migrations";
import { assertNumQueries, describeEachDatabase } from "@tango/orm/testing";
import { Client, createTestApplication, type TestResponse } from "@tango/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import settings from "../tfb/settings.js";
import { World } from "./models.js";
import { queryCount } from "./views.js";

interface WorldJson {
  id: number;
  randomNumber: number;
}

function expectWorld(value: unknown): asserts value is WorldJson {
  expect(value).toEqual({ id: expect.any(Number), randomNumber: expect.any(Number) });
  const world = value as WorldJson;
  for (const n of [world.id, world.randomNumber]) {
    expect(Number.isInteger(n) && n >= 1 && n <= 10_000).toBe(true);
  }
}

function expectJson(response: TestResponse): unknown {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return response.json();
}

const ENTITIES: Record<string, string> = {
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
  "&amp;": "&",
};

/** The messages of the fortunes table, in the order the page lists them, unescaped. */
function listedMessages(html: string): string[] {
  return [...html.matchAll(/<tr><td>\d+<\/td><td>(.*?)<\/td><\/tr>/g)].map((m) =>
    m[1]!.replace(/&(lt|gt|quot|#39|amp);/g, (entity) => ENTITIES[entity]!),
  );
}

it("queryCount: reads the queries parameter as TechEmpower does", () => {
  expect(queryCount("20")).toBe(20);
  expect(queryCount(null)).toBe(1);
  expect(queryCount("")).toBe(1);
  expect(queryCount("foo")).toBe(1);
  expect(queryCount("0")).toBe(1);
  expect(queryCount("-3")).toBe(1);
  expect(queryCount("500")).toBe(500);
  expect(queryCount("501")).toBe(500);
});

describeEachDatabase("TechEmpower views", () => {
  let app: Application;
  let client: Client;

  beforeAll(async () => {
    app = await createTestApplication(settings);
    const executor = await MigrationExecutor.create();
    await executor.migrate(executor.targetsForApps());
    client = new Client(app);
  });

  afterAll(async () => {
    await app.close();
  });

  it("the migrations fill 10,000 worlds and 12 fortunes", async () => {
    expect(await World.objects.count()).toBe(10_000);
    expect(await World.objects.filter({ randomNumber__lt: 1 }).count()).toBe(0);
    expect(await World.objects.filter({ randomNumber__gt: 10_000 }).count()).toBe(0);
  });

  it("plaintext: Hello, World! as text/plain", async () => {
    const response = await client.get("/plaintext");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(response.text()).toBe("Hello, World!");
  });

  it("json: the message object", async () => {
    const response = await client.get("/json");
    expect(expectJson(response)).toEqual({ message: "Hello, World!" });
    expect(response.text()).toBe('{"message":"Hello, World!"}');
  });

  it("db: one random world, in one query", async () => {
    const response = await assertNumQueries(1, () => client.get("/db"));
    const world = expectJson(response);
    expectWorld(world);
    expect((await World.objects.get({ id: world.id })).randomNumber).toBe(world.randomNumber);
  });

  it("queries: N worlds, one query each", async () => {
    const response = await assertNumQueries(20, () => client.get("/queries?queries=20"));
    const worlds = expectJson(response) as unknown[];
    expect(worlds).toHaveLength(20);
    for (const world of worlds) expectWorld(world);
  });

  it("queries: clamps the count to 1..500, and reads garbage as 1", async () => {
    const count = async (query: string) =>
      (expectJson(await client.get(`/queries${query}`)) as unknown[]).length;
    expect(await count("")).toBe(1);
    expect(await count("?queries=")).toBe(1);
    expect(await count("?queries=foo")).toBe(1);
    expect(await count("?queries=0")).toBe(1);
    expect(await count("?queries=501")).toBe(500);
  });

  it("fortunes: every fortune and the added one, sorted by message, escaped", async () => {
    const response = await assertNumQueries(1, () => client.get("/fortunes"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = response.text();
    expect(html).toMatch(/^<!DOCTYPE html>\s*<html>\s*<head><title>Fortunes<\/title><\/head>/);
    expect(html).toContain("<tr><th>id</th><th>message</th></tr>");
    expect(html).toContain(
      "<tr><td>11</td><td>&lt;script&gt;alert(&quot;This should not be displayed in a browser alert box.&quot;);&lt;/script&gt;</td></tr>",
    );
    expect(html).not.toContain("<script>");
    expect(html).toContain("<tr><td>0</td><td>Additional fortune added at request time.</td></tr>");
    expect(html).toContain("<tr><td>12</td><td>フレームワークのベンチマーク</td></tr>");
    const messages = listedMessages(html);
    expect(messages).toHaveLength(13);
    expect(messages).toEqual([...messages].sort());
    expect(messages[0]).toBe(
      '<script>alert("This should not be displayed in a browser alert box.");</script>',
    );
    expect(messages[1]).toBe("A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1");
    expect(messages.at(-1)).toBe("フレームワークのベンチマーク");
  });

  it("updates: N worlds with new random numbers, saved", async () => {
    const response = await client.get("/updates?queries=10");
    const worlds = expectJson(response) as WorldJson[];
    expect(worlds).toHaveLength(10);
    for (const world of worlds) {
      expectWorld(world);
      expect((await World.objects.get({ id: world.id })).randomNumber).toBe(world.randomNumber);
    }
  });

  it("updates: changes each number, and clamps the count like queries", async () => {
    const before = new Map((await World.objects.all()).map((w) => [w.id, w.randomNumber]));
    const worlds = expectJson(await client.get("/updates?queries=600")) as WorldJson[];
    expect(worlds).toHaveLength(500);
    for (const world of worlds) expect(world.randomNumber).not.toBe(before.get(world.id));
    expect((expectJson(await client.get("/updates?queries=foo")) as unknown[]).length).toBe(1);
  });
});
