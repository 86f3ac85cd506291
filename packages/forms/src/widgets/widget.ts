/** Widget: the HTML side of a field: renders a template with its attributes and reads its value back from the data. */
import type { DataSource } from "../form-data.js";
import { defaultRenderer, type FormRenderer } from "../renderer.js";

/** HTML attributes: `true` renders the bare name, `false` leaves it out. */
export type Attrs = Record<string, string | number | boolean>;

/**
 * Options of every widget.
 *
 * @example
 * new TextInput({ attrs: { class: "wide", placeholder: "Subject" } });
 */
export interface WidgetOptions {
  attrs?: Attrs;
}

/** The `widget` variable a widget template sees (Django's names). */
export interface WidgetContext {
  name: string;
  is_hidden: boolean;
  required: boolean;
  value: unknown;
  attrs: Attrs;
  template_name: string;
  type?: string;
  [key: string]: unknown;
}

/**
 * The base of every widget. Subclasses set `templateName` (and `inputType` for `<input>`s).
 *
 * @example
 * class ColorInput extends Input { override inputType = "color"; override templateName = "tango/forms/widgets/input.html"; }
 */
export abstract class Widget {
  attrs: Attrs;
  abstract templateName: string;
  isHidden = false;
  needsMultipartForm = false;
  /** Set by the field: whether the `required` attribute may be rendered. */
  isRequired = false;

  constructor(options: WidgetOptions = {}) {
    this.attrs = { ...(options.attrs ?? {}) };
  }

  /** A copy with its own `attrs` (forms copy their fields' widgets). */
  clone(): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this);
    copy.attrs = { ...this.attrs };
    return copy;
  }

  /** The value as the template shows it: `null` for empty. */
  formatValue(value: unknown): unknown {
    if (value === "" || value === null || value === undefined) return null;
    return String(value);
  }

  /** The template context of this widget. */
  getContext(name: string, value: unknown, attrs: Attrs = {}): { widget: WidgetContext } {
    return {
      widget: {
        name,
        is_hidden: this.isHidden,
        required: this.isRequired,
        value: this.formatValue(value),
        attrs: { ...this.attrs, ...attrs },
        template_name: this.templateName,
      },
    };
  }

  /** The widget's HTML (bound fields mark it safe for templates). */
  render(name: string, value: unknown, attrs: Attrs = {}, renderer?: FormRenderer): string {
    return (renderer ?? defaultRenderer()).render(
      this.templateName,
      this.getContext(name, value, attrs),
    );
  }

  /** The raw value of this widget in the submitted data. */
  valueFromDatadict(data: DataSource, _files: DataSource, name: string): unknown {
    return data.get(name);
  }

  /** Whether the data lacks this widget entirely (not just an empty value). */
  valueOmittedFromData(data: DataSource, _files: DataSource, name: string): boolean {
    return !data.has(name);
  }

  /** The id a `<label for>` points at. */
  idForLabel(id: string): string {
    return id;
  }

  /** Whether to render `required` given the field's initial value. */
  useRequiredAttribute(_initial: unknown): boolean {
    return !this.isHidden;
  }
}
