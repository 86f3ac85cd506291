/** @tango/views: class-based and generic views, shortcuts, view decorators and pagination. */

// Class-based views
export { CreateView } from "./create-view.js";
export { cacheControl, cachePage, neverCache } from "./decorators/cache-control.js";
// Decorators
export {
  addNeverCacheHeaders,
  type CacheControlOptions,
  patchCacheControl,
  patchResponseHeaders,
} from "./decorators/cache-headers.js";
export {
  type ConditionOptions,
  condition,
  type EtagFunction,
  etag,
  type LastModifiedFunction,
  lastModified,
} from "./decorators/condition.js";
export { getConditionalResponse } from "./decorators/conditional-response.js";
export type { DecoratableView, ViewDecorator } from "./decorators/decorate.js";
export { parseEtags, quoteEtag } from "./decorators/etags.js";
export {
  requireGET,
  requireHttpMethods,
  requirePOST,
  requireSafe,
} from "./decorators/require-http-methods.js";
export { DeleteView } from "./delete-view.js";
export { DetailView } from "./detail-view.js";
// Pagination
export { EmptyPage, InvalidPage, PageNotAnInteger, PaginatorNotCounted } from "./errors.js";
// Shortcuts
export {
  type FormConstructor,
  type FormHandling,
  type FormKwargs,
  FormMixin,
  type TemplateResponseViewClass,
  type WithFormHandling,
} from "./form-mixin.js";
export { FormView } from "./form-view.js";
export { getListOr404, getObjectOr404, type ObjectSource } from "./get-object-or-404.js";
export { ListView, type PaginatedResult } from "./list-view.js";
export { ModelFormView } from "./model-form-view.js";
export type { ModelWithManager } from "./model-source.js";
export { Page } from "./page.js";
export {
  type CountableQuery,
  type ElidedRangeOptions,
  type Paginatable,
  Paginator,
  type PaginatorOptions,
} from "./paginator.js";
export {
  type HasAbsoluteUrl,
  type RedirectArg,
  type RedirectOptions,
  type RedirectTarget,
  redirect,
  resolveUrl,
} from "./redirect.js";
export { RedirectView } from "./redirect-view.js";
export { type RenderOptions, render } from "./render.js";
export { SingleObjectFormView } from "./single-object-form-view.js";
export { type RenderToResponseOptions, TemplateResponseView } from "./template-response-view.js";
export { TemplateView } from "./template-view.js";
export { UpdateView } from "./update-view.js";
export {
  type AsViewFunction,
  HTTP_METHOD_NAMES,
  type MethodHandler,
  View,
  type ViewClass,
  type ViewInitOptions,
} from "./view.js";
