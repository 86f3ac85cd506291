/** `@tango/orm/migrations`: what migration files import, and the migration machinery for tools. */
export { CheckConstraint, Index, UniqueConstraint } from "../models/meta-options.js";
export { F } from "../query/f.js";
export { Q } from "../query/q.js";
export { Autodetector, type ChangesOptions, nextMigrationNumber } from "./autodetector.js";
export { NotNullFieldError } from "./autodetector-errors.js";
export {
  BadMigrationError,
  CircularDependencyError,
  InconsistentMigrationHistory,
  IrreversibleError,
  MigrationCommandError,
  MigrationConflictError,
  NodeNotFoundError,
} from "./errors.js";
export {
  type MigrateOptions,
  MigrationExecutor,
  type MigrationExecutorOptions,
  type MigrationProgress,
  type MigrationTarget,
  type PlanStep,
} from "./executor.js";
export { deconstructField, type FieldSpec, fields } from "./field-specs.js";
export { MigrationGraph } from "./graph.js";
export {
  MigrationLoader,
  type MigrationLoaderOptions,
  type MigrationSource,
  migrationSources,
} from "./loader.js";
export { branchesOf, mergeMigration } from "./merge.js";
export { keyLabel, Migration, type MigrationDefinition, type MigrationKey } from "./migration.js";
export { Operation, type OperationDescription, type SchemaContext } from "./operation.js";
export * from "./operations/index.js";
export { optimizeOperations } from "./optimizer.js";
export {
  InteractiveQuestioner,
  type MigrationQuestioner,
  NonInteractiveQuestioner,
  type NotNullAnswer,
  parseLiteral,
} from "./questioner.js";
export { MIGRATIONS_TABLE, MigrationRecorder } from "./recorder.js";
export { type SquashOptions, type SquashResult, squashMigrations } from "./squash.js";
export {
  type HistoricalInstance,
  type HistoricalModel,
  ModelState,
  type ModelStateOptions,
  ProjectState,
  StateApps,
} from "./state.js";
export { type WriteMigrationOptions, writeMigration } from "./writer.js";
