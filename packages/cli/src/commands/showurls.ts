/** `manage showurls`: lists every URL pattern of ROOT_URLCONF with its view and name. */
import { ImproperlyConfigured, loadModule } from "@tango/core";
import { defineCommand } from "../command.js";

/** What showurls reads of a URLPattern or URLResolver (@tango/urls), structurally. */
interface PatternLike {
  readonly pattern: { toString(): string };
  readonly name: string | null;
  readonly view?: unknown;
  readonly urlPatterns?: readonly PatternLike[];
  readonly namespace?: string | null;
}

/** One line of the listing. */
export interface UrlRow {
  /** The full path, from "/": `/polls/<int:questionId>/`. */
  readonly path: string;
  /** The view's name (a function's or a class's). */
  readonly view: string;
  /** The name to reverse it by, with its namespaces (`polls:detail`), or "". */
  readonly name: string;
}

function viewName(view: unknown): string {
  const name = (view as { name?: unknown } | null)?.name;
  return typeof name === "string" && name !== "" ? name : "<anonymous view>";
}

/**
 * Flattens loaded URL patterns into rows, joining the routes of includes and their namespaces.
 *
 * @example
 * listUrls(resolver.urlPatterns);
 * // [{ path: "/polls/<int:questionId>/", view: "detail", name: "polls:detail" }]
 */
export function listUrls(
  patterns: readonly PatternLike[],
  prefix = "/",
  namespaces: readonly string[] = [],
): UrlRow[] {
  const rows: UrlRow[] = [];
  for (const entry of patterns) {
    const path = prefix + String(entry.pattern).replace(/^\^/, "");
    if (entry.urlPatterns !== undefined) {
      const ns = entry.namespace ? [...namespaces, entry.namespace] : namespaces;
      rows.push(...listUrls(entry.urlPatterns, path, ns));
      continue;
    }
    const name = entry.name ? [...namespaces, entry.name].join(":") : "";
    rows.push({ path, view: viewName(entry.view), name });
  }
  return rows;
}

/** The built-in `showurls` command. */
export const showurlsCommand = defineCommand({
  help: `List every URL pattern of the project.

Loads ROOT_URLCONF and its includes, and prints one line per view: the full path, the view
and the name to reverse it by (with its namespaces), separated by tabs:
  /polls/<int:questionId>/	detail	polls:detail`,
  async handle({ setup, stdout }) {
    const project = await setup();
    const ref = project.settings.ROOT_URLCONF as unknown;
    if (ref === null || ref === undefined || ref === "") {
      throw new ImproperlyConfigured(
        'ROOT_URLCONF is not set. Set it to the module of your root URLconf, e.g. ROOT_URLCONF: "mysite.urls".',
      );
    }
    const urlconf =
      typeof ref === "string" || typeof ref === "function"
        ? await loadModule(ref as string, project.baseDir, { setting: "ROOT_URLCONF" })
        : ref;
    const urls = await loadModule<{
      loadUrlconf(conf: unknown): Promise<{ urlPatterns: readonly PatternLike[] }>;
    }>("@tango/urls", project.baseDir);
    const resolver = await urls.loadUrlconf(urlconf);
    for (const row of listUrls(resolver.urlPatterns)) {
      stdout.line(`${row.path}\t${row.view}\t${row.name}`);
    }
    return 0;
  },
});
