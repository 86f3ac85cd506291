/** The Kysely instances QuerySets run on: db/'s connections, and a compile-only one for toSql(). */
import {
  type CompiledQuery,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from "kysely";
import { connections } from "../db/index.js";
import type { AnyDB } from "./compile-select.js";

let compileOnly: Kysely<AnyDB> | undefined;

/**
 * A Kysely instance that compiles PostgreSQL but never connects (for `toSql()`).
 *
 * @example
 * compilingKysely().selectFrom("t").selectAll().compile().sql;
 */
export function compilingKysely(): Kysely<AnyDB> {
  compileOnly ??= new Kysely<AnyDB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  return compileOnly;
}

/**
 * The Kysely instance of a DATABASES alias (db/'s connection; the current transaction's inside
 * `atomic()`).
 *
 * @example
 * await kyselyFor("default").selectFrom("polls_question").selectAll().execute();
 */
export function kyselyFor(alias: string): Kysely<AnyDB> {
  return connections.get(alias).kysely as unknown as Kysely<AnyDB>;
}

/**
 * Runs a compiled statement on `alias`: straight on the pool outside transactions
 * (PostgreSQL), else through the Kysely instance (transactions, PGlite, a closed connection).
 *
 * @example
 * const { rows } = await executeCompiled("default", compiled);
 */
export function executeCompiled<R>(
  alias: string,
  compiled: CompiledQuery,
): Promise<QueryResult<R>> {
  const connection = connections.get(alias);
  const direct = connection.closed ? undefined : connection.driver.executeDirect<R>(compiled);
  return direct ?? (connection.kysely.executeQuery(compiled) as Promise<QueryResult<R>>);
}
