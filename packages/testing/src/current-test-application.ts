/** The Application `manage test` sets up for each test file: what `new Client()` drives when given none. */
import type { Application } from "@tango/http";
import { NoTestApplication } from "./errors.js";

let current: Application | undefined;

/**
 * The test Application of the run: under `manage test`, the project built from its settings
 * as `createTestApplication(settings)` builds it, on the test databases. Outside `manage test`
 * (and before one is registered) it throws {@link NoTestApplication}.
 *
 * @example
 * const response = await new Client(testApplication()).get("/");
 * expect(testApplication().settings.DEBUG).toBe(false);
 */
export function testApplication(): Application {
  if (!current) {
    throw new NoTestApplication(
      "There is no test application: tests get one only when they run under 'manage test'. Run them with 'manage test' (npm test in a new project), or build one yourself: new Client(await createTestApplication(settings)).",
    );
  }
  return current;
}

/**
 * Whether a test Application is registered (under `manage test`, once its setup ran).
 *
 * @example
 * const client = hasTestApplication() ? new Client() : new Client(await createTestApplication(settings));
 */
export function hasTestApplication(): boolean {
  return current !== undefined;
}

/**
 * Registers the Application `new Client()` and {@link testApplication} return; `undefined`
 * forgets it. `manage test` calls it for each test file; call it yourself only in a custom
 * test setup.
 *
 * @example
 * setTestApplication(await createTestApplication(settings));
 * afterAll(() => setTestApplication(undefined));
 */
export function setTestApplication(app: Application | undefined): void {
  current = app;
}
