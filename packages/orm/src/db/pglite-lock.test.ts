// PGlite data folders across processes: one holder at a time, the others wait; idle folders are let go.
import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CompiledQuery } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OperationalError } from "../errors.js";
import { lockPGliteFolder, unlockPGliteFolder } from "./pglite-lock.js";
import { FolderDriver } from "./pglite-registry.js";

const lockModule = fileURLToPath(new URL("./pglite-lock.ts", import.meta.url));

/** A child process that holds the folder's lock for `ms`, then exits; resolves once it holds it. */
function holdInChild(dataDir: string, ms: number): Promise<{ pid: number; done: Promise<void> }> {
  const code = `const { lockPGliteFolder, unlockPGliteFolder } = await import(${JSON.stringify(lockModule)});
await lockPGliteFolder(${JSON.stringify(dataDir)}, 1000);
console.log("locked");
setTimeout(() => { unlockPGliteFolder(${JSON.stringify(dataDir)}); process.exit(0); }, ${ms});`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const done = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("locked")) resolve({ pid: child.pid as number, done });
    });
    child.once("exit", (exitCode) => reject(new Error(`the lock holder exited with ${exitCode}`)));
  });
}

async function count(driver: FolderDriver): Promise<number> {
  const connection = await driver.acquireConnection();
  try {
    const result = await connection.executeQuery<{ n: number }>(
      CompiledQuery.raw("select count(*)::int as n from item"),
    );
    return result.rows[0]?.n ?? -1;
  } finally {
    await driver.releaseConnection(connection);
  }
}

async function run(driver: FolderDriver, sql: string): Promise<void> {
  const connection = await driver.acquireConnection();
  try {
    await connection.executeQuery(CompiledQuery.raw(sql));
  } finally {
    await driver.releaseConnection(connection);
  }
}

describe("PGlite folder lock", () => {
  let folder: string;
  let dataDir: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), "tango-pglite-lock-"));
    dataDir = join(folder, "db");
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("waits while another process holds the folder, then gets it", async () => {
    const holder = await holdInChild(dataDir, 800);
    const started = Date.now();
    await lockPGliteFolder(dataDir, 10_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    unlockPGliteFolder(dataDir);
    await holder.done;
  });

  it("gives up with a message naming the holder and the way out", async () => {
    const holder = await holdInChild(dataDir, 3_000);
    const driver = new FolderDriver(dataDir, "UTC", 1_000, 300);
    const error = await driver.acquireConnection().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationalError);
    expect((error as Error).message).toContain(`in use by another process (pid ${holder.pid}`);
    expect((error as Error).message).toContain("set DATABASE_URL");
    await driver.destroy();
    await holder.done;
  });

  it("takes over a lock left by a process that died", async () => {
    writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: 2 ** 22 + 7, command: "gone" }));
    await lockPGliteFolder(dataDir, 100);
    unlockPGliteFolder(dataDir);
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });

  it("closes an idle database and unlocks it; the next query opens it again", async () => {
    const driver = new FolderDriver(dataDir, "UTC", 200);
    try {
      await run(driver, "create table item (name text)");
      await run(driver, "insert into item values ('kept')");
      expect(driver.isOpen).toBe(true);
      expect(existsSync(`${dataDir}.lock`)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(driver.isOpen).toBe(false);
      expect(existsSync(`${dataDir}.lock`)).toBe(false);
      // Another process may now write; this one sees its rows when it opens the folder again.
      const holder = await holdInChild(dataDir, 100);
      await holder.done;
      expect(await count(driver)).toBe(1);
      expect(driver.isOpen).toBe(true);
    } finally {
      await driver.destroy();
    }
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });

  it("keeps the database open through a transaction, however long", async () => {
    const driver = new FolderDriver(dataDir, "UTC", 100);
    try {
      await run(driver, "create table item (name text)");
      const connection = await driver.acquireConnection();
      await driver.beginTransaction(connection, {});
      await connection.executeQuery(CompiledQuery.raw("insert into item values ('a')"));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(driver.isOpen).toBe(true);
      await driver.commitTransaction(connection);
      await driver.releaseConnection(connection);
      expect(await count(driver)).toBe(1);
    } finally {
      await driver.destroy();
    }
  });
});
