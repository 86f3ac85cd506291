/** getEngine() and renderToString(): the engine of the settings in force, built once per settings object. */
import { getSettings, type Settings } from "@tango/core";
import type { HttpRequest } from "@tango/http";
import { TemplateEngine } from "./engine.js";

let engines = new WeakMap<Settings, TemplateEngine>();

/**
 * The template engine of the settings in force (cached per settings object, so an
 * `overrideSettings()` in a test gets its own).
 *
 * @example
 * getEngine().selectTemplate("polls/index.html");
 */
export function getEngine(settings: Settings = getSettings()): TemplateEngine {
  let engine = engines.get(settings);
  if (!engine) {
    engine = new TemplateEngine(settings);
    engines.set(settings, engine);
  }
  return engine;
}

/**
 * Forgets every engine (for tests that change the app registry or template folders).
 *
 * @example
 * afterEach(() => resetEngines());
 */
export function resetEngines(): void {
  engines = new WeakMap();
}

/**
 * Renders the first existing template of `templateName` with `context`. With a request, the
 * context processors run first (your context wins over theirs); top-level promises and
 * QuerySets of the context are awaited.
 *
 * @example
 * const html = await renderToString("polls/index.html", { latestQuestions }, request);
 */
export function renderToString(
  templateName: string | readonly string[],
  context: Record<string, unknown> = {},
  request?: HttpRequest,
): Promise<string> {
  let engine: TemplateEngine;
  try {
    engine = getEngine(request?.settings ?? getSettings());
  } catch (error) {
    return Promise.reject(error);
  }
  return engine.render(templateName, context, request);
}
