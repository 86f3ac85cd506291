/** The form renderer: widgets and forms render through the project's template engine, falling back to this package's templates. */
import { existsSync, readFileSync } from "node:fs";
import { resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { loadSettings, settingsConfigured } from "@tango/core";
import { getEngine, TemplateEngine } from "@tango/templates";

/**
 * What renders a form's templates, synchronously (so `{{ form }}` works inside a template).
 *
 * @example
 * const renderer: FormRenderer = { render: (name, ctx) => `<!-- ${name} -->` };
 */
export interface FormRenderer {
  render(templateName: string, context: Record<string, unknown>): string;
}

function packageTemplatesDir(): string {
  const here = fileURLToPath(new URL(".", import.meta.url));
  const direct = resolve(here, "templates");
  // Built code lives in dist/, the templates stay in src/.
  return existsSync(direct) ? direct : resolve(here, "../src/templates");
}

/** The folder of the default templates (`tango/forms/...`). */
export const FORMS_TEMPLATES_DIR: string = packageTemplatesDir();

/** A nunjucks loader of this package's templates, added after the engine's own loader. */
class PackageLoader {
  cache: Record<string, unknown> = {};
  readonly tangoFormsLoader = true;

  getSource(name: string): { src: string; path: string; noCache: boolean } | null {
    const path = resolve(FORMS_TEMPLATES_DIR, name);
    if (!path.startsWith(FORMS_TEMPLATES_DIR + sep) || !existsSync(path)) return null;
    return { src: readFileSync(path, "utf8"), path, noCache: false };
  }

  on(): void {}
}

interface LoaderList {
  loaders: Array<{ tangoFormsLoader?: boolean }>;
}

let standalone: TemplateEngine | undefined;

function environment(): TemplateEngine["environment"] {
  let engine: TemplateEngine;
  if (settingsConfigured()) engine = getEngine();
  else {
    // Without a project (scripts, unit tests): an engine of the default settings.
    standalone ??= new TemplateEngine(
      loadSettings({ SECRET_KEY: "tango-forms-standalone-renderer" }, {}),
    );
    engine = standalone;
  }
  const env = engine.environment;
  // nunjucks tries its loaders in order: the project's folders first, then this package's.
  const list = (env as unknown as LoaderList).loaders;
  if (!list.some((l) => l.tangoFormsLoader)) list.push(new PackageLoader());
  return env;
}

/**
 * The default renderer (Django's `DjangoTemplates` form renderer): renders with the template
 * engine of the settings in force, so `tango/forms/widgets/text.html` in your templates folder
 * overrides the package's; without settings, it renders the package's templates alone.
 *
 * @example
 * new TemplatesRenderer().render("tango/forms/widgets/text.html", { widget });
 */
export class TemplatesRenderer implements FormRenderer {
  render(templateName: string, context: Record<string, unknown>): string {
    return environment().getTemplate(templateName, true).render(context);
  }
}

/**
 * The renderer forms use unless given one.
 *
 * @example
 * defaultRenderer().render("tango/forms/div.html", { form });
 */
export function defaultRenderer(): FormRenderer {
  return defaultInstance;
}

const defaultInstance = new TemplatesRenderer();
