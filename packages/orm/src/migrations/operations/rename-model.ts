/** RenameModel, and the table renames it shares with AlterModelTable. */
import type { ManyToManyFieldImpl } from "../../models/fields/related-fields.js";
import type { ModelClass } from "../../models/model-class.js";
import { Operation, type OperationDescription, type SchemaContext } from "../operation.js";
import type { ProjectState } from "../state.js";
import { sameName, specReferences } from "./base.js";

/** Options of RenameModel. */
export interface RenameModelOptions {
  readonly oldName: string;
  readonly newName: string;
}

/**
 * Renames a model: its table (unless `dbTable` is explicit), its automatic many-to-many
 * tables and the relations pointing at it.
 *
 * @example
 * operations.RenameModel({ oldName: "Question", newName: "Poll" }); // ALTER TABLE "polls_question" RENAME TO "polls_poll"
 */
export class RenameModel extends Operation {
  readonly oldName: string;
  readonly newName: string;

  constructor(options: RenameModelOptions) {
    super();
    this.oldName = options.oldName;
    this.newName = options.newName;
  }

  stateForwards(app: string, state: ProjectState): void {
    const model = state.getModel(app, this.oldName).clone();
    state.removeModel(app, this.oldName);
    model.name = this.newName;
    state.addModel(model);
    const label = `${app}.${this.newName}`;
    for (const other of state.models.values()) {
      for (const [name, spec] of other.fields) {
        if (!specReferences(spec, this.oldName, app)) continue;
        const repoint = (target: string | undefined) =>
          target !== undefined &&
          specReferences({ type: "", to: target, options: {} }, this.oldName, app)
            ? label
            : target;
        const to = repoint(spec.to);
        const through = repoint(spec.through);
        other.fields.set(name, {
          ...spec,
          ...(to !== undefined && { to }),
          ...(through !== undefined && { through }),
        });
      }
    }
    state.changed();
  }

  async databaseForwards(
    app: string,
    ctx: SchemaContext,
    from: ProjectState,
    to: ProjectState,
  ): Promise<void> {
    await renameTables(ctx, from, to, app, this.oldName, this.newName);
  }

  async databaseBackwards(
    app: string,
    ctx: SchemaContext,
    from: ProjectState,
    to: ProjectState,
  ): Promise<void> {
    await renameTables(ctx, from, to, app, this.newName, this.oldName);
  }

  describe(): string {
    return `Rename model ${this.oldName} to ${this.newName}`;
  }

  deconstruct(): OperationDescription {
    return { kind: "RenameModel", options: { oldName: this.oldName, newName: this.newName } };
  }

  override get migrationNameFragment(): string {
    return `rename_${this.oldName.toLowerCase()}_${this.newName.toLowerCase()}`;
  }

  override referencesModel(name: string, _app: string): boolean {
    return sameName(name, this.oldName) || sameName(name, this.newName);
  }

  override reduce(other: Operation, app: string): Operation[] | boolean {
    if (other instanceof RenameModel && sameName(other.oldName, this.newName)) {
      return [new RenameModel({ oldName: this.oldName, newName: other.newName })];
    }
    return !other.referencesModel(this.newName, app);
  }
}

/**
 * Renames model `oldName` of `from` to `newName` of `to` in the database: its table, its
 * automatic many-to-many tables, and the key columns of other models' automatic tables that
 * point at it.
 *
 * @example
 * await renameTables(ctx, from, to, "polls", "Question", "Poll"); // ALTER TABLE "polls_question" RENAME TO "polls_poll"
 */
export async function renameTables(
  ctx: SchemaContext,
  from: ProjectState,
  to: ProjectState,
  app: string,
  oldName: string,
  newName: string,
): Promise<void> {
  const oldModel = from.apps().getModel(app, oldName);
  const newModel = to.apps().getModel(app, newName);
  await ctx.editor.renameModel(oldModel, newModel);
  for (const owner of to.apps().getModels()) {
    if (owner === newModel || owner._meta.autoCreated) continue;
    for (const field of owner._meta.manyToMany as ManyToManyFieldImpl[]) {
      const through = field.throughModel;
      if (field.remoteField.model !== newModel || !through?._meta.autoCreated) continue;
      const oldOwner = from.apps().getModel(owner._meta.appLabel, owner.name);
      const oldThrough = (oldOwner._meta.getField(field.name) as ManyToManyFieldImpl)
        .throughModel as ModelClass;
      await ctx.editor.renameThroughColumns(oldThrough, through);
    }
  }
}
