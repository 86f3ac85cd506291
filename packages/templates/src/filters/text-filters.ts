/** Django's text filters: default, pluralize, truncation, slugify, yesno, title and friends. */

import { markSafe } from "../safe-string.js";
import { conditionalEscape, isTruthy, lengthOf, text } from "./python-values.js";

/** `{{ value|default:"nothing" }}`: the argument when the value is falsy. */
export function defaultFilter(value: unknown, fallback: unknown): unknown {
  return isTruthy(value) ? value : fallback;
}

/** `{{ value|default_if_none:"nothing" }}`: the argument when the value is null or undefined. */
export function defaultIfNone(value: unknown, fallback: unknown): unknown {
  return value === null || value === undefined ? fallback : value;
}

/** `{{ n|pluralize }}`, `|pluralize:"es"`, `|pluralize:"y,ies"`. */
export function pluralize(value: unknown, suffix: unknown = "s"): string {
  const parts = String(suffix).split(",");
  if (parts.length > 2) return "";
  const [singular, plural] =
    parts.length === 1 ? ["", parts[0] ?? ""] : [parts[0] ?? "", parts[1] ?? ""];
  let count: number | undefined;
  if (typeof value === "number") count = value;
  else if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)))
    count = Number(value);
  else count = lengthOf(value);
  if (count === undefined) return "";
  return count === 1 ? singular : plural;
}

/** `{{ value|truncatechars:7 }}`: at most n characters, the last one "…". */
export function truncatechars(value: unknown, length: unknown): string {
  const s = text(value);
  const n = Number.parseInt(String(length), 10);
  if (Number.isNaN(n)) return s;
  const chars = [...s];
  if (chars.length <= n) return s;
  return n <= 0 ? "…" : `${chars.slice(0, n - 1).join("")}…`;
}

/** `{{ value|truncatewords:2 }}`: at most n words, then " …". */
export function truncatewords(value: unknown, length: unknown): string {
  const s = text(value);
  const n = Number.parseInt(String(length), 10);
  if (Number.isNaN(n)) return s;
  const words = s.split(/\s+/).filter(Boolean);
  if (words.length <= n) return words.join(" ");
  return `${words.slice(0, Math.max(n, 0)).join(" ")} …`;
}

/** `{{ value|slugify }}`: ASCII, lowercase, hyphens: "Joel is a slug" -> "joel-is-a-slug". */
export function slugify(value: unknown): string {
  return text(value)
    .normalize("NFKD")
    .replace(/[^ -~\t\n\r]/g, "")
    .replace(/[^\w\s-]/g, "")
    .toLowerCase()
    .trim()
    .replace(/[-\s]+/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "");
}

/** `{{ value|yesno:"yeah,no,maybe" }}`: true, false, null/undefined. */
export function yesno(value: unknown, choices: unknown = "yes,no,maybe"): unknown {
  const bits = String(choices).split(",");
  if (bits.length < 2) return value;
  const [yes = "", no = "", maybe = no] = bits;
  if (value === null || value === undefined) return maybe;
  return isTruthy(value) ? yes : no;
}

/** `{{ value|capfirst }}`: the first character in upper case. */
export function capfirst(value: unknown): string {
  const s = text(value);
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `{{ value|title }}`: "my FIRST post" -> "My First Post", as Django's title. */
export function title(value: unknown): string {
  return text(value)
    .toLowerCase()
    .replace(
      /(^|[^a-z])([a-z])/g,
      (_, before: string, letter: string) => before + letter.toUpperCase(),
    )
    .replace(/([a-z])'([A-Z])/g, (m) => m.toLowerCase())
    .replace(/\d([A-Z])/g, (m) => m.toLowerCase());
}

/** `{{ value|cut:" " }}`: every occurrence of the argument removed. */
export function cut(value: unknown, arg: unknown): string {
  return text(value).split(text(arg)).join("");
}

function asInteger(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^\s*[-+]?\d+\s*$/.test(value))
    return Number.parseInt(value, 10);
  return undefined;
}

/** `{{ value|add:2 }}`: integer addition, else concatenation (strings, arrays), else "". */
export function add(value: unknown, arg: unknown): unknown {
  const a = asInteger(value);
  const b = asInteger(arg);
  if (a !== undefined && b !== undefined) return a + b;
  if (typeof value === "number" && typeof arg === "number") return value + arg;
  if (Array.isArray(value) && Array.isArray(arg)) return [...value, ...arg];
  if (typeof value === "string" && typeof arg === "string") return value + arg;
  return "";
}

/** `{{ list|join:", " }}`: items escaped (unless safe) and joined; the result is safe. */
export function join(value: unknown, separator: unknown = ""): unknown {
  if (typeof value === "string") return value;
  if (
    value === null ||
    value === undefined ||
    typeof value !== "object" ||
    !(Symbol.iterator in value)
  )
    return value;
  const items = [...(value as Iterable<unknown>)].map(conditionalEscape);
  return markSafe(items.join(conditionalEscape(separator)));
}

/** `{{ value|length }}`: the length of a string, array, Map, Set or object; 0 otherwise. */
export function length(value: unknown): number {
  return lengthOf(value) ?? 0;
}

/** `{{ value|wordcount }}`: the number of whitespace-separated words. */
export function wordcount(value: unknown): number {
  return text(value).split(/\s+/).filter(Boolean).length;
}

/** `{{ value|striptags }}`: every `<...>` tag removed (the result is still escaped on output). */
export function striptags(value: unknown): string {
  let s = text(value);
  for (let previous = ""; previous !== s; ) {
    previous = s;
    s = s.replace(/<[^<>]*>/g, "");
  }
  return s;
}

/** `{{ value|upper }}`. */
export function upper(value: unknown): string {
  return text(value).toUpperCase();
}

/** `{{ value|lower }}`. */
export function lower(value: unknown): string {
  return text(value).toLowerCase();
}
