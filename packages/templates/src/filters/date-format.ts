/** Django's date format characters (`"N j, Y"`, `"D d M Y H:i"`), rendered in a time zone. */

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const MONTHS_AP = [
  "Jan.",
  "Feb.",
  "March",
  "April",
  "May",
  "June",
  "July",
  "Aug.",
  "Sept.",
  "Oct.",
  "Nov.",
  "Dec.",
];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

interface Parts {
  year: number;
  month: number; // 1-12
  day: number;
  weekday: number; // 0 = Sunday
  hour: number;
  minute: number;
  second: number;
  ms: number;
  offsetMinutes: number;
  zoneName: string;
  zoneAbbr: string;
  epoch: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      timeZoneName: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function partsOf(date: Date, timeZone: string): Parts {
  const values: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(date)) values[p.type] = p.value;
  const year = Number(values.year);
  const month = Number(values.month);
  const day = Number(values.day);
  const hour = Number(values.hour) % 24;
  const minute = Number(values.minute);
  const second = Number(values.second);
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const offsetMinutes = Math.round((local - (date.getTime() - date.getUTCMilliseconds())) / 60000);
  return {
    year,
    month,
    day,
    weekday: new Date(local).getUTCDay(),
    hour,
    minute,
    second,
    ms: date.getUTCMilliseconds(),
    offsetMinutes,
    zoneName: timeZone,
    zoneAbbr: values.timeZoneName ?? timeZone,
    epoch: Math.floor(date.getTime() / 1000),
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function dayOfYear(p: Parts): number {
  return (Date.UTC(p.year, p.month - 1, p.day) - Date.UTC(p.year, 0, 1)) / 86_400_000;
}

function isoWeek(p: Parts): number {
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day));
  const dow = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - dow);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

function ordinal(day: number): string {
  if (day >= 11 && day <= 13) return "th";
  return ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[day % 10] ?? "th";
}

function offset(p: Parts, colon: boolean): string {
  const sign = p.offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(p.offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}${colon ? ":" : ""}${pad(abs % 60)}`;
}

function hour12(p: Parts): number {
  return p.hour % 12 === 0 ? 12 : p.hour % 12;
}

/** Django's "P": "1 a.m.", "1:30 p.m.", "midnight", "noon". */
function timeP(p: Parts): string {
  if (p.minute === 0 && p.hour === 0) return "midnight";
  if (p.minute === 0 && p.hour === 12) return "noon";
  const f = p.minute === 0 ? String(hour12(p)) : `${hour12(p)}:${pad(p.minute)}`;
  return `${f} ${p.hour < 12 ? "a.m." : "p.m."}`;
}

const CHARS: Record<string, (p: Parts) => string> = {
  a: (p) => (p.hour < 12 ? "a.m." : "p.m."),
  A: (p) => (p.hour < 12 ? "AM" : "PM"),
  b: (p) => (MONTHS[p.month - 1] ?? "").slice(0, 3).toLowerCase(),
  c: (p) =>
    `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${p.ms ? `.${pad(p.ms * 1000, 6)}` : ""}${offset(p, true)}`,
  d: (p) => pad(p.day),
  D: (p) => (DAYS[p.weekday] ?? "").slice(0, 3),
  e: (p) => p.zoneName,
  E: (p) => MONTHS[p.month - 1] ?? "",
  f: (p) => (p.minute === 0 ? String(hour12(p)) : `${hour12(p)}:${pad(p.minute)}`),
  F: (p) => MONTHS[p.month - 1] ?? "",
  g: (p) => String(hour12(p)),
  G: (p) => String(p.hour),
  h: (p) => pad(hour12(p)),
  H: (p) => pad(p.hour),
  i: (p) => pad(p.minute),
  I: () => "",
  j: (p) => String(p.day),
  l: (p) => DAYS[p.weekday] ?? "",
  L: (p) => (isLeap(p.year) ? "True" : "False"),
  m: (p) => pad(p.month),
  M: (p) => (MONTHS[p.month - 1] ?? "").slice(0, 3),
  n: (p) => String(p.month),
  N: (p) => MONTHS_AP[p.month - 1] ?? "",
  o: (p) => String(p.year),
  O: (p) => offset(p, false),
  P: timeP,
  r: (p) =>
    `${(DAYS[p.weekday] ?? "").slice(0, 3)}, ${pad(p.day)} ${(MONTHS[p.month - 1] ?? "").slice(0, 3)} ${p.year} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)} ${offset(p, false)}`,
  s: (p) => pad(p.second),
  S: (p) => ordinal(p.day),
  t: (p) => String(new Date(Date.UTC(p.year, p.month, 0)).getUTCDate()),
  T: (p) => p.zoneAbbr,
  u: (p) => pad(p.ms * 1000, 6),
  U: (p) => String(p.epoch),
  w: (p) => String(p.weekday),
  W: (p) => String(isoWeek(p)),
  y: (p) => pad(p.year % 100),
  Y: (p) => String(p.year),
  z: (p) => String(dayOfYear(p) + 1),
  Z: (p) => String(p.offsetMinutes * 60),
};

/**
 * Formats `date` with Django's format characters; `\` escapes the next character.
 *
 * @example
 * formatDate(new Date("2008-01-09T12:00:00Z"), "D d M Y", "UTC"); // "Wed 09 Jan 2008"
 */
export function formatDate(date: Date, format: string, timeZone = "UTC"): string {
  const p = partsOf(date, timeZone);
  let out = "";
  for (let i = 0; i < format.length; i += 1) {
    const c = format[i] as string;
    if (c === "\\") {
      i += 1;
      out += format[i] ?? "";
      continue;
    }
    const fn = CHARS[c];
    out += fn ? fn(p) : c;
  }
  return out;
}

/**
 * A Date from what templates hold: a Date, an ISO string or a timestamp (ms); undefined otherwise.
 *
 * @example
 * toDate("2008-01-09"); // Date
 */
export function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === "string" || typeof value === "number") {
    if (value === "") return undefined;
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}
