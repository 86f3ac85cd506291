/** Model-level detection: renamed, created and deleted models. */
import { type FieldSpec, sameFieldSpec } from "../field-specs.js";
import { operations } from "../operations/index.js";
import type { ModelState, ModelStateOptions } from "../state.js";
import type { DetectionContext } from "./context.js";
import { appOf, type CreatedModel, Phase, specTargets } from "./entry.js";

/**
 * Asks about each new model whose fields equal those of a removed model of the same app, and
 * records the confirmed renames (RenameModel).
 *
 * @example
 * await detectRenamedModels(ctx); // Was the model polls.Poll renamed to Question? [y/N]
 */
export async function detectRenamedModels(ctx: DetectionContext): Promise<void> {
  const removed = ctx.oldKeys.filter((k) => !ctx.to.models.has(k));
  const added = ctx.newKeys.filter((k) => !ctx.from.models.has(k));
  for (const newKey of added) {
    const model = ctx.newModel(newKey);
    for (const oldKey of removed) {
      const old = ctx.oldModel(oldKey);
      if (ctx.renamedModels.has(oldKey) || old.app !== model.app) continue;
      ctx.renamedModels.set(oldKey, newKey);
      const same = sameFields(ctx, old, model);
      ctx.renamedModels.delete(oldKey);
      if (!same || !(await ctx.questioner.askRenameModel(old, model))) continue;
      ctx.renamedModels.set(oldKey, newKey);
      const op = operations.RenameModel({ oldName: old.name, newName: model.name });
      ctx.add(model.app, op, Phase.RenameModel);
      break;
    }
  }
}

function sameFields(ctx: DetectionContext, old: ModelState, model: ModelState): boolean {
  if (old.fields.size !== model.fields.size) return false;
  for (const [name, spec] of old.fields) {
    const other = model.fields.get(name);
    if (!other || !sameFieldSpec(ctx.normalize(spec, old.app), other)) return false;
  }
  return true;
}

/**
 * CreateModel for each new model, ordered so a model comes after the models of its app it
 * points at; relations to models created later (cycles) or in another app are split out into
 * AddField, and the model's indexes and constraints with them.
 *
 * @example
 * detectCreatedModels(ctx);
 */
export function detectCreatedModels(ctx: DetectionContext): void {
  const renamedTo = new Set(ctx.renamedModels.values());
  const created = ctx.newKeys.filter((k) => !ctx.from.models.has(k) && !renamedTo.has(k));
  const createdSet = new Set(created);
  const placed = new Set<string>();
  const available = (key: string): boolean => !createdSet.has(key) || placed.has(key);
  const deferred: [CreatedModel, string, boolean][] = [];
  for (const app of new Set(created.map(appOf))) {
    const pending = created.filter((k) => appOf(k) === app);
    while (pending.length > 0) {
      let index = pending.findIndex((key) =>
        inAppTargets(ctx.newModel(key)).every((t) => t === key || available(t)),
      );
      if (index < 0) index = 0;
      const [key] = pending.splice(index, 1) as [string];
      const model = ctx.newModel(key);
      const inline: string[] = [];
      const split: [string, boolean][] = [];
      for (const [name, spec] of model.fields) {
        const targets = specTargets(spec, app);
        const missing = targets.some((t) => appOf(t) === app && t !== key && !available(t));
        const crossApp = targets.some((t) => appOf(t) !== app && createdSet.has(t));
        if (missing || crossApp) split.push([name, !missing]);
        else inline.push(name);
      }
      const entry = ctx.add(
        app,
        createOperation(model, inline, split.length === 0),
        Phase.CreateModel,
      );
      for (const name of inline) ctx.dependOnTargets(entry, model.getField(name));
      const createdModel: CreatedModel = { entry, model, inline, split: [], options: [] };
      ctx.created.set(key, createdModel);
      for (const [name, mergeable] of split) deferred.push([createdModel, name, mergeable]);
      placed.add(key);
    }
  }
  addSplitFields(ctx, deferred);
}

function inAppTargets(model: ModelState): string[] {
  return [...model.fields.values()]
    .flatMap((spec) => specTargets(spec, model.app))
    .filter((t) => appOf(t) === model.app);
}

/**
 * The CreateModel of `model` with the `inline` fields; its indexes, constraints and
 * unique-together sets are left out when some fields are split out (they may use them).
 *
 * @example
 * createOperation(model, ["id", "title"], true);
 */
export function createOperation(model: ModelState, inline: readonly string[], withAll: boolean) {
  const fields: Record<string, FieldSpec> = {};
  for (const name of inline) fields[name] = model.getField(name);
  const { indexes, constraints, uniqueTogether, ...rest } = model.options;
  const options: ModelStateOptions = withAll ? model.options : rest;
  const hasOptions = Object.values(options).some((v) => v !== undefined);
  return operations.CreateModel({
    name: model.name,
    fields,
    ...(hasOptions ? { options } : {}),
  });
}

function addSplitFields(ctx: DetectionContext, deferred: [CreatedModel, string, boolean][]): void {
  const withOptions = new Set<CreatedModel>();
  for (const [created, name, mergeable] of deferred) {
    const { model } = created;
    const spec = model.getField(name);
    const op = operations.AddField({ model: model.name, name, field: spec });
    const entry = ctx.add(model.app, op, Phase.AddField, {
      spec,
      ...(mergeable ? { splitFrom: created } : {}),
    });
    entry.after.push(created.entry);
    if (mergeable) created.split.push(entry);
    withOptions.add(created);
  }
  for (const created of withOptions) {
    const { model } = created;
    const add = (op: Parameters<DetectionContext["add"]>[1]): void => {
      created.options.push(ctx.add(model.app, op, Phase.AddOption, { optionOf: created }));
    };
    if (model.options.uniqueTogether) {
      add(
        operations.AlterUniqueTogether({
          name: model.name,
          uniqueTogether: toArrays(model.options.uniqueTogether),
        }),
      );
    }
    for (const index of model.options.indexes ?? [])
      add(operations.AddIndex({ model: model.name, index }));
    for (const constraint of model.options.constraints ?? []) {
      add(operations.AddConstraint({ model: model.name, constraint }));
    }
  }
}

/**
 * Mutable copies of unique-together sets (what AlterUniqueTogether takes).
 *
 * @example
 * toArrays([["a", "b"]]); // [["a", "b"]]
 */
export function toArrays(sets: readonly (readonly string[])[]): string[][] {
  return sets.map((set) => [...set]);
}

/**
 * DeleteModel for each removed model, a model before the models it points at; in a cycle,
 * the relations among the cycle are removed first (RemoveField).
 *
 * @example
 * detectDeletedModels(ctx);
 */
export function detectDeletedModels(ctx: DetectionContext): void {
  const deleted = ctx.oldKeys.filter((k) => !ctx.to.models.has(k) && !ctx.renamedModels.has(k));
  for (const key of deleted) ctx.deleted.add(key);
  const dropped = new Set<string>();
  // Relations between deleted models of different apps go first, or each app would wait for the other.
  for (const key of deleted) {
    const crossApp = deleted.filter((k) => appOf(k) !== appOf(key));
    removeRelations(ctx, key, crossApp, dropped);
  }
  for (const app of new Set(deleted.map(appOf))) {
    const remaining = deleted.filter((k) => appOf(k) === app);
    const refs = (key: string): string[] =>
      [...ctx.oldModel(key).fields]
        .filter(([name]) => !dropped.has(`${key}.${name}`))
        .flatMap(([, spec]) => dbTargets(spec, app))
        .filter((t) => t !== key && remaining.includes(t));
    while (remaining.length > 0) {
      const index = remaining.findIndex(
        (k) => !remaining.some((r) => r !== k && refs(r).includes(k)),
      );
      if (index < 0) {
        for (const key of remaining) removeRelations(ctx, key, remaining, dropped);
        continue;
      }
      const [key] = remaining.splice(index, 1) as [string];
      const model = ctx.oldModel(key);
      const entry = ctx.add(app, operations.DeleteModel({ name: model.name }), Phase.DeleteModel);
      for (const [name, spec] of model.fields) {
        if (!dropped.has(`${key}.${name}`)) ctx.release(entry, spec, app);
      }
      ctx.deletions.set(key, entry);
    }
  }
}

/** The targets a field's table or column points at with a foreign key. */
function dbTargets(spec: FieldSpec, app: string): string[] {
  if (spec.through !== undefined) return [];
  return specTargets(spec, app);
}

function removeRelations(
  ctx: DetectionContext,
  key: string,
  remaining: readonly string[],
  dropped: Set<string>,
): void {
  const model = ctx.oldModel(key);
  for (const [name, spec] of model.fields) {
    const targets = dbTargets(spec, model.app).filter((t) => t !== key && remaining.includes(t));
    if (targets.length === 0 || dropped.has(`${key}.${name}`)) continue;
    dropped.add(`${key}.${name}`);
    const op = operations.RemoveField({ model: model.name, name });
    ctx.add(model.app, op, Phase.RemoveDeletedRelation, { released: spec });
  }
}
