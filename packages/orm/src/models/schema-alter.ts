/** The schema editor's field alteration: ALTER TABLE for a field that changed between two states. */
import { sql } from "kysely";
import type { Field } from "./field.js";
import { ForeignKeyImpl, ManyToManyFieldImpl } from "./fields/related-fields.js";
import type { ModelClass } from "./model-class.js";
import { type CatalogSource, constraintNames, fieldIndexNames } from "./schema-catalog.js";
import type { DdlStatement } from "./schema-editor.js";
import { fieldIndexBuilders, foreignKeyBuilder } from "./schema-fields.js";
import { foreignKeyName } from "./schema-names.js";

/**
 * What the alteration needs of the schema editor: its database, and running, deferring and
 * flushing statements the way the editor records them.
 *
 * @example
 * await alterField(runner, Question, oldField, newField);
 */
export interface SchemaRunner extends CatalogSource {
  run(statement: DdlStatement): Promise<void>;
  /** Keeps `statement` for the next `flush()` (foreign keys). */
  defer(statement: DdlStatement): void;
  flush(): Promise<void>;
}

/**
 * Changes a column from `from` to `to` (see `SchemaEditor.alterField`): drops the foreign key,
 * field indexes and unique constraint that change, renames the column, changes its type and
 * NULL-ability, then adds back what the new field needs.
 *
 * @example
 * await alterField(runner, Question, oldField, newField); // ALTER TABLE "polls_question" ALTER COLUMN "votes" TYPE bigint USING "votes"::bigint
 */
export async function alterField(
  runner: SchemaRunner,
  model: ModelClass,
  from: Field,
  to: Field,
): Promise<void> {
  if (from instanceof ManyToManyFieldImpl || to instanceof ManyToManyFieldImpl) return;
  const table = model._meta.dbTable;
  const alter = () => runner.db.schema.alterTable(table);
  const typeChanged = from.dbType() !== to.dbType();
  const fkChanged = foreignKeyChanged(from, to) || (typeChanged && isForeignKey(from));
  if (isForeignKey(from) && fkChanged) {
    for (const name of await constraintNames(runner, table, [from.column], "f", [
      foreignKeyName(model, from),
    ])) {
      await runner.run(alter().dropConstraint(name).ifExists());
    }
  }
  const indexesChanged =
    from.dbIndex !== to.dbIndex ||
    from.unique !== to.unique ||
    from.column !== to.column ||
    typeChanged;
  if (indexesChanged) {
    for (const name of await fieldIndexNames(runner, model, from)) {
      await runner.run(runner.db.schema.dropIndex(name).ifExists());
    }
  }
  if (from.unique && !to.unique && !from.primaryKey) {
    for (const name of await constraintNames(runner, table, [from.column], "u", [
      `${table}_${from.column}_key`,
    ])) {
      await runner.run(alter().dropConstraint(name).ifExists());
    }
  }
  if (from.column !== to.column) await runner.run(alter().renameColumn(from.column, to.column));
  const column = to.column;
  if (typeChanged) {
    const using = sql`${sql.ref(column)}::${sql.raw(to.dbType())}`;
    await runner.run(
      alter().alterColumn(column, (c) =>
        c.setDataType(sql`${sql.raw(to.dbType())} USING ${using}`),
      ),
    );
  }
  if (from.null !== to.null) {
    if (!to.null && to.hasDefault()) await fillNulls(runner, table, to);
    await runner.run(
      alter().alterColumn(column, (c) => (to.null ? c.dropNotNull() : c.setNotNull())),
    );
  }
  if (to.unique && !from.unique && !to.primaryKey) {
    await runner.run(alter().addUniqueConstraint(`${table}_${column}_key`, [column]));
  }
  if (indexesChanged) {
    for (const index of fieldIndexBuilders(runner.db, model, to)) await runner.run(index);
  }
  if (isForeignKey(to) && fkChanged) {
    runner.defer(foreignKeyBuilder(runner.db, model, to));
    await runner.flush();
  }
}

/** UPDATE ... SET col = default WHERE col IS NULL, before a column becomes NOT NULL. */
async function fillNulls(runner: SchemaRunner, table: string, field: Field): Promise<void> {
  const value = field.toDb(field.getDefault());
  if (value === null || value === undefined) return;
  const column = sql.ref(field.column);
  // Literal when possible, so sqlmigrate shows the value rather than a placeholder.
  const literal = ["string", "number", "boolean"].includes(typeof value);
  const set = literal ? sql.lit(value as string) : sql`${value}`;
  const update = sql`update ${sql.table(table)} set ${column} = ${set} where ${column} is null`;
  await runner.run({
    compile: () => update.compile(runner.db),
    execute: () => update.execute(runner.db),
  });
}

function isForeignKey(field: Field): field is ForeignKeyImpl {
  return field instanceof ForeignKeyImpl && field.dbConstraint;
}

function foreignKeyChanged(from: Field, to: Field): boolean {
  if (isForeignKey(from) !== isForeignKey(to)) return true;
  if (!isForeignKey(from) || !isForeignKey(to)) return false;
  return (
    from.remoteField.model._meta.dbTable !== to.remoteField.model._meta.dbTable ||
    from.targetField.column !== to.targetField.column
  );
}
