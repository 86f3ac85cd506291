/** Django's number filters: floatformat and filesizeformat. */
import { text } from "./python-values.js";

/** Python-like repr of a finite number as plain digits (no exponent). */
function plainDigits(n: number): string {
  const s = String(Math.abs(n));
  if (!/e/i.test(s)) return s;
  return Math.abs(n).toFixed(20).replace(/0+$/, "").replace(/\.$/, "");
}

/** Rounds a decimal string half away from zero to `places` decimals (Django's ROUND_HALF_UP). */
function roundHalfUp(digits: string, places: number): string {
  const [intPart = "0", frac = ""] = digits.split(".");
  if (frac.length <= places) return places > 0 ? `${intPart}.${frac.padEnd(places, "0")}` : intPart;
  const keep = intPart + frac.slice(0, places);
  const roundUp = (frac[places] ?? "0") >= "5";
  let num = BigInt(keep) + (roundUp ? 1n : 0n);
  const str = num.toString().padStart(places + 1, "0");
  num = 0n;
  return places > 0 ? `${str.slice(0, -places)}.${str.slice(-places)}` : str;
}

function groupThousands(s: string): string {
  const [i = "", f] = s.split(".");
  const grouped = i.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return f === undefined ? grouped : `${grouped}.${f}`;
}

/**
 * `{{ value|floatformat }}` (one decimal if any), `:3` (always three), `:-3` (three if any),
 * `:0` (integer); a `g` suffix groups thousands ("2g"). Rounds half up, as Django does.
 */
export function floatformat(value: unknown, arg: unknown = -1): string {
  const n =
    typeof value === "number" ? value : Number(text(value).trim() === "" ? Number.NaN : value);
  if (!Number.isFinite(n)) return Number.isNaN(n) ? "" : String(n);
  let spec = String(arg);
  let grouping = false;
  if (spec.endsWith("g")) {
    grouping = true;
    spec = spec.slice(0, -1) || "-1";
  }
  const p = Number.parseInt(spec, 10);
  if (Number.isNaN(p)) return String(n);
  const digits = plainDigits(n);
  const places = Math.abs(p);
  const isInteger = !digits.includes(".") || /^\d+\.0*$/.test(digits);
  let out: string;
  if (p < 0 && isInteger) out = roundHalfUp(digits, 0);
  else {
    out = roundHalfUp(digits, places);
    if (p < 0 && /^\d+\.0+$/.test(out)) out = out.replace(/\.0+$/, "");
  }
  if (grouping) out = groupThousands(out);
  const negative = n < 0 && /[1-9]/.test(out);
  return negative ? `-${out}` : out;
}

const NBSP = "\u00a0";

/** `{{ value|filesizeformat }}`: "13 KB", "4.1 MB", "102 bytes" (with a non-breaking space). */
export function filesizeformat(value: unknown): string {
  const bytes = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(bytes)) return `0${NBSP}bytes`;
  const negative = bytes < 0;
  const abs = Math.abs(bytes);
  const units: Array<[number, string]> = [
    [1024 ** 5, "PB"],
    [1024 ** 4, "TB"],
    [1024 ** 3, "GB"],
    [1024 ** 2, "MB"],
    [1024, "KB"],
  ];
  let out: string;
  if (abs < 1024) out = `${Math.trunc(abs)}${NBSP}${Math.trunc(abs) === 1 ? "byte" : "bytes"}`;
  else {
    const [size, unit] = units.find(([s]) => abs >= s) ?? [1024, "KB"];
    out = `${floatformat(Math.round((abs / size) * 10) / 10, 1)}${NBSP}${unit}`;
  }
  return negative ? `-${out}` : out;
}
