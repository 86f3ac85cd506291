/** Parsing a page number as Django's `int()` does: integers and integral strings only. */

/**
 * The integer a page number stands for, or null when it is not one: `3`, `"3"`, `" 3 "` and
 * `3.0` are 3; `"3.5"`, `"abc"`, `""` and `3.5` are not page numbers.
 *
 * @example
 * toPageNumber("2"); // 2
 * toPageNumber("last"); // null
 */
export function toPageNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isInteger(value) ? value : null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value !== "string") return null;
  const match = /^\s*([+-]?\d+)\s*$/.exec(value);
  return match?.[1] === undefined ? null : Number.parseInt(match[1], 10);
}
