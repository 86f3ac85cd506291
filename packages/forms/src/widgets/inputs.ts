/** The `<input>` and `<textarea>` widgets: text, number, email, URL, password, hidden, dates and times, checkbox. */
import type { DataSource } from "../form-data.js";
import { type Attrs, Widget, type WidgetContext, type WidgetOptions } from "./widget.js";

/**
 * An `<input type="...">`; the base of the input widgets.
 *
 * @example
 * new Input().render("q", "tango"); // <input type="text" name="q" value="tango">
 */
export class Input extends Widget {
  inputType = "text";
  templateName = "tango/forms/widgets/input.html";

  override getContext(name: string, value: unknown, attrs: Attrs = {}): { widget: WidgetContext } {
    const context = super.getContext(name, value, attrs);
    context.widget.type = this.inputType;
    return context;
  }
}

/**
 * `<input type="text">`.
 *
 * @example
 * new TextInput({ attrs: { size: 40 } });
 */
export class TextInput extends Input {
  override inputType = "text";
  override templateName = "tango/forms/widgets/text.html";
}

/**
 * `<input type="number">`.
 *
 * @example
 * new NumberInput({ attrs: { step: "0.01" } });
 */
export class NumberInput extends Input {
  override inputType = "number";
  override templateName = "tango/forms/widgets/number.html";
}

/**
 * `<input type="email">`.
 *
 * @example
 * new EmailInput();
 */
export class EmailInput extends Input {
  override inputType = "email";
  override templateName = "tango/forms/widgets/email.html";
}

/**
 * `<input type="url">`.
 *
 * @example
 * new URLInput();
 */
export class URLInput extends Input {
  override inputType = "url";
  override templateName = "tango/forms/widgets/url.html";
}

/**
 * `<input type="password">`: never shows the submitted value again unless `renderValue`.
 *
 * @example
 * new PasswordInput({ renderValue: false });
 */
export class PasswordInput extends Input {
  override inputType = "password";
  override templateName = "tango/forms/widgets/password.html";
  renderValue: boolean;

  constructor(options: WidgetOptions & { renderValue?: boolean } = {}) {
    super(options);
    this.renderValue = options.renderValue ?? false;
  }

  override getContext(name: string, value: unknown, attrs: Attrs = {}): { widget: WidgetContext } {
    return super.getContext(name, this.renderValue ? value : null, attrs);
  }
}

/**
 * `<input type="hidden">`.
 *
 * @example
 * new HiddenInput();
 */
export class HiddenInput extends Input {
  override inputType = "hidden";
  override templateName = "tango/forms/widgets/hidden.html";
  override isHidden = true;
}

/**
 * `<input type="hidden">` once per value, for multiple-choice fields.
 *
 * @example
 * new MultipleHiddenInput();
 */
export class MultipleHiddenInput extends HiddenInput {
  override templateName = "tango/forms/widgets/multiple_hidden.html";

  override getContext(name: string, value: unknown, attrs: Attrs = {}): { widget: WidgetContext } {
    const context = super.getContext(name, value, attrs);
    const values = Array.isArray(value) ? value : [];
    const id = context.widget.attrs.id;
    context.widget.subwidgets = values.map((v, i) => ({
      ...super.getContext(name, v, id ? { ...attrs, id: `${String(id)}_${i}` } : attrs).widget,
    }));
    return context;
  }

  override valueFromDatadict(data: DataSource, _files: DataSource, name: string): unknown {
    return data.getList(name);
  }
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/**
 * `<input type="text">` showing a `Date` as `YYYY-MM-DD` (Django's first DATE_INPUT_FORMAT).
 *
 * @example
 * new DateInput({ attrs: { type: "date" } });
 */
export class DateInput extends Input {
  override templateName = "tango/forms/widgets/date.html";

  override formatValue(value: unknown): unknown {
    if (value instanceof Date && !Number.isNaN(value.getTime()))
      return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    return super.formatValue(value);
  }
}

/**
 * `<input type="text">` showing a `Date` as `YYYY-MM-DD HH:MM:SS` (UTC).
 *
 * @example
 * new DateTimeInput();
 */
export class DateTimeInput extends Input {
  override templateName = "tango/forms/widgets/datetime.html";

  override formatValue(value: unknown): unknown {
    if (value instanceof Date && !Number.isNaN(value.getTime())) {
      const d = value;
      return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    }
    return super.formatValue(value);
  }
}

/**
 * `<input type="text">` for a time (`HH:MM:SS`).
 *
 * @example
 * new TimeInput();
 */
export class TimeInput extends Input {
  override templateName = "tango/forms/widgets/time.html";
}

/**
 * `<textarea>` (40 columns, 10 rows unless `attrs` say otherwise).
 *
 * @example
 * new Textarea({ attrs: { rows: 4 } });
 */
export class Textarea extends Widget {
  templateName = "tango/forms/widgets/textarea.html";

  constructor(options: WidgetOptions = {}) {
    super({ attrs: { cols: "40", rows: "10", ...(options.attrs ?? {}) } });
  }
}

/**
 * `<input type="checkbox">`: checked when `checkTest(value)` (default: truthy).
 *
 * @example
 * new CheckboxInput({ checkTest: (v) => v === "yes" });
 */
export class CheckboxInput extends Input {
  override inputType = "checkbox";
  override templateName = "tango/forms/widgets/checkbox.html";
  checkTest: (value: unknown) => boolean;

  constructor(options: WidgetOptions & { checkTest?: (value: unknown) => boolean } = {}) {
    super(options);
    this.checkTest =
      options.checkTest ?? ((v) => v !== false && v !== null && v !== undefined && v !== "");
  }

  override formatValue(value: unknown): unknown {
    if (value === true || value === false || value === null || value === undefined || value === "")
      return null;
    return String(value);
  }

  override getContext(name: string, value: unknown, attrs: Attrs = {}): { widget: WidgetContext } {
    const extra: Attrs = this.checkTest(value) ? { ...attrs, checked: true } : attrs;
    return super.getContext(name, value, extra);
  }

  override valueFromDatadict(data: DataSource, _files: DataSource, name: string): unknown {
    // A checkbox that is not checked is not sent at all.
    if (!data.has(name)) return false;
    const value = data.get(name);
    const known: Record<string, boolean> = { true: true, false: false };
    const mapped =
      typeof value === "string" && Object.hasOwn(known, value.toLowerCase())
        ? known[value.toLowerCase()]
        : value;
    return Boolean(mapped);
  }

  override valueOmittedFromData(): boolean {
    // HTML checkboxes leave no trace when unchecked.
    return false;
  }
}
