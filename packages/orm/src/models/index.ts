/** The model layer's public surface, re-exported by the package's index. */

export { modelChecks } from "./checks.js";
export {
  AutoField,
  BigAutoField,
  BigIntegerField,
  BinaryField,
  BooleanField,
  CharField,
  DateField,
  DateTimeField,
  DecimalField,
  DurationField,
  EmailField,
  type FieldDecorator,
  FileField,
  FloatField,
  ImageField,
  IntegerField,
  JSONField,
  type NullabilityMismatch,
  PositiveBigIntegerField,
  PositiveIntegerField,
  PositiveSmallIntegerField,
  SlugField,
  SmallAutoField,
  SmallIntegerField,
  TextField,
  TimeField,
  URLField,
  UUIDField,
} from "./decorators.js";
export { Collector, deleteInstances } from "./deletion.js";
export {
  CASCADE,
  DO_NOTHING,
  type OnDelete,
  PROTECT,
  RESTRICT,
  SET,
  SET_DEFAULT,
  SET_NULL,
} from "./deletion-rules.js";
export {
  type Choices,
  EMPTY_VALUES,
  type ErrorMessageKey,
  Field,
  type FieldOptions,
  type LookupKind,
} from "./field.js";
export { AutoFieldImpl, BigAutoFieldImpl, SmallAutoFieldImpl } from "./fields/auto-fields.js";
export {
  FieldFile,
  type FieldFileSaveOptions,
  isUploadLike,
  type UploadLike,
} from "./fields/field-file.js";
export {
  FileFieldImpl,
  type FileFieldOptions,
  ImageFieldImpl,
  type ImageFieldOptions,
  type UploadTo,
} from "./fields/file-fields.js";
export {
  BigIntegerFieldImpl,
  DecimalFieldImpl,
  type DecimalFieldOptions,
  FloatFieldImpl,
  IntegerFieldImpl,
  PositiveBigIntegerFieldImpl,
  PositiveIntegerFieldImpl,
  PositiveSmallIntegerFieldImpl,
  SmallIntegerFieldImpl,
} from "./fields/number-fields.js";
export {
  ForeignKeyImpl,
  type ForeignKeyOptions,
  ManyToManyFieldImpl,
  type ManyToManyFieldOptions,
  type ModelReference,
  OneToOneFieldImpl,
  type RemoteField,
} from "./fields/related-fields.js";
export {
  DateFieldImpl,
  type DateFieldOptions,
  DateTimeFieldImpl,
  DurationFieldImpl,
  TimeFieldImpl,
} from "./fields/temporal-fields.js";
export {
  CharFieldImpl,
  type CharFieldOptions,
  EmailFieldImpl,
  SlugFieldImpl,
  TextFieldImpl,
  URLFieldImpl,
} from "./fields/text-fields.js";
export {
  BinaryFieldImpl,
  type BinaryFieldOptions,
  BooleanFieldImpl,
  JSONFieldImpl,
  UUIDFieldImpl,
} from "./fields/value-fields.js";
export {
  type ConditionCompiler,
  type RelatedManagerSource,
  setConditionCompiler,
  setDefaultManagerFactory,
  setRelatedManagerFactory,
} from "./hooks.js";
export {
  CheckConstraint,
  type ConditionExpression,
  type Constraint,
  Index,
  type ModelMetaOptions,
  UniqueConstraint,
} from "./meta-options.js";
export { Model, type ModelState } from "./model.js";
export type { ModelClass } from "./model-class.js";
export { ModelMeta } from "./model-meta.js";
export type { SaveOptions } from "./persistence.js";
export { ensureModelsRegistered, ModelRegistry, modelRegistry } from "./registry.js";
export { isRelated, type Related } from "./related.js";
export type { RelatedObject } from "./related-objects.js";
export {
  ForeignKey,
  ManyToManyField,
  OneToOneField,
  type RelationDecorator,
  type TargetOf,
} from "./relation-decorators.js";
export {
  createModels,
  type DdlStatement,
  dropModels,
  type SchemaDatabase,
  SchemaEditor,
} from "./schema-editor.js";
export {
  type DeletePayload,
  type PostSavePayload,
  type PreSavePayload,
  postDelete,
  postSave,
  preDelete,
  preSave,
} from "./signals.js";
export type { FullCleanOptions } from "./validation.js";
export {
  decimalValidator,
  emailValidator,
  maxLengthValidator,
  maxValueValidator,
  minValueValidator,
  slugValidator,
  urlValidator,
  type Validator,
} from "./validators.js";
