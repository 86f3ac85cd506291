/** `@tango/testing/commands`: the `test` command this package adds to `manage`, loaded only when it runs. */
import { testCommand } from "./commands/test.js";

/**
 * The commands of @tango/testing, by name.
 *
 * @example
 * const { commands } = await import("@tango/testing/commands");
 */
export const commands = {
  test: testCommand,
};
