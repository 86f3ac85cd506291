/** The app config of `@tango/staticfiles` in INSTALLED_APPS: installs hashed static URLs in production. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { AppConfig, getSettings, settingsConfigured } from "@tango/core";
import { installStaticUrls, MANIFEST_NAME } from "./manifest.js";
import { staticRoot } from "./static-root.js";

/**
 * Listed in INSTALLED_APPS as `"@tango/staticfiles"`, it installs the manifest resolver at
 * start-up when DEBUG is off and `STATIC_ROOT/staticfiles.json` exists, so `{% static %}`
 * prints hashed URLs (`/static/polls/style.4e8a1c2b9f3d.css`) whoever serves STATIC_ROOT.
 *
 * @example
 * INSTALLED_APPS: ["@tango/staticfiles", "polls"],
 */
export class StaticFilesConfig extends AppConfig {
  override verboseName = "Static files";

  override ready(): void {
    if (!settingsConfigured()) return;
    const settings = getSettings();
    if (settings.DEBUG || !settings.STATIC_ROOT) return;
    if (existsSync(join(staticRoot(settings), MANIFEST_NAME))) installStaticUrls();
  }
}
