/** Loads what the engine needs asynchronously, once: libraries (OPTIONS and app templatetags) and context processors. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { apps, loadExport, type Settings } from "@tango/core";
import type { ContextProcessor } from "./context-processors.js";
import * as builtin from "./context-processors.js";
import type { EngineConfig } from "./engine-config.js";
import { InvalidTemplateLibrary } from "./errors.js";
import { Library } from "./library.js";

const BUILTIN_PROCESSORS: Record<string, ContextProcessor> = {
  "@tango/templates#csrf": builtin.csrf,
  "@tango/templates#request": builtin.request,
  "@tango/templates#debug": builtin.debug,
  "@tango/templates#static": builtin.staticContext,
  "@tango/templates#media": builtin.media,
};

function librariesIn(module: Record<string, unknown>): Library[] {
  if (module.register instanceof Library) return [module.register];
  if (module.default instanceof Library) return [module.default];
  return Object.values(module).filter((v): v is Library => v instanceof Library);
}

/**
 * The libraries of OPTIONS.libraries, then of each installed app's `templatetags` module.
 *
 * @example
 * for (const library of await loadLibraries(config, settings)) library.installInto(env);
 */
export async function loadLibraries(config: EngineConfig, settings: Settings): Promise<Library[]> {
  const found: Library[] = [];
  for (const [index, ref] of config.libraries.entries()) {
    const setting = `TEMPLATES[0].OPTIONS.libraries[${index}]`;
    const loaded = await loadExport<unknown>(ref, settings.BASE_DIR, { setting });
    const libraries =
      loaded instanceof Library
        ? [loaded]
        : typeof loaded === "object" && loaded !== null
          ? librariesIn(loaded as Record<string, unknown>)
          : [];
    if (libraries.length === 0) {
      throw new InvalidTemplateLibrary(
        `${setting} (${String(ref)}) is not a template Library. Export \`new Library()\` from that module and name it as 'module#export'.`,
      );
    }
    found.push(...libraries);
  }
  if (!config.appDirs) return found;
  for (const app of apps.getAppConfigs()) {
    const file = ["templatetags.ts", "templatetags.js"]
      .map((f) => join(app.path, f))
      .find((f) => existsSync(f));
    if (!file) continue;
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    found.push(...librariesIn(module));
  }
  return found;
}

/**
 * The context processors of OPTIONS.contextProcessors, loaded.
 *
 * @example
 * const processors = await loadContextProcessors(config, settings);
 */
export async function loadContextProcessors(
  config: EngineConfig,
  settings: Settings,
): Promise<ContextProcessor[]> {
  const out: ContextProcessor[] = [];
  for (const [index, ref] of config.contextProcessors.entries()) {
    const known = typeof ref === "string" ? BUILTIN_PROCESSORS[ref] : undefined;
    const setting = `TEMPLATES[0].OPTIONS.contextProcessors[${index}]`;
    const fn = known ?? (await loadExport<unknown>(ref, settings.BASE_DIR, { setting }));
    if (typeof fn !== "function") {
      throw new InvalidTemplateLibrary(
        `${setting} (${String(ref)}) is not a function. A context processor takes the request and returns an object of variables.`,
      );
    }
    out.push(fn as ContextProcessor);
  }
  return out;
}
