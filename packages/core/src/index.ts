/** @tango/core: settings, the app registry, errors, signals, system checks and logging. */
export { AppConfig, labelFor } from "./apps/app-config.js";
export { AppRegistry, apps, type InstalledApp } from "./apps/app-registry.js";
export {
  CheckMessage,
  type CheckMessageOptions,
  CRITICAL,
  checkCritical,
  checkDebug,
  checkError,
  checkInfo,
  checkWarning,
  DEBUG,
  ERROR,
  INFO,
  WARNING,
} from "./checks/check-message.js";
export {
  type Check,
  type CheckContext,
  type CheckReport,
  checkProject,
  formatCheckMessages,
  type RegisterCheckOptions,
  type RunChecksOptions,
  registerCheck,
  registeredTags,
  runChecks,
  SystemCheckError,
  unregisterCheck,
} from "./checks/check-registry.js";
export { closestName } from "./closest-name.js";
export {
  configureSettings,
  getSettings,
  overrideSettings,
  resetSettings,
  runWithSettings,
  settingsConfigured,
} from "./current-settings.js";
export {
  BadRequest,
  DisallowedHost,
  type ErrorDict,
  FieldError,
  Http404,
  ImproperlyConfigured,
  MultipleObjectsReturned,
  ObjectDoesNotExist,
  PermissionDenied,
  RequestDataTooBig,
  SuspiciousFileOperation,
  SuspiciousOperation,
  TangoError,
  TooManyFieldsSent,
  TooManyFilesSent,
  ValidationError,
} from "./errors.js";
export {
  FileSystemStorage,
  type FileSystemStorageOptions,
} from "./files/file-system-storage.js";
export {
  dimensionsOf,
  getImageDimensions,
  type ImageDimensions,
} from "./files/image-dimensions.js";
export {
  checkRelativeName,
  type FileContent,
  randomSuffix,
  type Storage,
  StorageBase,
  type StorageSaveOptions,
  validFileName,
} from "./files/storage.js";
export {
  defaultStorage,
  type StorageClass,
  StorageRegistry,
  storages,
} from "./files/storages.js";
export {
  captureLogs,
  configureLogging,
  getLogger,
  Logger,
  type LoggingConfig,
  type LogHandler,
  type LogLevel,
  type LogRecord,
  resetLogging,
} from "./logging.js";
export {
  findProjectModule,
  type LoadOptions,
  loadExport,
  loadModule,
  type ModuleRef,
} from "./module-loader.js";
export {
  currentProject,
  importSettingsModule,
  Project,
  resetCurrentProject,
  type SetupOptions,
  setup,
} from "./project.js";
export {
  MAX_REQUEST_QUERIES,
  type QueryRecord,
  RequestQueryLog,
  recordRequestQuery,
  requestQueriesSlot,
} from "./request-queries.js";
export {
  currentScope,
  RequestScope,
  type RequestScopeInit,
  runInChildScope,
  runInScope,
  ScopeSlot,
} from "./request-scope.js";
export {
  defineSettings,
  type Env,
  isSettings,
  loadSettings,
  type Settings,
  type SettingsInput,
  type UserSettings,
} from "./settings.js";
export { DEFAULT_MIDDLEWARE, KNOWN_SETTINGS, settingsSchema } from "./settings-schema.js";
export {
  type ConnectOptions,
  gotRequestException,
  type Receiver,
  type RobustResult,
  requestFinished,
  requestStarted,
  Signal,
  settingChanged,
  templateRendered,
} from "./signal.js";
export {
  callThroughViewWrappers,
  registerViewWrapper,
  resetViewWrappers,
  type ViewCall,
  type ViewFunctionLike,
  type ViewWrapper,
  viewWrappers,
} from "./view-wrappers.js";
export const VERSION = "0.1.0";
export type {
  CommandContextLike,
  CommandOutput,
  CommandProject,
  CommandStyle,
} from "./command-context.js";
export { type ProgressBar, type ProgressBarOptions, progressBar } from "./progress-bar.js";
export {
  plainStaticUrl,
  type StaticUrlResolver,
  setStaticUrlResolver,
  staticUrl,
} from "./static-url.js";
