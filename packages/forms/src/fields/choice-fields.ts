/** The choice fields: ChoiceField, TypedChoiceField and MultipleChoiceField. */
import { type Choice, Select, SelectMultiple } from "../widgets/choice-widgets.js";
import type { Widget } from "../widgets/widget.js";
import { Field, type FieldOptions, isEmptyValue } from "./field.js";

/**
 * Options of the choice fields.
 *
 * @example
 * new ChoiceField({ choices: [["s", "Small"], ["l", "Large"]] });
 */
export interface ChoiceFieldOptions extends FieldOptions {
  /** `[value, label]` pairs, or groups `[label, pairs]`. */
  readonly choices?: readonly Choice[];
}

function flatValues(choices: readonly Choice[]): string[] {
  return choices.flatMap((c) =>
    Array.isArray(c[1])
      ? (c[1] as readonly (readonly [unknown, string])[]).map((p) => String(p[0]))
      : [String(c[0])],
  );
}

/**
 * The choices logic of ChoiceField and TypedChoiceField: a `choices` list shared with the widget.
 *
 * @example
 * class SizeField extends BaseChoiceField<string> {}
 */
export abstract class BaseChoiceField<T> extends Field<T> {
  protected choiceList: readonly Choice[] = [];

  constructor(options: ChoiceFieldOptions = {}) {
    super(options);
    this.choices = options.choices ?? [];
  }

  /** The choices; setting them updates the widget's. */
  get choices(): readonly Choice[] {
    return this.choiceList;
  }

  set choices(value: readonly Choice[]) {
    this.choiceList = [...value];
    if ("choices" in this.widget)
      (this.widget as { choices: readonly Choice[] }).choices = this.choiceList;
  }

  protected override defaultWidget(): Widget {
    return new Select();
  }

  protected override messages(): Record<string, string> {
    return {
      ...super.messages(),
      invalid_choice: "Select a valid choice. %(value)s is not one of the available choices.",
    };
  }

  /** Whether `value` is one of the choices. */
  validValue(value: string): boolean {
    return flatValues(this.choiceList).includes(value);
  }

  override validate(value: T | null): void {
    super.validate(value);
    const text = value as unknown as string;
    if (text && !this.validValue(text)) throw this.error("invalid_choice", { value: text });
  }
}

/**
 * One of `choices`. Cleans to the chosen value as a string ("" when optional and empty).
 *
 * @example
 * await new ChoiceField({ choices: [["s", "Small"]] }).clean("s"); // "s"
 */
export class ChoiceField extends BaseChoiceField<string> {
  override toPython(value: unknown): string {
    return isEmptyValue(value) ? "" : String(value);
  }
}

/**
 * Options of TypedChoiceField.
 *
 * @example
 * new TypedChoiceField({ choices: [["1", "One"]], coerce: Number });
 */
export interface TypedChoiceFieldOptions<T = unknown> extends ChoiceFieldOptions {
  readonly coerce: (value: string) => T;
  /** What an empty optional value cleans to (default ""). */
  readonly emptyValue?: unknown;
}

type TypedValue<O> = O extends { coerce: (value: string) => infer T } ? T : string;
type TypedEmpty<O> = O extends { emptyValue: infer E } ? E : "";

/**
 * A ChoiceField whose value is passed through `coerce` ("1" → 1); an empty optional value
 * cleans to `emptyValue` ("").
 *
 * @example
 * await new TypedChoiceField({ choices: [["1", "One"]], coerce: Number }).clean("1"); // 1
 */
export class TypedChoiceField<
  const O extends TypedChoiceFieldOptions = TypedChoiceFieldOptions,
> extends BaseChoiceField<
  O extends { readonly required: false } ? TypedValue<O> | TypedEmpty<O> : TypedValue<O>
> {
  coerce: (value: string) => unknown;
  emptyValue: unknown;

  constructor(options: O) {
    super(options);
    this.coerce = options.coerce;
    this.emptyValue = "emptyValue" in options ? options.emptyValue : "";
  }

  override toPython(value: unknown): never {
    return (isEmptyValue(value) ? "" : String(value)) as never;
  }

  override async clean(value: unknown): Promise<never> {
    const text = (await super.clean(value)) as unknown as string;
    if (text === "") return this.emptyValue as never;
    try {
      return this.coerce(text) as never;
    } catch {
      throw this.error("invalid_choice", { value: text });
    }
  }
}

/**
 * Several of `choices`: cleans to `string[]` ("Enter a list of values." for a non-list).
 *
 * @example
 * await new MultipleChoiceField({ choices: [["a", "A"], ["b", "B"]] }).clean(["a", "b"]);
 */
export class MultipleChoiceField extends Field<string[]> {
  choices: readonly Choice[];

  constructor(options: ChoiceFieldOptions = {}) {
    super(options);
    this.choices = options.choices ?? [];
    (this.widget as { choices?: readonly Choice[] }).choices = this.choices;
  }

  protected override defaultWidget(): Widget {
    return new SelectMultiple();
  }

  protected override messages(): Record<string, string> {
    return {
      ...super.messages(),
      invalid_choice: "Select a valid choice. %(value)s is not one of the available choices.",
      invalid_list: "Enter a list of values.",
    };
  }

  override toPython(value: unknown): string[] {
    if (isEmptyValue(value)) return [];
    if (!Array.isArray(value)) throw this.error("invalid_list");
    return value.map(String);
  }

  override validate(value: string[] | null): void {
    if (this.required && (!value || value.length === 0)) throw this.error("required");
    const valid = flatValues(this.choices);
    for (const item of value ?? []) {
      if (!valid.includes(item)) throw this.error("invalid_choice", { value: item });
    }
  }

  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    const a = new Set(
      (Array.isArray(initial) ? initial : initial == null ? [] : [initial]).map(String),
    );
    const b = new Set((Array.isArray(data) ? data : data == null ? [] : [data]).map(String));
    return a.size !== b.size || [...a].some((v) => !b.has(v));
  }
}
