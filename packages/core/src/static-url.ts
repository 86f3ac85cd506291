/** staticUrl(): the URL of a static file, from STATIC_URL or from the resolver a static files app installs. */

import { getSettings } from "./current-settings.js";
import { ImproperlyConfigured } from "./errors.js";
import { currentScope } from "./request-scope.js";

/**
 * Turns a static file's path (`polls/style.css`) into its URL. `@tango/staticfiles` installs
 * one that reads the manifest of `collectstatic` (`/static/polls/style.4e8a1c2b.css`).
 *
 * @example
 * const resolver: StaticUrlResolver = (path) => `https://cdn.example.com/${path}`;
 */
export type StaticUrlResolver = (path: string) => string;

let resolver: StaticUrlResolver | undefined;

/**
 * Installs (or, with undefined, removes) the function `staticUrl()` delegates to.
 *
 * @example
 * setStaticUrlResolver((path) => manifestUrl(path));
 */
export function setStaticUrlResolver(next: StaticUrlResolver | undefined): void {
  resolver = next;
}

/**
 * `STATIC_URL` joined with `path`: absolute as STATIC_URL gives it, or under the request's
 * script prefix when STATIC_URL is relative (`static/` behind `/app/` is `/app/static/`).
 *
 * @example
 * plainStaticUrl("polls/style.css"); // "/static/polls/style.css"
 */
export function plainStaticUrl(path: string): string {
  const base = getSettings().STATIC_URL;
  if (base === null || base === "") {
    throw new ImproperlyConfigured(
      `Cannot give a URL to the static file '${path}': STATIC_URL is not set. Set STATIC_URL = "static/" in your settings.`,
    );
  }
  const file = path.replace(/^\/+/, "");
  if (base.startsWith("/") || /^[a-z][a-z0-9+.-]*:\/\//i.test(base)) return `${base}${file}`;
  const prefix = currentScope()?.scriptPrefix ?? "/";
  return `${prefix.endsWith("/") ? prefix : `${prefix}/`}${base}${file}`;
}

/**
 * The URL of a static file: what the `{% static %}` tag prints. Uses the installed resolver
 * (the manifest of hashed names once `collectstatic` ran, with DEBUG off), else STATIC_URL.
 *
 * @example
 * staticUrl("polls/style.css"); // "/static/polls/style.css"
 */
export function staticUrl(path: string): string {
  return resolver ? resolver(path) : plainStaticUrl(path);
}
