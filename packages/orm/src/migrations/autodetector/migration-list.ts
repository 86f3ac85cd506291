/** Groups generated entries into numbered, named migrations per app, with their dependencies. */
import { CircularDependencyError } from "../errors.js";
import { Migration, type MigrationKey, nameTimestamp } from "../migration.js";
import type { Operation } from "../operation.js";
import type { AddField } from "../operations/index.js";
import type { CreatedModel, Entry } from "./entry.js";
import { createOperation } from "./models.js";

/**
 * What naming and numbering the new migrations needs.
 *
 * @example
 * const options: MigrationListOptions = { leaves: new Map([["polls", "0001_initial"]]) };
 */
export interface MigrationListOptions {
  readonly leaves: ReadonlyMap<string, string | undefined>;
  readonly name?: string;
  readonly now?: () => Date;
}

/**
 * `"0002"`: the number of the migration after `leafName` (`"0001"` when there is none).
 *
 * @example
 * nextMigrationNumber("0001_initial"); // "0002"
 * nextMigrationNumber(undefined); // "0001"
 */
export function nextMigrationNumber(leafName?: string): string {
  const match = leafName === undefined ? null : /^\d+/.exec(leafName);
  const next = (match ? Number.parseInt(match[0], 10) : 0) + 1;
  return String(next).padStart(4, "0");
}

/**
 * Django's name for generated migrations: "initial", the operations' fragments joined by "_"
 * (cut with "_and_more" before it passes 52 characters), or "auto_YYYYMMDD_HHMM" when some
 * operation has no fragment (RunSQL, RunCode).
 *
 * @example
 * suggestName([addVotes], false, new Date()); // "choice_votes"
 * suggestName([alterName, alterEmail, addRank], false, new Date()); // "alter_author_name_alter_author_email_and_more"
 */
export function suggestName(ops: readonly Operation[], initial: boolean, now: Date): string {
  if (initial) return "initial";
  const fragments = ops.map((op) => op.migrationNameFragment?.replace(/\W+/g, "_"));
  if (fragments.length === 0 || fragments.some((f) => !f)) {
    return `auto_${nameTimestamp(now)}`;
  }
  let name = fragments[0] as string;
  for (const fragment of fragments.slice(1)) {
    const longer = `${name}_${fragment}`;
    if (longer.length > 52) return `${name}_and_more`;
    name = longer;
  }
  return name;
}

/**
 * The migrations of each app with changes. An app's entries go into one migration unless
 * they wait for another app's migration that waits for them: then the app's ready prefix
 * becomes a migration of its own and the rest follows in the next one (as Django chops).
 *
 * @example
 * buildMigrations(ctx.entries, { leaves }); // Map { "polls" => [Migration 0002_choice_votes] }
 */
export function buildMigrations(
  entries: readonly Entry[],
  options: MigrationListOptions,
): Map<string, Migration[]> {
  const pending = new Map<string, Entry[]>();
  for (const entry of entries) pending.set(entry.app, [...(pending.get(entry.app) ?? []), entry]);
  for (const list of pending.values()) list.sort((a, b) => a.phase - b.phase);
  const placed = new Map<Entry, MigrationKey>();
  const result = new Map<string, Migration[]>();
  const latest = (app: string): MigrationKey | undefined => {
    const made = result.get(app);
    if (made && made.length > 0) return (made[made.length - 1] as Migration).key;
    const leaf = options.leaves.get(app);
    return leaf === undefined ? undefined : [app, leaf];
  };
  let chop = false;
  let remaining = entries.length;
  while (remaining > 0) {
    for (const app of [...pending.keys()].sort()) {
      const list = pending.get(app) as Entry[];
      if (list.length === 0) continue;
      const { taken, deps } = takeReady(app, list, placed, pending, latest, chop);
      if (taken.length === 0 || (taken.length < list.length && !chop)) continue;
      const migration = makeMigration(app, mergeSplit(taken), deps, latest(app), options);
      for (const entry of taken) placed.set(entry, migration.key);
      result.set(app, [...(result.get(app) ?? []), migration]);
      pending.set(app, list.slice(taken.length));
      chop = false;
    }
    const left = [...pending.values()].reduce((n, list) => n + list.length, 0);
    if (left === remaining) {
      if (chop) {
        const apps = [...pending].filter(([, list]) => list.length > 0).map(([app]) => app);
        throw new CircularDependencyError(
          `The new migrations of ${apps.join(", ")} wait for each other. Run makemigrations for one app at a time (makemigrations ${apps[0]}) and report the models involved.`,
        );
      }
      chop = true;
    }
    remaining = left;
  }
  return result;
}

function takeReady(
  app: string,
  list: readonly Entry[],
  placed: ReadonlyMap<Entry, MigrationKey>,
  pending: ReadonlyMap<string, Entry[]>,
  latest: (app: string) => MigrationKey | undefined,
  chop: boolean,
): { taken: Entry[]; deps: MigrationKey[] } {
  const taken: Entry[] = [];
  const deps: MigrationKey[] = [];
  for (const entry of list) {
    const own: MigrationKey[] = [];
    let ready = true;
    for (const dep of entry.after) {
      const key = placed.get(dep);
      if (key) own.push(key);
      else if (dep.app !== app || !taken.includes(dep)) ready = false;
    }
    for (const other of entry.refersTo) {
      if (!ready || other === app) continue;
      if ((pending.get(other)?.length ?? 0) > 0 && !chop) ready = false;
      const key = latest(other);
      if (key) own.push(key);
    }
    if (!ready) break;
    taken.push(entry);
    deps.push(...own);
  }
  return { taken, deps };
}

/**
 * Puts relations split out of a CreateModel (for another app's model) back into it when both
 * are in the same migration, with the model's indexes and constraints once nothing is left out.
 */
function mergeSplit(taken: readonly Entry[]): Operation[] {
  const inChunk = new Set(taken);
  const merged = new Set<Entry>();
  const models = new Set(taken.map((e) => e.splitFrom).filter((c): c is CreatedModel => !!c));
  for (const created of models) {
    if (!inChunk.has(created.entry)) continue;
    const joining = created.split.filter((e) => inChunk.has(e));
    const names = new Set([...created.inline, ...joining.map((e) => (e.op as AddField).name)]);
    const complete = names.size === created.model.fields.size;
    const withAll = complete && created.options.every((e) => inChunk.has(e));
    const ordered = [...created.model.fields.keys()].filter((n) => names.has(n));
    created.entry.op = createOperation(created.model, ordered, withAll);
    for (const e of joining) merged.add(e);
    if (withAll) for (const e of created.options) merged.add(e);
  }
  return taken.filter((e) => !merged.has(e)).map((e) => e.op);
}

function makeMigration(
  app: string,
  ops: Operation[],
  deps: readonly MigrationKey[],
  previous: MigrationKey | undefined,
  options: MigrationListOptions,
): Migration {
  const initial = options.leaves.get(app) === undefined;
  const others = new Map<string, MigrationKey>();
  for (const key of deps) {
    if (key[0] !== app) others.set(`${key[0]}.${key[1]}`, key);
  }
  const dependencies: MigrationKey[] = [
    ...(previous ? [previous] : []),
    ...[...others.values()].sort((a, b) => (a[0] + a[1]).localeCompare(b[0] + b[1])),
  ];
  const migration = new Migration({ dependencies, operations: ops, initial });
  const number = nextMigrationNumber(previous?.[1]);
  const suffix = options.name ?? suggestName(ops, initial, (options.now ?? (() => new Date()))());
  migration.app = app;
  migration.name = `${number}_${suffix}`;
  return migration;
}
