/** The catalog of the current schema's tables, and of the schema createModels gives, for comparison. */
import { atomic, connections, createModels, type ModelClass } from "@tango/orm";
import { type Kysely, sql } from "kysely";

/** One table: columns by name, constraint and index definitions (names left out). */
interface TableCatalog {
  columns: {
    name: string;
    type: string;
    notNull: boolean;
    default: string | null;
    identity: string;
  }[];
  constraints: string[];
  indexes: string[];
}

export interface Catalog {
  tables: Record<string, TableCatalog>;
  /** Names of the constraints and indexes (kept apart: auto names can follow a table's history). */
  names: string[];
}

/** What pg_catalog says about the tables of the current schema (tango_migrations left out). */
export async function introspect(db: Kysely<never>): Promise<Catalog> {
  const tables = await sql<{ oid: number; name: string }>`
    select c.oid::int as oid, c.relname as name from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p') and c.relname <> 'tango_migrations'
    order by c.relname`.execute(db);
  const catalog: Catalog = { tables: {}, names: [] };
  for (const { oid, name } of tables.rows) {
    const columns = await sql<TableCatalog["columns"][number]>`
      select a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
        a.attnotnull as "notNull", pg_get_expr(d.adbin, d.adrelid) as default,
        a.attidentity::text as identity
      from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where a.attrelid = ${oid} and a.attnum > 0 and not a.attisdropped
      order by a.attname`.execute(db);
    // The definition holds the type, columns, referenced table and columns, deferral, check.
    const constraints = await sql<{ name: string; def: string }>`
      select conname as name, pg_get_constraintdef(oid) as def
      from pg_constraint where conrelid = ${oid} and contype <> 'n'`.execute(db);
    const indexes = await sql<{ name: string; def: string }>`
      select c.relname as name, pg_get_indexdef(i.indexrelid) as def
      from pg_index i join pg_class c on c.oid = i.indexrelid
      where i.indrelid = ${oid}
        and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid and k.conrelid = i.indrelid)`.execute(
      db,
    );
    catalog.tables[name] = {
      columns: columns.rows,
      constraints: constraints.rows.map((c) => c.def).sort(),
      indexes: indexes.rows
        .map((i) =>
          i.def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON (?:\S+\.)?/, "CREATE $1INDEX ON "),
        )
        .sort(),
    };
    catalog.names.push(
      ...constraints.rows.map((c) => `${name}: ${c.name}`),
      ...indexes.rows.map((i) => `${name}: ${i.name}`),
    );
  }
  catalog.names.sort();
  return catalog;
}

/** The index and constraint names a model's meta gives explicitly. */
export function givenNames(model: ModelClass): string[] {
  const meta = model._meta;
  return [
    ...meta.indexes.flatMap((index) => (index.name ? [index.name] : [])),
    ...meta.constraints.map((constraint) => constraint.name),
  ];
}

class Rollback extends Error {}

/** The catalog `createModels` gives for a version's models, in a schema rolled back afterwards. */
export async function declaredCatalog(
  alias: string,
  models: readonly ModelClass[],
): Promise<Catalog> {
  let catalog: Catalog | undefined;
  try {
    await atomic(
      async () => {
        const db = connections.get(alias).kysely as unknown as Kysely<never>;
        await sql`create schema rt_ref`.execute(db);
        await sql`set local search_path to rt_ref`.execute(db);
        await createModels(connections.get(alias).kysely, models);
        catalog = await introspect(db);
        throw new Rollback();
      },
      { using: alias },
    );
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  if (!catalog) throw new Error("no catalog");
  return catalog;
}
