/** The zod schema of Tango's settings: every setting, its type and its default. */
import { tmpdir } from "node:os";
import { z } from "zod";
import { AppConfig } from "./apps/app-config.js";

/** Any function or class, kept as it is: zod's own function schema would wrap it. */
type Callable = ((...args: never[]) => unknown) | (abstract new (...args: never[]) => unknown);
const callable = z.custom<Callable>(
  (value) => typeof value === "function",
  "Expected a function or a class",
);
const moduleRef = z.union([z.string().min(1), callable]);
const stringList = z.array(z.string());

/** A reference to a module: Django's dotted path ("mysite.urls"), a package, or a loader. */
export type ModuleRefSetting = string | (() => Promise<unknown>);

const databaseSchema = z
  .object({
    ENGINE: z.enum(["pglite", "postgres"]).optional(),
    URL: z.string().optional(),
    NAME: z.string().optional(),
    USER: z.string().optional(),
    PASSWORD: z.string().optional(),
    HOST: z.string().optional(),
    PORT: z.union([z.number().int(), z.string()]).optional(),
    OPTIONS: z.record(z.string(), z.unknown()).optional(),
    /** Run each view in a transaction on this database (Django's ATOMIC_REQUESTS). */
    ATOMIC_REQUESTS: z.boolean().default(false),
  })
  .loose();

const templateBackendSchema = z
  .object({
    BACKEND: z.string().default("nunjucks"),
    DIRS: stringList.default([]),
    APP_DIRS: z.boolean().default(true),
    OPTIONS: z.record(z.string(), z.unknown()).default({}),
  })
  .loose();

const logLevel = z.enum(["debug", "info", "warning", "error", "critical"]);

const loggingSchema = z
  .object({
    level: logLevel.default("warning"),
    format: z.enum(["text", "json"]).default("text"),
    /** Per-logger levels, by name prefix: `{ "tango.request": "error" }`. */
    loggers: z.record(z.string(), logLevel).default({}),
    /** Replaces the default handler (stderr). Receives every record at or above its level. */
    handler: callable.optional(),
  })
  .strict();

const serverSchema = z
  .object({
    keepAliveTimeout: z.number().int().positive().default(75_000),
    headersTimeout: z.number().int().positive().default(76_000),
    requestTimeout: z.number().int().nonnegative().default(300_000),
    shutdownTimeout: z.number().int().nonnegative().default(30_000),
  })
  .strict();

const storageSchema = z
  .object({
    /** A storage class, or "module#ClassName" (default FileSystemStorage). */
    BACKEND: z.union([z.string().min(1), callable]).optional(),
    /** Passed to the class's constructor. */
    OPTIONS: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

const installedApp = z.union([z.string().min(1), z.instanceof(AppConfig)]);
const middlewareEntry = z.union([z.string().min(1), callable]);
const regexLike = z.union([z.string(), z.instanceof(RegExp)]);
const nullableSize = z.number().int().nonnegative().nullable();

/** Tango's default MIDDLEWARE: Django's `startproject` list, as far as Tango has it. */
export const DEFAULT_MIDDLEWARE: readonly string[] = Object.freeze([
  "@tango/http#SecurityMiddleware",
  "@tango/http#CommonMiddleware",
  "@tango/http#CsrfViewMiddleware",
  "@tango/http#XFrameOptionsMiddleware",
]);

/**
 * The schema every settings object is validated with at start-up.
 *
 * @example
 * settingsSchema.parse({ SECRET_KEY: "x".repeat(50) }).APPEND_SLASH; // true
 */
export const settingsSchema = z
  .object({
    DEBUG: z.boolean().default(false),
    SECRET_KEY: z.string().default(""),
    SECRET_KEY_FALLBACKS: stringList.default([]),
    ALLOWED_HOSTS: stringList.default([]),
    INSTALLED_APPS: z.array(installedApp).default([]),
    MIDDLEWARE: z.array(middlewareEntry).default([...DEFAULT_MIDDLEWARE]),
    ROOT_URLCONF: z
      .union([moduleRef, z.array(z.unknown()), z.object({}).loose()])
      .nullable()
      .default(null),
    BASE_DIR: z.string().default(() => process.cwd()),
    APPEND_SLASH: z.boolean().default(true),
    PREPEND_WWW: z.boolean().default(false),
    DISALLOWED_USER_AGENTS: z.array(regexLike).default([]),
    DEFAULT_CHARSET: z.string().default("utf-8"),
    TIME_ZONE: z.string().default("UTC"),
    USE_TZ: z.boolean().default(true),
    LANGUAGE_CODE: z.string().default("en-us"),

    DATA_UPLOAD_MAX_MEMORY_SIZE: nullableSize.default(2_621_440),
    DATA_UPLOAD_MAX_NUMBER_FIELDS: nullableSize.default(1000),
    DATA_UPLOAD_MAX_NUMBER_FILES: nullableSize.default(100),
    FILE_UPLOAD_MAX_MEMORY_SIZE: z.number().int().nonnegative().default(2_621_440),
    FILE_UPLOAD_MAX_SIZE: nullableSize.default(104_857_600),
    FILE_UPLOAD_TEMP_DIR: z.string().default(() => tmpdir()),
    FILE_UPLOAD_PERMISSIONS: z.number().int().nullable().default(0o644),

    SECURE_PROXY_SSL_HEADER: z.tuple([z.string(), z.string()]).nullable().default(null),
    USE_X_FORWARDED_HOST: z.boolean().default(false),
    USE_X_FORWARDED_PORT: z.boolean().default(false),
    USE_X_FORWARDED_FOR: z.boolean().default(false),
    NUM_PROXIES: z.number().int().positive().default(1),
    USE_X_FORWARDED_PREFIX: z.boolean().default(false),
    FORCE_SCRIPT_NAME: z.string().nullable().default(null),

    SECURE_HSTS_SECONDS: z.number().int().nonnegative().default(0),
    SECURE_HSTS_INCLUDE_SUBDOMAINS: z.boolean().default(false),
    SECURE_HSTS_PRELOAD: z.boolean().default(false),
    SECURE_CONTENT_TYPE_NOSNIFF: z.boolean().default(true),
    SECURE_SSL_REDIRECT: z.boolean().default(false),
    SECURE_SSL_HOST: z.string().nullable().default(null),
    SECURE_REDIRECT_EXEMPT: z.array(regexLike).default([]),
    SECURE_REFERRER_POLICY: z.union([z.string(), stringList]).nullable().default("same-origin"),
    SECURE_CROSS_ORIGIN_OPENER_POLICY: z.string().nullable().default("same-origin"),
    X_FRAME_OPTIONS: z.enum(["DENY", "SAMEORIGIN"]).default("DENY"),
    SESSION_COOKIE_SECURE: z.boolean().default(false),
    CSRF_COOKIE_NAME: z.string().min(1).default("csrftoken"),
    /** Seconds; null makes a session cookie. Django's default: 52 weeks. */
    CSRF_COOKIE_AGE: z.number().int().positive().nullable().default(31_449_600),
    CSRF_COOKIE_DOMAIN: z.string().nullable().default(null),
    CSRF_COOKIE_PATH: z.string().default("/"),
    CSRF_COOKIE_SECURE: z.boolean().default(false),
    CSRF_COOKIE_HTTPONLY: z.boolean().default(false),
    CSRF_COOKIE_SAMESITE: z.enum(["Lax", "Strict", "None"]).nullable().default("Lax"),
    /** The request header carrying the token for AJAX (Django's HTTP_X_CSRFTOKEN). */
    CSRF_HEADER_NAME: z.string().min(1).default("X-CSRFToken"),
    CSRF_TRUSTED_ORIGINS: stringList.default([]),
    /** The view answering a rejected request: (request, reason) => 403 response. */
    CSRF_FAILURE_VIEW: moduleRef.default("@tango/http#csrfFailure"),

    STATIC_URL: z.string().nullable().default("static/"),
    STATIC_ROOT: z.string().nullable().default(null),
    STATICFILES_DIRS: stringList.default([]),
    MEDIA_URL: z.string().default("media/"),
    MEDIA_ROOT: z.string().default(""),
    STORAGES: z.record(z.string(), storageSchema).default({}),
    TEMPLATES: z.array(templateBackendSchema).default([]),
    DATABASES: z.record(z.string(), databaseSchema).default({}),
    LOGGING: loggingSchema.default({ level: "warning", format: "text", loggers: {} }),
    SILENCED_SYSTEM_CHECKS: stringList.default([]),
    SERVER: serverSchema.default({
      keepAliveTimeout: 75_000,
      headersTimeout: 76_000,
      requestTimeout: 300_000,
      shutdownTimeout: 30_000,
    }),
  })
  .loose();

/** The names of every setting Tango knows. */
export const KNOWN_SETTINGS: readonly string[] = Object.freeze(Object.keys(settingsSchema.shape));
