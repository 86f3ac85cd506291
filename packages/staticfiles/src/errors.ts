/** The errors of @tango/staticfiles, each with a stable code. */
import { ImproperlyConfigured, TangoError } from "@tango/core";

/**
 * STATIC_ROOT is not set, but something needs the folder collected files live in
 * (`collectstatic`, the manifest, StaticFilesMiddleware).
 *
 * @example
 * throw new StaticRootNotSet();
 */
export class StaticRootNotSet extends ImproperlyConfigured {
  override readonly code: string = "staticfiles.StaticRootNotSet";

  constructor() {
    super(
      'You\'re using the staticfiles app without having set the STATIC_ROOT setting to a filesystem path. Set STATIC_ROOT, e.g. STATIC_ROOT: "staticfiles" (relative to BASE_DIR) or an absolute path.',
    );
  }
}

/**
 * With DEBUG off, `staticUrl()` / `manifestStaticUrl()` was asked for a file the manifest of
 * `collectstatic` does not list (a typo, or collectstatic not run since the file was added).
 *
 * @example
 * throw new MissingManifestEntry("x.css", "/srv/static/staticfiles.json", true);
 */
export class MissingManifestEntry extends TangoError {
  override readonly code: string = "staticfiles.MissingManifestEntry";

  constructor(
    readonly path: string,
    readonly manifestPath: string,
    manifestExists: boolean,
  ) {
    const why = manifestExists ? "" : ` The manifest ${manifestPath} does not exist.`;
    super(
      `Missing staticfiles manifest entry for '${path}'.${why} Run manage collectstatic, or check the path.`,
    );
  }
}

/**
 * `collectstatic` cannot go on: the user said no at the prompt, or a file could not be
 * processed (a CSS file whose references form a cycle, an unreadable file).
 *
 * @example
 * throw new CollectstaticError("Collecting static files cancelled.");
 */
export class CollectstaticError extends TangoError {
  override readonly code: string = "staticfiles.CollectstaticError";
}
