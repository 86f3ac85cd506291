/** The choice widgets: Select, SelectMultiple, RadioSelect, CheckboxSelectMultiple, NullBooleanSelect. */
import type { DataSource } from "../form-data.js";
import { type Attrs, Widget, type WidgetContext, type WidgetOptions } from "./widget.js";

/** A choice: `[value, label]`, or a group `[groupLabel, [[value, label], ...]]`. */
export type Choice =
  | readonly [unknown, string]
  | readonly [string, readonly (readonly [unknown, string])[]];

/**
 * Options of the choice widgets.
 *
 * @example
 * new Select({ choices: [["a", "Apple"], ["b", "Banana"]] });
 */
export interface ChoiceWidgetOptions extends WidgetOptions {
  choices?: readonly Choice[];
}

/** One `<option>` (or radio/checkbox) as the templates see it. */
export interface OptionContext {
  name: string;
  value: string;
  label: string;
  selected: boolean;
  index: string;
  attrs: Attrs;
  type: string;
  template_name: string;
  wrap_label: boolean;
}

function isGroup(
  choice: Choice,
): choice is readonly [string, readonly (readonly [unknown, string])[]] {
  return Array.isArray(choice[1]);
}

function asString(value: unknown): string {
  return value === null || value === undefined ? "" : String(value);
}

/**
 * The base of the choice widgets: builds option groups for its template.
 *
 * @example
 * class Stars extends ChoiceWidget { override templateName = "my/stars.html"; }
 */
export abstract class ChoiceWidget extends Widget {
  allowMultipleSelected = false;
  inputType: string | undefined = undefined;
  abstract optionTemplateName: string;
  addIdIndex = true;
  optionInheritsAttrs = true;
  choices: readonly Choice[];

  constructor(options: ChoiceWidgetOptions = {}) {
    super(options);
    this.choices = options.choices ?? [];
  }

  override formatValue(value: unknown): string[] {
    const list = Array.isArray(value) ? value : [value];
    return list.filter((v) => v !== null && v !== undefined).map(asString);
  }

  protected buildOption(
    name: string,
    value: unknown,
    label: string,
    selected: boolean,
    index: string,
    attrs: Attrs,
  ): OptionContext {
    const optionAttrs: Attrs = this.optionInheritsAttrs ? { ...attrs } : {};
    if (selected) optionAttrs[this.inputType ? "checked" : "selected"] = true;
    if (this.addIdIndex && typeof optionAttrs.id === "string")
      optionAttrs.id = `${optionAttrs.id}_${index}`;
    return {
      name,
      value: asString(value),
      label,
      selected,
      index,
      attrs: optionAttrs,
      type: this.inputType ?? "",
      template_name: this.optionTemplateName,
      wrap_label: true,
    };
  }

  /** `[groupName, options, index]` triples, as Django's `optgroups()`. */
  optgroups(
    name: string,
    value: readonly string[],
    attrs: Attrs,
  ): [string | null, OptionContext[], number][] {
    const groups: [string | null, OptionContext[], number][] = [];
    let hasSelected = false;
    const pick = (v: unknown): boolean => {
      const selected = (!hasSelected || this.allowMultipleSelected) && value.includes(asString(v));
      hasSelected ||= selected;
      return selected;
    };
    this.choices.forEach((choice, index) => {
      if (isGroup(choice)) {
        const options = choice[1].map(([v, l], sub) =>
          this.buildOption(name, v, l, pick(v), `${index}_${sub}`, attrs),
        );
        groups.push([choice[0], options, index]);
      } else {
        groups.push([
          null,
          [this.buildOption(name, choice[0], choice[1], pick(choice[0]), String(index), attrs)],
          index,
        ]);
      }
    });
    return groups;
  }

  override getContext(name: string, value: unknown, attrs: Attrs = {}): { widget: WidgetContext } {
    const context = super.getContext(name, value, attrs);
    context.widget.optgroups = this.optgroups(
      name,
      context.widget.value as string[],
      context.widget.attrs,
    );
    return context;
  }

  override idForLabel(id: string, index = "0"): string {
    return id && this.addIdIndex ? `${id}_${index}` : id;
  }

  override valueFromDatadict(data: DataSource, _files: DataSource, name: string): unknown {
    return this.allowMultipleSelected ? data.getList(name) : data.get(name);
  }
}

/**
 * `<select>`.
 *
 * @example
 * new Select({ choices: [["a", "Apple"]] });
 */
export class Select extends ChoiceWidget {
  templateName = "tango/forms/widgets/select.html";
  optionTemplateName = "tango/forms/widgets/select_option.html";
  override addIdIndex = false;
  override optionInheritsAttrs = false;

  override getContext(name: string, value: unknown, attrs: Attrs = {}): { widget: WidgetContext } {
    const context = super.getContext(name, value, attrs);
    if (this.allowMultipleSelected) context.widget.attrs.multiple = true;
    return context;
  }

  override useRequiredAttribute(initial: unknown): boolean {
    // Django: `required` only when the first option is a placeholder (empty value).
    const base = super.useRequiredAttribute(initial);
    if (!base || this.allowMultipleSelected) return base;
    const first = this.choices[0];
    return first !== undefined && !isGroup(first) && asString(first[0]) === "";
  }
}

/**
 * `<select multiple>`.
 *
 * @example
 * new SelectMultiple({ choices: [["a", "Apple"], ["b", "Banana"]] });
 */
export class SelectMultiple extends Select {
  override allowMultipleSelected = true;

  override valueOmittedFromData(): boolean {
    // An empty <select multiple> is not sent at all.
    return false;
  }
}

/**
 * Radio buttons in `<div>`s.
 *
 * @example
 * new RadioSelect({ choices: [["s", "Small"], ["l", "Large"]] });
 */
export class RadioSelect extends ChoiceWidget {
  override inputType = "radio";
  templateName = "tango/forms/widgets/radio.html";
  optionTemplateName = "tango/forms/widgets/radio_option.html";

  override idForLabel(id: string, index?: string): string {
    // The label of the whole group points at nothing (Django 5).
    return index === undefined ? "" : super.idForLabel(id, index);
  }
}

/**
 * Checkboxes in `<div>`s, for multiple choices.
 *
 * @example
 * new CheckboxSelectMultiple({ choices: [["a", "Apple"], ["b", "Banana"]] });
 */
export class CheckboxSelectMultiple extends RadioSelect {
  override allowMultipleSelected = true;
  override inputType = "checkbox";
  override templateName = "tango/forms/widgets/checkbox_select.html";
  override optionTemplateName = "tango/forms/widgets/checkbox_option.html";

  override useRequiredAttribute(): boolean {
    // The browser would demand every box be checked.
    return false;
  }

  override valueOmittedFromData(): boolean {
    return false;
  }
}

/**
 * A `<select>` of Unknown/Yes/No for NullBooleanField.
 *
 * @example
 * new NullBooleanSelect();
 */
export class NullBooleanSelect extends Select {
  constructor(options: WidgetOptions = {}) {
    super({
      ...options,
      choices: [
        ["unknown", "Unknown"],
        ["true", "Yes"],
        ["false", "No"],
      ],
    });
  }

  override formatValue(value: unknown): string[] {
    const map = new Map<unknown, string>([
      [true, "true"],
      [false, "false"],
      ["true", "true"],
      ["false", "false"],
      ["2", "true"],
      ["3", "false"],
    ]);
    return [map.get(value) ?? "unknown"];
  }

  override valueFromDatadict(data: DataSource, _files: DataSource, name: string): unknown {
    const value = data.get(name);
    const map = new Map<unknown, boolean>([
      [true, true],
      ["True", true],
      ["true", true],
      ["2", true],
      [false, false],
      ["False", false],
      ["false", false],
      ["3", false],
    ]);
    return map.has(value) ? map.get(value) : null;
  }
}
