/** Field-level detection on models that exist in both states: renamed, removed, added and altered fields. */
import { NotNullFieldError } from "../autodetector-errors.js";
import { type FieldSpec, sameFieldSpec } from "../field-specs.js";
import { operations } from "../operations/index.js";
import type { NotNullAnswer } from "../questioner.js";
import { isManyToMany, type ModelState } from "../state.js";
import type { DetectionContext } from "./context.js";
import { Phase } from "./entry.js";

/**
 * A model present before and after (possibly renamed), with the field renames confirmed
 * for it (old name -> new name).
 *
 * @example
 * const pair: KeptModel = { old, model, renames: new Map([["votes", "count"]]) };
 */
export interface KeptModel {
  readonly old: ModelState;
  readonly model: ModelState;
  readonly renames: Map<string, string>;
}

/**
 * The models of both states (in scope), old and new.
 *
 * @example
 * keptModels(ctx).map((k) => k.model.name);
 */
export function keptModels(ctx: DetectionContext): KeptModel[] {
  const kept: KeptModel[] = [];
  for (const oldKey of ctx.oldKeys) {
    const model = ctx.to.models.get(ctx.newKeyOf(oldKey));
    if (model && ctx.inScope(model.app)) {
      kept.push({ old: ctx.oldModel(oldKey), model, renames: new Map() });
    }
  }
  return kept;
}

/**
 * RenameField (asked), RemoveField, AddField and AlterField for one kept model.
 *
 * @example
 * await detectFieldChanges(ctx, kept);
 */
export async function detectFieldChanges(ctx: DetectionContext, kept: KeptModel): Promise<void> {
  const { old, model, renames } = kept;
  const app = model.app;
  const added = [...model.fields.keys()].filter((n) => !old.fields.has(n));
  const removed = [...old.fields.keys()].filter((n) => !model.fields.has(n));
  for (const name of added) {
    const spec = model.getField(name);
    for (const oldName of removed) {
      if (renames.has(oldName)) continue;
      if (!sameFieldSpec(ctx.normalize(old.getField(oldName), old.app), spec)) continue;
      if (!(await ctx.questioner.askRenameField(model, oldName, name, spec))) continue;
      renames.set(oldName, name);
      const op = operations.RenameField({ model: model.name, oldName, newName: name });
      ctx.add(app, op, Phase.RenameField);
      break;
    }
  }
  const renamedTo = new Set(renames.values());
  for (const name of removed.filter((n) => !renames.has(n))) {
    removeField(ctx, model, name, old.getField(name));
  }
  for (const name of added.filter((n) => !renamedTo.has(n))) await addField(ctx, model, name);
  for (const [name, spec] of model.fields) {
    if (renamedTo.has(name) || !old.fields.has(name)) continue;
    const oldSpec = old.getField(name);
    if (sameFieldSpec(ctx.normalize(oldSpec, old.app), spec)) continue;
    if (isManyToMany(oldSpec) !== isManyToMany(spec)) {
      removeField(ctx, model, name, oldSpec);
      await addField(ctx, model, name);
    } else {
      await alterField(ctx, model, name, oldSpec);
    }
  }
}

function removeField(
  ctx: DetectionContext,
  model: ModelState,
  name: string,
  oldSpec: FieldSpec,
): void {
  const op = operations.RemoveField({ model: model.name, name });
  ctx.add(model.app, op, Phase.RemoveField, { released: oldSpec });
}

/** Whether existing rows need a value for the new column (NOT NULL, no default). */
function needsDefault(spec: FieldSpec): boolean {
  const o = spec.options;
  return (
    o.null !== true &&
    o.default === undefined &&
    o.dbDefault === undefined &&
    o.primaryKey !== true &&
    !spec.type.endsWith("AutoField") &&
    !isManyToMany(spec)
  );
}

async function addField(ctx: DetectionContext, model: ModelState, name: string): Promise<void> {
  const spec = model.getField(name);
  let field = spec;
  let preserveDefault: boolean | undefined;
  if (needsDefault(spec)) {
    const answer = await ctx.questioner.askNotNullAddition(model, name);
    const value = oneOffDefault(answer, model, name, "add");
    if (value !== undefined) {
      field = { ...spec, options: { ...spec.options, default: value.value } };
      preserveDefault = false;
    }
  }
  const op = operations.AddField({
    model: model.name,
    name,
    field,
    ...(preserveDefault === undefined ? {} : { preserveDefault }),
  });
  ctx.add(model.app, op, Phase.AddField, { spec });
}

async function alterField(
  ctx: DetectionContext,
  model: ModelState,
  name: string,
  oldSpec: FieldSpec,
): Promise<void> {
  const spec = model.getField(name);
  let field = spec;
  let preserveDefault: boolean | undefined;
  if (oldSpec.options.null === true && needsDefault(spec)) {
    const answer = await ctx.questioner.askNotNullAlteration(model, name);
    const value = oneOffDefault(answer, model, name, "alter");
    if (value !== undefined) {
      field = { ...spec, options: { ...spec.options, default: value.value } };
      preserveDefault = false;
    }
  }
  const op = operations.AlterField({
    model: model.name,
    name,
    field,
    ...(preserveDefault === undefined ? {} : { preserveDefault }),
  });
  ctx.add(model.app, op, Phase.AddField, { spec, released: oldSpec });
}

/** The one-off default of an answer; undefined to go on without one; throws on abort. */
function oneOffDefault(
  answer: NotNullAnswer,
  model: ModelState,
  name: string,
  action: "add" | "alter",
): { value: unknown } | undefined {
  if (answer.kind === "default") return { value: answer.value };
  if (answer.kind === "ignore") return undefined;
  const m = model.name.toLowerCase();
  const what =
    action === "add"
      ? `It is impossible to add a non-nullable field '${name}' to ${m} without specifying a default.`
      : `It is impossible to change a nullable field '${name}' on ${m} to non-nullable without specifying a default.`;
  throw new NotNullFieldError(
    `${what} Give the field a default (default: 0), make it nullable (null: true), or run makemigrations interactively to give a one-off default.`,
  );
}
