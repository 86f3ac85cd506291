/** Formsets: several forms of one class on a page, with the management form, deletion, ordering and Django's count checks. */
import { ValidationError } from "@tango/core";
import { ErrorList } from "./error-list.js";
import { FieldValidationError } from "./errors.js";
import { BooleanField } from "./fields/boolean-fields.js";
import { splitValidationError } from "./fields/field.js";
import { IntegerField } from "./fields/number-fields.js";
import type { FieldRecord, Form, FormOptions } from "./form.js";
import type { FormDataInput } from "./form-data.js";
import { ManagementForm } from "./management-form.js";
import { plural } from "./messages.js";
import { defaultRenderer, type FormRenderer } from "./renderer.js";
import { rawHtml, SafeHtml, type SafeHtmlString } from "./safe-html.js";

/** The default `maxNum` (Django's DEFAULT_MAX_NUM). */
export const DEFAULT_MAX_NUM = 1000;

/**
 * Options of {@link formsetFactory}.
 *
 * @example
 * formsetFactory(ArticleForm, { extra: 2, canDelete: true, maxNum: 5, validateMax: true });
 */
export interface FormsetOptions {
  /** Empty forms shown after the initial ones (default 1). */
  readonly extra?: number;
  readonly minNum?: number;
  readonly maxNum?: number;
  /** The hard limit on forms accepted (default maxNum + 1000). */
  readonly absoluteMax?: number;
  readonly validateMin?: boolean;
  readonly validateMax?: boolean;
  /** Adds a DELETE checkbox to each form. */
  readonly canDelete?: boolean;
  /** Whether extra forms get DELETE too (default true). */
  readonly canDeleteExtra?: boolean;
  /** Adds an ORDER number to each form. */
  readonly canOrder?: boolean;
}

/**
 * How a formset is built.
 *
 * @example
 * new ArticleFormSet({ data: request.POST, initial: [{ title: "Django" }] });
 */
export interface FormsetInit {
  readonly data?: FormDataInput | null;
  readonly files?: FormDataInput | null;
  /** Initial data, one record per initial form. */
  readonly initial?: readonly Readonly<Record<string, unknown>>[];
  /** Default "form". */
  readonly prefix?: string;
  readonly autoId?: string | false;
  /** More options for every form. */
  readonly formOptions?: FormOptions;
  readonly renderer?: FormRenderer;
}

type AnyForm = Form<FieldRecord>;

/** A form class a formset can build. */
export type FormConstructor<I extends AnyForm> = new (options?: FormOptions) => I;

const MESSAGES = {
  missing:
    "ManagementForm data is missing or has been tampered with. Missing fields: %s. You may need to file a bug report if the issue persists.",
};

/**
 * The base of formset classes; build one with {@link formsetFactory}. Override `clean()` for
 * rules across forms (throw `ValidationError` for a non-form error).
 *
 * @example
 * class Articles extends formsetFactory(ArticleForm) {
 *   override clean() { ... }
 * }
 */
export class BaseFormSet<I extends AnyForm = AnyForm> extends SafeHtml implements Iterable<I> {
  static formClass: FormConstructor<AnyForm>;
  static options: Required<FormsetOptions>;
  templateName = "tango/forms/formsets/div.html";
  readonly isBound: boolean;
  readonly prefix: string;
  readonly initial: readonly Readonly<Record<string, unknown>>[];
  readonly #init: FormsetInit;
  readonly renderer: FormRenderer;
  #management: ManagementForm | undefined;
  #forms: I[] | undefined;
  #nonFormErrors: ErrorList | undefined;
  #validated = false;

  constructor(init: FormsetInit = {}) {
    super();
    this.#init = init;
    this.isBound = (init.data ?? null) !== null || (init.files ?? null) !== null;
    this.prefix = init.prefix ?? "form";
    this.initial = init.initial ?? [];
    this.renderer = init.renderer ?? defaultRenderer();
  }

  get options(): Required<FormsetOptions> {
    return (this.constructor as typeof BaseFormSet).options;
  }

  /** The hidden counts; bound to the data for a bound formset. */
  get managementForm(): ManagementForm {
    if (!this.#management) {
      const { data, files, autoId } = this.#init;
      this.#management = this.isBound
        ? new ManagementForm({ data, files, prefix: this.prefix, autoId })
        : new ManagementForm({
            prefix: this.prefix,
            autoId,
            initial: {
              TOTAL_FORMS: this.totalFormCount(),
              INITIAL_FORMS: this.initialFormCount(),
              MIN_NUM_FORMS: this.options.minNum,
              MAX_NUM_FORMS: this.options.maxNum,
            },
          });
    }
    return this.#management;
  }

  #sent(name: "TOTAL_FORMS" | "INITIAL_FORMS"): number {
    const raw = this.managementForm.field(name).data;
    const n = Number(raw);
    return raw !== undefined && raw !== "" && Number.isInteger(n) && n >= 0 ? n : 0;
  }

  /** How many forms there are. */
  totalFormCount(): number {
    const { extra, minNum, maxNum, absoluteMax } = this.options;
    if (this.isBound) return Math.min(this.#sent("TOTAL_FORMS"), absoluteMax);
    const initial = this.initialFormCount();
    let total = Math.max(initial, minNum) + extra;
    if (initial > maxNum && maxNum >= 0) total = initial;
    else if (total > maxNum && maxNum >= 0) total = maxNum;
    return total;
  }

  /** How many forms edit initial data. */
  initialFormCount(): number {
    return this.isBound ? this.#sent("INITIAL_FORMS") : this.initial.length;
  }

  /** The forms, built once. */
  get forms(): I[] {
    if (!this.#forms) {
      this.#forms = [];
      for (let i = 0; i < this.totalFormCount(); i++) this.#forms.push(this.constructForm(i));
    }
    return this.#forms;
  }

  /** Builds form `i` with its prefix, data and initial values, then adds ORDER/DELETE. */
  protected constructForm(i: number): I {
    const FormClass = (this.constructor as typeof BaseFormSet).formClass as FormConstructor<I>;
    const { data, files, autoId, formOptions } = this.#init;
    const initialCount = this.initialFormCount();
    const form = new FormClass({
      ...formOptions,
      autoId: autoId ?? "id_%s",
      prefix: `${this.prefix}-${i}`,
      useRequiredAttribute: false,
      ...(this.isBound ? { data, files } : {}),
      ...(i < initialCount && this.initial[i] ? { initial: this.initial[i] } : {}),
      emptyPermitted: i >= initialCount && i >= this.options.minNum,
    });
    this.addFields(form, i);
    return form;
  }

  /** Adds the ORDER and DELETE fields (override to add your own per-form fields). */
  addFields(form: I, index: number | null): void {
    const fields = form.fields as Record<string, unknown>;
    const initialCount = this.initialFormCount();
    if (this.options.canOrder) {
      const initial = index !== null && index < initialCount ? index + 1 : undefined;
      fields.ORDER = new IntegerField({ label: "Order", required: false, initial });
    }
    if (
      this.options.canDelete &&
      (this.options.canDeleteExtra || (index !== null && index < initialCount))
    ) {
      fields.DELETE = new BooleanField({ label: "Delete", required: false });
    }
  }

  /** A blank form with `__prefix__` in its names, for JavaScript that adds forms. */
  get emptyForm(): I {
    const FormClass = (this.constructor as typeof BaseFormSet).formClass as FormConstructor<I>;
    const form = new FormClass({
      ...this.#init.formOptions,
      autoId: this.#init.autoId ?? "id_%s",
      prefix: `${this.prefix}-__prefix__`,
      emptyPermitted: true,
      useRequiredAttribute: false,
    });
    this.addFields(form, null);
    return form;
  }

  #shouldDelete(form: I): boolean {
    if (!this.options.canDelete) return false;
    try {
      return (form.cleanedData as Record<string, unknown>).DELETE === true;
    } catch {
      return false;
    }
  }

  /** Validates the management form, every form, the counts, then `clean()`. */
  async fullClean(): Promise<void> {
    this.#validated = true;
    const errors = new ErrorList([], "nonform");
    this.#nonFormErrors = errors;
    if (!this.isBound) return;
    const management = this.managementForm;
    if (!(await management.isValid())) {
      const names = management.errors.keys().map((k) => management.addPrefix(k));
      errors.add({
        message: MESSAGES.missing.replace("%s", names.join(", ")),
        code: "missing_management_form",
      });
    }
    let emptyForms = 0;
    for (const [i, form] of this.forms.entries()) {
      await form.fullClean();
      if (!form.hasChanged() && i >= this.initialFormCount()) emptyForms++;
    }
    const { maxNum, minNum, validateMax, validateMin, absoluteMax } = this.options;
    const live = this.totalFormCount() - this.deletedForms.length;
    try {
      if ((validateMax && live > maxNum) || this.#sent("TOTAL_FORMS") > absoluteMax) {
        throw new FieldValidationError(
          `Please submit at most ${maxNum} ${plural(maxNum, "form", "forms")}.`,
          "too_many_forms",
        );
      }
      if (validateMin && live - emptyForms < minNum) {
        throw new FieldValidationError(
          `Please submit at least ${minNum} ${plural(minNum, "form", "forms")}.`,
          "too_few_forms",
        );
      }
      await this.clean();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      this.#nonFormErrors = new ErrorList(
        splitValidationError(error).map((e) => ({ message: e.message, code: e.errorCode })),
        "nonform",
      );
    }
  }

  /** Your rules across forms; throw `ValidationError` for a non-form error. */
  clean(): void | Promise<void> {}

  /**
   * Whether every form (except those marked for deletion) is valid and there is no non-form error.
   *
   * @example
   * if (await formset.isValid()) for (const data of formset.cleanedData) await save(data);
   */
  async isValid(): Promise<boolean> {
    if (!this.isBound) return false;
    if (!this.#validated) await this.fullClean();
    const formsValid = this.forms.every(
      (form) => this.#shouldDelete(form) || form.errors.length === 0,
    );
    return formsValid && this.nonFormErrors().length === 0;
  }

  /** The errors of the formset itself (counts, management form, `clean()`). */
  nonFormErrors(): ErrorList {
    return this.#nonFormErrors ?? new ErrorList([], "nonform");
  }

  /** Each form's errors, in order (forms marked for deletion included). */
  get errors(): ErrorList[] {
    return this.forms.map((form) => {
      const list = new ErrorList();
      for (const [, errors] of form.errors) list.add(...errors.asData());
      return list;
    });
  }

  /** How many errors in all. */
  totalErrorCount(): number {
    return (
      this.nonFormErrors().length +
      this.forms.reduce(
        (n, f) => n + f.errors.keys().reduce((m, k) => m + (f.errors.get(k)?.length ?? 0), 0),
        0,
      )
    );
  }

  /** Each form's cleaned data (after `isValid()`). */
  get cleanedData(): I["cleanedData"][] {
    return this.forms.map((form) => form.cleanedData);
  }

  /** The forms whose DELETE box is checked. */
  get deletedForms(): I[] {
    return this.forms.filter((form) => this.#shouldDelete(form));
  }

  /** The forms sorted by ORDER (empty ORDER last), deleted ones left out. */
  get orderedForms(): I[] {
    const order = (form: I): number => {
      const value = (form.cleanedData as Record<string, unknown>).ORDER;
      return typeof value === "number" ? value : Number.POSITIVE_INFINITY;
    };
    return this.forms
      .filter((form) => !this.#shouldDelete(form) && form.errors.length === 0)
      .map((form, i) => ({ form, i }))
      .sort((a, b) => order(a.form) - order(b.form) || a.i - b.i)
      .map(({ form }) => form);
  }

  /** Whether any form changed. */
  hasChanged(): boolean {
    return this.forms.some((form) => form.hasChanged());
  }

  /** Whether the forms need a multipart `<form>`. */
  isMultipart(): boolean {
    return (this.forms[0] ?? this.emptyForm).isMultipart();
  }

  /** Renders the management form then every form. */
  render(templateName: string = this.templateName): string {
    return this.renderer.render(templateName, { formset: this });
  }

  toHtml(): string {
    return this.render();
  }

  asP(): string {
    return this.render("tango/forms/formsets/p.html");
  }

  asTable(): string {
    return this.render("tango/forms/formsets/table.html");
  }

  asUl(): string {
    return this.render("tango/forms/formsets/ul.html");
  }

  // Django's names, for templates.
  get management_form(): ManagementForm {
    return this.managementForm;
  }
  get empty_form(): I {
    return this.emptyForm;
  }
  non_form_errors(): ErrorList {
    return this.nonFormErrors();
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

  [Symbol.iterator](): Iterator<I> {
    return this.forms[Symbol.iterator]();
  }
}

/**
 * A formset class of `formClass` (Django's `formset_factory`).
 *
 * @example
 * const ArticleFormSet = formsetFactory(ArticleForm, { extra: 2, canDelete: true });
 * const formset = new ArticleFormSet({ data: request.POST });
 * if (await formset.isValid()) for (const article of formset.cleanedData) ...
 */
export function formsetFactory<I extends AnyForm>(
  formClass: FormConstructor<I>,
  options: FormsetOptions = {},
): FormSetClass<I> {
  const maxNum = options.maxNum ?? DEFAULT_MAX_NUM;
  const resolved: Required<FormsetOptions> = {
    extra: options.extra ?? 1,
    minNum: options.minNum ?? 0,
    maxNum,
    absoluteMax: options.absoluteMax ?? maxNum + DEFAULT_MAX_NUM,
    validateMin: options.validateMin ?? false,
    validateMax: options.validateMax ?? false,
    canDelete: options.canDelete ?? false,
    canDeleteExtra: options.canDeleteExtra ?? true,
    canOrder: options.canOrder ?? false,
  };
  if (resolved.maxNum > resolved.absoluteMax) {
    throw new RangeError(
      `formsetFactory(${formClass.name}): absoluteMax (${resolved.absoluteMax}) must be at least maxNum (${resolved.maxNum}); raise absoluteMax or lower maxNum.`,
    );
  }
  const FormSet = class extends BaseFormSet<I> {};
  Object.defineProperty(FormSet, "name", { value: `${formClass.name}FormSet` });
  (FormSet as unknown as typeof BaseFormSet).formClass = formClass;
  (FormSet as unknown as typeof BaseFormSet).options = resolved;
  return FormSet as unknown as FormSetClass<I>;
}

/**
 * The class {@link formsetFactory} returns.
 *
 * @example
 * const Articles: FormSetClass<ArticleForm> = formsetFactory(ArticleForm);
 */
export interface FormSetClass<I extends AnyForm> {
  new (init?: FormsetInit): BaseFormSet<I>;
  readonly formClass: FormConstructor<I>;
  readonly options: Required<FormsetOptions>;
}
