/** Option-level detection on kept models: unique-together sets, indexes, constraints, table and ALTER_OPTION_KEYS. */

import { type Constraint, Index, UniqueConstraint } from "../../models/meta-options.js";
import { deepEqual } from "../field-specs.js";
import { operations } from "../operations/index.js";
import { ALTER_OPTION_KEYS, type ModelStateOptions } from "../state.js";
import type { DetectionContext } from "./context.js";
import { Phase } from "./entry.js";
import type { KeptModel } from "./fields.js";
import { toArrays } from "./models.js";

/**
 * Unique-together sets no longer wanted are dropped before the field changes (so their
 * fields can go) and the new ones set after (so their fields exist), as Django does.
 *
 * @example
 * detectUniqueTogether(ctx, kept, "remove");
 */
export function detectUniqueTogether(
  ctx: DetectionContext,
  kept: KeptModel,
  step: "remove" | "add",
): void {
  const { old, model, renames } = kept;
  const before = (old.options.uniqueTogether ?? []).map((set) =>
    set.map((f) => renames.get(f) ?? f),
  );
  const after = model.options.uniqueTogether ?? [];
  const has = (sets: readonly (readonly string[])[], set: readonly string[]): boolean =>
    sets.some((s) => deepEqual([...s], [...set]));
  const kept2 = before.filter((set) => has(after, set));
  if (step === "remove" && kept2.length < before.length) {
    const op = operations.AlterUniqueTogether({
      name: model.name,
      uniqueTogether: toArrays(kept2),
    });
    ctx.add(model.app, op, Phase.RemoveOption);
  }
  if (step === "add" && after.some((set) => !has(kept2, set))) {
    const op = operations.AlterUniqueTogether({
      name: model.name,
      uniqueTogether: toArrays(after),
    });
    ctx.add(model.app, op, Phase.AddOption);
  }
}

function renameFields(fields: readonly string[], renames: ReadonlyMap<string, string>): string[] {
  return fields.map((f) => {
    const desc = f.startsWith("-");
    const bare = desc ? f.slice(1) : f;
    const renamed = renames.get(bare);
    return renamed === undefined ? f : `${desc ? "-" : ""}${renamed}`;
  });
}

function sameIndex(a: Index, b: Index): boolean {
  return (
    a.name === b.name &&
    deepEqual([...a.fields], [...b.fields]) &&
    deepEqual(a.condition, b.condition)
  );
}

/**
 * RemoveIndex / RemoveConstraint (before the field changes) or AddIndex / AddConstraint
 * (after) for indexes and constraints that differ; a changed one is removed and added.
 *
 * @example
 * detectIndexesAndConstraints(ctx, kept, "add");
 */
export function detectIndexesAndConstraints(
  ctx: DetectionContext,
  kept: KeptModel,
  step: "remove" | "add",
): void {
  const { old, model, renames } = kept;
  const oldIndexes = (old.options.indexes ?? []).map(
    (i) =>
      new Index({ fields: renameFields(i.fields, renames), name: i.name, condition: i.condition }),
  );
  const newIndexes = model.options.indexes ?? [];
  const oldConstraints = (old.options.constraints ?? []).map((c) => renameConstraint(c, renames));
  const newConstraints = model.options.constraints ?? [];
  if (step === "remove") {
    for (const index of oldIndexes) {
      if (newIndexes.some((i) => sameIndex(i, index))) continue;
      const op = operations.RemoveIndex({ model: model.name, name: index.name as string });
      ctx.add(model.app, op, Phase.RemoveOption);
    }
    for (const constraint of oldConstraints) {
      if (newConstraints.some((c) => deepEqual(c, constraint))) continue;
      const op = operations.RemoveConstraint({ model: model.name, name: constraint.name });
      ctx.add(model.app, op, Phase.RemoveOption);
    }
    return;
  }
  for (const index of newIndexes) {
    if (oldIndexes.some((i) => sameIndex(i, index))) continue;
    ctx.add(model.app, operations.AddIndex({ model: model.name, index }), Phase.AddOption);
  }
  for (const constraint of newConstraints) {
    if (oldConstraints.some((c) => deepEqual(c, constraint))) continue;
    ctx.add(
      model.app,
      operations.AddConstraint({ model: model.name, constraint }),
      Phase.AddOption,
    );
  }
}

function renameConstraint(
  constraint: Constraint,
  renames: ReadonlyMap<string, string>,
): Constraint {
  if (!(constraint instanceof UniqueConstraint) || renames.size === 0) return constraint;
  return new UniqueConstraint({
    fields: renameFields(constraint.fields, renames),
    name: constraint.name,
    condition: constraint.condition,
    violationErrorMessage: constraint.violationErrorMessage,
  });
}

/**
 * AlterModelTable when the explicit table changes, AlterModelOptions when ordering,
 * getLatestBy or defaultManagerName change.
 *
 * @example
 * detectModelOptions(ctx, kept);
 */
export function detectModelOptions(ctx: DetectionContext, kept: KeptModel): void {
  const { old, model } = kept;
  if (old.options.dbTable !== model.options.dbTable) {
    const op = operations.AlterModelTable({
      name: model.name,
      table: model.options.dbTable ?? null,
    });
    ctx.add(model.app, op, Phase.AlterModel);
  }
  const before = alterable(old.options);
  const after = alterable(model.options);
  if (!deepEqual(before, after)) {
    ctx.add(
      model.app,
      operations.AlterModelOptions({ name: model.name, options: after }),
      Phase.AlterModel,
    );
  }
}

function alterable(options: ModelStateOptions): ModelStateOptions {
  const picked: Record<string, unknown> = {};
  for (const key of ALTER_OPTION_KEYS) {
    if (options[key] !== undefined) picked[key] = options[key];
  }
  return picked as ModelStateOptions;
}
