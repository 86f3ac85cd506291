/** The built-in library: Django's filters and the url, static and csrf_token tags. */
import { type Settings, staticUrl } from "@tango/core";
import { reverse } from "@tango/urls";
import { jsonScript, linebreaks, linebreaksbr, urlize } from "./filters/html-filters.js";
import { filesizeformat, floatformat } from "./filters/number-filters.js";
import { conditionalEscape } from "./filters/python-values.js";
import * as t from "./filters/text-filters.js";
import { dateFilters, timesince, timeuntil } from "./filters/time-filters.js";
import { Library } from "./library.js";
import { markSafe } from "./safe-string.js";

function setting(settings: Settings, name: string, fallback: string): string {
  const value = (settings as Record<string, unknown>)[name];
  return typeof value === "string" ? value : fallback;
}

function csrfInput(token: unknown): unknown {
  const value = typeof token === "function" ? (token as () => unknown)() : token;
  if (value === undefined || value === null || value === "" || value === "NOTPROVIDED") return "";
  return markSafe(
    `<input type="hidden" name="csrfmiddlewaretoken" value="${conditionalEscape(value)}">`,
  );
}

/**
 * Django's filters and tags, bound to `settings` (DATE_FORMAT, TIME_FORMAT, TIME_ZONE).
 *
 * @example
 * builtinLibrary(settings).installInto(environment);
 */
export function builtinLibrary(settings: Settings): Library {
  const library = new Library();
  const { date, time } = dateFilters({
    dateFormat: setting(settings, "DATE_FORMAT", "N j, Y"),
    timeFormat: setting(settings, "TIME_FORMAT", "P"),
    timeZone: settings.USE_TZ ? settings.TIME_ZONE : "UTC",
  });
  const filters: Record<string, (value: unknown, ...args: unknown[]) => unknown> = {
    date,
    time,
    timesince,
    timeuntil,
    default: t.defaultFilter,
    default_if_none: t.defaultIfNone,
    pluralize: t.pluralize,
    truncatechars: t.truncatechars,
    truncatewords: t.truncatewords,
    slugify: t.slugify,
    yesno: t.yesno,
    capfirst: t.capfirst,
    title: t.title,
    cut: t.cut,
    add: t.add,
    join: t.join,
    length: t.length,
    wordcount: t.wordcount,
    striptags: t.striptags,
    upper: t.upper,
    lower: t.lower,
    floatformat,
    filesizeformat,
    linebreaks,
    linebreaksbr,
    urlize,
    json_script: jsonScript,
  };
  for (const [name, fn] of Object.entries(filters)) library.filter(name, fn);

  library.simpleTag(
    "url",
    (context, name, ...rest) => {
      const last = rest[rest.length - 1];
      const hasKwargs = typeof last === "object" && last !== null && !Array.isArray(last);
      const kwargs = hasKwargs ? (last as Record<string, unknown>) : undefined;
      const args = hasKwargs ? rest.slice(0, -1) : rest;
      const request = (context as { request?: { resolverMatch?: { namespace?: string } } }).request;
      return reverse(String(name), {
        args: args.length > 0 ? args : undefined,
        kwargs,
        currentApp: request?.resolverMatch?.namespace || undefined,
      });
    },
    { takesContext: true },
  );
  library.simpleTag("static", (path) => staticUrl(String(path)));
  library.simpleTag(
    "csrf_token",
    (context) => csrfInput((context as { csrf_token?: unknown }).csrf_token),
    {
      takesContext: true,
    },
  );
  return library;
}
