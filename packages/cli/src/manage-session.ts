/** One run of `manage`: the project it found, the commands it knows and the project it set up. */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import {
  closestName,
  importSettingsModule,
  type Project,
  runChecks,
  SystemCheckError,
  setup,
  WARNING,
} from "@tango/core";
import { appCommandEntries } from "./app-commands.js";
import { formatCheckReport } from "./check-report.js";
import type { AnyCommand } from "./command.js";
import { type CommandEntry, CommandRegistry } from "./command-registry.js";
import { checkCommand } from "./commands/check.js";
import { diffsettingsCommand } from "./commands/diffsettings.js";
import { createHelpCommand, type HelpRuntime } from "./commands/help.js";
import { shellCommand } from "./commands/shell.js";
import { showurlsCommand } from "./commands/showurls.js";
import { startappCommand } from "./commands/startapp.js";
import { versionCommand } from "./commands/version.js";
import { CommandError, ProjectNotFound, UnknownCommand } from "./errors.js";
import { isPackageInstalled, PACKAGE_COMMANDS, packageCommandEntry } from "./package-commands.js";
import { locateProject, type ProjectLocation } from "./project-location.js";
import type { Output, Style } from "./terminal.js";

/** What a session runs with. */
export interface SessionOptions {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  settings?: string | undefined;
  built: boolean;
  stdout: Output;
  stderr: Output;
  style: Style;
}

const CLI_DIR = dirname(fileURLToPath(import.meta.url));

/** A one-line summary of an error for notes: its name and message, whitespace collapsed. */
function firstLine(error: unknown): string {
  const err = error as { name?: string; message?: string };
  const message = String(err.message ?? error)
    .replace(/\s+/g, " ")
    .trim();
  return `${err.name ?? "Error"}: ${message.length > 200 ? `${message.slice(0, 197)}...` : message}`;
}

/**
 * The state of one `manage` invocation. Everything is lazy: `manage version` never reads the
 * project, `manage runserver` never imports it, `manage help` loads it to list the apps' commands.
 *
 * @example
 * const session = new ManageSession({ cwd, env, built: false, stdout, stderr, style });
 * const command = await session.loadCommand("check");
 */
export class ManageSession implements HelpRuntime {
  readonly #options: SessionOptions;
  readonly #builtins = new CommandRegistry();
  #location: { value: ProjectLocation | null } | undefined;
  #project: Promise<Project> | undefined;
  #checked = false;
  #full: Promise<{ registry: CommandRegistry; problem?: string }> | undefined;

  constructor(options: SessionOptions) {
    this.#options = options;
    for (const entry of this.#builtinEntries()) this.#builtins.add(entry);
  }

  #builtinEntries(): CommandEntry[] {
    const builtin = (name: string, command: AnyCommand): CommandEntry => ({
      name,
      group: "tango",
      origin: "Tango",
      load: async () => command,
    });
    const packages = PACKAGE_COMMANDS.map((command) => {
      const entry = packageCommandEntry(command);
      if (isPackageInstalled(command.packageName, CLI_DIR)) return entry;
      return {
        ...entry,
        summary: `(needs ${command.packageName}: npm install --save-dev ${command.packageName})`,
      };
    });
    return [
      builtin("check", checkCommand as AnyCommand),
      builtin("diffsettings", diffsettingsCommand as AnyCommand),
      builtin("help", createHelpCommand(this) as AnyCommand),
      builtin("shell", shellCommand as AnyCommand),
      builtin("showurls", showurlsCommand as AnyCommand),
      builtin("startapp", startappCommand as AnyCommand),
      builtin("version", versionCommand as AnyCommand),
      ...packages,
    ];
  }

  /** The project around the working directory, or null outside one; bad settings paths throw. */
  location(): ProjectLocation | null {
    const { cwd, env, settings, built } = this.#options;
    this.#location ??= { value: locateProject({ cwd, env, settings, built }) };
    return this.#location.value;
  }

  /** The project, or ProjectNotFound. */
  requireLocation(): ProjectLocation {
    const location = this.location();
    if (!location) throw new ProjectNotFound(this.#options.cwd);
    return location;
  }

  /** Imports the settings module and sets the project up once (checks are run separately). */
  setup(): Promise<Project> {
    this.#project ??= (async () => {
      const location = this.requireLocation();
      const input = await importSettingsModule(location.settingsFile);
      const baseDir = input.BASE_DIR === undefined ? location.baseDir : undefined;
      return setup(input, {
        ...(baseDir ? { baseDir } : {}),
        env: this.#options.env,
        runChecks: false,
      });
    })();
    return this.#project;
  }

  /** Sets up, then runs the system checks once: errors stop the command, warnings are printed. */
  async setupChecked(): Promise<Project> {
    const project = await this.setup();
    if (this.#checked) return project;
    this.#checked = true;
    const messages = await runChecks({ settings: project.settings, apps: project.apps });
    const serious = messages.filter((m) => m.isSerious());
    if (serious.length > 0) throw new SystemCheckError(serious);
    const warnings = messages.filter((m) => m.level >= WARNING);
    if (warnings.length > 0) {
      this.#options.stderr.write(
        formatCheckReport(warnings, { silenced: 0, serious: false, style: this.#options.style }),
      );
    }
    return project;
  }

  /** Built-in and package commands plus, when the project loads, the installed apps' commands. */
  fullRegistry(): Promise<{ registry: CommandRegistry; problem?: string }> {
    this.#full ??= this.#loadFullRegistry();
    return this.#full;
  }

  async #loadFullRegistry(): Promise<{ registry: CommandRegistry; problem?: string }> {
    const registry = new CommandRegistry();
    for (const [, entries] of this.#builtins.groups())
      for (const entry of entries) registry.add(entry);
    let location: ProjectLocation | null;
    try {
      location = this.location();
    } catch (error) {
      return {
        registry,
        problem: `the project's settings could not be found (${firstLine(error)}).`,
      };
    }
    if (!location)
      return {
        registry,
        problem:
          'you are not inside a Tango project (no package.json with a "tango" key here or above).',
      };
    try {
      const project = await this.setup();
      for (const entry of appCommandEntries(
        project.apps.getAppConfigs(),
        location.root,
        location.built,
      ))
        registry.add(entry);
      return { registry };
    } catch (error) {
      return {
        registry,
        problem: `the project failed to load (${firstLine(error)}). Run 'manage check' to see the error.`,
      };
    }
  }

  /** The registry entry of a command: built-ins first, then the apps' commands. */
  async findEntry(name: string): Promise<CommandEntry> {
    const builtin = this.#builtins.get(name);
    if (builtin) return builtin;
    const { registry, problem } = await this.fullRegistry();
    const entry = registry.get(name);
    if (entry) return entry;
    const suggestion = closestName(name, registry.names());
    if (problem && !suggestion && this.#project) {
      const cause = await this.#project.then(
        () => undefined,
        (error: unknown) => error,
      );
      if (cause) {
        throw new CommandError(
          `Unknown command: '${name}'. It may be a command of one of your apps, but the project failed to load: ${firstLine(cause)}`,
          { cause },
        );
      }
    }
    throw new UnknownCommand(name, suggestion);
  }

  async loadCommand(name: string): Promise<AnyCommand> {
    return (await this.findEntry(name)).load();
  }

  /** Closes the project if one was set up (connection pools, files). */
  async close(): Promise<void> {
    const project = await this.#project?.catch(() => undefined);
    await project?.close();
  }
}
