/** How Django's filters see JavaScript values: Python's truthiness, lengths and escaping. */
import { escapeText, isSafeString } from "../safe-string.js";

/**
 * Python's truthiness: null, undefined, false, 0, NaN, "", empty arrays, Maps, Sets, plain
 * objects (`{}`) and iterable collections with a `length` or `size` of 0 are false; other
 * objects (class instances, dates, functions) are true.
 *
 * @example
 * isTruthy([]); // false
 * isTruthy({}); // false
 * isTruthy(new Date()); // true
 */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === "") return false;
  if (typeof value === "number") return value !== 0 && !Number.isNaN(value);
  if (typeof value === "bigint") return value !== 0n;
  if (typeof value !== "object") return true;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Map || value instanceof Set) return value.size > 0;
  if (isSafeString(value)) return value.length > 0;
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    for (const _key in value) return true;
    return false;
  }
  // Python's __bool__ of objects that say it themselves: a FieldFile with no file is false.
  const own = (value as { hasFile?: unknown }).hasFile;
  if (typeof own === "boolean") return own;
  // A collection (Python's __len__): iterable, with a numeric length or size (a Page, a typed array).
  if (Symbol.iterator in value) {
    const { length, size } = value as { length?: unknown; size?: unknown };
    if (typeof length === "number") return length > 0;
    if (typeof size === "number") return size > 0;
  }
  return true;
}

/**
 * Python's len(): strings, arrays, Maps, Sets, plain objects; undefined when it has none.
 *
 * @example
 * lengthOf("abc"); // 3
 */
export function lengthOf(value: unknown): number | undefined {
  if (typeof value === "string" || Array.isArray(value)) return value.length;
  if (isSafeString(value)) return String(value).length;
  if (value instanceof Map || value instanceof Set) return value.size;
  if (typeof value === "object" && value !== null) {
    if (Symbol.iterator in value) return [...(value as Iterable<unknown>)].length;
    return Object.keys(value).length;
  }
  return undefined;
}

/**
 * Escapes HTML unless the value was marked safe (Django's conditional_escape).
 *
 * @example
 * conditionalEscape("<b>"); // "&lt;b&gt;"
 */
export function conditionalEscape(value: unknown): string {
  if (isSafeString(value)) return String(value);
  return escapeText(value === null || value === undefined ? "" : String(value));
}

/**
 * Python's str(): null and undefined as "None"-free empty strings, others as String().
 *
 * @example
 * text(undefined); // ""
 */
export function text(value: unknown): string {
  return value === null || value === undefined ? "" : String(value);
}
