/** The driver every connection uses: follows atomic() through the async context, logs and maps errors. */
import { performance } from "node:perf_hooks";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from "kysely";
import { TransactionManagementError } from "../errors.js";
import { mapDriverError } from "./error-mapping.js";
import { isTransactionControl, type QueryRecord, recordQuery } from "./query-log.js";
import { streamWithCursor } from "./stream-cursor.js";
import { currentFrame, type Frame, ownsFrame, type TransactionState } from "./transaction-state.js";

/** Runs one statement timed, its errors mapped to Tango's, recorded in the query log. */
function tracked<R>(
  alias: string,
  compiledQuery: CompiledQuery,
  run: () => Promise<QueryResult<R>>,
): Promise<QueryResult<R>> {
  const start = performance.now();
  let running: Promise<QueryResult<R>>;
  try {
    running = run();
  } catch (error) {
    running = Promise.reject(error);
  }
  // One reaction, not an async function's promises: it runs in the caller's async context,
  // where recordQuery() finds the request's log and the query captures.
  return running.then(
    (result) => {
      record(alias, compiledQuery, start, false);
      return result;
    },
    (error: unknown) => {
      const mapped = mapDriverError(error, {
        sql: compiledQuery.sql,
        parameters: compiledQuery.parameters,
        alias,
      });
      record(alias, compiledQuery, start, true);
      throw mapped;
    },
  );
}

function record(alias: string, compiledQuery: CompiledQuery, start: number, failed: boolean) {
  const entry: QueryRecord = {
    sql: compiledQuery.sql,
    parameters: compiledQuery.parameters,
    durationMs: performance.now() - start,
    alias,
  };
  recordQuery(failed ? { ...entry, failed } : entry);
}

/** A driver that can run one statement outside any transaction by itself (pg's pool). */
interface DirectDriver extends Driver {
  directQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>>;
}

function isDirect(driver: Driver): driver is DirectDriver {
  return typeof (driver as Partial<DirectDriver>).directQuery === "function";
}

/**
 * A connection as the ORM hands it out: each query is timed, logged, and its errors mapped to
 * the ORM's classes.
 *
 * @example
 * await new TrackedConnection(rawConnection, "default").executeQuery(CompiledQuery.raw("select 1"));
 */
export class TrackedConnection implements DatabaseConnection {
  /** Between BEGIN and COMMIT of a transaction this connection itself opened. */
  inTransaction = false;
  /** Savepoints of `kysely.transaction()` calls nested in an atomic() block. */
  readonly kyselySavepoints: string[] = [];

  constructor(
    readonly raw: DatabaseConnection,
    readonly alias: string,
  ) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    return tracked(this.alias, compiledQuery, () => this.raw.executeQuery<R>(compiledQuery));
  }

  streamQuery<R>(
    compiledQuery: CompiledQuery,
    chunkSize = 100,
  ): AsyncIterableIterator<QueryResult<R>> {
    return streamWithCursor<R>(this, compiledQuery, chunkSize, this.inTransaction);
  }
}

/** A transaction's connection lent to one query: releasing it must not end the transaction. */
class BorrowedConnection extends TrackedConnection {
  constructor(
    readonly state: TransactionState,
    inner: TrackedConnection,
  ) {
    super(inner.raw, inner.alias);
    this.inTransaction = true;
  }
}

let statementSavepoints = 0;

/**
 * The per-test transaction, used outside any atomic() block: each statement runs in its own
 * savepoint, so a failing one (an expected IntegrityError) does not abort the whole test, as
 * in autocommit mode. Statements take turns so savepoints of concurrent code never interleave.
 */
class StatementSavepointConnection extends BorrowedConnection {
  override async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    if (isTransactionControl(compiledQuery.sql)) return super.executeQuery<R>(compiledQuery);
    const release = await this.state.turn.lock();
    statementSavepoints += 1;
    const name = `"tango_stmt_${statementSavepoints}"`;
    try {
      await super.executeQuery(CompiledQuery.raw(`savepoint ${name}`));
      let result: QueryResult<R>;
      try {
        result = await super.executeQuery<R>(compiledQuery);
      } catch (error) {
        await super.executeQuery(CompiledQuery.raw(`rollback to savepoint ${name}`));
        throw error;
      }
      await super.executeQuery(CompiledQuery.raw(`release savepoint ${name}`));
      return result;
    } finally {
      release();
    }
  }
}

/**
 * Wraps an engine's driver. Inside `atomic()` every query of the alias runs on the block's
 * connection (found through the async context); `kysely.transaction()` there becomes a
 * savepoint instead of a second BEGIN.
 *
 * @example
 * const driver = new TangoDriver(new PgDriver(pool), "default"); // what Connection builds
 */
export class TangoDriver implements Driver {
  readonly #inner: Driver;
  readonly #wrapped = new WeakMap<DatabaseConnection, TrackedConnection>();
  #ready: Promise<void> | undefined;
  #savepoints = 0;

  constructor(
    inner: Driver,
    readonly alias: string,
  ) {
    this.#inner = inner;
  }

  init(): Promise<void> {
    this.#ready ??= this.#inner.init();
    return this.#ready;
  }

  /**
   * Runs one statement straight on the pool when no transaction of this alias is open and
   * the database allows it (PostgreSQL): the same tracking as any query, a few promises less
   * than Kysely's executor. Undefined when the caller must go through Kysely instead.
   *
   * @example
   * const result = driver.executeDirect(compiled) ?? kysely.executeQuery(compiled);
   */
  executeDirect<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> | undefined {
    const inner = this.#inner;
    if (!isDirect(inner) || currentFrame(this.alias)) return undefined;
    return tracked(this.alias, compiledQuery, () => inner.directQuery<R>(compiledQuery));
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const frame = currentFrame(this.alias);
    if (frame) return this.#borrow(frame);
    return this.acquireOwn();
  }

  /** A connection of the pool's, ignoring any open transaction (atomic() starts one with it). */
  async acquireOwn(): Promise<TrackedConnection> {
    let raw: DatabaseConnection;
    try {
      await this.init();
      raw = await this.#inner.acquireConnection();
    } catch (error) {
      throw mapDriverError(error, { alias: this.alias });
    }
    let tracked = this.#wrapped.get(raw);
    if (!tracked) {
      tracked = new TrackedConnection(raw, this.alias);
      this.#wrapped.set(raw, tracked);
    }
    return tracked;
  }

  #borrow(frame: Frame): DatabaseConnection {
    const state = frame.state;
    if (state.closed) {
      throw new TransactionManagementError(
        `This code runs in an atomic() block on database '${this.alias}' that has already ended (a promise started inside the block outlived it). Await the work inside the block, or start it with onCommit().`,
      );
    }
    if (state.needsRollback) {
      throw new TransactionManagementError(
        `An error occurred in the current transaction on database '${this.alias}' inside an atomic({ savepoint: false }) block; you can't run queries until the end of the enclosing atomic() block. Let the error propagate, or use a savepoint.`,
      );
    }
    const inner = state.connection as TrackedConnection;
    if (state.testCase && !ownsFrame(this.alias))
      return new StatementSavepointConnection(state, inner);
    return new BorrowedConnection(state, inner);
  }

  async beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    if (connection instanceof BorrowedConnection) {
      if (settings.isolationLevel || settings.accessMode) {
        throw new TransactionManagementError(
          `kysely.transaction() with an isolation level or access mode cannot run inside an atomic() block on '${this.alias}': the transaction has already started. Set them on the outermost block.`,
        );
      }
      this.#savepoints += 1;
      const name = `tango_kysely_${this.#savepoints}`;
      connection.kyselySavepoints.push(name);
      await connection.executeQuery(CompiledQuery.raw(`savepoint "${name}"`));
      return;
    }
    await this.#inner.beginTransaction(connection, settings);
    (connection as TrackedConnection).inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    if (connection instanceof BorrowedConnection) {
      const name = connection.kyselySavepoints.pop();
      await connection.executeQuery(CompiledQuery.raw(`release savepoint "${name}"`));
      return;
    }
    (connection as TrackedConnection).inTransaction = false;
    await this.#inner.commitTransaction(connection);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (connection instanceof BorrowedConnection) {
      const name = connection.kyselySavepoints.pop();
      await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint "${name}"`));
      await connection.executeQuery(CompiledQuery.raw(`release savepoint "${name}"`));
      return;
    }
    (connection as TrackedConnection).inTransaction = false;
    await this.#inner.rollbackTransaction(connection);
  }

  // Kysely's controlled transactions (`trx.savepoint("a")`) name their savepoints themselves.
  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteName(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteName(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteName(name)}`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    if (connection instanceof BorrowedConnection) return;
    const tracked = connection as TrackedConnection;
    tracked.inTransaction = false;
    await this.#inner.releaseConnection(tracked.raw);
  }

  async destroy(): Promise<void> {
    await this.#ready?.catch(() => undefined);
    await this.#inner.destroy();
  }
}

function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
