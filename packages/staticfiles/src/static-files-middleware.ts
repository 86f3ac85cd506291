/** StaticFilesMiddleware: serves collected files from STATIC_ROOT, WhiteNoise-style, for deployments without nginx. */
import { statSync } from "node:fs";
import type { Settings } from "@tango/core";
import type { Application, GetResponse, HttpRequest, HttpResponse } from "@tango/http";
import { findStatic } from "./finders.js";
import { installStaticUrls, loadManifest } from "./manifest.js";
import { fileResponse, serveStatic } from "./serve-static.js";
import { staticRoot, urlPrefix } from "./static-root.js";

/** Cache-Control of a file whose name carries its content hash: it never changes. */
export const IMMUTABLE_CACHE = "public, max-age=31536000, immutable";

/** Cache-Control of a file under its plain name: it may change on the next deploy. */
export const SHORT_CACHE = "public, max-age=60";

/**
 * Serves STATIC_URL from STATIC_ROOT (what `manage collectstatic` filled), so one Node process
 * can run a site without a web server in front. Files named in the manifest by their hashed
 * name are sent with `Cache-Control: public, max-age=31536000, immutable`, others with
 * `public, max-age=60`; ETag, Last-Modified and 304s as `serveStatic()`. A path that leaves
 * STATIC_ROOT, or names no file, goes on to your views (and so to the 404 page). With DEBUG on,
 * files not collected yet are looked up in the apps' `static/` folders and STATICFILES_DIRS.
 *
 * Constructing it installs the manifest resolver (`installStaticUrls()`), so `{% static %}`
 * prints hashed URLs. Put it right after SecurityMiddleware.
 *
 * @example
 * MIDDLEWARE: [
 *   "@tango/http#SecurityMiddleware",
 *   "@tango/staticfiles#StaticFilesMiddleware",
 *   "@tango/http#CommonMiddleware",
 * ],
 */
export class StaticFilesMiddleware {
  readonly #getResponse: GetResponse;

  constructor(getResponse: GetResponse, app: Application) {
    this.#getResponse = getResponse;
    // Fails at start-up, not on the first request, when STATIC_ROOT is missing.
    staticRoot(app.settings);
    installStaticUrls();
  }

  async handle(request: HttpRequest): Promise<HttpResponse> {
    const response = await this.#serve(request, request.settings);
    return response ?? this.#getResponse(request);
  }

  async #serve(request: HttpRequest, settings: Settings): Promise<HttpResponse | null> {
    const prefix = urlPrefix(settings.STATIC_URL);
    if (prefix === null || !request.pathInfo.startsWith(prefix)) return null;
    const relativePath = request.pathInfo.slice(prefix.length);
    const root = staticRoot(settings);
    const hashed = loadManifest().hashed;
    const cacheControl = (path: string) => (hashed.has(path) ? IMMUTABLE_CACHE : SHORT_CACHE);
    const collected = await serveStatic(request, root, relativePath, { cacheControl });
    if (collected || !settings.DEBUG) return collected;
    const found = findStatic(relativePath);
    return found
      ? fileResponse(request, { path: found, stats: statSync(found) }, "no-cache")
      : null;
  }
}
