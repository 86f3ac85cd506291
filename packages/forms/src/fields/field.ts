/** Field: the base of every form field: turns raw data into a typed value, checks it with a zod schema and validators, with Django's messages. */
import { ValidationError } from "@tango/core";
import type { z } from "zod";
import { FieldErrors, FieldValidationError } from "../errors.js";
import { errorCodeKey, interpolate } from "../messages.js";
import { TextInput } from "../widgets/inputs.js";
import type { Attrs, Widget } from "../widgets/widget.js";

/**
 * A validator: throws core's `ValidationError` (or {@link FieldValidationError}) to reject.
 *
 * @example
 * const even: Validator<number> = (n) => { if (n % 2) throw new ValidationError("Enter an even number."); };
 */
export type Validator<T> = {
  // Method syntax keeps fields assignable to Field<unknown> (parameters compare bivariantly).
  validate(value: T): void | Promise<void>;
}["validate"];

/**
 * Options every field takes.
 *
 * @example
 * new CharField({ label: "Your name", helpText: "As on your passport.", required: false });
 */
export interface FieldOptions {
  /** Default true: empty values are refused with "This field is required.". */
  readonly required?: boolean;
  /** Default: the field name, capitalised, underscores as spaces. */
  readonly label?: string;
  /** The value an unbound form shows (a function is called each time). */
  readonly initial?: unknown;
  /** Shown next to the field (not escaped, as in Django). */
  readonly helpText?: string;
  /** A widget instance or class instead of the field's default. */
  readonly widget?: Widget | (new () => Widget);
  /** Run after the field's own checks, on non-empty values. */
  readonly validators?: readonly Validator<never>[];
  /** Messages by Django's code (`required`, `invalid`, `max_length` or `maxLength`, ...). */
  readonly errorMessages?: Readonly<Record<string, string>>;
  /** Rendered disabled; the submitted value is ignored for the initial one. */
  readonly disabled?: boolean;
  /** Renders a hidden input with the initial value beside the widget. */
  readonly showHiddenInitial?: boolean;
  /** Overrides the form's label suffix (":"). */
  readonly labelSuffix?: string;
}

/**
 * The cleaned value type for options `O`: `V | null` unless the field is required.
 *
 * @example
 * type A = Optional<number, { required: false }>; // number | null
 */
export type Optional<V, O> = O extends { readonly required: true }
  ? V
  : O extends { readonly required: boolean }
    ? V | null
    : V;

const EMPTY_VALUES: readonly unknown[] = [null, undefined, ""];

/**
 * Whether Django counts `value` as empty (`None`, `""`, `[]`, `{}`).
 *
 * @example
 * isEmptyValue([]); // true
 */
export function isEmptyValue(value: unknown): boolean {
  if (EMPTY_VALUES.includes(value)) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (
    value !== null &&
    typeof value === "object" &&
    Object.getPrototypeOf(value) === Object.prototype
  )
    return Object.keys(value).length === 0;
  return false;
}

function zodIssueCode(
  issue: z.core.$ZodIssue,
  value: unknown,
): { code: string; params: Record<string, unknown> } {
  const input = (issue as { input?: unknown }).input ?? value;
  const length = typeof input === "string" || Array.isArray(input) ? input.length : undefined;
  switch (issue.code) {
    case "too_big":
      return issue.origin === "string" || issue.origin === "array"
        ? { code: "max_length", params: { limit_value: Number(issue.maximum), show_value: length } }
        : { code: "max_value", params: { limit_value: issue.maximum } };
    case "too_small":
      return issue.origin === "string" || issue.origin === "array"
        ? { code: "min_length", params: { limit_value: Number(issue.minimum), show_value: length } }
        : { code: "min_value", params: { limit_value: issue.minimum } };
    case "not_multiple_of":
      return { code: "step_size", params: { limit_value: issue.divisor } };
    case "custom": {
      const params = (issue.params ?? {}) as Record<string, unknown>;
      return { code: String(params.code ?? "invalid"), params };
    }
    default:
      return { code: "invalid", params: {} };
  }
}

/**
 * The base of every field. `T` is the cleaned value's type, which the form's `cleanedData`
 * carries. Subclasses override `toPython()` (raw → typed), `schema()` (the zod checks of their
 * options) and `messages()` (Django's default texts).
 *
 * @example
 * class EvenField extends IntegerField { override validate(v: number) { super.validate(v); if (v % 2) throw this.error("invalid"); } }
 */
export abstract class Field<T = unknown> {
  /** The cleaned value's type, for typing only. */
  declare readonly "~cleaned": T;
  required: boolean;
  label: string | undefined;
  initial: unknown;
  helpText: string;
  widget: Widget;
  validators: Validator<T>[];
  errorMessages: Record<string, string>;
  disabled: boolean;
  showHiddenInitial: boolean;
  labelSuffix: string | undefined;

  constructor(options: FieldOptions = {}) {
    this.required = options.required ?? true;
    this.label = options.label;
    this.initial = options.initial;
    this.helpText = options.helpText ?? "";
    this.disabled = options.disabled ?? false;
    this.showHiddenInitial = options.showHiddenInitial ?? false;
    this.labelSuffix = options.labelSuffix;
    this.validators = [...((options.validators ?? []) as Validator<T>[])];
    this.errorMessages = {};
    for (const [key, text] of Object.entries(options.errorMessages ?? {}))
      this.errorMessages[errorCodeKey(key)] = text;
    const widget = options.widget;
    this.widget =
      widget === undefined
        ? this.defaultWidget()
        : typeof widget === "function"
          ? new widget()
          : widget.clone();
    this.widget.isRequired = this.required;
    Object.assign(this.widget.attrs, this.widgetAttrs(this.widget));
  }

  /** The widget used when none is given. */
  protected defaultWidget(): Widget {
    return new TextInput();
  }

  /** Django's default messages, by code; subclasses add theirs. */
  protected messages(): Record<string, string> {
    return { required: "This field is required." };
  }

  /** Messages with a plural form, by code: `[singular, plural, count parameter]`. */
  protected pluralMessages(): Record<string, readonly [string, string, string]> {
    return {};
  }

  /** The zod schema of this field's option checks, run on non-empty cleaned values. */
  protected schema(): z.ZodType | undefined {
    return undefined;
  }

  /** Extra HTML attributes the field gives its widget (`maxlength`, `min`, ...). */
  widgetAttrs(_widget: Widget): Attrs {
    return {};
  }

  /**
   * The error of Django code `code`, with your `errorMessages` override if any.
   *
   * @example
   * throw this.error("invalid", { value: raw });
   */
  error(code: string, params: Readonly<Record<string, unknown>> = {}): FieldValidationError {
    const forms = this.pluralMessages()[code];
    const pluralised = forms && (Number(params[forms[2]]) === 1 ? forms[0] : forms[1]);
    const template = this.errorMessages[code] ?? pluralised ?? this.messages()[code] ?? code;
    return new FieldValidationError(interpolate(template, params), code, params);
  }

  /** Raw data → typed value; throws `invalid` errors. */
  toPython(value: unknown): T | null {
    return isEmptyValue(value) ? null : (value as T);
  }

  /** Checks that need no validators: `required`. */
  validate(value: T | null): void {
    if (this.required && isEmptyValue(value)) throw this.error("required");
  }

  /** Runs the zod schema, then the validators, collecting every message. */
  async runValidators(value: T | null): Promise<void> {
    if (isEmptyValue(value)) return;
    const errors: FieldValidationError[] = [];
    const result = compiledSchema(this)?.safeParse(value);
    if (result && !result.success) {
      for (const issue of result.error.issues) {
        const { code, params } = zodIssueCode(issue, value);
        const error = this.error(code, params);
        // One validator, one message: a URL failing two zod checks is still one "invalid".
        if (!errors.some((e) => e.message === error.message)) errors.push(error);
      }
    }
    for (const validator of this.validators) {
      try {
        await validator(value as T);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        errors.push(...splitValidationError(error));
      }
    }
    if (errors.length > 0) throw new FieldErrors(errors);
  }

  /**
   * Raw data → cleaned value: `toPython()`, `validate()`, then the schema and validators.
   *
   * @example
   * await new IntegerField().clean("42"); // 42
   */
  async clean(value: unknown): Promise<T> {
    const python = this.toPython(value);
    this.validate(python);
    await this.runValidators(python);
    return python as T;
  }

  /** The value a disabled field keeps: the initial one. */
  boundData(data: unknown, initial: unknown): unknown {
    return this.disabled ? initial : data;
  }

  /** The value handed to the widget. */
  prepareValue(value: unknown): unknown {
    return value;
  }

  /** Whether submitted `data` differs from `initial`. */
  hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    let cleaned: unknown;
    try {
      cleaned = this.toPython(data);
    } catch {
      return true;
    }
    const norm = (v: unknown): string =>
      v === null || v === undefined ? "" : String(this.prepareValue(v));
    return norm(initial) !== norm(cleaned);
  }

  /** A copy with its own widget, validators and messages (each form gets its own fields). */
  clone(): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this);
    copy.widget = this.widget.clone();
    copy.validators = [...this.validators];
    copy.errorMessages = { ...this.errorMessages };
    // The checks come from options, fixed at construction: every form's copy shares them.
    schemas.set(copy, compiledSchema(this));
    return copy;
  }
}

/**
 * A ValidationError as `{ message, code }` entries (core's errors get code `""`).
 *
 * @example
 * splitValidationError(new ValidationError(["a", "b"])).length; // 2
 */
export function splitValidationError(error: ValidationError): FieldValidationError[] {
  if (error instanceof FieldErrors) return [...error.errors];
  if (error instanceof FieldValidationError) return [error];
  return error.messages.map((m) => new FieldValidationError(m));
}

// A field's options never change once it is built, so neither does its zod schema: built
// once per declared field, shared by the copy each form makes.
const schemas = new WeakMap<object, z.ZodType | undefined>();

function compiledSchema(field: Field<unknown>): z.ZodType | undefined {
  if (schemas.has(field)) return schemas.get(field);
  const schema = (field as unknown as { schema(): z.ZodType | undefined }).schema();
  schemas.set(field, schema);
  return schema;
}
