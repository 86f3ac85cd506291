/**
 * PGlite data folders: one instance per folder per process, shared by every alias that names
 * it, opened under the folder's lock (see pglite-lock.ts) and closed when idle, so that other
 * processes (`manage migrate` or `manage shell` while `manage runserver` runs) get their turn.
 */
import type { DatabaseConnection, Driver, TransactionSettings } from "kysely";
import { PGliteDriver } from "./pglite-dialect.js";
import { lockPGliteFolder, unlockPGliteFolder } from "./pglite-lock.js";
import { openPGlite } from "./pglite-open.js";

/** How long a folder database stays open with nothing to do before it closes and unlocks. */
export const PGLITE_IDLE_CLOSE_MS = 2_000;
/** How long opening a folder waits for another process to release it. */
export const PGLITE_LOCK_WAIT_MS = 30_000;

interface Shared {
  driver: FolderDriver;
  users: number;
}

// Two PGlite instances on one folder would each believe they own it and lose each other's writes.
const byFolder = new Map<string, Shared>();

/**
 * A driver for the PGlite database in `dataDir` (in memory when undefined). Aliases naming the
 * same folder share one instance and its mutex; it closes when the last of them closes.
 *
 * @example
 * const driver = pgliteDriverFor("/srv/mysite/.tango/db");
 */
export function pgliteDriverFor(
  dataDir: string | undefined,
  loadDataDir?: string,
  timeZone = "UTC",
): Driver {
  if (dataDir === undefined) {
    return new PGliteDriver(() => openPGlite(undefined, loadDataDir, timeZone));
  }
  let shared = byFolder.get(dataDir);
  if (!shared) {
    shared = { driver: new FolderDriver(dataDir, timeZone), users: 0 };
    byFolder.set(dataDir, shared);
  }
  shared.users += 1;
  return new SharedDriver(dataDir, shared);
}

/**
 * The driver of a data folder: opens PGlite (taking the folder's lock) on the first query,
 * and closes it (releasing the lock) once no query or transaction has run for `idleMs`;
 * the next query opens it again, about 0.3 s later.
 */
export class FolderDriver implements Driver {
  #inner: PGliteDriver | undefined;
  #opening: Promise<PGliteDriver> | undefined;
  #closing: Promise<void> | undefined;
  #busy = 0;
  #timer: NodeJS.Timeout | undefined;
  // Which instance lent each connection: destroy() may close the folder while one is out, and
  // its release must still reach the instance that waits for it.
  readonly #owners = new WeakMap<DatabaseConnection, PGliteDriver>();

  constructor(
    readonly dataDir: string,
    readonly timeZone: string,
    readonly idleMs = PGLITE_IDLE_CLOSE_MS,
    readonly lockWaitMs = PGLITE_LOCK_WAIT_MS,
  ) {}

  /** Whether PGlite is open (and the folder locked by this process) right now. */
  get isOpen(): boolean {
    return this.#inner !== undefined;
  }

  async init(): Promise<void> {
    // Open lazily: a process that never queries never takes the folder from another.
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    clearTimeout(this.#timer);
    this.#busy += 1;
    try {
      const inner = await this.#open();
      const connection = await inner.acquireConnection();
      this.#owners.set(connection, inner);
      return connection;
    } catch (error) {
      this.#busy -= 1;
      this.#scheduleClose();
      throw error;
    }
  }

  // Transactions run on an acquired connection (a wrapper of it, from TangoDriver), so the
  // database is open while they do.
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#current().beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#current().commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#current().rollbackTransaction(connection);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    try {
      await this.#owner(connection).releaseConnection(connection);
    } finally {
      this.#busy -= 1;
      this.#scheduleClose();
    }
  }

  async destroy(): Promise<void> {
    clearTimeout(this.#timer);
    await this.#opening?.catch(() => undefined);
    await this.#close();
  }

  #current(): PGliteDriver {
    if (!this.#inner) throw new Error(`The PGlite database in ${this.dataDir} is closed.`);
    return this.#inner;
  }

  #owner(connection: DatabaseConnection): PGliteDriver {
    const owner = this.#owners.get(connection);
    if (!owner) throw new Error("This connection does not belong to this PGlite database.");
    return owner;
  }

  async #open(): Promise<PGliteDriver> {
    await this.#closing;
    if (this.#inner) return this.#inner;
    this.#opening ??= (async () => {
      await lockPGliteFolder(this.dataDir, this.lockWaitMs);
      try {
        const driver = new PGliteDriver(() => openPGlite(this.dataDir, undefined, this.timeZone));
        await driver.init();
        this.#inner = driver;
        return driver;
      } catch (error) {
        unlockPGliteFolder(this.dataDir);
        throw error;
      }
    })().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  #scheduleClose(): void {
    if (this.#busy > 0 || !this.#inner || this.idleMs <= 0) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      if (this.#busy === 0) void this.#close().catch(() => undefined);
    }, this.idleMs);
    // An idle database must not keep the process alive.
    this.#timer.unref();
  }

  #close(): Promise<void> {
    const inner = this.#inner;
    if (!inner) return this.#closing ?? Promise.resolve();
    this.#inner = undefined;
    this.#closing = (async () => {
      try {
        await inner.destroy();
      } finally {
        unlockPGliteFolder(this.dataDir);
        this.#closing = undefined;
      }
    })();
    return this.#closing;
  }
}

class SharedDriver implements Driver {
  #released = false;

  constructor(
    readonly dataDir: string,
    readonly shared: Shared,
  ) {}

  init(): Promise<void> {
    return this.shared.driver.init();
  }
  acquireConnection(): Promise<DatabaseConnection> {
    return this.shared.driver.acquireConnection();
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.shared.driver.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.shared.driver.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.shared.driver.rollbackTransaction(connection);
  }
  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.shared.driver.releaseConnection(connection);
  }
  async destroy(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    this.shared.users -= 1;
    if (this.shared.users > 0) return;
    byFolder.delete(this.dataDir);
    await this.shared.driver.destroy();
  }
}
