/** The date and time fields: DateField, DateTimeField, TimeField, with Django's default input formats. */
import { DateInput, DateTimeInput, TimeInput } from "../widgets/inputs.js";
import type { Widget } from "../widgets/widget.js";
import { Field, type FieldOptions, isEmptyValue, type Optional } from "./field.js";

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const FULL_MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

function month(name: string): number {
  const lower = name.toLowerCase();
  const short = MONTHS.indexOf(lower);
  return short >= 0 ? short + 1 : FULL_MONTHS.indexOf(lower) + 1;
}

function year(text: string): number {
  // strptime's %y: 69-99 are 1900s, 00-68 are 2000s.
  if (text.length === 2) {
    const n = Number(text);
    return n >= 69 ? 1900 + n : 2000 + n;
  }
  return Number(text);
}

function utcDate(y: number, m: number, d: number): Date | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  date.setUTCFullYear(y);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
    ? date
    : undefined;
}

const MON =
  "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december)";

/**
 * Parses a date in Django's DATE_INPUT_FORMATS ("2006-10-25", "10/25/2006", "10/25/06",
 * "Oct 25 2006", "Oct 25, 2006", "25 Oct 2006", "25 Oct, 2006", and the full month names).
 *
 * @example
 * parseDateInput("10/25/06"); // 2006-10-25T00:00:00.000Z
 */
export function parseDateInput(text: string): Date | undefined {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (m) return utcDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/.exec(text);
  if (m) return utcDate(year(m[3] ?? ""), Number(m[1]), Number(m[2]));
  m = new RegExp(`^${MON} (\\d{1,2}),? (\\d{4})$`, "i").exec(text);
  if (m) return utcDate(Number(m[3]), month(m[1] ?? ""), Number(m[2]));
  m = new RegExp(`^(\\d{1,2}) ${MON},? (\\d{4})$`, "i").exec(text);
  if (m) return utcDate(Number(m[3]), month(m[2] ?? ""), Number(m[1]));
  return undefined;
}

/** `HH:MM[:SS[.ffffff]]` → [h, m, s, microseconds]. */
function parseTimeParts(text: string): [number, number, number, number] | undefined {
  const m = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6}))?)?$/.exec(text);
  if (!m) return undefined;
  const parts: [number, number, number, number] = [
    Number(m[1]),
    Number(m[2]),
    Number(m[3] ?? 0),
    Number((m[4] ?? "0").padEnd(6, "0")),
  ];
  return parts[0] < 24 && parts[1] < 60 && parts[2] < 60 ? parts : undefined;
}

/**
 * Parses a date-time: Django's DATETIME_INPUT_FORMATS ("2006-10-25 14:30:59", "10/25/2006
 * 14:30", ...), ISO 8601 with `T` and an offset, or a date alone (midnight). Naive values
 * are taken as UTC.
 *
 * @example
 * parseDateTimeInput("2006-10-25T14:30:59+02:00"); // 2006-10-25T12:30:59.000Z
 */
export function parseDateTimeInput(text: string): Date | undefined {
  const m =
    /^(.+?)[T ](\d{1,2}:\d{1,2}(?::\d{1,2}(?:[.,]\d{1,6})?)?)\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
      text,
    );
  if (!m) return parseDateInput(text);
  const date = parseDateInput(m[1] ?? "");
  const time = parseTimeParts(m[2] ?? "");
  if (!date || !time) return undefined;
  let ms =
    date.getTime() + ((time[0] * 60 + time[1]) * 60 + time[2]) * 1000 + Math.floor(time[3] / 1000);
  const offset = m[3];
  if (offset && offset.toUpperCase() !== "Z") {
    const o = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset);
    if (!o) return undefined;
    const minutes = Number(o[2]) * 60 + Number(o[3] ?? 0);
    ms -= (o[1] === "+" ? 1 : -1) * minutes * 60_000;
  }
  return new Date(ms);
}

/** Whether two raw values clean to different instants (an unreadable one counts as changed). */
function instantChanged(
  field: { toPython(value: unknown): unknown },
  initial: unknown,
  data: unknown,
): boolean {
  try {
    const a = field.toPython(initial) as Date | null;
    const b = field.toPython(data) as Date | null;
    return (a?.getTime() ?? null) !== (b?.getTime() ?? null);
  } catch {
    return true;
  }
}

/**
 * A date: cleans to a `Date` at midnight UTC (as the ORM's DateField stores it).
 *
 * @example
 * await new DateField().clean("10/25/2006"); // 2006-10-25T00:00:00.000Z
 */
export class DateField<const O extends FieldOptions = {}> extends Field<Optional<Date, O>> {
  constructor(options?: O) {
    super(options);
  }

  protected override defaultWidget(): Widget {
    return new DateInput();
  }

  protected override messages(): Record<string, string> {
    return { ...super.messages(), invalid: "Enter a valid date." };
  }

  override toPython(value: unknown): Optional<Date, O> | null {
    if (isEmptyValue(value)) return null;
    if (value instanceof Date) {
      return new Date(
        Date.UTC(value.getUTCFullYear(), value.getUTCMonth(), value.getUTCDate()),
      ) as Optional<Date, O>;
    }
    const date = parseDateInput(String(value).trim());
    if (!date) throw this.error("invalid");
    return date as Optional<Date, O>;
  }

  override hasChanged(initial: unknown, data: unknown): boolean {
    return !this.disabled && instantChanged(this, initial, data);
  }
}

/**
 * A date and time: cleans to a `Date`.
 *
 * @example
 * await new DateTimeField().clean("2006-10-25 14:30"); // 2006-10-25T14:30:00.000Z
 */
export class DateTimeField<const O extends FieldOptions = {}> extends Field<Optional<Date, O>> {
  constructor(options?: O) {
    super(options);
  }

  protected override defaultWidget(): Widget {
    return new DateTimeInput();
  }

  protected override messages(): Record<string, string> {
    return { ...super.messages(), invalid: "Enter a valid date/time." };
  }

  override toPython(value: unknown): Optional<Date, O> | null {
    if (isEmptyValue(value)) return null;
    if (value instanceof Date) return value as Optional<Date, O>;
    const date = parseDateTimeInput(String(value).trim());
    if (!date) throw this.error("invalid");
    return date as Optional<Date, O>;
  }

  override hasChanged(initial: unknown, data: unknown): boolean {
    return !this.disabled && instantChanged(this, initial, data);
  }
}

/**
 * A time of day: cleans to `"HH:MM:SS"` (with `.ffffff` when given), as the ORM's TimeField.
 *
 * @example
 * await new TimeField().clean("14:30"); // "14:30:00"
 */
export class TimeField<const O extends FieldOptions = {}> extends Field<Optional<string, O>> {
  constructor(options?: O) {
    super(options);
  }

  protected override defaultWidget(): Widget {
    return new TimeInput();
  }

  protected override messages(): Record<string, string> {
    return { ...super.messages(), invalid: "Enter a valid time." };
  }

  override toPython(value: unknown): Optional<string, O> | null {
    if (isEmptyValue(value)) return null;
    const parts = parseTimeParts(String(value).trim());
    if (!parts) throw this.error("invalid");
    const pad = (n: number): string => String(n).padStart(2, "0");
    const base = `${pad(parts[0])}:${pad(parts[1])}:${pad(parts[2])}`;
    return (parts[3] ? `${base}.${String(parts[3]).padStart(6, "0")}` : base) as Optional<
      string,
      O
    >;
  }
}
