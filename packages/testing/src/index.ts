/** @tango/testing: the in-process test client, createTestApplication(), the `manage test` application and assertions for Tango projects. */
export {
  assertContains,
  assertNotContains,
  assertRedirects,
  assertStatus,
  assertURLEqual,
  type ContainsOptions,
  type RedirectOptions,
} from "./assertions.js";
export { Client, type ClientApplication, type ClientOptions } from "./client.js";
export { MAX_REDIRECTS, REDIRECT_STATUSES } from "./client-redirects.js";
export {
  type BodyOptions,
  type ClientDefaults,
  type GetOptions,
  type HeadersInput,
  type RequestOptions,
  TEST_HOST,
} from "./client-request.js";
export { DONT_ENFORCE_CSRF_CHECKS } from "./client-send.js";
export { CookieJar, type JarCookieOptions, type StoredCookie } from "./cookie-jar.js";
export {
  hasTestApplication,
  setTestApplication,
  testApplication,
} from "./current-test-application.js";
export {
  AssertionFailed,
  HTMLParseError,
  InvalidTestRequest,
  NoTestApplication,
  RedirectCycleError,
  ResponseNotJson,
  TestDatabaseSetupFailed,
  TestHostNotAllowed,
  UnfollowableRedirect,
} from "./errors.js";
export {
  assertHTMLEqual,
  assertHTMLNotEqual,
  assertInHTML,
  assertNotInHTML,
  type HtmlAssertionOptions,
  type InHtmlOptions,
} from "./html-assertions.js";
export { HtmlElement, type HtmlNode, parseHtml } from "./html-tree.js";
export { assertJSONEqual, assertJSONNotEqual } from "./json-assertions.js";
export { overrideSettings, settingsInForce } from "./override-settings.js";
export { assertQuerySetEqual, type QuerySetEqualOptions } from "./queryset-assertions.js";
export { type RenderedTemplates, recordTemplates } from "./rendered-templates.js";
export {
  type FileUpload,
  FORM_URLENCODED,
  type FormFields,
  type FormValue,
  JSON_CONTENT_TYPE,
  MULTIPART,
  type ReadableFile,
  type RequestData,
} from "./request-body.js";
export type { QueryInput } from "./request-target.js";
export { parseSetCookie, type ReceivedCookie } from "./set-cookie.js";
export { assertTemplateNotUsed, assertTemplateUsed } from "./template-assertions.js";
export {
  createTestApplication,
  TEST_SECRET_KEY,
  type TestApplicationOptions,
  testSettings,
} from "./test-application.js";
export { type RedirectHop, type SentRequest, TestResponse } from "./test-response.js";
