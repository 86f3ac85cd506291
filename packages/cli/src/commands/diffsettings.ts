/** `manage diffsettings`: prints the settings that differ from Tango's defaults, secrets hidden. */
import { loadSettings, type Settings } from "@tango/core";
import { defineCommand } from "../command.js";

const HIDDEN = "********";
const SECRET_NAME = /API|KEY|PASS|SECRET|SIGNATURE|TOKEN/i;

/**
 * A setting's value with its secrets hidden: values under secret-looking names (SECRET_KEY,
 * password), and the password of connection URLs (`postgres://app:********@db/app`).
 *
 * @example
 * redactSetting("DATABASES", { default: { URL: "postgres://a:pw@db/x" } });
 * // { default: { URL: "postgres://a:********@db/x" } }
 */
export function redactSetting(name: string, value: unknown): unknown {
  if (value === null || value === undefined || value === "") return value;
  if (SECRET_NAME.test(name) && (typeof value !== "object" || Array.isArray(value))) {
    return Array.isArray(value) ? value.map(() => HIDDEN) : HIDDEN;
  }
  if (typeof value === "string") return value.replace(/(\/\/[^/:@\s]*:)[^@/\s]*@/g, `$1${HIDDEN}@`);
  if (Array.isArray(value)) return value.map((item) => redactSetting("", item));
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redactSetting(key, item)]),
    );
  }
  return value;
}

/** A value as the listing prints it: JSON, functions as `[Function name]`. */
function show(value: unknown): string {
  return (
    JSON.stringify(value, (_key, item: unknown) =>
      typeof item === "function"
        ? `[Function ${(item as { name?: string }).name || "anonymous"}]`
        : typeof item === "bigint"
          ? item.toString()
          : item,
    ) ?? String(value)
  );
}

/**
 * The settings as `NAME = value` lines, sorted: those that differ from the defaults, or all.
 *
 * @example
 * diffSettings(project.settings); // ["DEBUG = true", "INSTALLED_APPS = [\"polls\"]", ...]
 */
export function diffSettings(settings: Settings, all = false): string[] {
  const current = settings as unknown as Record<string, unknown>;
  // SECRET_KEY has no default: a placeholder lets the defaults load; it is always shown (hidden).
  const defaults = loadSettings(
    { SECRET_KEY: "-", BASE_DIR: settings.BASE_DIR },
    {},
  ) as unknown as Record<string, unknown>;
  const lines: string[] = [];
  for (const name of Object.keys(current).sort()) {
    const value = show(current[name]);
    if (!all && name !== "SECRET_KEY" && value === show(defaults[name])) continue;
    lines.push(`${name} = ${show(redactSetting(name, current[name]))}`);
  }
  return lines;
}

/** The built-in `diffsettings` command. */
export const diffsettingsCommand = defineCommand({
  help: `Display the settings that differ from Tango's defaults.

Prints NAME = value for each setting your settings module (or the environment) changes,
as JSON. Secrets are hidden: SECRET_KEY, values under names with KEY, PASSWORD, TOKEN... and
the passwords of database URLs.`,
  options: {
    all: { type: "boolean", help: "Display all settings, including those left at their default." },
  },
  requiresSystemChecks: false,
  async handle({ options, setup, stdout }) {
    const project = await setup();
    for (const line of diffSettings(project.settings, options.all)) stdout.line(line);
    return 0;
  },
});
