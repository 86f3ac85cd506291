/** Django's filters that produce HTML: linebreaks, linebreaksbr, urlize, json_script. Each escapes its input and marks its output safe. */
import { escapeText, isSafeString, markSafe } from "../safe-string.js";
import { conditionalEscape, text } from "./python-values.js";

const safe = (s: string) => markSafe(s);

/** `{{ value|linebreaks }}`: paragraphs in `<p>`, single newlines as `<br>`. */
export function linebreaks(value: unknown): unknown {
  const s = conditionalEscape(value).replace(/\r\n|\r/g, "\n");
  const paragraphs = s.split(/\n{2,}/).map((p) => `<p>${p.replace(/\n/g, "<br>")}</p>`);
  return safe(paragraphs.join("\n\n"));
}

/** `{{ value|linebreaksbr }}`: every newline as `<br>`. */
export function linebreaksbr(value: unknown): unknown {
  return safe(
    conditionalEscape(value)
      .replace(/\r\n|\r/g, "\n")
      .replace(/\n/g, "<br>"),
  );
}

const TRAILING = /[.,:;!)'"]+$/;
const WORD = /(\s+)/;
const EMAIL = /^[\w.+-]+@[\w-]+(\.[\w-]+)+$/;
const SIMPLE_URL = /^https?:\/\/\S+$/i;
const WWW_OR_DOMAIN = /^(www\.\S+|[\w-]+(\.[\w-]+)*\.(com|edu|gov|int|mil|net|org)(\/\S*)?)$/i;

function linkFor(word: string): string | undefined {
  if (SIMPLE_URL.test(word)) return word;
  if (WWW_OR_DOMAIN.test(word)) return `http://${word}`;
  if (EMAIL.test(word)) return `mailto:${word}`;
  return undefined;
}

/** `{{ value|urlize }}`: URLs and e-mail addresses in the text become links (`rel="nofollow"`). */
export function urlize(value: unknown): unknown {
  const isSafe = isSafeString(value);
  const parts = text(value).split(WORD);
  const out = parts.map((part) => {
    if (/^\s*$/.test(part)) return part;
    const lead = /^[(<'"]+/.exec(part)?.[0] ?? "";
    const rest = part.slice(lead.length);
    const trail = TRAILING.exec(rest)?.[0] ?? "";
    const middle = rest.slice(0, rest.length - trail.length);
    const href = linkFor(middle);
    const esc = (s: string) => (isSafe ? s : escapeText(s));
    if (!href) return esc(part);
    const rel = href.startsWith("mailto:") ? "" : ' rel="nofollow"';
    return `${esc(lead)}<a href="${escapeText(encodeURI(decodeURIComponentSafe(href)))}"${rel}>${esc(middle)}</a>${esc(trail)}`;
  });
  return safe(out.join(""));
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

/** JSON with Python's separators (`", "`, `": "`), as Django's json_script writes it. */
function pythonJson(value: unknown): string {
  const seen = new Set<unknown>();
  const write = (v: unknown): string => {
    if (v === null || v === undefined) return "null";
    if (typeof v === "object" && typeof (v as { toJSON?: unknown }).toJSON === "function")
      return write((v as { toJSON(): unknown }).toJSON());
    if (Array.isArray(v)) {
      if (seen.has(v)) throw new TypeError("json_script: circular value");
      seen.add(v);
      const s = `[${v.map(write).join(", ")}]`;
      seen.delete(v);
      return s;
    }
    if (v instanceof Map) return write(Object.fromEntries(v));
    if (typeof v === "object") {
      if (seen.has(v)) throw new TypeError("json_script: circular value");
      seen.add(v);
      const entries = Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined && typeof x !== "function")
        .map(([k, x]) => `${JSON.stringify(k)}: ${write(x)}`);
      seen.delete(v);
      return `{${entries.join(", ")}}`;
    }
    if (typeof v === "bigint") return v.toString();
    return JSON.stringify(v) ?? "null";
  };
  return write(value);
}

/**
 * `{{ value|json_script:"hello-data" }}`: the value as JSON in a
 * `<script type="application/json">`, with `<`, `>` and `&` escaped as `\u003C`... so it cannot end the script.
 */
export function jsonScript(value: unknown, elementId?: unknown): unknown {
  const json = pythonJson(value)
    .replace(/</g, "\\u003C")
    .replace(/>/g, "\\u003E")
    .replace(/&/g, "\\u0026");
  const id =
    elementId === undefined || elementId === null || elementId === ""
      ? ""
      : ` id="${conditionalEscape(elementId)}"`;
  return safe(`<script${id} type="application/json">${json}</script>`);
}
