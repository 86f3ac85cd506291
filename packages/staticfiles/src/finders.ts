/** The project's static finder: STATICFILES_DIRS first, then each installed app's `static/` folder. */
import { join, resolve } from "node:path";
import { apps, getSettings, type Settings } from "@tango/core";
import { DEFAULT_IGNORE_PATTERNS } from "./ignore-patterns.js";
import { type StaticEntry, StaticFinder, type StaticLocation } from "./static-finder.js";

/** What the finders need of an installed app: its folder. */
export interface AppFolder {
  readonly path: string;
}

/** A STATICFILES_DIRS entry: a folder, or Django's `[prefix, folder]` pair. */
export type StaticDirSetting = string | readonly [prefix: string, dir: string];

/**
 * The folders searched for static files, in Django's order: each STATICFILES_DIRS entry
 * (relative to BASE_DIR, or absolute; a `[prefix, folder]` pair serves the folder under
 * `prefix/`), then `<app>/static` for each app in INSTALLED_APPS order.
 *
 * @example
 * staticLocations(settings, apps.getAppConfigs());
 * // [{ root: "/srv/mysite/static" }, { root: "/srv/mysite/polls/static" }]
 */
export function staticLocations(
  settings: Pick<Settings, "BASE_DIR" | "STATICFILES_DIRS">,
  appFolders: readonly AppFolder[],
): StaticLocation[] {
  const dirs = settings.STATICFILES_DIRS as readonly StaticDirSetting[];
  return [
    ...dirs.map((entry): StaticLocation => {
      if (typeof entry === "string") return { root: resolve(settings.BASE_DIR, entry) };
      const [prefix, dir] = entry;
      return { root: resolve(settings.BASE_DIR, dir), prefix };
    }),
    ...appFolders.map((app) => ({ root: join(app.path, "static") })),
  ];
}

const finders = new WeakMap<Settings, { apps: string; finder: StaticFinder }>();

/**
 * The finder of the current settings and installed apps (built once per settings object,
 * rebuilt when the apps change).
 *
 * @example
 * getFinder().findSync("polls/style.css");
 */
export function getFinder(): StaticFinder {
  const settings = getSettings();
  const configs = apps.ready ? apps.getAppConfigs() : [];
  const key = configs.map((c) => c.path).join("\0");
  const known = finders.get(settings);
  if (known && known.apps === key) return known.finder;
  const finder = new StaticFinder(staticLocations(settings, configs));
  finders.set(settings, { apps: key, finder });
  return finder;
}

/**
 * The absolute path of a static file, as Django's `finders.find()`: the first of
 * STATICFILES_DIRS and the apps' `static/` folders that has it; undefined when none does.
 *
 * @example
 * findStatic("polls/style.css"); // "/srv/mysite/src/polls/static/polls/style.css"
 */
export function findStatic(path: string): string | undefined {
  return getFinder().findSync(path.replace(/^\/+/, ""));
}

/**
 * Every static file the finders see, each path once (the copy `findStatic` would pick),
 * leaving out Django's default ignores (`CVS`, `.*`, `*~`) and `ignorePatterns`.
 *
 * @example
 * for (const { path, absolute } of listStatic()) console.log(path, absolute);
 */
export function listStatic(
  ignorePatterns: readonly string[] = DEFAULT_IGNORE_PATTERNS,
): Iterable<StaticEntry> {
  return getFinder().list(ignorePatterns);
}
