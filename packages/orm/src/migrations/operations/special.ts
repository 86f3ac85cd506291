/** Special operations: RunSQL and RunCode (Django's RunPython), for data migrations and raw SQL. */
import { IrreversibleError } from "../errors.js";
import { Operation, type OperationDescription, type SchemaContext } from "../operation.js";
import type { ProjectState, StateApps } from "../state.js";
import { definedOptions } from "./base.js";

/** Options of RunSQL. */
export interface RunSQLOptions {
  /** SQL text (split into statements at top-level semicolons), or a list of statements. `""` does nothing. */
  readonly sql: string | readonly string[];
  /** What undoes `sql`; without it the migration cannot be unapplied. */
  readonly reverseSql?: string | readonly string[];
}

function statements(sql: string | readonly string[]): string[] {
  return (typeof sql === "string" ? splitStatements(sql) : [...sql]).filter((s) => s.trim() !== "");
}

/**
 * Splits SQL text into statements at the semicolons outside quotes, dollar-quoted bodies and
 * comments (as Django splits RunSQL strings with sqlparse): both engines run one statement
 * per query.
 *
 * @example
 * splitStatements("CREATE TABLE a (x int); INSERT INTO a VALUES (1);"); // ["CREATE TABLE a (x int)", "INSERT INTO a VALUES (1)"]
 */
export function splitStatements(sql: string): string[] {
  const result: string[] = [];
  let start = 0;
  let i = 0;
  const skipTo = (end: string, from: number) => {
    const at = sql.indexOf(end, from);
    return at < 0 ? sql.length : at + end.length;
  };
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      i = i + 1;
      while (i < sql.length && sql[i] !== c) i++;
      i++;
    } else if (c === "-" && sql[i + 1] === "-") {
      i = skipTo("\n", i);
    } else if (c === "/" && sql[i + 1] === "*") {
      i = skipTo("*/", i + 2);
    } else if (c === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0];
      i = tag ? skipTo(tag, i + tag.length) : i + 1;
    } else if (c === ";") {
      result.push(sql.slice(start, i).trim());
      start = ++i;
    } else {
      i++;
    }
  }
  result.push(sql.slice(start).trim());
  return result.filter((s) => s !== "");
}

/**
 * Runs raw SQL. It never moves during squashing, nor does anything move across it.
 *
 * @example
 * operations.RunSQL({
 *   sql: "CREATE EXTENSION IF NOT EXISTS pg_trgm",
 *   reverseSql: RunSQL.noop,
 * });
 */
export class RunSQL extends Operation {
  /** A reverse that does nothing: the migration can be unapplied, leaving the SQL's effect. */
  static readonly noop: string = "";

  readonly sql: string | readonly string[];
  readonly reverseSql: string | readonly string[] | undefined;

  constructor(options: RunSQLOptions) {
    super();
    this.sql = options.sql;
    this.reverseSql = options.reverseSql;
  }

  override get reversible(): boolean {
    return this.reverseSql !== undefined;
  }

  stateForwards(_app: string, _state: ProjectState): void {}

  async databaseForwards(
    _app: string,
    ctx: SchemaContext,
    _from: ProjectState,
    _to: ProjectState,
  ): Promise<void> {
    for (const statement of statements(this.sql)) await ctx.editor.runSql(statement);
  }

  async databaseBackwards(
    app: string,
    ctx: SchemaContext,
    _from: ProjectState,
    _to: ProjectState,
  ): Promise<void> {
    if (this.reverseSql === undefined) {
      throw new IrreversibleError(
        `A RunSQL operation of app '${app}' has no reverseSql, so its migration cannot be unapplied. Add reverseSql to the operation (RunSQL.noop if nothing needs undoing).`,
      );
    }
    for (const statement of statements(this.reverseSql)) await ctx.editor.runSql(statement);
  }

  describe(): string {
    return "Raw SQL operation";
  }

  deconstruct(): OperationDescription {
    return {
      kind: "RunSQL",
      options: definedOptions({ sql: this.sql, reverseSql: this.reverseSql }),
    };
  }
}

/**
 * The function of a RunCode operation: it receives the historical models (`apps`) and the
 * schema context; queries through `apps.getModel(...).objects` run in the migration's
 * transaction.
 *
 * @example
 * const fill: MigrationCode = async (apps) => {
 *   await apps.getModel("polls", "Choice").objects.filter({ votes: null }).update({ votes: 0 });
 * };
 */
export type MigrationCode = (apps: StateApps, ctx: SchemaContext) => Promise<void> | void;

/** Options of RunCode. */
export interface RunCodeOptions {
  readonly code: MigrationCode;
  /** What undoes `code`; without it the migration cannot be unapplied. */
  readonly reverseCode?: MigrationCode;
}

/**
 * Runs code with the historical models (Django's RunPython): data migrations. Use the models
 * from `apps`, never the project's current classes, which may have other fields by then.
 * `sqlmigrate` prints `-- THIS OPERATION CANNOT BE WRITTEN AS SQL` instead of running it.
 *
 * @example
 * operations.RunCode({
 *   code: async (apps) => {
 *     const Question = apps.getModel("polls", "Question");
 *     await Question.objects.filter({ slug: "" }).update({ slug: "untitled" });
 *   },
 *   reverseCode: RunCode.noop,
 * });
 */
export class RunCode extends Operation {
  /** A reverse that does nothing. */
  static readonly noop: MigrationCode = () => {};

  readonly code: MigrationCode;
  readonly reverseCode: MigrationCode | undefined;

  constructor(options: RunCodeOptions) {
    super();
    if (typeof options.code !== "function") {
      throw new TypeError(
        "RunCode needs a function: operations.RunCode({ code: async (apps) => { ... } }).",
      );
    }
    this.code = options.code;
    this.reverseCode = options.reverseCode;
  }

  override get reversible(): boolean {
    return this.reverseCode !== undefined;
  }

  stateForwards(_app: string, _state: ProjectState): void {}

  async databaseForwards(
    _app: string,
    ctx: SchemaContext,
    from: ProjectState,
    _to: ProjectState,
  ): Promise<void> {
    if (ctx.collectOnly) {
      ctx.editor.comment("THIS OPERATION CANNOT BE WRITTEN AS SQL");
      return;
    }
    await this.code(from.apps(), ctx);
  }

  async databaseBackwards(
    app: string,
    ctx: SchemaContext,
    from: ProjectState,
    _to: ProjectState,
  ): Promise<void> {
    if (this.reverseCode === undefined) {
      throw new IrreversibleError(
        `A RunCode operation of app '${app}' has no reverseCode, so its migration cannot be unapplied. Add reverseCode to the operation (RunCode.noop if nothing needs undoing).`,
      );
    }
    if (ctx.collectOnly) {
      ctx.editor.comment("THIS OPERATION CANNOT BE WRITTEN AS SQL");
      return;
    }
    await this.reverseCode(from.apps(), ctx);
  }

  describe(): string {
    return "Raw code operation";
  }

  deconstruct(): OperationDescription {
    return {
      kind: "RunCode",
      options: definedOptions({ code: this.code, reverseCode: this.reverseCode }),
    };
  }
}
