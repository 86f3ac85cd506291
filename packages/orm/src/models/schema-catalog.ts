/** pg_catalog lookups of the schema editor: the names of the constraints and indexes a table has now. */
import { sql } from "kysely";
import type { Field } from "./field.js";
import type { ModelClass } from "./model-class.js";
import type { SchemaDatabase } from "./schema-editor.js";
import { fieldIndexes } from "./schema-fields.js";
import { metaIndexName } from "./schema-names.js";

/**
 * Where the lookups run; with `collectOnly` they do not query and return the names Django
 * would generate instead.
 *
 * @example
 * const source: CatalogSource = { db: connections.get().kysely, collectOnly: false };
 */
export interface CatalogSource {
  readonly db: SchemaDatabase;
  readonly collectOnly: boolean;
}

/**
 * Names of the constraints of `kind` ("f" foreign key, "u" unique) on exactly `columns`,
 * from pg_catalog; `fallback` when only collecting SQL.
 *
 * @example
 * await constraintNames(source, "polls_choice", ["question_id"], "f", []); // the foreign keys on "question_id"
 */
export async function constraintNames(
  source: CatalogSource,
  table: string,
  columns: readonly string[],
  kind: "f" | "u",
  fallback: readonly string[],
): Promise<string[]> {
  if (source.collectOnly) return [...fallback];
  const { rows } = await sql<{ name: string; columns: string[] }>`
    select c.conname as name,
      array(select a.attname::text from unnest(c.conkey) k join pg_attribute a
        on a.attrelid = c.conrelid and a.attnum = k order by a.attname) as columns
    from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    join pg_namespace n on n.oid = t.relnamespace
    where t.relname = ${table} and n.nspname = current_schema() and c.contype = ${kind}
  `.execute(source.db);
  const wanted = [...columns].sort().join(",");
  return rows.filter((r) => [...r.columns].sort().join(",") === wanted).map((r) => r.name);
}

/**
 * The indexes the editor made for a field (plain and `_like`): from pg_catalog, the
 * non-unique indexes on exactly its column that are not Meta indexes.
 *
 * @example
 * await fieldIndexNames(source, Choice, Choice._meta.getField("question")); // the index on "question_id"
 */
export async function fieldIndexNames(
  source: CatalogSource,
  model: ModelClass,
  field: Field,
): Promise<string[]> {
  if (source.collectOnly) return fieldIndexes(model, field).map((index) => index.name);
  const meta = new Set(model._meta.indexes.map((index) => metaIndexName(model, index)));
  const { rows } = await sql<{ name: string }>`
    select i.relname as name
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class t on t.oid = x.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
    where t.relname = ${model._meta.dbTable} and n.nspname = current_schema()
      and not x.indisunique and not x.indisprimary and x.indnatts = 1
      and x.indpred is null and a.attname = ${field.column}
  `.execute(source.db);
  return rows.map((r) => r.name).filter((name) => !meta.has(name));
}
