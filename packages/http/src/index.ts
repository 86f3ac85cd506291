/** @tango/http: Tango's HTTP layer: requests, responses, cookies, uploads, middleware and the Handler */
// Requests, responses, bodies

export { type MediaType, parseContentType } from "./body/content-type.js";
export { type BodyLimits, bodyLimitsFrom } from "./body/limits.js";
export { parseRequestBody } from "./body/parse-request-body.js";
export type { CleanupHook } from "./cleanup-hooks.js";
export {
  type CookieOptions,
  httpDate,
  parseCookieHeader,
  type ResponseCookie,
  serializeCookie,
} from "./cookies.js";
export {
  BadHeaderError,
  BadSignature,
  DisallowedRedirect,
  ImmutableQueryDict,
  InvalidCookie,
  InvalidRequestTarget,
  InvalidResponse,
  MalformedRequestBody,
  RequestBodyNotParsed,
  SignatureExpired,
  UnreadablePostError,
} from "./errors.js";
export { escapeHtml } from "./escape-html.js";
export { type HeadersInit, HttpHeaders } from "./http-headers.js";
export { MultiValueDict, type MultiValueInit } from "./multi-value-dict.js";
export { QueryDict, type QueryDictOptions, type QueryDictParseOptions } from "./query-dict.js";
export { HttpRequest, type SignedCookieOptions } from "./request.js";
export type { HttpRequestInit } from "./request-init.js";
export type { CloseHook } from "./responses/close-hooks.js";
export {
  contentDisposition,
  FileResponse,
  type FileResponseOptions,
} from "./responses/file-response.js";
export {
  HttpResponse,
  type ResponseContent,
  type ResponseInit,
  type SignedCookieSetOptions,
} from "./responses/http-response.js";
export { JsonResponse, type JsonResponseInit } from "./responses/json-response.js";
export {
  HttpResponsePermanentRedirect,
  HttpResponseRedirect,
  type RedirectInit,
} from "./responses/redirect.js";
export {
  type FixedStatusInit,
  HttpResponseBadRequest,
  HttpResponseForbidden,
  HttpResponseGone,
  HttpResponseNotAllowed,
  HttpResponseNotFound,
  HttpResponseNotModified,
  HttpResponseServerError,
} from "./responses/status-responses.js";
export {
  StreamingHttpResponse,
  type StreamingSource,
} from "./responses/streaming-http-response.js";
export {
  constantTimeCompare,
  dumps,
  getCookieSigner,
  loads,
  Signer,
  type SignerOptions,
  type SigningAlgorithm,
  TimestampSigner,
  type UnsignOptions,
} from "./signing.js";
export {
  type MoveOptions,
  sanitizeFileName,
  UploadedFile,
  type UploadedFileInit,
} from "./uploaded-file.js";
// End of: Requests, responses, bodies

// Handler, application, middleware
export {
  Application,
  type ApplicationOptions,
  type ApplicationParts,
  createApplication,
} from "./application.js";
// CSRF protection
export { CSRF_FIELD_NAME, csrfCheck, setCsrfCookieIfNeeded } from "./csrf/checks.js";
export { CsrfViewMiddleware } from "./csrf/csrf-view-middleware.js";
export {
  csrfExempt,
  csrfProtect,
  ensureCsrfCookie,
  requiresCsrfToken,
} from "./csrf/decorators.js";
export { type CsrfFailureView, csrfFailure, rejectRequest } from "./csrf/failure.js";
export { isCsrfExempt } from "./csrf/markers.js";
export {
  CSRF_ALLOWED_CHARS,
  CSRF_SECRET_LENGTH,
  CSRF_TOKEN_LENGTH,
  getToken,
  maskSecret,
  rotateToken,
  unmaskToken,
} from "./csrf/token.js";
export {
  defaultErrorResponse,
  type ErrorHandler,
  type ErrorHandlers,
  statusForError,
} from "./exception-response.js";
export { Handler, type HandlerConfig } from "./handler.js";
export {
  AppendSlashDataLoss,
  InvalidMiddlewareResponse,
  InvalidViewResponse,
  MiddlewareNotUsed,
} from "./handler-errors.js";
export { CommonMiddleware, noAppendSlash } from "./middleware/common-middleware.js";
// End of: CSRF protection
export { type LoadedMiddleware, loadMiddleware } from "./middleware/load-middleware.js";
export {
  type Awaitable,
  type GetResponse,
  type HookResult,
  isMiddlewareClass,
  type Middleware,
  type MiddlewareClass,
  type MiddlewareFactory,
  type MiddlewareHooks,
  type MiddlewareInstance,
  type MiddlewareObject,
  type MiddlewareSetting,
  type ProcessException,
  type ProcessView,
  withHooks,
} from "./middleware/middleware.js";
export { SecurityMiddleware } from "./middleware/security-middleware.js";
export {
  isXFrameOptionsExempt,
  XFrameOptionsMiddleware,
  xframeOptionsDeny,
  xframeOptionsExempt,
  xframeOptionsSameorigin,
} from "./middleware/x-frame-options-middleware.js";
export { getCurrentRequest, runWithRequest } from "./request-context.js";
export {
  callView,
  checkViewResponse,
  describeView,
  type ViewFunction,
  type ViewResult,
  wrapView,
} from "./view.js";
// End of: Handler, application, middleware
