/** The `pg` Pool as a Kysely driver that drops connections the server lost, so the pool recovers. */
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  PostgresDialect,
  type QueryResult,
  type TransactionSettings,
} from "kysely";
import type pg from "pg";
import { streamWithCursor } from "./stream-cursor.js";
import { transactionStartSql } from "./transaction-sql.js";

const MUTATING = new Set(["INSERT", "UPDATE", "DELETE", "MERGE"]);

/**
 * Whether a driver error means the session is gone: connection exceptions (08), the server
 * shutting down or terminating the backend (57P), or a socket error with no SQLSTATE.
 *
 * @example
 * isConnectionLoss({ code: "57P01" }); // true
 */
export function isConnectionLoss(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string") {
    return (
      code.startsWith("08") ||
      code.startsWith("57P") ||
      /^E(CONNRESET|PIPE|CONNREFUSED|NOTFOUND|TIMEDOUT|AI_AGAIN|HOSTUNREACH)$/.test(code)
    );
  }
  const message = error instanceof Error ? error.message : "";
  return /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect/i.test(
    message,
  );
}

/**
 * One checked-out pg client. `lost` makes its release remove it from the pool.
 *
 * @example
 * const connection = (await driver.acquireConnection()) as PgConnection; // connection.lost after a 57P01
 */
/** A pg result as Kysely's QueryResult (affected rows only for writes, as Kysely's driver). */
function toQueryResult<R>(result: pg.QueryResult): QueryResult<R> {
  const rows = (result.rows ?? []) as R[];
  // Two literals rather than a spread of a conditional one: this runs for every query.
  return MUTATING.has(result.command) && result.rowCount !== null
    ? { rows, numAffectedRows: BigInt(result.rowCount) }
    : { rows };
}

export class PgConnection implements DatabaseConnection {
  readonly client: pg.PoolClient;
  lost: Error | undefined;
  inTransaction = false;

  constructor(client: pg.PoolClient) {
    this.client = client;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      const result = await this.client.query<R & pg.QueryResultRow>(compiledQuery.sql, [
        ...compiledQuery.parameters,
      ]);
      return toQueryResult<R>(result);
    } catch (error) {
      if (isConnectionLoss(error)) this.lost ??= error as Error;
      throw error;
    }
  }

  streamQuery<R>(
    compiledQuery: CompiledQuery,
    chunkSize = 100,
  ): AsyncIterableIterator<QueryResult<R>> {
    return streamWithCursor<R>(this, compiledQuery, chunkSize, this.inTransaction);
  }
}

/**
 * A Kysely driver over a `pg.Pool`. Unlike Kysely's own, it releases a client whose
 * connection was lost with an error, so the pool replaces it instead of handing it out again.
 *
 * @example
 * new Kysely<DB>({ dialect: { ...postgresParts, createDriver: () => new PgDriver(pool) } });
 */
export class PgDriver implements Driver {
  readonly #pool: pg.Pool;
  readonly #connections = new WeakMap<pg.PoolClient, PgConnection>();
  /** Clients whose socket is still open (until their "end" event). */
  readonly #live = new Set<pg.PoolClient>();

  constructor(pool: pg.Pool) {
    this.#pool = pool;
    // A checked-out client has no error listener of pg-pool's; without ours, a backend
    // terminated between two queries would crash the process.
    pool.on("connect", (client) => {
      this.#live.add(client);
      client.once("end", () => this.#live.delete(client));
      client.on("error", (error) => {
        const connection = this.#connections.get(client);
        if (connection) connection.lost ??= error;
      });
    });
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const client = await this.#pool.connect();
    let connection = this.#connections.get(client);
    if (!connection) {
      connection = new PgConnection(client);
      this.#connections.set(client, connection);
    }
    return connection;
  }

  /**
   * One statement on a pool client outside any transaction, as `pool.query()` runs it: the
   * ORM's fast path, without Kysely's connection provider around it. It uses pg's callback
   * API, so one promise stands for the checkout and the query (pg's promise API makes four);
   * the callbacks run outside the caller's async context, so nothing here reads it.
   *
   * @example
   * const { rows } = await driver.directQuery(CompiledQuery.raw("select 1 as one"));
   */
  directQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    return new Promise((resolve, reject) => {
      this.#pool.connect((connectError, client) => {
        if (connectError || !client) {
          reject(connectError);
          return;
        }
        let lost = this.#connections.get(client)?.lost;
        const done = (error: unknown, result: pg.QueryResult | undefined) => {
          if (error !== undefined && isConnectionLoss(error)) lost ??= error as Error;
          if (lost) this.#connections.delete(client);
          client.release(lost);
          if (error !== undefined) reject(error);
          else resolve(toQueryResult<R>(result as pg.QueryResult));
        };
        try {
          client.query(compiledQuery.sql, compiledQuery.parameters as unknown[], (error, result) =>
            done(error ?? undefined, result),
          );
        } catch (error) {
          done(error, undefined);
        }
      });
    });
  }

  async beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    await connection.executeQuery(transactionStartSql(settings));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    if (!(connection instanceof PgConnection)) return;
    const lost = connection.lost;
    connection.inTransaction = false;
    if (lost) this.#connections.delete(connection.client);
    connection.client.release(lost);
  }

  async destroy(): Promise<void> {
    if (!this.#pool.ending) await this.#pool.end();
    // pg-pool's end() resolves once it has asked every client to end, not when their sockets
    // have closed; until then the server still counts the sessions (DROP DATABASE fails with
    // 55006), so wait for each client's "end".
    await Promise.all(
      [...this.#live].map((client) => new Promise<void>((done) => client.once("end", done))),
    );
  }
}

/**
 * A Kysely dialect for PostgreSQL through a `pg.Pool`: Kysely's PostgresDialect (compiler,
 * adapter, introspector) with the recovering {@link PgDriver}.
 *
 * @example
 * const db = new Kysely<DB>({ dialect: new PgDialect(new pg.Pool({ connectionString: url })) });
 */
export class PgDialect extends PostgresDialect {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    super({ pool });
    this.#pool = pool;
  }

  override createDriver(): Driver {
    return new PgDriver(this.#pool);
  }
}
