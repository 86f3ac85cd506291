/** A connection: one DATABASES alias, its Kysely instance and driver, opened lazily. */

import { getLogger } from "@tango/core";
import {
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from "kysely";
import pg from "pg";
import type { ResolvedDatabase } from "./database-settings.js";
import { PgDriver } from "./pg-driver.js";
import { pgliteDriverFor } from "./pglite-registry.js";
import { TangoDriver } from "./tango-driver.js";

/** Tables of an untyped Kysely instance (the ORM's identifiers come from model metadata). */
export type AnyDatabase = Record<string, Record<string, unknown>>;

const logger = getLogger("tango.db");

/**
 * One configured database. `kysely` runs on the current `atomic()` block's connection when
 * one is open for this alias, else on a pooled connection. Prefer atomic() to
 * `kysely.transaction()`: code inside a Kysely transaction that queries through the ORM runs
 * outside it (and on PGlite, whose one session the transaction holds, waits for it forever).
 *
 * @example
 * const { kysely } = connections.get("default");
 * await kysely.selectFrom("polls_question").select("id").execute();
 * // select "id" from "polls_question"
 */
export class Connection {
  /** The SQL dialect family: always PostgreSQL today. */
  readonly vendor = "postgresql";
  readonly alias: string;
  readonly engine: "postgres" | "pglite";
  /** The wrapped driver (atomic() takes connections from it). */
  readonly driver: TangoDriver;
  readonly #kysely: Kysely<AnyDatabase>;
  #closing: Promise<void> | undefined;

  constructor(readonly settings: ResolvedDatabase) {
    this.alias = settings.alias;
    this.engine = settings.engine;
    this.driver = new TangoDriver(innerDriver(settings), settings.alias);
    const driver = this.driver;
    this.#kysely = new Kysely<AnyDatabase>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => driver,
        createIntrospector: (db) => new PostgresIntrospector(db),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
    });
  }

  /** The Kysely instance: the ORM's SQL layer and your escape hatch. */
  get kysely(): Kysely<AnyDatabase> {
    return this.#kysely;
  }

  /** Whether close() was called. */
  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /** Closes the pool or the PGlite instance (once; later calls wait for the same close). */
  close(): Promise<void> {
    this.#closing ??= this.driver.destroy();
    return this.#closing;
  }
}

function innerDriver(settings: ResolvedDatabase): Driver {
  if (settings.engine === "pglite") {
    return pgliteDriverFor(settings.dataDir, settings.loadDataDir, settings.timeZone);
  }
  const pool = new pg.Pool(settings.pool);
  // Idle clients whose server went away emit here; pg-pool drops them, we only log.
  pool.on("error", (error) => {
    logger.warning(`An idle connection to database '${settings.alias}' failed: ${error.message}`);
  });
  return new PgDriver(pool);
}
