/** Library: a set of template filters and tags that an app or a project registers. */
import type nunjucks from "nunjucks";
import { InvalidTemplateLibrary } from "./errors.js";
import { isSafeString, markSafe } from "./safe-string.js";
import { CallTagExtension, splitArguments, TAG_GLOBAL_PREFIX } from "./tags/call-tag.js";

/**
 * A filter: receives the value and the filter's arguments (`{{ v|f:1 }}` or `{{ v|f(1, 2) }}`).
 *
 * @example
 * const shout: TemplateFilter = (value) => `${String(value).toUpperCase()}!`;
 */
export type TemplateFilter = (value: unknown, ...args: unknown[]) => unknown;

/** Options of {@link Library.filter}. */
export interface FilterOptions {
  /** As Django's `is_safe`: when the input was safe (marked safe or escaped), keep the output safe. */
  isSafe?: boolean;
}

/** What a simple tag function receives as `this` when `takesContext` is on: the template's variables. */
export type TagContext = Record<string, unknown>;

/**
 * A simple tag: receives the tag's positional arguments, then (when the tag had any
 * `name=value` pairs) one object of keyword arguments. Its result is printed, autoescaped
 * unless marked safe with {@link markSafe}.
 *
 * @example
 * const greet: SimpleTag = (name) => `Hello, ${String(name)}`;
 */
export type SimpleTag = (...args: unknown[]) => unknown;

/** Options of {@link Library.simpleTag}. */
export interface SimpleTagOptions {
  /** Pass the template's variables as the first argument (Django's `takes_context`). */
  takesContext?: boolean;
}

/** The nunjucks Environment surface a library installs into. */
export interface InstallTarget {
  addFilter(name: string, fn: (...args: never[]) => unknown): unknown;
  addGlobal(name: string, value: unknown): unknown;
  addExtension(name: string, extension: nunjucks.Extension): unknown;
}

interface ContextLike {
  getVariables(): Record<string, unknown>;
}

/**
 * Filters and tags to add to the template engine. Export one from your app's
 * `templatetags.ts` (as `register` or the default export), or list it in
 * `TEMPLATES[0].OPTIONS.libraries`.
 *
 * @example
 * // src/polls/templatetags.ts
 * export const register = new Library();
 * register.filter("shout", (value) => `${String(value).toUpperCase()}!`);
 * register.simpleTag("greet", (name) => `Hello, ${String(name)}`);
 * // {{ question.text|shout }}  {% greet user.name %}
 */
export class Library {
  readonly #filters = new Map<string, TemplateFilter>();
  readonly #tags = new Map<string, SimpleTag>();
  readonly #extensions = new Map<string, nunjucks.Extension>();
  readonly #globals = new Map<string, unknown>();

  /** Registers a filter; returns it, so it can be exported too. */
  filter(name: string, fn: TemplateFilter, options: FilterOptions = {}): TemplateFilter {
    checkName(name, "filter");
    const wrapped: TemplateFilter = options.isSafe
      ? (value, ...args) => {
          const result = fn(value, ...args);
          return isSafeString(value) && typeof result === "string" ? markSafe(result) : result;
        }
      : fn;
    this.#filters.set(name, wrapped);
    return fn;
  }

  /** Registers `{% name arg1 arg2 key=value %}` (and `... as var`); returns `fn`. */
  simpleTag(name: string, fn: SimpleTag, options: SimpleTagOptions = {}): SimpleTag {
    checkName(name, "tag");
    const takesContext = options.takesContext ?? false;
    this.#tags.set(name, function (this: ContextLike, ...values: unknown[]) {
      const { args, kwargs } = splitArguments(values);
      const all = Object.keys(kwargs).length > 0 ? [...args, kwargs] : args;
      return takesContext ? fn(this.getVariables(), ...all) : fn(...all);
    });
    return fn;
  }

  /** Registers a raw nunjucks extension (a tag with a body, for instance). */
  extension(name: string, extension: nunjucks.Extension): void {
    checkName(name, "extension");
    this.#extensions.set(name, extension);
  }

  /** Registers a global variable or function, visible to every template. */
  global(name: string, value: unknown): void {
    checkName(name, "global");
    this.#globals.set(name, value);
  }

  /** The registered filter names. */
  get filterNames(): string[] {
    return [...this.#filters.keys()];
  }

  /** The registered tag names. */
  get tagNames(): string[] {
    return [...this.#tags.keys(), ...this.#extensions.keys()];
  }

  /** Adds everything to a nunjucks Environment (the engine calls this). */
  installInto(env: InstallTarget): void {
    for (const [name, fn] of this.#filters)
      env.addFilter(name, fn as (...args: never[]) => unknown);
    for (const [name, value] of this.#globals) env.addGlobal(name, value);
    for (const [name, fn] of this.#tags) {
      env.addGlobal(TAG_GLOBAL_PREFIX + name, fn);
      env.addExtension(`tango-tag-${name}`, new CallTagExtension(name));
    }
    for (const [name, extension] of this.#extensions) env.addExtension(name, extension);
  }
}

function checkName(name: string, kind: string): void {
  if (!/^[A-Za-z_][\w]*$/.test(name)) {
    throw new InvalidTemplateLibrary(
      `Cannot register the template ${kind} '${name}': a name must be an identifier (letters, digits and _). Rename it.`,
    );
  }
}
