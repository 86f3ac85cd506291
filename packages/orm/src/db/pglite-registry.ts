/** One PGlite instance per data folder per process, shared by every alias that names the folder. */
import type { DatabaseConnection, Driver, TransactionSettings } from "kysely";
import { PGliteDriver } from "./pglite-dialect.js";
import { openPGlite } from "./pglite-open.js";

interface Shared {
  driver: PGliteDriver;
  users: number;
}

// Two PGlite instances on one folder would each believe they own it and corrupt it.
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
    const open = () => openPGlite(dataDir, loadDataDir, timeZone);
    shared = { driver: new PGliteDriver(open), users: 0 };
    byFolder.set(dataDir, shared);
  }
  shared.users += 1;
  return new SharedDriver(dataDir, shared);
}

class SharedDriver implements Driver {
  #released = false;

  constructor(
    readonly dataDir: string,
    readonly shared: Shared,
  ) {}

  init(): Promise<void> {
    // The shared driver's init opens PGlite; only the first user may run it.
    return sharedInit(this.shared);
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

const inits = new WeakMap<Shared, Promise<void>>();

function sharedInit(shared: Shared): Promise<void> {
  let init = inits.get(shared);
  if (!init) {
    init = shared.driver.init();
    inits.set(shared, init);
  }
  return init;
}
