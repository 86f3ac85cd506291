/** `@tango/orm/commands`: the migration and data commands this package adds to `manage`, loaded only when one runs. */
import { dbshellCommand } from "./commands/dbshell.js";
import { dumpdataCommand } from "./commands/dumpdata.js";
import { flushCommand } from "./commands/flush.js";
import { loaddataCommand } from "./commands/loaddata.js";
import { makemigrationsCommand } from "./commands/makemigrations.js";
import { migrateCommand } from "./commands/migrate.js";
import { showmigrationsCommand } from "./commands/showmigrations.js";
import { sqlmigrateCommand } from "./commands/sqlmigrate.js";
import { squashmigrationsCommand } from "./commands/squashmigrations.js";

/**
 * The commands of @tango/orm, by name.
 *
 * @example
 * const { commands } = await import("@tango/orm/commands");
 */
export const commands = {
  dbshell: dbshellCommand,
  dumpdata: dumpdataCommand,
  flush: flushCommand,
  loaddata: loaddataCommand,
  makemigrations: makemigrationsCommand,
  migrate: migrateCommand,
  showmigrations: showmigrationsCommand,
  sqlmigrate: sqlmigrateCommand,
  squashmigrations: squashmigrationsCommand,
};
