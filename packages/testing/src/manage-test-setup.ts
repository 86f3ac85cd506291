/**
 * The setup file `manage test` gives Vitest: before each test file it builds the test
 * application from the project's settings, points the databases at a fresh copy of the
 * migrated test databases, and runs each test in a transaction rolled back after it.
 */
import { importSettingsModule } from "@tango/core";
import { cloneTestDatabases, startTestTransaction } from "@tango/orm/testing";
import { afterAll, afterEach, beforeEach } from "vitest";
import { setTestApplication } from "./current-test-application.js";
import { TestDatabaseSetupFailed } from "./errors.js";
import { createTestApplication, testSettings } from "./test-application.js";
import { readTestRunConfig, TEST_RUN_ENV } from "./test-run-config.js";

const run = readTestRunConfig(process.env);
if (!run) {
  throw new TestDatabaseSetupFailed(
    `The @tango/testing setup file was loaded without ${TEST_RUN_ENV}: it belongs to 'manage test'. Run the tests with 'manage test' instead of listing this file in your Vitest setupFiles.`,
  );
}

const input = await importSettingsModule(run.settingsFile);
const settings = testSettings(
  input,
  input.BASE_DIR === undefined && run.baseDir ? { baseDir: run.baseDir } : {},
);
// The copies come first: nothing the application does at start-up may reach the real databases.
const databases = await cloneTestDatabases(run.templates, {
  baseDir: settings.BASE_DIR,
  timeZone: settings.TIME_ZONE,
});
const app = await createTestApplication(settings);
setTestApplication(app);

const aliases = Object.keys(run.templates);
const ends: Array<() => Promise<void>> = [];

beforeEach(async () => {
  for (const alias of aliases) ends.push(await startTestTransaction(alias));
});

afterEach(async () => {
  for (const end of ends.splice(0).reverse()) await end();
});

afterAll(async () => {
  setTestApplication(undefined);
  try {
    await app.close();
  } finally {
    await databases.teardown();
  }
});
