/** The migration operations and the `operations` factories migration files call. */
import {
  AddField,
  type AddFieldOptions,
  RemoveField,
  type RemoveFieldOptions,
} from "./add-remove-field.js";
import {
  AlterField,
  type AlterFieldOptions,
  RenameField,
  type RenameFieldOptions,
} from "./alter-rename-field.js";
import {
  CreateModel,
  type CreateModelOptions,
  DeleteModel,
  type DeleteModelOptions,
} from "./create-delete-model.js";
import {
  AddConstraint,
  type AddConstraintOptions,
  AddIndex,
  type AddIndexOptions,
  RemoveConstraint,
  type RemoveConstraintOptions,
  RemoveIndex,
  type RemoveIndexOptions,
} from "./indexes.js";
import {
  AlterModelOptions,
  type AlterModelOptionsOptions,
  AlterModelTable,
  type AlterModelTableOptions,
  AlterUniqueTogether,
  type AlterUniqueTogetherOptions,
} from "./model-options.js";
import { RenameModel, type RenameModelOptions } from "./rename-model.js";
import { RunCode, type RunCodeOptions, RunSQL, type RunSQLOptions } from "./special.js";

export * from "./add-remove-field.js";
export * from "./alter-rename-field.js";
export { FieldOperation, ModelOperation } from "./base.js";
export * from "./create-delete-model.js";
export * from "./indexes.js";
export * from "./model-options.js";
export { RenameModel, type RenameModelOptions } from "./rename-model.js";
export {
  type MigrationCode,
  RunCode,
  type RunCodeOptions,
  RunSQL,
  type RunSQLOptions,
} from "./special.js";

/**
 * The operation factories migration files use: `operations.X(options)` is `new X(options)`.
 *
 * @example
 * export default new Migration({
 *   dependencies: [["polls", "0001_initial"]],
 *   operations: [
 *     operations.AddField({ model: "Choice", name: "votes", field: fields.IntegerField({ default: 0 }) }),
 *   ],
 * });
 */
export const operations: {
  readonly CreateModel: (options: CreateModelOptions) => CreateModel;
  readonly DeleteModel: (options: DeleteModelOptions) => DeleteModel;
  readonly RenameModel: (options: RenameModelOptions) => RenameModel;
  readonly AlterModelTable: (options: AlterModelTableOptions) => AlterModelTable;
  readonly AlterModelOptions: (options: AlterModelOptionsOptions) => AlterModelOptions;
  readonly AlterUniqueTogether: (options: AlterUniqueTogetherOptions) => AlterUniqueTogether;
  readonly AddField: (options: AddFieldOptions) => AddField;
  readonly RemoveField: (options: RemoveFieldOptions) => RemoveField;
  readonly AlterField: (options: AlterFieldOptions) => AlterField;
  readonly RenameField: (options: RenameFieldOptions) => RenameField;
  readonly AddIndex: (options: AddIndexOptions) => AddIndex;
  readonly RemoveIndex: (options: RemoveIndexOptions) => RemoveIndex;
  readonly AddConstraint: (options: AddConstraintOptions) => AddConstraint;
  readonly RemoveConstraint: (options: RemoveConstraintOptions) => RemoveConstraint;
  readonly RunSQL: (options: RunSQLOptions) => RunSQL;
  readonly RunCode: (options: RunCodeOptions) => RunCode;
} = {
  CreateModel: (o) => new CreateModel(o),
  DeleteModel: (o) => new DeleteModel(o),
  RenameModel: (o) => new RenameModel(o),
  AlterModelTable: (o) => new AlterModelTable(o),
  AlterModelOptions: (o) => new AlterModelOptions(o),
  AlterUniqueTogether: (o) => new AlterUniqueTogether(o),
  AddField: (o) => new AddField(o),
  RemoveField: (o) => new RemoveField(o),
  AlterField: (o) => new AlterField(o),
  RenameField: (o) => new RenameField(o),
  AddIndex: (o) => new AddIndex(o),
  RemoveIndex: (o) => new RemoveIndex(o),
  AddConstraint: (o) => new AddConstraint(o),
  RemoveConstraint: (o) => new RemoveConstraint(o),
  RunSQL: (o) => new RunSQL(o),
  RunCode: (o) => new RunCode(o),
};
