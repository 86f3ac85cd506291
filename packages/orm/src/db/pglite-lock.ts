/**
 * One process at a time on a PGlite data folder. PGlite is PostgreSQL in single-user mode:
 * two processes that open the same folder each keep their own buffers and overwrite each
 * other's writes without an error. A lock file beside the folder (`<folder>.lock`) says which
 * process has it open; the others wait for it, and say who holds it when they give up.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { OperationalError } from "../errors.js";

/** What a lock file holds. */
interface LockOwner {
  pid: number;
  command: string;
}

const held = new Set<string>();
let exitHook = false;

function lockPath(dataDir: string): string {
  return `${dataDir}.lock`;
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, "utf8")) as Partial<LockOwner>;
    return typeof owner.pid === "number"
      ? { pid: owner.pid, command: String(owner.command ?? "") }
      : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryLock(path: string): LockOwner | undefined {
  const me: LockOwner = { pid: process.pid, command: process.argv.slice(1).join(" ") };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, "wx");
      try {
        writeSync(fd, JSON.stringify(me));
      } finally {
        closeSync(fd);
      }
      return undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = readOwner(path);
    // A lock whose process is gone (killed, crashed) is stale; one being written is not yet readable.
    if (owner && (owner.pid === process.pid || alive(owner.pid))) return owner;
    if (owner) {
      try {
        unlinkSync(path);
      } catch {}
    }
  }
  return readOwner(path) ?? { pid: 0, command: "another process" };
}

/**
 * Takes the lock of the PGlite folder `dataDir`, waiting up to `waitMs` while another live
 * process holds it; a lock left by a dead process is taken over.
 *
 * @example
 * await lockPGliteFolder("/srv/mysite/.tango/db", 30_000);
 * try { ... } finally { unlockPGliteFolder("/srv/mysite/.tango/db"); }
 */
export async function lockPGliteFolder(dataDir: string, waitMs: number): Promise<void> {
  const path = lockPath(dataDir);
  mkdirSync(dirname(path), { recursive: true });
  const deadline = Date.now() + waitMs;
  for (;;) {
    const owner = tryLock(path);
    if (!owner) break;
    if (owner.pid === process.pid) {
      throw new OperationalError(
        `The PGlite database in ${dataDir} is already open in this process. Use one connection alias per data folder.`,
      );
    }
    if (Date.now() >= deadline) {
      throw new OperationalError(
        `The PGlite database in ${dataDir} is in use by another process (pid ${owner.pid}: ${owner.command || "unknown"}), which held it for ${Math.round(waitMs / 1000)} s. PGlite lets one process open a database at a time: stop that process, or run both on a PostgreSQL server (set DATABASE_URL).`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  held.add(path);
  if (!exitHook) {
    exitHook = true;
    // A process that exits without closing its databases must not leave them locked.
    process.once("exit", () => {
      for (const lock of held) unlinkQuietly(lock);
    });
  }
}

/** Releases the lock of `dataDir` if this process holds it. */
export function unlockPGliteFolder(dataDir: string): void {
  const path = lockPath(dataDir);
  if (!held.delete(path)) return;
  if (readOwner(path)?.pid === process.pid) unlinkQuietly(path);
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {}
}
