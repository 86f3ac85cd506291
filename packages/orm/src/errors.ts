/** The ORM's errors: database failures mapped from driver codes, transaction misuse, relation rules. */
import { TangoError } from "@tango/core";

export {
  FieldError,
  MultipleObjectsReturned,
  ObjectDoesNotExist,
  ValidationError,
} from "@tango/core";

/** What the database said, as mapped from a driver error. */
export interface DatabaseErrorDetails {
  /** The SQLSTATE code ("23505"). */
  sqlState?: string | undefined;
  /** The constraint involved, when the server names one. */
  constraint?: string | undefined;
  /** The table involved, when the server names one. */
  table?: string | undefined;
  /** The column involved, when the server names one. */
  column?: string | undefined;
  /** The server's DETAIL line ("Key (slug)=(hello) already exists."). */
  detail?: string | undefined;
  /** The server's HINT line. */
  hint?: string | undefined;
  /** The SQL that failed (values stay in `parameters`, never in the message). */
  sql?: string | undefined;
  /** The parameters of the failed query. */
  parameters?: readonly unknown[] | undefined;
  /** The DATABASES alias the query ran on. */
  alias?: string | undefined;
}

/**
 * The base of every error the database reports. `cause` is the driver's original error.
 *
 * @example
 * try { await raw("select 1/0"); } catch (e) { if (e instanceof DatabaseError) console.log(e.sqlState); }
 */
export class DatabaseError extends TangoError {
  override readonly code: string = "orm.DatabaseError";
  readonly sqlState: string | undefined;
  readonly constraint: string | undefined;
  readonly table: string | undefined;
  readonly column: string | undefined;
  readonly detail: string | undefined;
  readonly hint: string | undefined;
  readonly sql: string | undefined;
  readonly parameters: readonly unknown[] | undefined;
  readonly alias: string | undefined;

  constructor(message: string, details: DatabaseErrorDetails = {}, options?: ErrorOptions) {
    super(message, options);
    this.sqlState = details.sqlState;
    this.constraint = details.constraint;
    this.table = details.table;
    this.column = details.column;
    this.detail = details.detail;
    this.hint = details.hint;
    this.sql = details.sql;
    this.parameters = details.parameters;
    this.alias = details.alias;
  }
}

/**
 * A constraint failed (SQLSTATE class 23): unique, foreign key, not null, check, exclusion.
 *
 * @example
 * try { await Poll.objects.create({ slug: "taken" }); }
 * catch (e) { if (e instanceof IntegrityError) console.log(e.constraint, e.table); }
 */
export class IntegrityError extends DatabaseError {
  override readonly code: string = "orm.IntegrityError";
}

/**
 * A value is wrong for its column (SQLSTATE class 22): too long, out of range, bad format.
 *
 * @example
 * await raw("select 'abc'::int"); // throws DataError
 */
export class DataError extends DatabaseError {
  override readonly code: string = "orm.DataError";
}

/**
 * The database could not run the query: connection lost or refused (08), server shutting
 * down or the session terminated (57P), out of resources (53).
 *
 * @example
 * catch (e) { if (e instanceof OperationalError) retryLater(); }
 */
export class OperationalError extends DatabaseError {
  override readonly code: string = "orm.OperationalError";
}

/**
 * The SQL is wrong for the schema (SQLSTATE class 42): a missing table or column, a syntax error.
 *
 * @example
 * await raw("select * from missing_table"); // throws ProgrammingError
 */
export class ProgrammingError extends DatabaseError {
  override readonly code: string = "orm.ProgrammingError";
}

/**
 * A transaction failed or could not commit (SQLSTATE class 40: serialization failure, deadlock).
 *
 * @example
 * catch (e) { if (e instanceof TransactionRollbackError) await retry(); }
 */
export class TransactionRollbackError extends OperationalError {
  override readonly code: string = "orm.TransactionRollbackError";
}

/**
 * `atomic()` or `onCommit()` was used in a way that cannot work: a durable block inside
 * another, a query after an error inside a block, a callback that is not a function.
 *
 * @example
 * await atomic(() => atomic(fn, { durable: true })); // throws TransactionManagementError
 */
export class TransactionManagementError extends TangoError {
  override readonly code: string = "orm.TransactionManagementError";
}

/**
 * A related object was read before it was loaded.
 *
 * @example
 * choice.question.questionText; // throws unless selectRelated("question") loaded it
 */
export class RelationNotLoaded extends TangoError {
  override readonly code: string = "orm.RelationNotLoaded";
}

/**
 * A `manage` command of the ORM cannot do what was asked (no terminal to confirm a flush, an
 * unknown model label, a bad fixture, no `psql`); the message says what to do.
 *
 * @example
 * throw new CommandError("Unknown model 'polls.Qestion' in dumpdata. Did you mean 'polls.Question'?");
 */
export class CommandError extends TangoError {
  override readonly code: string = "orm.CommandError";
}

/**
 * A QuerySet or a related manager was iterated synchronously, as a template's `{% for %}`
 * does: it must be awaited (in the view) first.
 *
 * @example
 * [...Question.objects.all()]; // throws: evaluate it with await first
 */
export class QuerySetNotEvaluated extends TangoError {
  override readonly code: string = "orm.QuerySetNotEvaluated";
}

/** The objects that blocked a deletion. */
export interface BlockedDeletion {
  /** The objects that refer to what was being deleted. */
  readonly protectedObjects: readonly unknown[];
}

/**
 * A deletion hit a `PROTECT` foreign key; `protectedObjects` are the objects in the way.
 *
 * @example
 * try { await question.delete(); } catch (e) { if (e instanceof ProtectedError) console.log(e.protectedObjects); }
 */
export class ProtectedError extends IntegrityError implements BlockedDeletion {
  override readonly code: string = "orm.ProtectedError";
  readonly protectedObjects: readonly unknown[];

  constructor(message: string, protectedObjects: readonly unknown[], options?: ErrorOptions) {
    super(message, {}, options);
    this.protectedObjects = protectedObjects;
  }
}

/**
 * A deletion hit a `RESTRICT` foreign key whose objects are not deleted by the same cascade.
 *
 * @example
 * try { await author.delete(); } catch (e) { if (e instanceof RestrictedError) console.log(e.restrictedObjects); }
 */
export class RestrictedError extends IntegrityError {
  override readonly code: string = "orm.RestrictedError";
  readonly restrictedObjects: readonly unknown[];

  constructor(message: string, restrictedObjects: readonly unknown[], options?: ErrorOptions) {
    super(message, {}, options);
    this.restrictedObjects = restrictedObjects;
  }
}

/**
 * `assertNumQueries()` saw a different number of queries; the message lists them.
 *
 * @example
 * catch (e) { if (e instanceof QueryCountError) console.log(e.queries.map((q) => q.sql)); }
 */
export class QueryCountError extends TangoError {
  override readonly code: string = "orm.QueryCountError";

  constructor(
    message: string,
    readonly expected: number,
    readonly queries: readonly { sql: string; parameters: readonly unknown[] }[],
  ) {
    super(message);
  }
}
