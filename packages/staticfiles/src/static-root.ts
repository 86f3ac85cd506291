/** Where collected files live: STATIC_ROOT as an absolute path, and STATIC_URL as a URL path prefix. */
import { resolve } from "node:path";
import type { Settings } from "@tango/core";
import { StaticRootNotSet } from "./errors.js";

/**
 * STATIC_ROOT resolved against BASE_DIR; throws StaticRootNotSet when it is not set.
 *
 * @example
 * staticRoot(settings); // "/srv/mysite/staticfiles"
 */
export function staticRoot(settings: Pick<Settings, "BASE_DIR" | "STATIC_ROOT">): string {
  if (!settings.STATIC_ROOT) throw new StaticRootNotSet();
  return resolve(settings.BASE_DIR, settings.STATIC_ROOT);
}

/**
 * The URL path prefix of a STATIC_URL (or MEDIA_URL), or null when it is a full URL (served
 * by another host) or unset.
 *
 * @example
 * urlPrefix("static/"); // "/static/"
 * urlPrefix("https://cdn.example.com/static/"); // null
 */
export function urlPrefix(url: string | null | undefined): string | null {
  if (!url) return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) || url.startsWith("//")) return null;
  const withLead = url.startsWith("/") ? url : `/${url}`;
  return withLead.endsWith("/") ? withLead : `${withLead}/`;
}
