/** Reads the TEMPLATES setting: folders to search, libraries and context processors to load. */
import { existsSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { apps, type Settings } from "@tango/core";
import { DEFAULT_CONTEXT_PROCESSORS } from "./context-processors.js";

/** The parts of TEMPLATES[0] the engine uses, resolved. */
export interface EngineConfig {
  /** Template folders in search order: DIRS, then each app's templates/ (APP_DIRS). */
  readonly dirs: readonly string[];
  readonly debug: boolean;
  /** OPTIONS.libraries: "module#export" strings or Library objects. */
  readonly libraries: readonly unknown[];
  /** OPTIONS.contextProcessors: "module#export" strings or functions. */
  readonly contextProcessors: readonly unknown[];
  /** Whether app `templatetags` modules are loaded (with APP_DIRS). */
  readonly appDirs: boolean;
}

interface Backend {
  DIRS?: readonly string[];
  APP_DIRS?: boolean;
  OPTIONS?: Record<string, unknown>;
}

/**
 * The engine configuration of `settings`; with no TEMPLATES, APP_DIRS is on and the default
 * context processors are used.
 *
 * @example
 * engineConfig(settings).dirs; // ["/srv/mysite/src/templates", "/srv/mysite/src/polls/templates"]
 */
export function engineConfig(settings: Settings): EngineConfig {
  const backend: Backend = (settings.TEMPLATES[0] as Backend | undefined) ?? { APP_DIRS: true };
  const base = settings.BASE_DIR;
  const dirs = (backend.DIRS ?? []).map((d) => (isAbsolute(d) ? d : resolve(base, d)));
  const appDirs = backend.APP_DIRS ?? true;
  if (appDirs) {
    for (const config of apps.getAppConfigs()) {
      const folder = join(config.path, "templates");
      if (existsSync(folder)) dirs.push(folder);
    }
  }
  const options = backend.OPTIONS ?? {};
  const list = (value: unknown, fallback: readonly unknown[]): readonly unknown[] =>
    Array.isArray(value) ? value : fallback;
  return {
    dirs,
    debug: settings.DEBUG,
    libraries: list(options.libraries, []),
    contextProcessors: list(options.contextProcessors, DEFAULT_CONTEXT_PROCESSORS),
    appDirs,
  };
}
