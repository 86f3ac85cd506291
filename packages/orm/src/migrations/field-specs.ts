/** Field specs: the serialisable description of a field that migration files and states hold. */
import { ImproperlyConfigured } from "@tango/core";
import type { Field } from "../models/field.js";
import {
  AutoFieldImpl,
  BigAutoFieldImpl,
  SmallAutoFieldImpl,
} from "../models/fields/auto-fields.js";
import { FileFieldImpl, ImageFieldImpl } from "../models/fields/file-fields.js";
import {
  BigIntegerFieldImpl,
  DecimalFieldImpl,
  FloatFieldImpl,
  IntegerFieldImpl,
  PositiveBigIntegerFieldImpl,
  PositiveIntegerFieldImpl,
  PositiveSmallIntegerFieldImpl,
  SmallIntegerFieldImpl,
} from "../models/fields/number-fields.js";
import {
  ForeignKeyImpl,
  type ForeignKeyOptions,
  ManyToManyFieldImpl,
  type ModelReference,
  OneToOneFieldImpl,
} from "../models/fields/related-fields.js";
import {
  DateFieldImpl,
  DateTimeFieldImpl,
  DurationFieldImpl,
  TimeFieldImpl,
} from "../models/fields/temporal-fields.js";
import {
  CharFieldImpl,
  EmailFieldImpl,
  SlugFieldImpl,
  TextFieldImpl,
  URLFieldImpl,
} from "../models/fields/text-fields.js";
import {
  BinaryFieldImpl,
  BooleanFieldImpl,
  JSONFieldImpl,
  UUIDFieldImpl,
} from "../models/fields/value-fields.js";
import type { ModelClass } from "../models/model-class.js";

/**
 * One field as a migration records it: its type, its target for relations (an `"app.Model"`
 * label) and the options that matter to the database and to data migrations.
 *
 * @example
 * const spec: FieldSpec = { type: "CharField", options: { maxLength: 200 } };
 */
export interface FieldSpec {
  readonly type: string;
  /** Relations: the target model's label (`"polls.Question"`). */
  readonly to?: string;
  /** Many-to-many with an explicit through model: its label. */
  readonly through?: string;
  readonly options: Readonly<Record<string, unknown>>;
}

type PlainFactory = (options: Record<string, unknown>) => Field;
type RelationFactory = (target: ModelReference, options: Record<string, unknown>) => Field;

const PLAIN = {
  AutoField: (o) => new AutoFieldImpl(o),
  BigAutoField: (o) => new BigAutoFieldImpl(o),
  SmallAutoField: (o) => new SmallAutoFieldImpl(o),
  CharField: (o) => new CharFieldImpl(o),
  TextField: (o) => new TextFieldImpl(o),
  EmailField: (o) => new EmailFieldImpl(o),
  SlugField: (o) => new SlugFieldImpl(o),
  URLField: (o) => new URLFieldImpl(o),
  IntegerField: (o) => new IntegerFieldImpl(o),
  SmallIntegerField: (o) => new SmallIntegerFieldImpl(o),
  BigIntegerField: (o) => new BigIntegerFieldImpl(o as never),
  PositiveIntegerField: (o) => new PositiveIntegerFieldImpl(o),
  PositiveSmallIntegerField: (o) => new PositiveSmallIntegerFieldImpl(o),
  PositiveBigIntegerField: (o) => new PositiveBigIntegerFieldImpl(o as never),
  FloatField: (o) => new FloatFieldImpl(o),
  DecimalField: (o) => new DecimalFieldImpl(o),
  BooleanField: (o) => new BooleanFieldImpl(o),
  DateField: (o) => new DateFieldImpl(o),
  DateTimeField: (o) => new DateTimeFieldImpl(o),
  TimeField: (o) => new TimeFieldImpl(o as never),
  DurationField: (o) => new DurationFieldImpl(o),
  UUIDField: (o) => new UUIDFieldImpl(o),
  JSONField: (o) => new JSONFieldImpl(o),
  BinaryField: (o) => new BinaryFieldImpl(o as never),
  FileField: (o) => new FileFieldImpl(o),
  ImageField: (o) => new ImageFieldImpl(o),
} satisfies Readonly<Record<string, PlainFactory>>;

const RELATIONS = {
  ForeignKey: (t, o) => new ForeignKeyImpl(t, o as unknown as ForeignKeyOptions),
  OneToOneField: (t, o) => new OneToOneFieldImpl(t, o as unknown as ForeignKeyOptions),
  ManyToManyField: (t, o) => new ManyToManyFieldImpl(t, o),
} satisfies Readonly<Record<string, RelationFactory>>;

/** Every field type a spec may name. */
export const FIELD_TYPES: readonly string[] = [...Object.keys(PLAIN), ...Object.keys(RELATIONS)];

/**
 * Options left out of specs: they change neither the schema nor what a data migration's
 * historical models do, so editing them needs no migration.
 */
const IGNORED_OPTIONS = new Set([
  "validators",
  "errorMessages",
  "verboseName",
  "helpText",
  "choices",
  "blank",
  "editable",
  "uploadTo",
  "widthField",
  "heightField",
  "through",
]);

/**
 * Options a field type implies: recorded only when they differ (`dbIndex: true` on a ForeignKey).
 */
const IMPLIED: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  ForeignKey: { dbIndex: true },
  OneToOneField: { dbIndex: true, unique: true },
  AutoField: { primaryKey: true },
  BigAutoField: { primaryKey: true },
  SmallAutoField: { primaryKey: true },
};

function labelOf(model: ModelClass): string {
  return model._meta.label;
}

/**
 * The spec of a model's field (what `makemigrations` writes for it).
 *
 * @example
 * deconstructField(Question._meta.getField("questionText")); // { type: "CharField", options: { maxLength: 200 } }
 */
export function deconstructField(field: Field): FieldSpec {
  const type = field.internalType;
  if (!(type in PLAIN) && !(type in RELATIONS)) {
    throw new ImproperlyConfigured(
      `${field.model?.name ?? "A model"}.${field.name} is a ${type}, which migrations cannot record. Use one of: ${FIELD_TYPES.join(", ")}.`,
    );
  }
  const implied = IMPLIED[type] ?? {};
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(field.options)) {
    if (value === undefined || IGNORED_OPTIONS.has(key)) continue;
    if (key in implied && implied[key] === value) continue;
    options[key] = value;
  }
  if (!field.isRelation) return { type, options: sortOptions(options) };
  const remote = (field as ForeignKeyImpl | ManyToManyFieldImpl).remoteField;
  const spec: { type: string; to: string; through?: string; options: Record<string, unknown> } = {
    type,
    to: labelOf(remote.model),
    options: sortOptions(options),
  };
  if (field instanceof ManyToManyFieldImpl) {
    const through = field.throughModel;
    if (through && !through._meta.autoCreated) spec.through = labelOf(through);
  }
  return spec;
}

function sortOptions(options: Record<string, unknown>): Record<string, unknown> {
  const order = (key: string): string =>
    key === "onDelete" ? "0" : key === "primaryKey" ? "1" : `2${key}`;
  return Object.fromEntries(
    Object.entries(options).sort(([a], [b]) => order(a).localeCompare(order(b))),
  );
}

/**
 * A fresh Field from a spec; relation targets resolve by label in the owner's registry.
 *
 * @example
 * fieldFromSpec({ type: "IntegerField", options: { default: 0 } });
 */
export function fieldFromSpec(spec: FieldSpec): Field {
  const plain = (PLAIN as Readonly<Record<string, PlainFactory>>)[spec.type];
  if (plain) return plain({ ...spec.options });
  const relation = (RELATIONS as Readonly<Record<string, RelationFactory>>)[spec.type];
  if (!relation) {
    throw new ImproperlyConfigured(
      `A migration uses the field type '${spec.type}', which does not exist. Use one of: ${FIELD_TYPES.join(", ")}.`,
    );
  }
  if (spec.to === undefined) {
    throw new ImproperlyConfigured(
      `A migration's ${spec.type} has no target model; write fields.${spec.type}("app.Model", { ... }).`,
    );
  }
  const options: Record<string, unknown> = { ...spec.options };
  if (spec.through !== undefined) options.through = spec.through;
  return relation(spec.to, options);
}

/**
 * Whether two specs describe the same field (deep equality of type, target and options;
 * functions compare by source text).
 *
 * @example
 * sameFieldSpec(a, b);
 */
export function sameFieldSpec(a: FieldSpec, b: FieldSpec): boolean {
  return (
    a.type === b.type &&
    (a.to ?? "").toLowerCase() === (b.to ?? "").toLowerCase() &&
    (a.through ?? "").toLowerCase() === (b.through ?? "").toLowerCase() &&
    deepEqual(a.options, b.options)
  );
}

/**
 * Structural equality for option values: plain data, dates, byte arrays, and functions by
 * source text.
 *
 * @example
 * deepEqual({ a: [1, 2] }, { a: [1, 2] }); // true
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a === "function" && typeof b === "function") return a.toString() === b.toString();
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return (
      a instanceof Uint8Array && b instanceof Uint8Array && Buffer.from(a).equals(Buffer.from(b))
    );
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keysA = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const keysB = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) =>
    deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

type Options<O> = Omit<O, "validators" | "errorMessages"> & Record<string, unknown>;

function plainFactory(type: string) {
  return (options: Record<string, unknown> = {}): FieldSpec => ({ type, options });
}

function relationFactory(type: string) {
  return (to: string, options: Record<string, unknown> = {}): FieldSpec => {
    const { through, ...rest } = options;
    return typeof through === "string"
      ? { type, to, through, options: rest }
      : { type, to, options: rest };
  };
}

/**
 * The field constructors migration files use: `fields.CharField({ maxLength: 200 })`,
 * `fields.ForeignKey("polls.Question", { onDelete: "CASCADE" })`.
 *
 * @example
 * operations.AddField({ model: "Choice", name: "votes", field: fields.IntegerField({ default: 0 }) });
 */
export const fields: {
  readonly [K in keyof typeof PLAIN]: (options?: Options<Record<string, unknown>>) => FieldSpec;
} & {
  readonly ForeignKey: (to: string, options: Options<{ onDelete: unknown }>) => FieldSpec;
  readonly OneToOneField: (to: string, options: Options<{ onDelete: unknown }>) => FieldSpec;
  readonly ManyToManyField: (to: string, options?: Options<Record<string, unknown>>) => FieldSpec;
} = {
  ...Object.fromEntries(Object.keys(PLAIN).map((type) => [type, plainFactory(type)])),
  ForeignKey: relationFactory("ForeignKey"),
  OneToOneField: relationFactory("OneToOneField"),
  ManyToManyField: relationFactory("ManyToManyField"),
} as never;
