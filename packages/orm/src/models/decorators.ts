/** The field decorators users write (`@CharField({ maxLength: 200 })`), type-checking the declared property. */
import type { Field, FieldOptions } from "./field.js";
import { defineField } from "./field-collection.js";
import { AutoFieldImpl, BigAutoFieldImpl, SmallAutoFieldImpl } from "./fields/auto-fields.js";
import type { FieldFile } from "./fields/field-file.js";
import {
  FileFieldImpl,
  type FileFieldOptions,
  ImageFieldImpl,
  type ImageFieldOptions,
} from "./fields/file-fields.js";
import {
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
import {
  DateFieldImpl,
  type DateFieldOptions,
  DateTimeFieldImpl,
  DurationFieldImpl,
  TimeFieldImpl,
} from "./fields/temporal-fields.js";
import {
  CharFieldImpl,
  type CharFieldOptions,
  EmailFieldImpl,
  SlugFieldImpl,
  TextFieldImpl,
  URLFieldImpl,
} from "./fields/text-fields.js";
import {
  BinaryFieldImpl,
  type BinaryFieldOptions,
  BooleanFieldImpl,
  JSONFieldImpl,
  UUIDFieldImpl,
} from "./fields/value-fields.js";

/**
 * Shown by the compiler when a property's type admits null but the field does not (or back).
 *
 * @example
 * // @IntegerField({ null: true }) declare votes: number; // error mentions NullabilityMismatch
 */
export interface NullabilityMismatch {
  readonly error: "The property type must include | null exactly when the field has null: true";
}

/**
 * A property decorator checking that the declared type is exactly `V` (`T[K]` accepts `V`
 * and `V` accepts `T[K]`): `@IntegerField() declare votes: string` does not compile.
 *
 * @example
 * const votes: FieldDecorator<number> = IntegerField();
 */
export type FieldDecorator<V> = <T extends Record<K, V>, K extends string>(
  target: T,
  key: [V] extends [T[K]] ? K : NullabilityMismatch,
) => void;

/**
 * `V`, or `V | null` when the options say `null: true`.
 *
 * @example
 * type T = Nullable<number, { null: true }>; // number | null
 */
export type Nullable<V, O> = O extends { null: true } ? V | null : V;

/**
 * Wraps a field factory as a property decorator (the factory runs once per declaration).
 *
 * @example
 * export const MoneyField = () => decorator<string>(() => new DecimalFieldImpl({ maxDigits: 12, decimalPlaces: 2 }));
 */
export function decorator<V>(make: () => Field): FieldDecorator<V> {
  return ((target: object, key: unknown) => {
    defineField(target, String(key), make());
  }) as FieldDecorator<V>;
}

/**
 * An auto-incrementing `integer` primary key.
 *
 * @example
 * ```ts
 * @AutoField() declare id: number;
 * ```
 */
export function AutoField(options: FieldOptions<number> = {}): FieldDecorator<number> {
  return decorator(() => new AutoFieldImpl(options));
}

/**
 * An auto-incrementing `bigint` primary key (what the implicit `id` is).
 *
 * @example
 * ```ts
 * @BigAutoField() declare id: number;
 * ```
 */
export function BigAutoField(options: FieldOptions<number> = {}): FieldDecorator<number> {
  return decorator(() => new BigAutoFieldImpl(options));
}

/**
 * An auto-incrementing `smallint` primary key.
 *
 * @example
 * ```ts
 * @SmallAutoField() declare id: number;
 * ```
 */
export function SmallAutoField(options: FieldOptions<number> = {}): FieldDecorator<number> {
  return decorator(() => new SmallAutoFieldImpl(options));
}

/**
 * A `varchar(maxLength)` string.
 *
 * @example
 * ```ts
 * @CharField({ maxLength: 200 }) declare questionText: string;
 * ```
 */
export function CharField<const O extends CharFieldOptions>(
  options?: O,
): FieldDecorator<Nullable<string, O>> {
  return decorator(() => new CharFieldImpl(options));
}

/**
 * A `text` string.
 *
 * @example
 * ```ts
 * @TextField({ blank: true }) declare body: string;
 * ```
 */
export function TextField<const O extends CharFieldOptions>(
  options?: O,
): FieldDecorator<Nullable<string, O>> {
  return decorator(() => new TextFieldImpl(options));
}

/**
 * An email address (`varchar(254)`, validated).
 *
 * @example
 * ```ts
 * @EmailField({ unique: true }) declare email: string;
 * ```
 */
export function EmailField<const O extends CharFieldOptions>(
  options?: O,
): FieldDecorator<Nullable<string, O>> {
  return decorator(() => new EmailFieldImpl(options));
}

/**
 * A slug (`varchar(50)`, indexed, validated).
 *
 * @example
 * ```ts
 * @SlugField({ unique: true }) declare slug: string;
 * ```
 */
export function SlugField<const O extends CharFieldOptions>(
  options?: O,
): FieldDecorator<Nullable<string, O>> {
  return decorator(() => new SlugFieldImpl(options));
}

/**
 * A URL (`varchar(200)`, validated).
 *
 * @example
 * ```ts
 * @URLField({ blank: true }) declare homepage: string;
 * ```
 */
export function URLField<const O extends CharFieldOptions>(
  options?: O,
): FieldDecorator<Nullable<string, O>> {
  return decorator(() => new URLFieldImpl(options));
}

/**
 * An `integer`.
 *
 * @example
 * ```ts
 * @IntegerField({ default: 0 }) declare votes: number;
 * ```
 */
export function IntegerField<const O extends FieldOptions<number>>(
  options?: O,
): FieldDecorator<Nullable<number, O>> {
  return decorator(() => new IntegerFieldImpl(options));
}

/**
 * A `smallint`.
 *
 * @example
 * ```ts
 * @SmallIntegerField() declare rank: number;
 * ```
 */
export function SmallIntegerField<const O extends FieldOptions<number>>(
  options?: O,
): FieldDecorator<Nullable<number, O>> {
  return decorator(() => new SmallIntegerFieldImpl(options));
}

/**
 * An `integer` ≥ 0.
 *
 * @example
 * ```ts
 * @PositiveIntegerField() declare stock: number;
 * ```
 */
export function PositiveIntegerField<const O extends FieldOptions<number>>(
  options?: O,
): FieldDecorator<Nullable<number, O>> {
  return decorator(() => new PositiveIntegerFieldImpl(options));
}

/**
 * A `smallint` ≥ 0.
 *
 * @example
 * ```ts
 * @PositiveSmallIntegerField() declare age: number;
 * ```
 */
export function PositiveSmallIntegerField<const O extends FieldOptions<number>>(
  options?: O,
): FieldDecorator<Nullable<number, O>> {
  return decorator(() => new PositiveSmallIntegerFieldImpl(options));
}

/**
 * A `bigint`, as a JavaScript `bigint`.
 *
 * @example
 * ```ts
 * @BigIntegerField() declare views: bigint;
 * ```
 */
export function BigIntegerField<const O extends FieldOptions<bigint>>(
  options?: O,
): FieldDecorator<Nullable<bigint, O>> {
  return decorator(() => new BigIntegerFieldImpl(options));
}

/**
 * A `bigint` ≥ 0, as a JavaScript `bigint`.
 *
 * @example
 * ```ts
 * @PositiveBigIntegerField() declare bytes: bigint;
 * ```
 */
export function PositiveBigIntegerField<const O extends FieldOptions<bigint>>(
  options?: O,
): FieldDecorator<Nullable<bigint, O>> {
  return decorator(() => new PositiveBigIntegerFieldImpl(options));
}

/**
 * A `double precision` number.
 *
 * @example
 * ```ts
 * @FloatField() declare ratio: number;
 * ```
 */
export function FloatField<const O extends FieldOptions<number>>(
  options?: O,
): FieldDecorator<Nullable<number, O>> {
  return decorator(() => new FloatFieldImpl(options));
}

/**
 * A `numeric(maxDigits, decimalPlaces)`, as a string.
 *
 * @example
 * ```ts
 * @DecimalField({ maxDigits: 10, decimalPlaces: 2 }) declare price: string;
 * ```
 */
export function DecimalField<const O extends DecimalFieldOptions>(
  options?: O,
): FieldDecorator<Nullable<string, O>> {
  return decorator(() => new DecimalFieldImpl(options));
}

/**
 * A `boolean`.
 *
 * @example
 * ```ts
 * @BooleanField({ default: false }) declare published: boolean;
 * ```
 */
export function BooleanField<const O extends FieldOptions<boolean>>(
  options?: O,
): FieldDecorator<Nullable<boolean, O>> {
  return decorator(() => new BooleanFieldImpl(options));
}

/**
 * A `date`, as a `Date` at UTC midnight.
 *
 * @example
 * ```ts
 * @DateField() declare birthday: Date;
 * ```
 */
export function DateField<const O extends DateFieldOptions>(
  options?: O,
): FieldDecorator<Nullable<Date, O>> {
  return decorator(() => new DateFieldImpl(options));
}

/**
 * A `timestamp with time zone`, as a `Date`.
 *
 * @example
 * ```ts
 * @DateTimeField({ autoNowAdd: true }) declare created: Date;
 * ```
 */
export function DateTimeField<const O extends DateFieldOptions>(
  options?: O,
): FieldDecorator<Nullable<Date, O>> {
  return decorator(() => new DateTimeFieldImpl(options));
}

/**
 * A `time`, as "HH:MM:SS".
 *
 * @example
 * ```ts
 * @TimeField() declare opensAt: string;
 * ```
 */
export function TimeField<const O extends FieldOptions<string>>(
  options?: O,
): FieldDecorator<Nullable<string, O>> {
  return decorator(() => new TimeFieldImpl(options));
}

/**
 * An `interval`, as milliseconds.
 *
 * @example
 * ```ts
 * @DurationField() declare estimate: number;
 * ```
 */
export function DurationField<const O extends FieldOptions<number>>(
  options?: O,
): FieldDecorator<Nullable<number, O>> {
  return decorator(() => new DurationFieldImpl(options));
}

/**
 * A `uuid`, as a string.
 *
 * @example
 * ```ts
 * @UUIDField({ default: () => crypto.randomUUID() }) declare token: string;
 * ```
 */
export function UUIDField<const O extends FieldOptions<string>>(
  options?: O,
): FieldDecorator<Nullable<string, O>> {
  return decorator(() => new UUIDFieldImpl(options));
}

/**
 * A `jsonb` value; the declared type is yours to choose (`null` is a JSON value too).
 *
 * @example
 * ```ts
 * @JSONField({ default: () => ({}) }) declare data: Record<string, unknown>;
 * ```
 */
export function JSONField(
  options: FieldOptions<unknown> = {},
): <T extends Record<K, unknown>, K extends string>(target: T, key: K) => void {
  return (target, key) => defineField(target, key, new JSONFieldImpl(options));
}

/**
 * A `bytea`, as a `Uint8Array`.
 *
 * @example
 * ```ts
 * @BinaryField() declare data: Uint8Array;
 * ```
 */
export function BinaryField<const O extends BinaryFieldOptions>(
  options?: O,
): FieldDecorator<Nullable<Uint8Array, O>> {
  return decorator(() => new BinaryFieldImpl(options));
}

/**
 * A file kept in a storage: the column holds its name (`varchar(100)`), the instance a
 * `FieldFile` (`name`, `url`, `open()`, `save()`, `delete()`).
 *
 * @example
 * ```ts
 * @FileField({ uploadTo: "docs/%Y/" }) declare file: FieldFile;
 * ```
 */
export function FileField<const O extends FileFieldOptions>(
  options?: O,
): FieldDecorator<Nullable<FieldFile, O>> {
  return decorator(() => new FileFieldImpl(options));
}

/**
 * An image kept in a storage, as FileField, with its width and height copied to
 * `widthField`/`heightField` when set.
 *
 * @example
 * ```ts
 * @ImageField({ uploadTo: "photos/", widthField: "width", heightField: "height" }) declare photo: FieldFile;
 * ```
 */
export function ImageField<const O extends ImageFieldOptions>(
  options?: O,
): FieldDecorator<Nullable<FieldFile, O>> {
  return decorator(() => new ImageFieldImpl(options));
}
