/** Form: declared fields, binding to data, validation with clean hooks, errors, and rendering through templates. */
import { ValidationError } from "@tango/core";
import { BoundField, type BoundFieldHost } from "./bound-field.js";
import { ErrorDict, ErrorList } from "./error-list.js";
import { FormNotValidated, UnknownField } from "./errors.js";
import type { Field } from "./fields/field.js";
import { splitValidationError } from "./fields/field.js";
import { FileField } from "./fields/file-fields.js";
import { type DataSource, type FormDataInput, toDataSource } from "./form-data.js";
import { defaultRenderer, type FormRenderer } from "./renderer.js";
import { rawHtml, SafeHtml, type SafeHtmlString } from "./safe-html.js";

/** The fields of a form, by name. */
export type FieldRecord = Readonly<Record<string, Field>>;

/**
 * The value type a field cleans to.
 *
 * @example
 * type V = FieldValue<IntegerField<{ required: false }>>; // number | null
 */
export type FieldValue<F> = F extends Field<infer T> ? T : never;

/**
 * A form's `cleanedData` type, from its fields.
 *
 * @example
 * type D = CleanedData<{ subject: CharField; age: IntegerField<{ required: false }> }>; // { subject: string; age: number | null }
 */
export type CleanedData<F extends FieldRecord> = { [K in keyof F]: FieldValue<F[K]> };

/** The key of non-field errors in `form.errors`. */
export const NON_FIELD_ERRORS = "__all__";

/**
 * How a form is built: bound with `data` (and `files`), or unbound with `initial`.
 *
 * @example
 * new ContactForm({ data: request.POST, files: request.FILES, prefix: "contact" });
 */
export interface FormOptions {
  /** Submitted data (`request.POST`, or a plain object); makes the form bound. */
  readonly data?: FormDataInput | null;
  /** Uploaded files (`request.FILES`). */
  readonly files?: FormDataInput | null;
  /** Initial values by field name, for display and `hasChanged()`. */
  readonly initial?: Readonly<Record<string, unknown>>;
  /** Pattern of ids (`"id_%s"`), or false for none. */
  readonly autoId?: string | false;
  /** Prefixes field names (`"contact-subject"`), for several forms in one `<form>`. */
  readonly prefix?: string;
  /** Default ":". */
  readonly labelSuffix?: string;
  /** An unchanged form is valid (formsets' extra forms). */
  readonly emptyPermitted?: boolean;
  /** Render the `required` attribute (default true). */
  readonly useRequiredAttribute?: boolean;
  readonly renderer?: FormRenderer;
}

type ErrorInput = ValidationError | string | readonly string[];

/**
 * Whether `name` is a member of the form's own classes or of Object.prototype. The
 * prototype chain also holds String.prototype (through SafeHtml), whose methods (`search`,
 * `link`, `trim`...) must not hide fields of those names.
 */
function isFormMember(form: object, name: string): boolean {
  if (name in Object.prototype || Object.hasOwn(form, name)) return true;
  for (let proto = Object.getPrototypeOf(form); proto; proto = Object.getPrototypeOf(proto)) {
    if (Object.hasOwn(proto, name)) return true;
    if (proto === SafeHtml.prototype) return false;
  }
  return false;
}

function capitalise(name: string): string {
  return (
    name.charAt(0).toUpperCase() +
    name.slice(1).replace(/_(\w)/g, (_m, c: string) => c.toUpperCase())
  );
}

/**
 * A form. Declare fields with {@link Form.with}, bind data, `await form.isValid()`, read
 * `form.cleanedData`. Add `clean<FieldName>()` methods for one field and `clean()` for rules
 * across fields. `{{ form }}` renders it (as `<div>`s), `{{ form.subject }}` one field.
 *
 * @example
 * class ContactForm extends Form.with({
 *   subject: new CharField({ maxLength: 100 }),
 *   email: new EmailField(),
 * }) {
 *   cleanSubject() { return this.cleanedData.subject.toUpperCase(); }
 * }
 * const form = new ContactForm({ data: request.POST });
 * if (await form.isValid()) await send(form.cleanedData.subject);
 */
export class Form<F extends FieldRecord = FieldRecord> extends SafeHtml implements BoundFieldHost {
  /** The declared fields; each form gets copies in `fields`. */
  static baseFields: FieldRecord = {};
  templateName = "tango/forms/div.html";
  templateNameDiv = "tango/forms/div.html";
  templateNameP = "tango/forms/p.html";
  templateNameTable = "tango/forms/table.html";
  templateNameUl = "tango/forms/ul.html";
  /** CSS class added to rows with errors / required fields (Django's error_css_class). */
  errorCssClass = "";
  requiredCssClass = "";

  /** This form's fields (copies of the declared ones: change them freely). */
  readonly fields: F;
  readonly isBound: boolean;
  readonly data: FormDataInput | null;
  readonly files: FormDataInput | null;
  readonly dataSource: DataSource;
  readonly filesSource: DataSource;
  readonly initial: Readonly<Record<string, unknown>>;
  readonly autoId: string | false;
  readonly prefix: string | undefined;
  readonly labelSuffix: string;
  readonly emptyPermitted: boolean;
  readonly useRequiredAttribute: boolean;
  readonly renderer: FormRenderer;
  #errors: ErrorDict | undefined;
  #cleaned: Record<string, unknown> | undefined;
  readonly #bound = new Map<string, BoundField>();

  constructor(options: FormOptions = {}) {
    super();
    this.isBound = (options.data ?? null) !== null || (options.files ?? null) !== null;
    this.data = options.data ?? null;
    this.files = options.files ?? null;
    this.dataSource = toDataSource(options.data);
    this.filesSource = toDataSource(options.files);
    this.initial = options.initial ?? {};
    this.autoId = options.autoId ?? "id_%s";
    this.prefix = options.prefix;
    this.labelSuffix = options.labelSuffix ?? ":";
    this.emptyPermitted = options.emptyPermitted ?? false;
    this.useRequiredAttribute = options.useRequiredAttribute ?? true;
    this.renderer = options.renderer ?? defaultRenderer();
    const base = (this.constructor as typeof Form).baseFields;
    const fields: Record<string, Field> = Object.create(null);
    for (const [name, field] of Object.entries(base)) fields[name] = field.clone();
    this.fields = fields as F;
    for (const name of Object.keys(fields)) {
      // `form.subject` is the bound field, unless a member of the form has that name.
      if (isFormMember(this, name)) continue;
      Object.defineProperty(this, name, { get: () => this.field(name), configurable: true });
    }
  }

  /**
   * A form class with these fields; extend it to add `clean()` and `clean<Field>()` methods.
   *
   * @example
   * class LoginForm extends Form.with({ username: new CharField(), password: new CharField({ widget: PasswordInput }) }) {}
   */
  static with<const F2 extends FieldRecord>(fields: F2): FormClass<F2> {
    // `this`, not Form: `ContactForm.with({...})` extends ContactForm and keeps its fields.
    // biome-ignore lint/complexity/noThisInStatic: see above.
    const parent = this as typeof Form;
    const Declared = class extends parent {};
    Declared.baseFields = { ...parent.baseFields, ...fields };
    return Declared as unknown as FormClass<F2>;
  }

  /** Field names in declaration order. */
  get fieldNames(): (keyof F & string)[] {
    return Object.keys(this.fields) as (keyof F & string)[];
  }

  /**
   * The bound field `name` (Django's `form["name"]`).
   *
   * @example
   * form.field("subject").value();
   */
  field<K extends keyof F & string>(name: K): BoundField<F[K]> {
    let bound = this.#bound.get(name);
    if (!bound) {
      if (!Object.hasOwn(this.fields, name)) {
        throw new UnknownField(
          `Key '${name}' not found in ${this.constructor.name}. Choices are: ${this.fieldNames.join(", ")}. Use one of those names.`,
        );
      }
      bound = new BoundField(this, this.fields[name] as Field, name);
      this.#bound.set(name, bound);
    }
    return bound as BoundField<F[K]>;
  }

  /** `prefix-name`, or `name`. */
  addPrefix(name: string): string {
    return this.prefix ? `${this.prefix}-${name}` : name;
  }

  /** `initial-prefix-name` (for `showHiddenInitial`). */
  addInitialPrefix(name: string): string {
    return `initial-${this.addPrefix(name)}`;
  }

  /** The initial value of a field: the form's `initial`, else the field's (functions are called). */
  initialFor(field: Field, name: string): unknown {
    const value = Object.hasOwn(this.initial, name) ? this.initial[name] : field.initial;
    return typeof value === "function" ? (value as () => unknown)() : value;
  }

  /** The errors of one field (empty when none, or before validation). */
  fieldErrors(name: string): ErrorList {
    return this.#errors?.get(name) ?? new ErrorList();
  }

  /**
   * The errors by field (`__all__` for non-field ones). Reading it on a bound form before
   * `await form.isValid()` throws {@link FormNotValidated}; an unbound form has none.
   *
   * @example
   * form.errors.asJson();
   */
  get errors(): ErrorDict {
    if (this.#errors) return this.#errors;
    if (this.isBound) {
      throw new FormNotValidated(
        `${this.constructor.name}.errors was read before validation. Call \`await form.isValid()\` (or \`await form.fullClean()\`) first.`,
      );
    }
    return new ErrorDict();
  }

  /**
   * The cleaned values, typed from the fields. Complete after `isValid()` returned true; in
   * `clean()` it holds the fields that validated so far.
   *
   * @example
   * if (await form.isValid()) form.cleanedData.subject; // string
   */
  get cleanedData(): CleanedData<F> {
    if (!this.#cleaned) {
      throw new FormNotValidated(
        `${this.constructor.name}.cleanedData was read before validation. Bind the form with data and call \`await form.isValid()\` first.`,
      );
    }
    return this.#cleaned as CleanedData<F>;
  }

  set cleanedData(value: CleanedData<F>) {
    this.#cleaned = value as Record<string, unknown>;
  }

  /**
   * Validates (once) and says whether the bound form has no errors; false when unbound.
   *
   * @example
   * if (await form.isValid()) return redirect("/thanks/");
   */
  async isValid(): Promise<boolean> {
    if (!this.isBound) return false;
    if (!this.#errors) await this.fullClean();
    return (this.#errors?.length ?? 0) === 0;
  }

  /** Runs every check: fields, `clean<Field>()` hooks, `clean()`, then `postClean()`. */
  async fullClean(): Promise<void> {
    const errors = new ErrorDict();
    this.#errors = errors;
    if (!this.isBound) return;
    this.#cleaned = Object.create(null) as Record<string, unknown>;
    if (this.emptyPermitted && !this.hasChanged()) return;
    await this.cleanFields();
    await this.cleanForm();
    await this.postClean();
  }

  /** Cleans each field and runs its `clean<FieldName>()` hook. */
  protected async cleanFields(): Promise<void> {
    const cleaned = this.#cleaned as Record<string, unknown>;
    for (const name of this.fieldNames) {
      const field = this.fields[name] as Field;
      const bound = this.field(name);
      const value = field.disabled ? bound.initial : bound.data;
      try {
        cleaned[name] =
          field instanceof FileField
            ? await field.clean(value, bound.initial)
            : await field.clean(value);
        const hook = (this as unknown as Record<string, unknown>)[`clean${capitalise(name)}`];
        if (typeof hook === "function") cleaned[name] = await (hook as () => unknown).call(this);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        this.addError(name, error);
      }
    }
  }

  /** Runs `clean()`, recording its ValidationError as non-field errors. */
  protected async cleanForm(): Promise<void> {
    try {
      const result = await this.clean();
      if (result !== undefined && result !== null)
        this.#cleaned = result as Record<string, unknown>;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      this.addError(null, error);
    }
  }

  /**
   * Your rules across fields: read `this.cleanedData`, throw `ValidationError` (a non-field
   * error) or call `addError()`. Return the cleaned data (or nothing).
   *
   * @example
   * override clean() { if (this.cleanedData.ccMyself && !this.cleanedData.sender) this.addError("sender", "Needed for a copy."); }
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: an override may return nothing.
  clean(): CleanedData<F> | void | Promise<CleanedData<F> | void> {
    return this.#cleaned as CleanedData<F> | undefined;
  }

  /** After `clean()`: ModelForm validates and builds its instance here. */
  protected async postClean(): Promise<void> {}

  /**
   * Adds errors to `field` (or the non-field errors with `null`) and drops its cleaned value.
   * A ValidationError carrying messages per field adds to each of them.
   *
   * @example
   * this.addError("email", "This address is taken.");
   */
  addError(field: (keyof F & string) | null, error: ErrorInput): void {
    const errors = this.#errors ?? new ErrorDict();
    this.#errors = errors;
    const ve =
      typeof error === "string" || Array.isArray(error)
        ? new ValidationError(error as string)
        : (error as ValidationError);
    const byField: [string | null, ValidationError][] = ve.errorDict
      ? Object.entries(ve.errorDict).map(([name, messages]) => [
          name === NON_FIELD_ERRORS ? null : name,
          new ValidationError(messages),
        ])
      : [[field, ve]];
    for (const [name, e] of byField) {
      const key = name ?? NON_FIELD_ERRORS;
      if (name !== null && !Object.hasOwn(this.fields, name)) {
        throw new UnknownField(
          `'${this.constructor.name}' has no field named '${name}'. Pass one of ${this.fieldNames.join(", ")}, or null for a non-field error.`,
        );
      }
      const entries = splitValidationError(e).map((x) => ({
        message: x.message,
        code: x.errorCode,
      }));
      errors.listFor(key).add(...entries);
      if (name !== null && this.#cleaned && Object.hasOwn(this.#cleaned, name))
        delete this.#cleaned[name];
    }
  }

  /**
   * Whether `field` (or the non-field errors, with null) has an error, optionally of `code`.
   *
   * @example
   * form.hasError("subject", "required");
   */
  hasError(field: (keyof F & string) | null, code?: string): boolean {
    const list = this.#errors?.get(field ?? NON_FIELD_ERRORS);
    if (!list || list.length === 0) return false;
    return code === undefined || list.asData().some((e) => e.code === code);
  }

  /**
   * The non-field errors (`__all__`), as `<ul class="errorlist nonfield">`.
   *
   * @example
   * form.nonFieldErrors().asText();
   */
  nonFieldErrors(): ErrorList {
    return this.#errors?.get(NON_FIELD_ERRORS) ?? new ErrorList([], "nonfield");
  }

  /** The names of fields whose data differs from their initial value. */
  get changedData(): (keyof F & string)[] {
    return this.fieldNames.filter((name) => this.field(name).hasChanged());
  }

  /** Whether any field changed. */
  hasChanged(): boolean {
    return this.changedData.length > 0;
  }

  /** Whether the form needs `enctype="multipart/form-data"`. */
  isMultipart(): boolean {
    return Object.values(this.fields).some((f) => f.widget.needsMultipartForm);
  }

  /** Loads what rendering needs but cannot await: the choices of model choice fields. */
  async prepare(): Promise<this> {
    for (const field of Object.values(this.fields)) {
      const loader = (field as { loadChoices?: () => Promise<unknown> }).loadChoices;
      if (typeof loader === "function") await loader.call(field);
    }
    return this;
  }

  /** Bound fields not rendered hidden. */
  visibleFields(): BoundField[] {
    return this.fieldNames.map((n) => this.field(n) as BoundField).filter((b) => !b.isHidden);
  }

  /** Bound fields rendered as hidden inputs. */
  hiddenFields(): BoundField[] {
    return this.fieldNames.map((n) => this.field(n) as BoundField).filter((b) => b.isHidden);
  }

  /** The context of the form templates: `form`, `fields` ([field, errors] pairs), `hidden_fields`, `errors`. */
  getContext(): Record<string, unknown> {
    const top = new ErrorList(this.nonFieldErrors().asData(), "nonfield");
    for (const bf of this.hiddenFields()) {
      for (const message of bf.errors.messages)
        top.add({ message: `(Hidden field ${bf.name}) ${message}`, code: "" });
    }
    return {
      form: this,
      fields: this.visibleFields().map((bf) => [bf, bf.errors]),
      hidden_fields: this.hiddenFields(),
      errors: top,
    };
  }

  /** Renders `templateName` (default the form's `templateName`). */
  render(templateName: string = this.templateName): string {
    return this.renderer.render(templateName, this.getContext());
  }

  /** Django 5's default: each field in a `<div>`. */
  asDiv(): string {
    return this.render(this.templateNameDiv);
  }

  /** Each field in a `<p>`. */
  asP(): string {
    return this.render(this.templateNameP);
  }

  /** Table rows (`<tr>`), without the `<table>`. */
  asTable(): string {
    return this.render(this.templateNameTable);
  }

  /** List items (`<li>`), without the `<ul>`. */
  asUl(): string {
    return this.render(this.templateNameUl);
  }

  toHtml(): string {
    return this.render();
  }

  // Django's names, for templates: {{ form.as_p() }}, {% for f in form.hidden_fields() %}.
  as_div(): SafeHtmlString {
    return rawHtml(this.asDiv());
  }
  as_p(): SafeHtmlString {
    return rawHtml(this.asP());
  }
  as_table(): SafeHtmlString {
    return rawHtml(this.asTable());
  }
  as_ul(): SafeHtmlString {
    return rawHtml(this.asUl());
  }
  non_field_errors(): ErrorList {
    return this.nonFieldErrors();
  }
  hidden_fields(): BoundField[] {
    return this.hiddenFields();
  }
  visible_fields(): BoundField[] {
    return this.visibleFields();
  }
  get is_bound(): boolean {
    return this.isBound;
  }
  is_multipart(): boolean {
    return this.isMultipart();
  }

  *[Symbol.iterator](): Iterator<BoundField> {
    for (const name of this.fieldNames) yield this.field(name) as BoundField;
  }
}

/**
 * The bound fields a form exposes as properties (`form.subject`), except names Form uses itself.
 *
 * @example
 * declare const form: Form<{ subject: CharField }> & BoundFields<{ subject: CharField }>;
 * form.subject.value();
 */
export type BoundFields<F extends FieldRecord> = {
  readonly [K in keyof F as K extends keyof Form | keyof object | "__proto__"
    ? never
    : K]: BoundField<F[K]>;
};

/**
 * The class `Form.with(fields)` returns.
 *
 * @example
 * const ContactForm: FormClass<{ subject: CharField }> = Form.with({ subject: new CharField() });
 */
export interface FormClass<F extends FieldRecord> {
  new (options?: FormOptions): Form<F> & BoundFields<F>;
  readonly baseFields: F;
}
