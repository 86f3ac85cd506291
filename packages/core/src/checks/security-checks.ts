/** The deployment checks of `manage check --deploy`, with Django's IDs. */
import { type CheckMessage, checkWarning } from "./check-message.js";
import { type CheckContext, registerCheck } from "./check-registry.js";

const MIN_SECRET_KEY_LENGTH = 50;
const MIN_SECRET_KEY_UNIQUE = 5;

function weakSecretKey(key: string): boolean {
  return (
    key.length < MIN_SECRET_KEY_LENGTH ||
    new Set(key).size < MIN_SECRET_KEY_UNIQUE ||
    key.startsWith("dev-insecure-") ||
    key.startsWith("tango-insecure-")
  );
}

function securityDeployChecks({ settings }: CheckContext): CheckMessage[] {
  const out: CheckMessage[] = [];
  const warn = (id: string, msg: string, hint?: string) =>
    out.push(checkWarning(msg, { id, ...(hint ? { hint } : {}) }));
  const middleware = settings.MIDDLEWARE.map((m) => (typeof m === "string" ? m : m.name));
  const hasSecurity = middleware.some((m) => m.endsWith("SecurityMiddleware"));
  if (!hasSecurity) {
    warn(
      "security.W001",
      "You do not have SecurityMiddleware in your MIDDLEWARE, so SECURE_HSTS_SECONDS, SECURE_CONTENT_TYPE_NOSNIFF, SECURE_REFERRER_POLICY and SECURE_SSL_REDIRECT have no effect.",
      "Add '@tango/http#SecurityMiddleware' to MIDDLEWARE.",
    );
  }
  if (!middleware.some((m) => m.endsWith("XFrameOptionsMiddleware"))) {
    warn(
      "security.W002",
      "You do not have XFrameOptionsMiddleware in your MIDDLEWARE, so your pages will not be served with an 'x-frame-options' header.",
      "Add '@tango/http#XFrameOptionsMiddleware' to MIDDLEWARE unless your site must be framed.",
    );
  }
  if (hasSecurity && settings.SECURE_HSTS_SECONDS === 0) {
    warn(
      "security.W004",
      "You have not set a value for SECURE_HSTS_SECONDS. If your entire site is served only over SSL, set it so that browsers refuse plain HTTP.",
      "Start with a small value (3600) and raise it once you are sure; a wrong value can break your site for its duration.",
    );
  }
  if (hasSecurity && !settings.SECURE_SSL_REDIRECT && !settings.SECURE_PROXY_SSL_HEADER) {
    warn(
      "security.W008",
      "Your SECURE_SSL_REDIRECT setting is not set to true. Unless your site should be available over both SSL and non-SSL connections, set it to true (or redirect in nginx).",
    );
  }
  if (weakSecretKey(settings.SECRET_KEY)) {
    warn(
      "security.W009",
      `Your SECRET_KEY has fewer than ${MIN_SECRET_KEY_LENGTH} characters, fewer than ${MIN_SECRET_KEY_UNIQUE} unique characters, or is a development key. Use a long random key to keep your site safe.`,
      "Set SECRET_KEY from the environment in production.",
    );
  }
  if (!settings.SESSION_COOKIE_SECURE) {
    warn(
      "security.W012",
      "SESSION_COOKIE_SECURE is not set to true. Session cookies sent over plain HTTP can be stolen.",
    );
  }
  if (!settings.CSRF_COOKIE_SECURE) {
    warn(
      "security.W016",
      "CSRF_COOKIE_SECURE is not set to true. The CSRF cookie can be sent over plain HTTP.",
    );
  }
  if (settings.DEBUG) warn("security.W018", "You should not have DEBUG set to true in deployment.");
  if (settings.ALLOWED_HOSTS.length === 0) {
    warn(
      "security.W020",
      "ALLOWED_HOSTS must not be empty in deployment.",
      "List your site's host names, e.g. ['www.example.com'].",
    );
  }
  return out;
}

/** Registers the deployment checks (setup() calls this; registering twice keeps one). */
export function registerSecurityChecks(): void {
  registerCheck(securityDeployChecks, { tags: ["security"], deploy: true });
}
