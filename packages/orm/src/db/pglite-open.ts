/** Opens PGlite data folders, with value parsers that match `pg`'s, so both engines return the same types. */
import { mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { PGlite, types } from "@electric-sql/pglite";

const INT8_ARRAY = 1016;
const pad = (value: number, width = 2) => String(value).padStart(width, "0");

// pg's defaults: int8 as a string (exact beyond 2^53), bytea as a Buffer, a date as local
// midnight. PGlite's own defaults differ (number or bigint, Uint8Array, UTC midnight); the
// ORM and raw() users see one behaviour on both engines.
const parsers = {
  [types.INT8]: (value: string) => value,
  [INT8_ARRAY]: (value: string) => types.arrayParser(value, (item: string) => item, INT8_ARRAY),
  [types.BYTEA]: (value: string) => Buffer.from(value.slice(2), "hex"),
  [types.DATE]: (value: string) => {
    if (value === "infinity") return Number.POSITIVE_INFINITY;
    if (value === "-infinity") return Number.NEGATIVE_INFINITY;
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : value;
  },
};

/**
 * A Date as pg sends it: local time with its offset, so `timestamp` and `date` parameters
 * hold the local wall-clock time on both engines.
 *
 * @example
 * localTimestamp(new Date(0)); // "1970-01-01T01:00:00.000+01:00" in Paris
 */
export function localTimestamp(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes < 0 ? "-" : "+";
  const offset = Math.abs(minutes);
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}${sign}${pad(Math.floor(offset / 60))}:${pad(offset % 60)}`;
}

const localDate = (value: unknown): string =>
  value instanceof Date ? localTimestamp(value) : String(value);
const serializers = { [types.TIMESTAMP]: localDate, [types.DATE]: localDate };

/**
 * Opens (creating on first use) the PGlite database in `dataDir`, or in memory when undefined,
 * optionally starting from a `dumpDataDir()` tarball.
 *
 * @example
 * const db = await openPGlite("/srv/mysite/.tango/db");
 * await db.close();
 */
export async function openPGlite(
  dataDir: string | undefined,
  loadDataDir?: string,
  timeZone = "UTC",
): Promise<PGlite> {
  if (dataDir) await mkdir(dirname(dataDir), { recursive: true });
  const load = loadDataDir ? { loadDataDir: new Blob([await readFile(loadDataDir)]) } : {};
  const options = { parsers, serializers, ...load };
  const db = await (dataDir ? PGlite.create(dataDir, options) : PGlite.create(options));
  // PGlite has one session: set it as pg's sessions are (checkTimeZone() vetted the name).
  await db.exec(`SET TIME ZONE '${timeZone}'`);
  return db;
}
