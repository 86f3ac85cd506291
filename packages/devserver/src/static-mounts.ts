/** Which URL prefixes the dev server answers from disk: STATIC_URL (apps and STATICFILES_DIRS) and MEDIA_URL. */
import { resolve } from "node:path";
import type { Settings } from "@tango/core";
import { type AppFolder, StaticFinder, staticLocations, urlPrefix } from "@tango/staticfiles";

export type { AppFolder } from "@tango/staticfiles";
export { urlPrefix } from "@tango/staticfiles";

/** A URL prefix served from folders. */
export interface StaticMount {
  /** The URL path prefix, with leading and trailing slashes: "/static/". */
  readonly prefix: string;
  readonly finder: StaticFinder;
}

/**
 * The static mount (STATICFILES_DIRS first, then each app's `static/` folder in INSTALLED_APPS
 * order, as @tango/staticfiles' finders) and, when MEDIA_ROOT is set, the media mount.
 *
 * @example
 * const mounts = staticMounts(project.settings, project.apps.getAppConfigs());
 */
export function staticMounts(
  settings: Settings,
  apps: readonly AppFolder[],
  options: { media?: boolean } = {},
): StaticMount[] {
  const mounts: StaticMount[] = [];
  const staticPrefix = urlPrefix(settings.STATIC_URL);
  if (staticPrefix) {
    mounts.push({
      prefix: staticPrefix,
      finder: new StaticFinder(staticLocations(settings, apps)),
    });
  }
  const mediaPrefix = urlPrefix(settings.MEDIA_URL);
  if (
    options.media !== false &&
    mediaPrefix &&
    settings.MEDIA_ROOT &&
    mediaPrefix !== staticPrefix
  ) {
    mounts.push({
      prefix: mediaPrefix,
      finder: new StaticFinder([resolve(settings.BASE_DIR, settings.MEDIA_ROOT)]),
    });
  }
  return mounts;
}
