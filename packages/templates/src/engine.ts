/** TemplateEngine: one nunjucks Environment per settings object, with Tango's loader, libraries and context processors. */
import { type Settings, templateRendered } from "@tango/core";
import type { HttpRequest } from "@tango/http";
import nunjucks from "nunjucks";
import { builtinLibrary } from "./builtins.js";
import type { ContextProcessor } from "./context-processors.js";
import { djangoToNunjucks } from "./django-syntax.js";
import { type EngineConfig, engineConfig } from "./engine-config.js";
import { loadContextProcessors, loadLibraries } from "./engine-setup.js";
import { TemplateDoesNotExist } from "./errors.js";
import { installIterationGuard } from "./iteration-guard.js";
import { installParentLoop } from "./parent-loop.js";
import { installRuntimeSpeedups } from "./runtime-speed.js";
import { toTemplateError } from "./template-errors.js";
import { TemplateLoader } from "./template-loader.js";
import { installTruthiness } from "./truthiness.js";

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

function hasThenable(context: Record<string, unknown>): boolean {
  for (const key in context) if (isThenable(context[key])) return true;
  return false;
}

/**
 * Awaits the top-level promises and thenables (QuerySets) of a context; nested ones stay
 * as they are. Returns the same object when there is nothing to await.
 *
 * @example
 * await resolveContext({ questions: Question.objects.all() }); // { questions: [Question, ...] }
 */
export async function resolveContext(
  context: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  let pending: Array<Promise<void>> | undefined;
  let copy: Record<string, unknown> | undefined;
  for (const key in context) {
    const value = context[key];
    if (!isThenable(value)) continue;
    copy ??= Object.assign({}, context);
    const target = copy;
    pending ??= [];
    pending.push(
      Promise.resolve(value).then((resolved) => {
        target[key] = resolved;
      }),
    );
  }
  if (pending) await Promise.all(pending);
  return copy ?? context;
}

/**
 * The template engine of a settings object: finds templates in DIRS and the apps'
 * `templates/` folders, compiles each once (re-reading changed files in DEBUG), renders
 * with autoescaping, Django's filters and tags, and your libraries. Get it with `getEngine()`.
 *
 * @example
 * const html = await getEngine().render("polls/index.html", { latestQuestions });
 */
export class TemplateEngine {
  /** The nunjucks Environment: add globals or extensions to it if you must. */
  readonly environment: nunjucks.Environment;
  readonly config: EngineConfig;
  readonly #loader: TemplateLoader;
  readonly #settings: Settings;
  #ready: Promise<void> | undefined;
  /** Set once ready() has finished: rendering then needs no promise of its own. */
  #isReady = false;
  #processors: readonly ContextProcessor[] = [];

  constructor(settings: Settings) {
    installIterationGuard();
    installTruthiness();
    installParentLoop();
    installRuntimeSpeedups();
    this.#settings = settings;
    this.config = engineConfig(settings);
    this.#loader = new TemplateLoader(this.config.dirs, this.config.debug);
    this.environment = new nunjucks.Environment(this.#loader as unknown as nunjucks.ILoader, {
      autoescape: true,
      // Keeps nunjucks' line numbers and original errors, for our error messages.
      dev: true,
    });
    builtinLibrary(settings).installInto(this.environment);
  }

  /** The folders searched, in order. */
  get dirs(): readonly string[] {
    return this.config.dirs;
  }

  /** Loads OPTIONS.libraries, the apps' templatetags and the context processors (once). */
  ready(): Promise<void> {
    this.#ready ??= (async () => {
      for (const library of await loadLibraries(this.config, this.#settings))
        library.installInto(this.environment);
      this.#processors = await loadContextProcessors(this.config, this.#settings);
      this.#isReady = true;
    })();
    return this.#ready;
  }

  /**
   * The first of `names` that exists; TemplateDoesNotExist listing every file tried otherwise.
   *
   * @example
   * engine.selectTemplate(["polls/detail-7.html", "polls/detail.html"]); // "polls/detail.html"
   */
  selectTemplate(names: string | readonly string[]): string {
    const list = typeof names === "string" ? [names] : names;
    const tried: string[] = [];
    for (const name of list) {
      const lookup = this.#loader.lookup(name);
      if (lookup.path !== undefined) return name;
      tried.push(...lookup.tried);
    }
    throw new TemplateDoesNotExist(list, tried);
  }

  #compile(name: string): nunjucks.Template {
    try {
      return this.environment.getTemplate(name, true);
    } catch (error) {
      throw toTemplateError(error, "compile", name, this.#loader);
    }
  }

  /**
   * Renders the first existing template of `names` with `context` (top-level promises
   * awaited first). With a request, the context processors run first and `context` wins
   * over what they give.
   *
   * @example
   * await engine.render("polls/index.html", { questions: await Question.objects.all() });
   * await engine.render("polls/index.html", { questions }, request); // with {{ request.path }}, {% csrf_token %}
   */
  render(
    names: string | readonly string[],
    context: Record<string, unknown> = {},
    request?: HttpRequest,
  ): Promise<string> {
    // Once the engine is ready, a context without promises and synchronous context processors
    // render at once: one promise per render instead of one per step.
    try {
      if (request) {
        const processed = this.#contextFor(request);
        if (isThenable(processed))
          return processed.then((p) => this.render(names, Object.assign(p, context)));
        // `processed` is a fresh object of ours: the view's context goes on top of it.
        context = Object.assign(processed, context);
      }
      if (!this.#isReady || hasThenable(context)) return this.#renderAsync(names, context);
      return Promise.resolve(this.#renderTemplate(this.#select(names), context));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async #renderAsync(names: string | readonly string[], context: Record<string, unknown>) {
    await this.ready();
    const template = this.#select(names);
    return this.#renderTemplate(template, await resolveContext(context));
  }

  #select(names: string | readonly string[]): { name: string; template: nunjucks.Template } {
    if (this.config.debug) this.#loader.dropStale();
    const name = this.selectTemplate(names);
    return { name, template: this.#compile(name) };
  }

  #renderTemplate(
    { name, template }: { name: string; template: nunjucks.Template },
    resolved: Record<string, unknown>,
  ): string {
    if (templateRendered.hasListeners) {
      void templateRendered.send({ templateName: name, context: resolved });
    }
    try {
      return template.render(resolved);
    } catch (error) {
      throw toTemplateError(error, "render", name, this.#loader);
    }
  }

  /**
   * Renders template source given as a string (Django's `Template(source).render()`).
   *
   * @example
   * await engine.renderString("Hello {{ name }}", { name: "<b>you</b>" }); // "Hello &lt;b&gt;you&lt;/b&gt;"
   */
  async renderString(source: string, context: Record<string, unknown> = {}): Promise<string> {
    await this.ready();
    const resolved = await resolveContext(context);
    let template: nunjucks.Template;
    try {
      template = new nunjucks.Template(
        djangoToNunjucks(source),
        this.environment,
        "<string>",
        true,
      );
    } catch (error) {
      throw toTemplateError(error, "compile", "<string>", undefined, source);
    }
    try {
      return template.render(resolved);
    } catch (error) {
      throw toTemplateError(error, "render", "<string>", undefined, source);
    }
  }

  /**
   * The variables the context processors give for `request`, in order (later ones win).
   *
   * @example
   * (await engine.processContext(request)).request === request; // true
   */
  async processContext(request: HttpRequest): Promise<Record<string, unknown>> {
    await this.ready();
    return this.#contextFor(request);
  }

  /** processContext(), synchronous while the engine is ready and every processor is. */
  #contextFor(request: HttpRequest): Record<string, unknown> | Promise<Record<string, unknown>> {
    if (!this.#isReady) return this.processContext(request);
    const out: Record<string, unknown> = {};
    const processors = this.#processors;
    for (let i = 0; i < processors.length; i++) {
      const result = (processors[i] as ContextProcessor)(request);
      if (isThenable(result)) return this.#contextFrom(request, out, result, i + 1);
      Object.assign(out, result);
    }
    return out;
  }

  async #contextFrom(
    request: HttpRequest,
    out: Record<string, unknown>,
    pending: PromiseLike<Record<string, unknown>>,
    next: number,
  ): Promise<Record<string, unknown>> {
    Object.assign(out, await pending);
    const processors = this.#processors;
    for (let i = next; i < processors.length; i++) {
      const result = (processors[i] as ContextProcessor)(request);
      Object.assign(out, isThenable(result) ? await result : result);
    }
    return out;
  }
}
