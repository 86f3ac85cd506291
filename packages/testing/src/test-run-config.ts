/** What `manage test` hands its Vitest workers: the settings module and the test databases to copy, in one environment variable. */
import type { TestDatabaseTemplates } from "@tango/orm/testing";
import { TestDatabaseSetupFailed } from "./errors.js";

/** The environment variable that carries the {@link TestRunConfig} to the workers. */
export const TEST_RUN_ENV = "TANGO_TEST_RUN";

/**
 * The run's configuration, as JSON in {@link TEST_RUN_ENV}.
 *
 * @example
 * const env = { [TEST_RUN_ENV]: JSON.stringify({ settingsFile, templates }) };
 */
export interface TestRunConfig {
  /** The absolute path of the settings module (TypeScript in development, JS when built). */
  readonly settingsFile: string;
  /** BASE_DIR, when the settings leave it to `manage` (as `manage` sets it up). */
  readonly baseDir?: string;
  /** The migrated test database of each alias; each test file gets a copy. */
  readonly templates: TestDatabaseTemplates;
}

/**
 * Reads the run's configuration from the environment, or undefined when the tests are not
 * running under `manage test`.
 *
 * @example
 * const run = readTestRunConfig(process.env);
 */
export function readTestRunConfig(
  env: Readonly<Record<string, string | undefined>>,
): TestRunConfig | undefined {
  const text = env[TEST_RUN_ENV];
  if (text === undefined || text === "") return undefined;
  let parsed: Partial<TestRunConfig>;
  try {
    parsed = JSON.parse(text) as Partial<TestRunConfig>;
  } catch (error) {
    throw new TestDatabaseSetupFailed(
      `${TEST_RUN_ENV} is not valid JSON (${(error as Error).message}). It is set by 'manage test' for its test workers: do not set it yourself, run the tests with 'manage test'.`,
      { cause: error },
    );
  }
  if (typeof parsed.settingsFile !== "string" || typeof parsed.templates !== "object") {
    throw new TestDatabaseSetupFailed(
      `${TEST_RUN_ENV} lacks settingsFile or templates. It is set by 'manage test' for its test workers: do not set it yourself, run the tests with 'manage test'.`,
    );
  }
  return parsed as TestRunConfig;
}
