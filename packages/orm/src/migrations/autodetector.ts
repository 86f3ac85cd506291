/** Autodetector: compares two project states and writes the migrations that lead from one to the other. */
import { DetectionContext } from "./autodetector/context.js";
import { detectFieldChanges, type KeptModel, keptModels } from "./autodetector/fields.js";
import { buildMigrations, nextMigrationNumber } from "./autodetector/migration-list.js";
import {
  detectCreatedModels,
  detectDeletedModels,
  detectRenamedModels,
} from "./autodetector/models.js";
import {
  detectIndexesAndConstraints,
  detectModelOptions,
  detectUniqueTogether,
} from "./autodetector/options.js";
import type { Migration } from "./migration.js";
import { type MigrationQuestioner, NonInteractiveQuestioner } from "./questioner.js";
import type { ProjectState } from "./state.js";

export { nextMigrationNumber };

/**
 * Options of `Autodetector.changes()`.
 *
 * @example
 * const options: ChangesOptions = { leaves: new Map([["polls", "0001_initial"]]), apps: ["polls"] };
 */
export interface ChangesOptions {
  /** App label -> its current leaf migration (undefined: the app has no migrations yet). */
  readonly leaves: ReadonlyMap<string, string | undefined>;
  /** Only detect changes of these apps. */
  readonly apps?: readonly string[];
  /** The name (after the number) of every new migration (`makemigrations --name`). */
  readonly name?: string;
}

/**
 * Django's autodetector: what changed between the state the migrations build (`from`) and the
 * current models (`to`), as new Migration objects per app. Ambiguities (renames, NOT NULL
 * columns without a default) go to the questioner.
 *
 * @example
 * const detector = new Autodetector(loader.projectState(), ProjectState.fromModels());
 * const changes = await detector.changes({ leaves: new Map([["polls", "0001_initial"]]) });
 * changes.get("polls")?.[0]?.name; // "0002_choice_votes"
 */
export class Autodetector {
  readonly #from: ProjectState;
  readonly #to: ProjectState;
  readonly #questioner: MigrationQuestioner;

  constructor(
    from: ProjectState,
    to: ProjectState,
    questioner: MigrationQuestioner = new NonInteractiveQuestioner(),
  ) {
    this.#from = from;
    this.#to = to;
    this.#questioner = questioner;
  }

  /**
   * The new migrations per app (only apps with changes), numbered after `leaves`. Throws
   * NotNullFieldError when a NOT NULL column needs a value and the questioner gives none.
   *
   * @example
   * const changes = await detector.changes({ leaves, name: "add_votes" });
   */
  async changes(options: ChangesOptions): Promise<Map<string, Migration[]>> {
    const scope = options.apps ? new Set(options.apps) : undefined;
    const ctx = new DetectionContext(
      this.#from,
      this.#to,
      this.#questioner,
      (app) => scope === undefined || scope.has(app),
    );
    await detectRenamedModels(ctx);
    detectCreatedModels(ctx);
    const kept: KeptModel[] = keptModels(ctx);
    for (const model of kept) await detectFieldChanges(ctx, model);
    for (const model of kept) {
      detectUniqueTogether(ctx, model, "remove");
      detectIndexesAndConstraints(ctx, model, "remove");
      detectUniqueTogether(ctx, model, "add");
      detectIndexesAndConstraints(ctx, model, "add");
      detectModelOptions(ctx, model);
    }
    detectDeletedModels(ctx);
    for (const [key, entry] of ctx.deletions) {
      for (const release of ctx.releases.get(key) ?? []) {
        if (release.app !== entry.app) entry.after.push(release);
      }
    }
    return buildMigrations(ctx.entries, {
      leaves: options.leaves,
      ...(options.name === undefined ? {} : { name: options.name }),
    });
  }
}
