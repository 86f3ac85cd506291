/** StaticFinder: looks static files up in an ordered list of folders, refusing every path that leaves them. */
import { existsSync, readdirSync, realpathSync, type Stats, statSync } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { isIgnored } from "./ignore-patterns.js";
import { isInside, plainSegments, safeSegments } from "./safe-path.js";

/** A file the finder found: its real path and stats. */
export interface FoundFile {
  path: string;
  stats: Stats;
}

/** A folder searched for static files; with a prefix, its files are found under `prefix/`. */
export interface StaticLocation {
  readonly root: string;
  /** Django's `("vendor", "/srv/vendor")` form of STATICFILES_DIRS: files are `vendor/...`. */
  readonly prefix?: string | undefined;
}

/** A static file as listed: its path under STATIC_URL and where it is on disk. */
export interface StaticEntry {
  readonly path: string;
  readonly absolute: string;
}

interface Location {
  readonly configured: string;
  readonly prefix: readonly string[];
  real: string | null;
}

function realFolder(path: string): string | null {
  try {
    const real = realpathSync(path);
    return statSync(real).isDirectory() ? real : null;
  } catch {
    return null;
  }
}

function prefixSegments(prefix: string | undefined): string[] {
  return prefix ? prefix.split("/").filter(Boolean) : [];
}

/**
 * Looks files up in an ordered list of folders, as Django's static finders do: the first
 * folder that has the file wins. Symbolic links are followed only if they stay inside.
 * A folder missing at start-up is looked for again on each lookup, so MEDIA_ROOT created
 * by the first upload is served without a restart.
 *
 * @example
 * const finder = new StaticFinder(["/srv/mysite/static", { root: "/srv/vendor", prefix: "vendor" }]);
 * await finder.find("vendor/jquery.js"); // { path: "/srv/vendor/jquery.js", stats }
 */
export class StaticFinder {
  readonly #locations: Location[];

  constructor(locations: readonly (string | StaticLocation)[]) {
    this.#locations = locations.map((location) => {
      const { root, prefix } = typeof location === "string" ? { root: location } : location;
      const configured = resolve(root);
      return {
        configured,
        prefix: prefixSegments(prefix),
        real: existsSync(configured) ? realFolder(configured) : null,
      };
    });
  }

  /** The folders searched, as real paths, in order (those that exist so far). */
  get roots(): readonly string[] {
    return this.#locations.flatMap((l) => (l.real === null ? [] : [l.real]));
  }

  /** The file for the URL path (still percent-encoded) after STATIC_URL, or null. */
  async find(encodedPath: string): Promise<FoundFile | null> {
    const segments = safeSegments(encodedPath);
    if (!segments) return null;
    for (const location of this.#locations) {
      const rest = stripPrefix(segments, location.prefix);
      if (!rest) continue;
      const root = location.real ?? (await appeared(location));
      if (root === null) continue;
      const found = await lookIn(root, rest);
      if (found) return found;
    }
    return null;
  }

  /** The absolute path of a file (a decoded path such as `polls/style.css`), or undefined. */
  findSync(path: string): string | undefined {
    const segments = plainSegments(path);
    if (!segments) return undefined;
    for (const location of this.#locations) {
      const rest = stripPrefix(segments, location.prefix);
      if (!rest) continue;
      location.real ??= realFolder(location.configured);
      if (location.real === null) continue;
      const found = lookInSync(location.real, rest);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Every file of every folder, first folder first; a path listed once is not listed again
   * (the first folder's copy wins, as when finding). Ignored names are left out.
   */
  *list(ignorePatterns: readonly string[] = []): Iterable<StaticEntry> {
    const seen = new Set<string>();
    for (const location of this.#locations) {
      location.real ??= realFolder(location.configured);
      if (location.real === null) continue;
      for (const entry of walk(location.real, location.real, location.prefix, ignorePatterns)) {
        if (seen.has(entry.path)) continue;
        seen.add(entry.path);
        yield entry;
      }
    }
  }
}

function stripPrefix(segments: string[], prefix: readonly string[]): string[] | null {
  if (prefix.length === 0) return segments;
  if (segments.length <= prefix.length) return null;
  return prefix.every((p, i) => segments[i] === p) ? segments.slice(prefix.length) : null;
}

async function appeared(location: Location): Promise<string | null> {
  try {
    const real = await realpath(location.configured);
    if (!(await stat(real)).isDirectory()) return null;
    location.real = real;
    return real;
  } catch {
    return null;
  }
}

async function lookIn(root: string, segments: string[]): Promise<FoundFile | null> {
  const candidate = join(root, ...segments);
  if (!isInside(root, candidate)) return null;
  try {
    const real = await realpath(candidate);
    if (!isInside(root, real)) return null;
    const stats = await stat(real);
    return stats.isFile() ? { path: real, stats } : null;
  } catch {
    return null;
  }
}

function lookInSync(root: string, segments: string[]): string | undefined {
  const candidate = join(root, ...segments);
  if (!isInside(root, candidate)) return undefined;
  try {
    const real = realpathSync(candidate);
    return isInside(root, real) && statSync(real).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

function* walk(
  root: string,
  dir: string,
  prefix: readonly string[],
  ignore: readonly string[],
  relative: string[] = [],
  visited: Set<string> = new Set([root]),
): Iterable<StaticEntry> {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    const parts = [...relative, name];
    const path = [...prefix, ...parts].join("/");
    if (isIgnored(path, ignore)) continue;
    let real: string;
    try {
      real = realpathSync(join(dir, name));
    } catch {
      continue;
    }
    // A symbolic link leaving the folder is never listed (nor served).
    if (!isInside(root, real)) continue;
    const stats = statSync(real);
    if (stats.isDirectory()) {
      // A link back to a folder already walked would loop forever.
      if (visited.has(real)) continue;
      visited.add(real);
      yield* walk(root, join(dir, name), prefix, ignore, parts, visited);
    } else if (stats.isFile()) yield { path, absolute: real };
  }
}

/**
 * The file at a decoded relative path inside one folder, or null when it is missing or the
 * path could leave the folder (`..`, absolute paths, backslashes, NUL, links pointing out).
 *
 * @example
 * await findInFolder("/srv/static", "polls/style.css"); // { path: "/srv/static/polls/style.css", stats }
 * await findInFolder("/srv/static", "../settings.ts"); // null
 */
export async function findInFolder(root: string, path: string): Promise<FoundFile | null> {
  const segments = plainSegments(path);
  if (!segments) return null;
  let real: string;
  try {
    real = await realpath(resolve(root));
  } catch {
    return null;
  }
  return lookIn(real, segments);
}
