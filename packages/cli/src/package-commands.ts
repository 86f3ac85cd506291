/** Commands that other Tango packages provide from their `./commands` subpath, loaded only when run. */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { CommandEntry } from "./command-registry.js";
import { toCommand } from "./command-registry.js";
import { CommandError } from "./errors.js";

/** A command another package provides: its name, package and summary, known without importing it. */
export interface PackageCommand {
  readonly name: string;
  readonly packageName: string;
  readonly summary: string;
}

/**
 * The commands of other Tango packages. Each package exports `commands: Record<name, Command>`
 * from `<package>/commands`; `manage` imports it only when one of them runs.
 */
export const PACKAGE_COMMANDS: readonly PackageCommand[] = [
  {
    name: "runserver",
    packageName: "@tango/devserver",
    summary:
      "Start the development server: reloads on code changes, logs requests, serves static files.",
  },
  {
    name: "makemigrations",
    packageName: "@tango/orm",
    summary: "Create new migrations from the changes in your models.",
  },
  {
    name: "migrate",
    packageName: "@tango/orm",
    summary: "Apply (or unapply) database migrations.",
  },
  {
    name: "showmigrations",
    packageName: "@tango/orm",
    summary: "List each app's migrations and whether they are applied.",
  },
  {
    name: "sqlmigrate",
    packageName: "@tango/orm",
    summary: "Print the SQL statements of a migration, without running them.",
  },
  {
    name: "squashmigrations",
    packageName: "@tango/orm",
    summary: "Squash a range of an app's migrations into one.",
  },
  {
    name: "flush",
    packageName: "@tango/orm",
    summary: "Remove all data from the database, keeping the tables.",
  },
  {
    name: "dbshell",
    packageName: "@tango/orm",
    summary: "Run the database's command-line client (psql), or a SQL prompt for PGlite.",
  },
  {
    name: "dumpdata",
    packageName: "@tango/orm",
    summary: "Output the contents of the database as a JSON fixture.",
  },
  {
    name: "loaddata",
    packageName: "@tango/orm",
    summary: "Install the named fixtures in the database.",
  },
  {
    name: "test",
    packageName: "@tango/testing",
    summary: "Run the project's tests with Vitest, on test databases.",
  },
  {
    name: "collectstatic",
    packageName: "@tango/staticfiles",
    summary: "Collect the static files of every app into STATIC_ROOT, with hashed names.",
  },
];

/**
 * Whether a package is installed where `from` (or a parent) can import it.
 *
 * @example
 * isPackageInstalled("@tango/devserver", process.cwd());
 */
export function isPackageInstalled(packageName: string, from: string): boolean {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "node_modules", packageName, "package.json"))) return true;
    if (dirname(dir) === dir) return false;
  }
}

/** Imports a package's `./commands` subpath; a package-less specifier keeps TypeScript from following it. */
export type CommandsImporter = (specifier: string) => Promise<unknown>;

const importCommands: CommandsImporter = (specifier) => import(specifier);

function isMissingPackage(error: unknown, packageName: string): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return (
    (code === "ERR_MODULE_NOT_FOUND" || code === "ERR_PACKAGE_PATH_NOT_EXPORTED") &&
    String(message).includes(packageName)
  );
}

/**
 * The registry entry of a package command: loading it imports `<package>/commands`.
 *
 * @example
 * registry.add(packageCommandEntry(PACKAGE_COMMANDS[0]));
 */
export function packageCommandEntry(
  command: PackageCommand,
  importer: CommandsImporter = importCommands,
): CommandEntry {
  const specifier = `${command.packageName}/commands`;
  return {
    name: command.name,
    group: command.packageName.replace(/^@tango\//, ""),
    origin: command.packageName,
    summary: command.summary,
    async load() {
      let module: { commands?: Record<string, unknown> };
      try {
        module = (await importer(specifier)) as typeof module;
      } catch (error) {
        if (!isMissingPackage(error, command.packageName)) throw error;
        throw new CommandError(
          `The '${command.name}' command comes from ${command.packageName}, which is not installed. Install it: npm install --save-dev ${command.packageName}`,
          { cause: error },
        );
      }
      return toCommand(
        module.commands?.[command.name],
        `${specifier} (export commands.${command.name})`,
      );
    },
  };
}
