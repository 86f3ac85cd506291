/** Resolving what users type on the command line: app labels and migration name prefixes. */
import { apps, closestName } from "@tango/core";
import { MigrationCommandError } from "../migrations/errors.js";
import type { MigrationLoader } from "../migrations/loader.js";
import type { Migration } from "../migrations/migration.js";

/**
 * Checks that each label is an installed app, with a suggestion when it is not.
 *
 * @example
 * checkAppLabels(["polls"]);
 */
export function checkAppLabels(labels: readonly string[]): void {
  const known = apps.getAppConfigs().map((config) => config.label);
  for (const label of labels) {
    if (known.includes(label)) continue;
    const hint = closestName(label, known);
    throw new MigrationCommandError(
      `No installed app with label '${label}'.${hint ? ` Did you mean '${hint}'?` : ""} Installed apps: ${known.join(", ") || "(none)"}. Add the app to INSTALLED_APPS in your settings.`,
    );
  }
}

/**
 * The migration of `app` whose name is `prefix` or starts with it ("0002" finds
 * "0002_choice_votes"); an error naming the candidates otherwise.
 *
 * @example
 * findMigration(loader, "polls", "0002").name; // "0002_choice_votes"
 */
export function findMigration(loader: MigrationLoader, app: string, prefix: string): Migration {
  const candidates = [...loader.graph.nodes.values()].filter(
    (m) => m.app === app && (m.name === prefix || m.name.startsWith(prefix)),
  );
  const exact = candidates.find((m) => m.name === prefix);
  if (exact) return exact;
  if (candidates.length === 1) return candidates[0] as Migration;
  if (candidates.length > 1) {
    throw new MigrationCommandError(
      `More than one migration of '${app}' matches '${prefix}': ${candidates.map((m) => m.name).join(", ")}. Give more of the name.`,
    );
  }
  if (!loader.migratedApps.has(app)) {
    throw new MigrationCommandError(
      `App '${app}' has no migrations. Run 'manage makemigrations ${app}' to create its first one.`,
    );
  }
  const names = [...loader.graph.nodes.values()].filter((m) => m.app === app).map((m) => m.name);
  const hint = closestName(prefix, names);
  throw new MigrationCommandError(
    `Cannot find a migration matching '${prefix}' in app '${app}'.${hint ? ` Did you mean '${hint}'?` : ""} Run 'manage showmigrations ${app}' to list them.`,
  );
}

/**
 * Refuses to go on when an app has two leaf migrations, saying how to merge them.
 *
 * @example
 * refuseConflicts(loader);
 */
export function refuseConflicts(loader: MigrationLoader): void {
  const conflicts = loader.detectConflicts();
  if (conflicts.size === 0) return;
  const list = [...conflicts].map(([app, names]) => `${names.join(", ")} in ${app}`).join("; ");
  throw new MigrationCommandError(
    `Conflicting migrations detected; multiple leaf nodes in the migration graph: (${list}).\nTo fix them run 'manage makemigrations --merge'.`,
  );
}
