/** `@tango/staticfiles/commands`: the commands this package adds to `manage`, loaded only when one runs. */
import { collectstaticCommand } from "./commands/collectstatic.js";

/**
 * The commands of @tango/staticfiles, by name.
 *
 * @example
 * const { commands } = await import("@tango/staticfiles/commands");
 */
export const commands = {
  collectstatic: collectstaticCommand,
};
