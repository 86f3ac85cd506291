/** BoundField: a field with its form's data: renders the widget, label and errors; has Django's snake_case names for templates. */
import type { ErrorList } from "./error-list.js";
import type { Field } from "./fields/field.js";
import type { DataSource } from "./form-data.js";
import type { FormRenderer } from "./renderer.js";
import { rawHtml, SafeHtml, type SafeHtmlString } from "./safe-html.js";
import { CheckboxSelectMultiple, RadioSelect } from "./widgets/choice-widgets.js";
import { HiddenInput } from "./widgets/inputs.js";
import type { Attrs, Widget } from "./widgets/widget.js";

/** What a BoundField needs from its form (implemented by Form). */
export interface BoundFieldHost {
  readonly isBound: boolean;
  readonly autoId: string | false;
  readonly labelSuffix: string;
  readonly requiredCssClass: string;
  readonly errorCssClass: string;
  readonly useRequiredAttribute: boolean;
  readonly renderer: FormRenderer;
  readonly dataSource: DataSource;
  readonly filesSource: DataSource;
  addPrefix(name: string): string;
  addInitialPrefix(name: string): string;
  initialFor(field: Field, name: string): unknown;
  fieldErrors(name: string): ErrorList;
}

/**
 * "first_name" and "firstName" → "First name", as Django's `pretty_name`.
 *
 * @example
 * prettyName("emailAddress"); // "Email address"
 */
export function prettyName(name: string): string {
  const words = name
    .replace(/_/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A field of a form with its data: `{{ form.subject }}` renders its widget.
 *
 * @example
 * const bf = form.field("subject");
 * bf.labelTag(); // <label for="id_subject">Subject:</label>
 */
export class BoundField<F extends Field = Field> extends SafeHtml {
  readonly form: BoundFieldHost;
  readonly field: F;
  readonly name: string;
  readonly htmlName: string;
  readonly htmlInitialName: string;
  readonly label: string;
  readonly helpText: string;

  constructor(form: BoundFieldHost, field: F, name: string) {
    super();
    this.form = form;
    this.field = field;
    this.name = name;
    this.htmlName = form.addPrefix(name);
    this.htmlInitialName = form.addInitialPrefix(name);
    this.label = field.label ?? prettyName(name);
    this.helpText = field.helpText;
  }

  /** The field's errors (empty for unbound forms). */
  get errors(): ErrorList {
    return this.form.fieldErrors(this.name);
  }

  /** The initial value: the form's `initial[name]`, else the field's. */
  get initial(): unknown {
    return this.form.initialFor(this.field, this.name);
  }

  /** The raw submitted value. */
  get data(): unknown {
    return this.field.widget.valueFromDatadict(
      this.form.dataSource,
      this.form.filesSource,
      this.htmlName,
    );
  }

  /** The value the widget shows. */
  value(): unknown {
    let data = this.initial;
    if (this.form.isBound) data = this.field.boundData(this.data, data);
    return this.field.prepareValue(data);
  }

  /** `id_<html name>`, or "" without autoId. */
  get autoId(): string {
    const auto = this.form.autoId;
    if (!auto) return "";
    return auto.includes("%s") ? auto.replace("%s", this.htmlName) : this.htmlName;
  }

  /** The id a label points at. */
  get idForLabel(): string {
    const id = (this.field.widget.attrs.id as string | undefined) || this.autoId;
    return this.field.widget.idForLabel(id);
  }

  get isHidden(): boolean {
    return this.field.widget.isHidden;
  }

  /** Whether this renders in a `<fieldset>` with a `<legend>` (radio and checkbox groups). */
  get useFieldset(): boolean {
    return (
      this.field.widget instanceof RadioSelect ||
      this.field.widget instanceof CheckboxSelectMultiple
    );
  }

  /** The widget's class name in lower case without "input"/"widget" (Django's `widget_type`). */
  get widgetType(): string {
    return this.field.widget.constructor.name.toLowerCase().replace(/(widget|input)$/, "");
  }

  /** Whether the submitted value differs from the initial one. */
  hasChanged(): boolean {
    return this.field.hasChanged(this.initial, this.data);
  }

  /** The attributes Django 5 adds: `required`, `disabled`, `aria-invalid`, `aria-describedby`. */
  buildWidgetAttrs(attrs: Attrs, widget: Widget = this.field.widget): Attrs {
    const out: Attrs = { ...attrs };
    if (
      widget.useRequiredAttribute(this.initial) &&
      this.field.required &&
      this.form.useRequiredAttribute
    )
      out.required = true;
    if (this.field.disabled) out.disabled = true;
    if (!widget.isHidden && this.errors.length > 0) out["aria-invalid"] = "true";
    if (
      !out["aria-describedby"] &&
      !widget.attrs["aria-describedby"] &&
      this.field.helpText &&
      !this.useFieldset &&
      this.autoId
    )
      out["aria-describedby"] = `${this.autoId}_helptext`;
    return out;
  }

  /** The widget's HTML (`widget` replaces the field's, e.g. a HiddenInput). */
  asWidget(widget?: Widget, attrs: Attrs = {}, onlyInitial = false): string {
    const w = widget ?? this.field.widget;
    const built = this.buildWidgetAttrs(attrs, w);
    if (this.autoId && !("id" in w.attrs) && built.id === undefined)
      built.id = onlyInitial ? `initial-${this.autoId}` : this.autoId;
    const name = onlyInitial ? this.htmlInitialName : this.htmlName;
    return w.render(name, this.value(), built, this.form.renderer);
  }

  /** The field as `<input type="hidden">`. */
  asHidden(attrs: Attrs = {}): string {
    const Hidden = this.hiddenWidgetClass();
    return this.asWidget(new Hidden(), attrs);
  }

  protected hiddenWidgetClass(): new () => Widget {
    return HiddenInput;
  }

  /** `<label for="id_...">Label:</label>`, or the bare text without an id. */
  labelTag(contents?: string, attrs: Attrs = {}, labelSuffix?: string, tag = "label"): string {
    let text = contents ?? this.label;
    const suffix = labelSuffix ?? this.field.labelSuffix ?? this.form.labelSuffix;
    if (suffix && text && !":?.!".includes(text.charAt(text.length - 1))) text = `${text}${suffix}`;
    const id = (this.field.widget.attrs.id as string | undefined) || this.autoId;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(attrs)) out[k] = String(v);
    if (id) {
      const forId = this.field.widget.idForLabel(id);
      if (forId && tag === "label") out.for = forId;
      if (this.field.required && this.form.requiredCssClass)
        out.class = out.class
          ? `${out.class} ${this.form.requiredCssClass}`
          : this.form.requiredCssClass;
    }
    return this.form.renderer.render("tango/forms/label.html", {
      field: this,
      label: text,
      attrs: out,
      use_tag: Boolean(id),
      tag,
    });
  }

  /** `<legend>` for fieldsets. */
  legendTag(contents?: string, attrs: Attrs = {}, labelSuffix?: string): string {
    return this.labelTag(contents, attrs, labelSuffix, "legend");
  }

  /** The row's CSS classes: the form's `errorCssClass`/`requiredCssClass` as they apply. */
  cssClasses(extra = ""): string {
    const classes = new Set(extra.split(/\s+/).filter(Boolean));
    if (this.errors.length > 0 && this.form.errorCssClass) classes.add(this.form.errorCssClass);
    if (this.field.required && this.form.requiredCssClass) classes.add(this.form.requiredCssClass);
    return [...classes].join(" ");
  }

  toHtml(): string {
    const main = this.asWidget();
    if (!this.field.showHiddenInitial) return main;
    const Hidden = this.hiddenWidgetClass();
    return main + this.asWidget(new Hidden(), {}, true);
  }

  // Django's names, for templates.
  get help_text(): string {
    return this.helpText;
  }
  get html_name(): string {
    return this.htmlName;
  }
  get auto_id(): string {
    return this.autoId;
  }
  get id_for_label(): string {
    return this.idForLabel;
  }
  get is_hidden(): boolean {
    return this.isHidden;
  }
  get use_fieldset(): boolean {
    return this.useFieldset;
  }
  get widget_type(): string {
    return this.widgetType;
  }
  label_tag(contents?: string, attrs?: Attrs, labelSuffix?: string): SafeHtmlString {
    return rawHtml(this.labelTag(contents, attrs, labelSuffix));
  }
  legend_tag(contents?: string, attrs?: Attrs, labelSuffix?: string): SafeHtmlString {
    return rawHtml(this.legendTag(contents, attrs, labelSuffix));
  }
  css_classes(extra?: string): string {
    return this.cssClasses(extra);
  }
  as_widget(): SafeHtmlString {
    return rawHtml(this.asWidget());
  }
  as_hidden(): SafeHtmlString {
    return rawHtml(this.asHidden());
  }
}
