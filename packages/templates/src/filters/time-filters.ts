/** Django's date and time filters: date, time, timesince, timeuntil. */
import { formatDate, toDate } from "./date-format.js";

const NBSP = "\u00a0";
const CHUNKS: Array<[number, string, string]> = [
  [365 * 24 * 3600, "year", "years"],
  [30 * 24 * 3600, "month", "months"],
  [7 * 24 * 3600, "week", "weeks"],
  [24 * 3600, "day", "days"],
  [3600, "hour", "hours"],
  [60, "minute", "minutes"],
];

function unit(count: number, one: string, many: string): string {
  return `${count}${NBSP}${count === 1 ? one : many}`;
}

/**
 * The time between two dates in Django's words, two units at most: "4 days, 6 hours";
 * "0 minutes" when `to` is not after `from`. Months count 30 days, years 365.
 *
 * @example
 * timesinceBetween(new Date("2026-01-01"), new Date("2026-01-05T06:00:00Z")); // "4 days, 6 hours"
 */
export function timesinceBetween(from: Date, to: Date): string {
  const seconds = Math.floor((to.getTime() - from.getTime()) / 1000);
  if (seconds <= 0) return unit(0, "minute", "minutes");
  const index = CHUNKS.findIndex(([size]) => seconds >= size);
  if (index === -1) return unit(0, "minute", "minutes");
  const [size, one, many] = CHUNKS[index] as [number, string, string];
  const count = Math.floor(seconds / size);
  let result = unit(count, one, many);
  const next = CHUNKS[index + 1];
  if (next) {
    const rest = Math.floor((seconds - count * size) / next[0]);
    if (rest > 0) result += `, ${unit(rest, next[1], next[2])}`;
  }
  return result;
}

/** `{{ value|timesince }}` / `{{ value|timesince:other }}`. */
export function timesince(value: unknown, arg?: unknown): string {
  const from = toDate(value);
  if (!from) return "";
  const to = arg === undefined || arg === null ? new Date() : toDate(arg);
  return to ? timesinceBetween(from, to) : "";
}

/** `{{ value|timeuntil }}` / `{{ value|timeuntil:other }}`. */
export function timeuntil(value: unknown, arg?: unknown): string {
  const to = toDate(value);
  if (!to) return "";
  const from = arg === undefined || arg === null ? new Date() : toDate(arg);
  return from ? timesinceBetween(from, to) : "";
}

/**
 * The `date` and `time` filters bound to the project's formats and time zone.
 *
 * @example
 * const { date } = dateFilters({ dateFormat: "N j, Y", timeFormat: "P", timeZone: "UTC" });
 */
export function dateFilters(config: { dateFormat: string; timeFormat: string; timeZone: string }): {
  date: (value: unknown, format?: unknown) => string;
  time: (value: unknown, format?: unknown) => string;
} {
  return {
    date: (value, format) => {
      const d = toDate(value);
      return d
        ? formatDate(d, typeof format === "string" ? format : config.dateFormat, config.timeZone)
        : "";
    },
    time: (value, format) => {
      const d = toDate(value);
      return d
        ? formatDate(d, typeof format === "string" ? format : config.timeFormat, config.timeZone)
        : "";
    },
  };
}
