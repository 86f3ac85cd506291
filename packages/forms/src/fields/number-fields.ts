/** The number fields: IntegerField, FloatField and DecimalField (kept as a string, never a lossy float). */
import { z } from "zod";
import { NumberInput } from "../widgets/inputs.js";
import type { Attrs, Widget } from "../widgets/widget.js";
import { Field, type FieldOptions, isEmptyValue, type Optional } from "./field.js";

/**
 * Options of the number fields.
 *
 * @example
 * new IntegerField({ minValue: 1, maxValue: 10, stepSize: 2 });
 */
export interface NumberFieldOptions extends FieldOptions {
  readonly maxValue?: number;
  readonly minValue?: number;
  readonly stepSize?: number;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

abstract class NumberField<T> extends Field<T> {
  maxValue: number | undefined;
  minValue: number | undefined;
  stepSize: number | undefined;

  constructor(options: NumberFieldOptions = {}) {
    super(options);
    this.maxValue = options.maxValue;
    this.minValue = options.minValue;
    this.stepSize = options.stepSize;
    Object.assign(this.widget.attrs, this.widgetAttrs(this.widget));
  }

  protected override defaultWidget(): Widget {
    return new NumberInput();
  }

  protected override messages(): Record<string, string> {
    return {
      ...super.messages(),
      invalid: "Enter a number.",
      max_value: "Ensure this value is less than or equal to %(limit_value)s.",
      min_value: "Ensure this value is greater than or equal to %(limit_value)s.",
      step_size: "Ensure this value is a multiple of step size %(limit_value)s.",
    };
  }

  protected numberSchema(): z.ZodNumber {
    let schema = z.number();
    if (this.maxValue !== undefined) schema = schema.max(this.maxValue);
    if (this.minValue !== undefined) schema = schema.min(this.minValue);
    if (this.stepSize !== undefined) schema = schema.multipleOf(this.stepSize);
    return schema;
  }

  override widgetAttrs(widget: Widget): Attrs {
    const attrs: Attrs = {};
    if (!(widget instanceof NumberInput)) return attrs;
    if (this.minValue !== undefined) attrs.min = String(this.minValue);
    if (this.maxValue !== undefined) attrs.max = String(this.maxValue);
    if (this.stepSize !== undefined) attrs.step = String(this.stepSize);
    return attrs;
  }
}

/**
 * A whole number ("Enter a whole number."). Cleans to `number`, or `null` when optional and empty.
 *
 * @example
 * await new IntegerField({ maxValue: 10 }).clean("7"); // 7
 */
export class IntegerField<const O extends NumberFieldOptions = {}> extends NumberField<
  Optional<number, O>
> {
  constructor(options?: O) {
    super(options);
  }

  protected override messages(): Record<string, string> {
    return { ...super.messages(), invalid: "Enter a whole number." };
  }

  override toPython(value: unknown): Optional<number, O> | null {
    if (isEmptyValue(value)) return null;
    if (typeof value === "number" && Number.isInteger(value)) return value as Optional<number, O>;
    // As Django: "1.0" and "1.00" are whole numbers.
    const text = String(value)
      .trim()
      .replace(/\.0*\s*$/, "");
    if (!/^[+-]?\d+$/.test(text)) throw this.error("invalid", { value });
    const number = Number(text);
    if (!Number.isSafeInteger(number)) throw this.error("invalid", { value });
    return number as Optional<number, O>;
  }

  protected override schema(): z.ZodType {
    return this.numberSchema();
  }
}

/**
 * A floating-point number ("Enter a number."). Cleans to `number` (finite only).
 *
 * @example
 * await new FloatField().clean("1.5"); // 1.5
 */
export class FloatField<const O extends NumberFieldOptions = {}> extends NumberField<
  Optional<number, O>
> {
  constructor(options?: O) {
    super(options);
  }

  override toPython(value: unknown): Optional<number, O> | null {
    if (isEmptyValue(value)) return null;
    if (typeof value === "number" && Number.isFinite(value)) return value as Optional<number, O>;
    const text = String(value).trim();
    if (!NUMBER.test(text)) throw this.error("invalid", { value });
    const number = Number(text);
    if (!Number.isFinite(number)) throw this.error("invalid", { value });
    return number as Optional<number, O>;
  }

  protected override schema(): z.ZodType {
    return this.numberSchema();
  }

  override widgetAttrs(widget: Widget): Attrs {
    const attrs = super.widgetAttrs(widget);
    if (widget instanceof NumberInput && attrs.step === undefined) attrs.step = "any";
    return attrs;
  }
}

/**
 * Options of DecimalField.
 *
 * @example
 * new DecimalField({ maxDigits: 5, decimalPlaces: 2 });
 */
export interface DecimalFieldOptions extends NumberFieldOptions {
  readonly maxDigits?: number;
  readonly decimalPlaces?: number;
}

/** Django's digit counting of a Decimal: total, decimals and whole digits. */
function countDigits(text: string): { digits: number; decimals: number } {
  const [whole = "", fraction = ""] = text.replace(/^[+-]/, "").split(".");
  const tuple = `${whole}${fraction}`.replace(/^0+/, "") || "0";
  const exponent = -fraction.length;
  if (exponent >= 0) return { digits: tuple === "0" ? 1 : tuple.length, decimals: 0 };
  if (-exponent > tuple.length) return { digits: -exponent, decimals: -exponent };
  return { digits: tuple.length, decimals: -exponent };
}

/**
 * A decimal number, cleaned to its exact string ("1.50"), never a float. Checks `maxDigits`
 * and `decimalPlaces` with Django's messages.
 *
 * @example
 * await new DecimalField({ maxDigits: 5, decimalPlaces: 2 }).clean("123.45"); // "123.45"
 */
export class DecimalField<const O extends DecimalFieldOptions = {}> extends NumberField<
  Optional<string, O>
> {
  maxDigits: number | undefined;
  decimalPlaces: number | undefined;

  constructor(options?: O) {
    super(options);
    this.maxDigits = options?.maxDigits;
    this.decimalPlaces = options?.decimalPlaces;
    Object.assign(this.widget.attrs, this.widgetAttrs(this.widget));
  }

  protected override pluralMessages(): Record<string, readonly [string, string, string]> {
    return {
      max_digits: [
        "Ensure that there are no more than %(max)s digit in total.",
        "Ensure that there are no more than %(max)s digits in total.",
        "max",
      ],
      max_decimal_places: [
        "Ensure that there are no more than %(max)s decimal place.",
        "Ensure that there are no more than %(max)s decimal places.",
        "max",
      ],
      max_whole_digits: [
        "Ensure that there are no more than %(max)s digit before the decimal point.",
        "Ensure that there are no more than %(max)s digits before the decimal point.",
        "max",
      ],
    };
  }

  override toPython(value: unknown): Optional<string, O> | null {
    if (isEmptyValue(value)) return null;
    const text = String(value).trim();
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) throw this.error("invalid", { value });
    const normal = text
      .replace(/^\+/, "")
      .replace(/^(-?)\./, "$10.")
      .replace(/\.$/, "");
    return normal as Optional<string, O>;
  }

  protected override schema(): z.ZodType {
    const { maxDigits, decimalPlaces } = this;
    const range = this.numberSchema();
    return z.string().superRefine((text, ctx) => {
      const numeric = range.safeParse(Number(text));
      if (!numeric.success)
        for (const issue of numeric.error.issues)
          ctx.addIssue({ ...issue, input: Number(text) } as never);
      const { digits, decimals } = countDigits(text);
      const fail = (code: string, max: number): void =>
        ctx.addIssue({ code: "custom", input: text, params: { code, max } });
      if (maxDigits !== undefined && digits > maxDigits) return fail("max_digits", maxDigits);
      if (decimalPlaces !== undefined && decimals > decimalPlaces)
        return fail("max_decimal_places", decimalPlaces);
      if (
        maxDigits !== undefined &&
        decimalPlaces !== undefined &&
        digits - decimals > maxDigits - decimalPlaces
      )
        return fail("max_whole_digits", maxDigits - decimalPlaces);
    });
  }

  override widgetAttrs(widget: Widget): Attrs {
    const attrs = super.widgetAttrs(widget);
    if (widget instanceof NumberInput && attrs.step === undefined) {
      const places = (this as { decimalPlaces?: number }).decimalPlaces;
      attrs.step =
        places === undefined ? "any" : places === 0 ? "1" : `0.${"0".repeat(places - 1)}1`;
    }
    return attrs;
  }
}
