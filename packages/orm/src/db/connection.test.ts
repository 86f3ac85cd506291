import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CompiledQuery, sql } from "kysely";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { DataError, IntegrityError, ProgrammingError } from "../errors.js";
import { describeEachDatabase } from "../testing/index.js";
import { atomic, onCommit } from "./atomic.js";
import { closeConnections, configureDatabases } from "./connections.js";
import { resolveDatabase } from "./database-settings.js";
import { PgDriver } from "./pg-driver.js";
import { captureQueries } from "./query-log.js";
import { raw } from "./raw.js";

describeEachDatabase("db: connections", (ctx) => {
  beforeAll(async () => {
    await sql`create table conn_item (id bigserial primary key, slug varchar(5) unique not null,
      amount numeric(10,2), blob bytea, day date, parent_id bigint references conn_item(id),
      constraint conn_item_amount_positive check (amount > 0))`.execute(ctx.kysely);
  });

  it("runs Kysely queries with values as parameters", async () => {
    const compiled = ctx.kysely
      .insertInto("conn_item")
      .values({ slug: "a" })
      .returning("id")
      .compile();
    expect(compiled.sql).toBe('insert into "conn_item" ("slug") values ($1) returning "id"');
    const [row] = await ctx.kysely
      .insertInto("conn_item")
      .values({ slug: "a" })
      .returning("id")
      .execute();
    expect(typeof row?.id).toBe("string");
    const result = await ctx.kysely.updateTable("conn_item").set({ slug: "b" }).executeTakeFirst();
    expect(result.numUpdatedRows).toBe(1n);
  });

  it("returns the same value types on both engines", async () => {
    const [row] = await raw`select 9007199254740993::int8 as big, 1.50::numeric as dec,
      '\\x00ff'::bytea as bin, ${[1, 2]}::int8[] as arr, ${{ a: [1] }}::jsonb as doc, true as flag`;
    expect(row).toEqual({
      big: "9007199254740993",
      dec: "1.50",
      bin: Buffer.from([0, 255]),
      arr: ["1", "2"],
      doc: { a: [1] },
      flag: true,
    });
  });

  it("reads and writes dates in local time on both engines, as pg does", async () => {
    const saved = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      const at = new Date("2026-01-02T03:04:05Z");
      const [row] = await raw`select '2026-01-02'::date as d, ${at}::timestamp as naive,
        ${at}::date as day, 'infinity'::date as inf`;
      expect(row).toEqual({
        d: new Date(2026, 0, 2),
        naive: at,
        day: new Date(2026, 0, 1),
        inf: Number.POSITIVE_INFINITY,
      });
    } finally {
      process.env.TZ = saved;
    }
  });

  it("maps a unique violation to IntegrityError naming the constraint and table", async () => {
    await ctx.kysely.insertInto("conn_item").values({ slug: "dup" }).execute();
    const error = await ctx.kysely
      .insertInto("conn_item")
      .values({ slug: "dup" })
      .execute()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrityError);
    expect(error).toMatchObject({
      code: "orm.IntegrityError",
      sqlState: "23505",
      constraint: "conn_item_slug_key",
      table: "conn_item",
      detail: "Key (slug)=(dup) already exists.",
      parameters: ["dup"],
    });
    expect((error as Error).message).toContain('constraint "conn_item_slug_key"');
    expect((error as Error).message).toContain('table "conn_item"');
  });

  it("maps not-null, foreign key and check violations to IntegrityError", async () => {
    const failures = [
      raw("insert into conn_item (slug) values (null)"),
      raw("insert into conn_item (slug, parent_id) values ('x', 999)"),
      raw("insert into conn_item (slug, amount) values ('y', -1)"),
    ].map((p) => p.catch((e: unknown) => e));
    const [notNull, foreignKey, check] = await Promise.all(failures);
    expect(notNull).toMatchObject({ sqlState: "23502", table: "conn_item", column: "slug" });
    expect(foreignKey).toMatchObject({ sqlState: "23503", constraint: "conn_item_parent_id_fkey" });
    expect(check).toMatchObject({ sqlState: "23514", constraint: "conn_item_amount_positive" });
    for (const e of [notNull, foreignKey, check]) expect(e).toBeInstanceOf(IntegrityError);
  });

  it("maps bad values to DataError and bad SQL to ProgrammingError", async () => {
    await expect(raw("insert into conn_item (slug) values ('toolong')")).rejects.toThrow(DataError);
    await expect(raw("select 'abc'::int")).rejects.toThrow(DataError);
    await expect(raw("select * from conn_missing")).rejects.toThrow(ProgrammingError);
    await expect(raw("select nope from conn_item")).rejects.toMatchObject({ sqlState: "42703" });
  });

  it("streams rows in chunks through a cursor", async () => {
    const rows: number[] = [];
    const queries = await captureQueries(async () => {
      for await (const row of ctx.kysely
        .selectFrom(sql<{ n: number }>`generate_series(1, ${7}::int)`.as("g"))
        .select(sql<number>`g`.as("n"))
        .stream(3)) {
        rows.push(row.n);
      }
    });
    expect(rows).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const statements = queries.map((q) => q.sql.replace(/tango_cursor_\d+/, "c"));
    expect(statements).toEqual([
      'declare "c" no scroll cursor for select g as "n" from generate_series(1, $1::int) as "g"',
      'fetch 3 from "c"',
      'fetch 3 from "c"',
      'fetch 3 from "c"',
      'close "c"',
    ]);
  });

  it("stops a stream early without leaving its cursor open", async () => {
    for await (const row of ctx.kysely
      .selectFrom(sql<{ n: number }>`generate_series(1, 100)`.as("g"))
      .select(sql<number>`g`.as("n"))
      .stream(10)) {
      if (row.n === 2) break;
    }
    expect(await raw("select name from pg_cursors where name like 'tango_cursor%'")).toEqual([]);
  });
});

describe("db: PGlite on disk", () => {
  it("shares one instance between aliases naming the same folder, and keeps data after closing", async () => {
    const folder = await mkdtemp(join(tmpdir(), "tango-pglite-disk-"));
    const databases = {
      default: { ENGINE: "pglite" as const, NAME: "db" },
      again: { ENGINE: "pglite" as const, NAME: join(folder, "db") },
    };
    try {
      await configureDatabases(databases, { baseDir: folder });
      await raw("create table disk_item (name text)");
      await atomic(async () => {
        await raw("insert into disk_item values ('kept')");
        await onCommit(() => undefined);
      });
      expect(await raw.using("again")`select name from disk_item`).toEqual([{ name: "kept" }]);
      // One instance, one session: the other alias waits for the transaction to finish.
      const order: string[] = [];
      await Promise.all([
        atomic(async () => {
          await raw("select 1");
          await new Promise((resolve) => setTimeout(resolve, 100));
          order.push("transaction done");
        }),
        new Promise((resolve) => setTimeout(resolve, 20))
          .then(() => raw.using("again")`select 1`)
          .then(() => order.push("other alias ran")),
      ]);
      expect(order).toEqual(["transaction done", "other alias ran"]);
      await closeConnections();
      expect(await raw.using("again")`select name from disk_item`).toEqual([{ name: "kept" }]);
    } finally {
      await configureDatabases(undefined);
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe("db: DATABASES entries", () => {
  it("resolves PGlite folders against BASE_DIR and defaults to ../.tango/db", () => {
    expect(resolveDatabase("default", {}, "/srv/site/src")).toEqual({
      engine: "pglite",
      alias: "default",
      dataDir: "/srv/site/.tango/db",
      timeZone: "UTC",
    });
    expect(
      resolveDatabase("x", { ENGINE: "pglite", NAME: "data/db" }, "/srv/site/src"),
    ).toMatchObject({
      dataDir: "/srv/site/src/data/db",
    });
    expect(resolveDatabase("x", { NAME: ":memory:" }, "/b")).toMatchObject({ dataDir: undefined });
  });

  it("builds a pg pool from a URL or from fields, with OPTIONS", () => {
    const fromUrl = resolveDatabase(
      "default",
      { URL: "postgres://u:p@h:5433/n", OPTIONS: { max: 3, ssl: true } },
      "/",
    );
    expect(fromUrl).toMatchObject({
      engine: "postgres",
      pool: { connectionString: "postgres://u:p@h:5433/n", max: 3, ssl: true },
      label: "postgres://u:***@h:5433/n",
    });
    const fromFields = resolveDatabase(
      "default",
      { ENGINE: "postgres", NAME: "n", USER: "u", PASSWORD: "p", HOST: "h", PORT: "5433" },
      "/",
    );
    expect(fromFields).toMatchObject({
      pool: { database: "n", user: "u", password: "p", host: "h", port: 5433, max: 10 },
    });
  });

  it("explains wrong entries, naming the alias and the value", () => {
    expect(() => resolveDatabase("main", { ENGINE: "postgres" }, "/")).toThrow(
      /DATABASES\['main'\] uses ENGINE 'postgres' without URL or NAME/,
    );
    expect(() => resolveDatabase("main", { URL: "mysql://x/y" }, "/")).toThrow(
      /'mysql:\/\/x\/y', which is not a PostgreSQL URL/,
    );
    expect(() =>
      resolveDatabase("main", { ENGINE: "postgres", NAME: "n", PORT: "abc" }, "/"),
    ).toThrow(/PORT is 'abc'/);
    expect(() =>
      resolveDatabase("main", { URL: "postgres://h/n", OPTIONS: { maxx: 1 } }, "/"),
    ).toThrow(/unknown option 'maxx'/);
    expect(() =>
      resolveDatabase("main", { ENGINE: "mysql" as "postgres", NAME: "x" }, "/"),
    ).toThrow(/ENGINE is 'mysql'/);
  });
});

describe("db: closing PostgreSQL connections", () => {
  it("PgDriver.destroy() waits until every client's socket has closed", async () => {
    const serverUrl = process.env.TEST_DATABASE_URL;
    if (!serverUrl) throw new Error("Set TEST_DATABASE_URL to run the PostgreSQL tests.");
    const pool = new pg.Pool({ connectionString: serverUrl, max: 3 });
    const opened: pg.PoolClient[] = [];
    const ended = new Set<pg.PoolClient>();
    pool.on("connect", (client) => {
      opened.push(client);
      client.once("end", () => ended.add(client));
    });
    const driver = new PgDriver(pool);
    const held = await Promise.all([1, 2, 3].map(() => driver.acquireConnection()));
    for (const c of held) await c.executeQuery(CompiledQuery.raw("select 1"));
    for (const c of held) await driver.releaseConnection(c);
    await driver.destroy();
    expect(opened).toHaveLength(3);
    expect(ended.size).toBe(3);
  });

  it("closeConnections() resolves only once the server has let go, so DROP DATABASE works at once", async () => {
    const serverUrl = process.env.TEST_DATABASE_URL;
    if (!serverUrl) throw new Error("Set TEST_DATABASE_URL to run the PostgreSQL tests.");
    const name = `tango_close_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`create database "${name}"`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      try {
        await configureDatabases({
          default: { ENGINE: "postgres", URL: url.toString(), OPTIONS: { max: 4 } },
        });
        // Several pooled clients, all idle when the pool ends.
        await Promise.all([1, 2, 3, 4].map(() => raw("select pg_sleep(0.05)")));
        await closeConnections();
        // Every backend of ours has exited (a socket closes after its backend leaves).
        const { rows } = await admin.query<{ n: number }>(
          "select count(*)::int as n from pg_stat_activity where datname = $1",
          [name],
        );
        expect(rows).toEqual([{ n: 0 }]);
        // No WITH (FORCE): this fails with 55006 while a session is still open.
        await admin.query(`drop database "${name}"`);
      } finally {
        await configureDatabases(undefined);
        await admin.query(`drop database if exists "${name}" with (force)`);
      }
    } finally {
      await admin.end();
    }
  });
});
