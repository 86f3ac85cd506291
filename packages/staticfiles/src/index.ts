/** @tango/staticfiles: finders, collectstatic with hashed names and a manifest, and safe serving of static files. */
export { StaticFilesConfig, StaticFilesConfig as appConfig } from "./app-config.js";
export { type CollectOptions, type CollectResult, collectStatic } from "./collect.js";
export { type CssRewrite, cssReferences, referencedPath, rewriteCss } from "./css-references.js";
export { CollectstaticError, MissingManifestEntry, StaticRootNotSet } from "./errors.js";
export {
  type ConditionalHeaders,
  etagFor,
  type FileTimes,
  isNotModified,
} from "./file-validators.js";
export {
  type AppFolder,
  findStatic,
  getFinder,
  listStatic,
  type StaticDirSetting,
  staticLocations,
} from "./finders.js";
export { fileHash, hashedName } from "./hashed-name.js";
export { DEFAULT_IGNORE_PATTERNS, globToRegExp, isIgnored } from "./ignore-patterns.js";
export {
  clearManifestCache,
  installStaticUrls,
  loadManifest,
  MANIFEST_NAME,
  MANIFEST_VERSION,
  type Manifest,
  type ManifestData,
  manifestData,
  manifestStaticUrl,
  readManifest,
  uninstallStaticUrls,
} from "./manifest.js";
export { contentTypeFor } from "./mime-types.js";
export { type MissingReference, type PostProcessResult, postProcess } from "./post-process.js";
export { isInside, plainSegments, safeSegments } from "./safe-path.js";
export { fileResponse, type ServeStaticOptions, serveStatic } from "./serve-static.js";
export {
  IMMUTABLE_CACHE,
  SHORT_CACHE,
  StaticFilesMiddleware,
} from "./static-files-middleware.js";
export {
  type FoundFile,
  findInFolder,
  type StaticEntry,
  StaticFinder,
  type StaticLocation,
} from "./static-finder.js";
export { staticRoot, urlPrefix } from "./static-root.js";
