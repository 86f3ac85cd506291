/** setup(): validates settings, populates the app registry and runs the system checks; returns the Project. */
import { pathToFileURL } from "node:url";
import { type AppRegistry, apps as sharedApps } from "./apps/app-registry.js";
import { type CheckMessage, WARNING } from "./checks/check-message.js";
import { runChecks, SystemCheckError } from "./checks/check-registry.js";
import { registerSecurityChecks } from "./checks/security-checks.js";
import { configureSettings } from "./current-settings.js";
import { ImproperlyConfigured } from "./errors.js";
import { storages } from "./files/storages.js";
import { configureLogging, getLogger, type LoggingConfig } from "./logging.js";
import {
  type Env,
  isSettings,
  loadSettings,
  type Settings,
  type SettingsInput,
} from "./settings.js";

/** Options of {@link setup}. */
export interface SetupOptions {
  /** Overrides BASE_DIR. */
  baseDir?: string;
  /** The environment to read overrides from (default `process.env`). */
  env?: Env;
  /** Run the system checks and stop on errors (default true). */
  runChecks?: boolean;
  /** The registry to populate (default the shared `apps`). */
  apps?: AppRegistry;
}

/**
 * A configured project: its settings and apps, and what must run when it shuts down.
 *
 * @example
 * const project = await setup(settings);
 * project.onClose(() => pool.end());
 * await project.close();
 */
export class Project {
  readonly #closers: Array<() => void | Promise<void>> = [];
  #closing: Promise<void> | undefined;

  /** Whether close() has been called: work registered with onClose() now would never run. */
  get closing(): boolean {
    return this.#closing !== undefined;
  }

  constructor(
    readonly settings: Settings,
    readonly apps: AppRegistry,
    /** Warnings the checks found at start-up. */
    readonly checkMessages: readonly CheckMessage[] = [],
  ) {}

  /** Where project modules resolve from. */
  get baseDir(): string {
    return this.settings.BASE_DIR;
  }

  /** Registers shutdown work (close pools, flush logs); runs in reverse order of registration. */
  onClose(fn: () => void | Promise<void>): void {
    this.#closers.push(fn);
  }

  /** Runs the shutdown work once; later calls wait for the same run. */
  close(): Promise<void> {
    if (current === this) current = undefined;
    this.#closing ??= (async () => {
      const errors: unknown[] = [];
      for (const fn of [...this.#closers].reverse()) {
        try {
          await fn();
        } catch (error) {
          errors.push(error);
        }
      }
      if (errors.length > 0) throw new AggregateError(errors, "Some shutdown hooks failed.");
    })();
    return this.#closing;
  }
}

let current: Project | undefined;

/**
 * The project set up last (by {@link setup}, which `manage` and `createApplication()` call),
 * until it closes; undefined before any or after `close()`. Libraries use it to tie resources
 * they open lazily to the project's lifetime, without the project having to know them:
 * the ORM registers its connections' shutdown here when it opens the first one.
 *
 * @example
 * currentProject()?.onClose(() => pool.end());
 */
export function currentProject(): Project | undefined {
  return current;
}

/**
 * Forgets the current project without closing it (for tests).
 *
 * @example
 * afterEach(() => resetCurrentProject());
 */
export function resetCurrentProject(): void {
  current = undefined;
}

/**
 * Sets a project up: validates settings (with environment overrides), configures logging,
 * populates the app registry and runs the system checks, which stop start-up on errors.
 *
 * @example
 * import settings from "./mysite/settings.js";
 * const project = await setup(settings);
 */
export async function setup(
  input: SettingsInput | Settings,
  options: SetupOptions = {},
): Promise<Project> {
  const given =
    options.baseDir && !isSettings(input) ? { ...input, BASE_DIR: options.baseDir } : input;
  const settings = loadSettings(given, options.env ?? process.env);
  configureSettings(settings);
  configureLogging(settings.LOGGING as LoggingConfig);
  registerSecurityChecks();
  const registry = options.apps ?? sharedApps;
  await registry.populate(settings.INSTALLED_APPS, settings.BASE_DIR);
  // STORAGES backends named by module ("module#Class"): imported now, so storages.get() is sync.
  await storages.load();
  let messages: CheckMessage[] = [];
  if (options.runChecks !== false) {
    messages = await runChecks({ settings, apps: registry });
    const serious = messages.filter((m) => m.isSerious());
    if (serious.length > 0) throw new SystemCheckError(serious);
    const logger = getLogger("tango.checks");
    for (const message of messages.filter((m) => m.level >= WARNING))
      logger.warning(String(message));
  }
  const project = new Project(settings, registry, messages);
  current = project;
  return project;
}

/**
 * Imports a settings module (its default export, or an export named `settings`).
 *
 * @example
 * const input = await importSettingsModule("/srv/mysite/src/mysite/settings.ts");
 */
export async function importSettingsModule(file: string): Promise<SettingsInput> {
  const module = (await import(pathToFileURL(file).href)) as {
    default?: unknown;
    settings?: unknown;
  };
  const value = module.default ?? module.settings;
  if (typeof value !== "object" || value === null) {
    throw new ImproperlyConfigured(
      `The settings module ${file} has no default export. End it with: export default defineSettings({ ... });`,
    );
  }
  return value as SettingsInput;
}
