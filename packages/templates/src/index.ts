/** @tango/templates: nunjucks configured the Django way: project and app template folders, Django's tags and filters, context processors. */
export {
  type ContextProcessor,
  csrf,
  DEFAULT_CONTEXT_PROCESSORS,
  debug,
  media,
  request,
  staticContext as static,
} from "./context-processors.js";
export { djangoToNunjucks } from "./django-syntax.js";
export { resolveContext, TemplateEngine } from "./engine.js";
export { type EngineConfig, engineConfig } from "./engine-config.js";
export {
  InvalidTemplateLibrary,
  type TemplateDebugInfo,
  TemplateDoesNotExist,
  TemplateRenderError,
  TemplateSyntaxError,
  UnevaluatedIterable,
} from "./errors.js";
export { formatDate } from "./filters/date-format.js";
export { getEngine, renderToString, resetEngines } from "./get-engine.js";
export {
  type FilterOptions,
  Library,
  type SimpleTag,
  type SimpleTagOptions,
  type TemplateFilter,
} from "./library.js";
export { escapeText, isSafeString, markSafe } from "./safe-string.js";
