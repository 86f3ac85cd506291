/** The template loader: project folders, then each installed app's templates/ folder, with a cache that DEBUG re-checks. */
import { readFileSync, statSync } from "node:fs";
import { resolve, sep } from "node:path";
import { djangoToNunjucks } from "./django-syntax.js";

/** The result of looking a template name up in every folder. */
export interface TemplateLookup {
  /** The file found, if any. */
  readonly path: string | undefined;
  /** Every file looked at, in order (the found one last). */
  readonly tried: readonly string[];
}

interface CachedTemplate {
  readonly path: string;
  mtimeMs: number;
}

function mtimeOf(path: string): number | undefined {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats.mtimeMs : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finds templates in an ordered list of folders and gives nunjucks their source. A name
 * never leaves its folder (`../` is refused). In production, lookups are remembered; in
 * DEBUG, {@link TemplateLoader.staleNames} reports what changed on disk so the engine can
 * drop those compiled templates.
 *
 * @example
 * const loader = new TemplateLoader(["/srv/mysite/src/templates", "/srv/mysite/src/polls/templates"], false);
 * loader.lookup("polls/index.html").path; // "/srv/mysite/src/polls/templates/polls/index.html"
 */
export class TemplateLoader {
  /** nunjucks stores its compiled templates here, by name. */
  cache: Record<string, unknown> = {};
  readonly #dirs: readonly string[];
  readonly #debug: boolean;
  readonly #lookups = new Map<string, TemplateLookup>();
  readonly #loaded = new Map<string, CachedTemplate>();

  constructor(dirs: readonly string[], debug: boolean) {
    this.#dirs = dirs.map((d) => resolve(d));
    this.#debug = debug;
  }

  /** The folders searched, in order. */
  get dirs(): readonly string[] {
    return this.#dirs;
  }

  /** Looks `name` up in every folder; the first existing file wins. */
  lookup(name: string): TemplateLookup {
    const known = this.#debug ? undefined : this.#lookups.get(name);
    if (known) return known;
    const tried: string[] = [];
    let found: string | undefined;
    for (const dir of this.#dirs) {
      const candidate = resolve(dir, name);
      if (!candidate.startsWith(dir + sep)) continue;
      tried.push(candidate);
      if (mtimeOf(candidate) !== undefined) {
        found = candidate;
        break;
      }
    }
    const result: TemplateLookup = { path: found, tried };
    if (!this.#debug) this.#lookups.set(name, result);
    return result;
  }

  /** What nunjucks calls to read a template; null when it does not exist. */
  getSource(name: string): { src: string; path: string; noCache: boolean } | null {
    const { path } = this.lookup(name);
    if (path === undefined) return null;
    const src = readFileSync(path, "utf8");
    this.#loaded.set(name, { path, mtimeMs: mtimeOf(path) ?? 0 });
    return { src: djangoToNunjucks(src), path, noCache: false };
  }

  /** The raw source of a loaded template (for error pages), if it can still be read. */
  rawSource(nameOrPath: string): string | undefined {
    const path = this.#loaded.get(nameOrPath)?.path ?? nameOrPath;
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  }

  /** The name a loaded file was asked for by. */
  nameOf(path: string): string | undefined {
    for (const [name, entry] of this.#loaded) if (entry.path === path) return name;
    return undefined;
  }

  /**
   * Drops the compiled templates whose file changed, moved or vanished since they were
   * read, and every lookup (a new file may now shadow an old one). DEBUG only.
   */
  dropStale(): void {
    if (!this.#debug) return;
    for (const [name, entry] of this.#loaded) {
      if (mtimeOf(entry.path) !== entry.mtimeMs || this.lookup(name).path !== entry.path) {
        delete this.cache[name];
        this.#loaded.delete(name);
      }
    }
  }
}
