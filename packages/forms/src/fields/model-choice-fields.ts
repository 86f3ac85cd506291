/** ModelChoiceField and ModelMultipleChoiceField: choices from a QuerySet, validated with one query. */
import type { FilterArg, QuerySet } from "@tango/orm";
import { type Choice, Select, SelectMultiple } from "../widgets/choice-widgets.js";
import type { Widget } from "../widgets/widget.js";
import { Field, type FieldOptions, isEmptyValue, type Optional } from "./field.js";

/**
 * Options of the model choice fields.
 *
 * @example
 * new ModelChoiceField(Author.objects.all(), { emptyLabel: "(nobody)", toFieldName: "slug" });
 */
export interface ModelChoiceFieldOptions extends FieldOptions {
  /** The label of the empty choice (default "---------"; `null` for none). */
  readonly emptyLabel?: string | null;
  /** The field whose value identifies a choice (default the primary key). */
  readonly toFieldName?: string;
  /** The label of each choice (default `String(instance)`). */
  readonly labelFromInstance?: (instance: never) => string;
}

function keyOf(instance: object, field: string | undefined): unknown {
  const record = instance as Record<string, unknown>;
  return field ? record[field] : record.pk;
}

abstract class BaseModelChoiceField<M extends object, T> extends Field<T> {
  queryset: QuerySet<M>;
  emptyLabel: string | null;
  toFieldName: string | undefined;
  labelFromInstance: (instance: M) => string;
  /** The loaded choices; `undefined` until `loadChoices()`. */
  loaded: readonly Choice[] | undefined = undefined;

  constructor(queryset: QuerySet<M>, options: ModelChoiceFieldOptions = {}) {
    super(options);
    this.queryset = queryset;
    const hasInitial = options.initial !== undefined && options.initial !== null;
    this.emptyLabel =
      (options.required ?? true) && hasInitial
        ? null
        : options.emptyLabel === undefined
          ? "---------"
          : options.emptyLabel;
    this.toFieldName = options.toFieldName;
    this.labelFromInstance =
      (options.labelFromInstance as ((i: M) => string) | undefined) ?? ((i) => String(i));
  }

  protected get lookup(): string {
    return this.toFieldName ?? "pk";
  }

  /** Runs the QuerySet and gives the widget its choices (forms call this in `prepare()`). */
  async loadChoices(): Promise<readonly Choice[]> {
    const rows = await this.queryset.all();
    const choices: Choice[] =
      this.emptyLabel !== null && this.withEmptyChoice() ? [["", this.emptyLabel]] : [];
    for (const row of rows)
      choices.push([String(keyOf(row, this.toFieldName)), this.labelFromInstance(row)]);
    this.loaded = choices;
    (this.widget as { choices?: readonly Choice[] }).choices = choices;
    return choices;
  }

  protected withEmptyChoice(): boolean {
    return true;
  }

  override prepareValue(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.prepareValue(v));
    if (value !== null && typeof value === "object" && "pk" in value)
      return keyOf(value, this.toFieldName);
    return value;
  }

  /** Fetches the rows whose key is one of `keys`; a malformed key yields `undefined`. */
  protected async fetch(keys: readonly string[]): Promise<M[] | undefined> {
    const condition = { [`${this.lookup}__in`]: keys } as unknown as FilterArg<M>;
    try {
      return await this.queryset.filter(condition).toArray();
    } catch {
      // A key of the wrong type (e.g. "abc" for an integer pk) is simply not a valid choice.
      return undefined;
    }
  }
}

/**
 * One row of `queryset`: the submitted key is checked with one query and cleans to the
 * instance ("Select a valid choice. That choice is not one of the available choices.").
 *
 * @example
 * const author = new ModelChoiceField(Author.objects.orderBy("name"));
 */
export class ModelChoiceField<
  M extends object,
  const O extends ModelChoiceFieldOptions = {},
> extends BaseModelChoiceField<M, Optional<M, O>> {
  constructor(queryset: QuerySet<M>, options?: O) {
    super(queryset, options);
  }

  protected override defaultWidget(): Widget {
    return new Select();
  }

  protected override messages(): Record<string, string> {
    return {
      ...super.messages(),
      invalid_choice: "Select a valid choice. That choice is not one of the available choices.",
    };
  }

  override toPython(value: unknown): never {
    return (isEmptyValue(value) ? null : String(this.prepareValue(value))) as never;
  }

  override async clean(value: unknown): Promise<Optional<M, O>> {
    const key = this.toPython(value) as string | null;
    this.validate(key as never);
    if (key === null) return null as Optional<M, O>;
    const rows = await this.fetch([key]);
    const found = rows?.[0];
    if (!found) throw this.error("invalid_choice", { value: key });
    await this.runValidators(found as Optional<M, O>);
    return found as Optional<M, O>;
  }

  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    const a = initial === null || initial === undefined ? "" : String(this.prepareValue(initial));
    const b = data === null || data === undefined ? "" : String(data);
    return a !== b;
  }
}

/**
 * Several rows of `queryset`: cleans to an array of instances, checked with one query.
 *
 * @example
 * const tags = new ModelMultipleChoiceField(Tag.objects.all(), { required: false });
 */
export class ModelMultipleChoiceField<M extends object> extends BaseModelChoiceField<M, M[]> {
  protected override defaultWidget(): Widget {
    return new SelectMultiple();
  }

  protected override withEmptyChoice(): boolean {
    return false;
  }

  protected override messages(): Record<string, string> {
    return {
      ...super.messages(),
      invalid_list: "Enter a list of values.",
      invalid_choice: "Select a valid choice. %(value)s is not one of the available choices.",
      invalid_pk_value: "“%(pk)s” is not a valid value.",
    };
  }

  override toPython(value: unknown): M[] {
    return value as M[];
  }

  override async clean(value: unknown): Promise<M[]> {
    const list = isEmptyValue(value) ? [] : value;
    if (!Array.isArray(list)) throw this.error("invalid_list");
    if (list.length === 0) {
      if (this.required) throw this.error("required");
      return [];
    }
    const keys = [...new Set(list.map((v) => String(this.prepareValue(v))))];
    const rows = await this.fetch(keys);
    if (!rows) {
      const bad = keys.find((k) => /\D/.test(k)) ?? keys[0];
      throw this.error("invalid_pk_value", { pk: bad });
    }
    const found = new Set(rows.map((r) => String(keyOf(r, this.toFieldName))));
    for (const key of keys) {
      if (!found.has(key)) throw this.error("invalid_choice", { value: key });
    }
    await this.runValidators(rows);
    return rows;
  }

  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    const norm = (v: unknown): Set<string> =>
      new Set(
        (Array.isArray(v) ? v : v == null ? [] : [v]).map((x) => String(this.prepareValue(x))),
      );
    const a = norm(initial);
    const b = norm(data);
    return a.size !== b.size || [...a].some((k) => !b.has(k));
  }
}
