/** FormMixin: the form handling FormView, CreateView, UpdateView and DeleteView share (Django's FormMixin). */
import { ImproperlyConfigured } from "@tango/core";
import { Form, type FormOptions } from "@tango/forms";
import { type HttpResponse, HttpResponseRedirect } from "@tango/http";
import type { Model } from "@tango/orm";
import type { TemplateResponseView } from "./template-response-view.js";

/**
 * What `getFormKwargs()` returns and the form class is constructed with: the form options,
 * plus `instance` for model forms.
 *
 * @example
 * override getFormKwargs(): FormKwargs {
 *   return { ...super.getFormKwargs(), autoId: "f_%s" };
 * }
 */
export interface FormKwargs extends FormOptions {
  /** The object a ModelForm edits (UpdateView); absent to create one. */
  readonly instance?: Model;
}

/**
 * A form class a view can build: `Form.with({...})`, a subclass of it, or a ModelForm class.
 * The view constructs it with `getFormKwargs()` ({@link FormKwargs}); the parameter type is
 * `never` so that classes taking narrower options (a ModelForm of one model) fit.
 *
 * @example
 * const formClass: FormConstructor = ContactForm;
 */
export type FormConstructor = new (options?: never) => Form;

// biome-ignore lint/suspicious/noExplicitAny: TypeScript requires mixin constructors to take `...args: any[]`.
type MixinArgs = any[];

/**
 * The classes {@link FormMixin} extends: TemplateResponseView and its subclasses.
 *
 * @example
 * const base: TemplateResponseViewClass = DetailView;
 */
export type TemplateResponseViewClass = abstract new (...args: MixinArgs) => TemplateResponseView;

/**
 * The members {@link FormMixin} adds to a view (documented on the mixin's class).
 *
 * @example
 * function formOf(view: FormHandling): Form { return view.getForm(); }
 */
export interface FormHandling {
  initial: Readonly<Record<string, unknown>>;
  formClass: FormConstructor | null;
  successUrl: string | null;
  prefix: string | null;
  getInitial(): Record<string, unknown>;
  getPrefix(): string | null;
  getFormClass(): FormConstructor;
  getFormKwargs(): FormKwargs;
  getForm(formClass?: FormConstructor): Form;
  getSuccessUrl(): string;
  formValid(form: Form): Promise<HttpResponse>;
  formInvalid(form: Form): Promise<HttpResponse>;
  getContextData(kwargs?: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/**
 * What {@link FormMixin} returns: the base class with the {@link FormHandling} members.
 *
 * @example
 * const FormDetailView: WithFormHandling<typeof DetailView> = FormMixin(DetailView);
 */
export type WithFormHandling<B extends TemplateResponseViewClass> = B &
  (abstract new (
    ...args: MixinArgs
  ) => FormHandling);

/** The request methods whose body binds the form (Django's POST and PUT). */
const BINDING_METHODS = new Set(["POST", "PUT"]);

/**
 * Adds form handling to a template view class: `formClass`, `initial`, `prefix`,
 * `successUrl`, `getFormKwargs()` (data and files on POST and PUT), `getForm()`,
 * `formValid()` (redirect to `getSuccessUrl()`), `formInvalid()` (re-render with the bound
 * form) and `form` in the context, prepared (`await form.prepare()`) so that model choice
 * fields have their choices when the template renders. FormView, CreateView, UpdateView and
 * DeleteView are built with it; use it for your own views that handle a form.
 *
 * @example
 * class SearchResults extends FormMixin(ListView) {
 *   override formClass = SearchForm;
 * }
 */
export function FormMixin<B extends TemplateResponseViewClass>(Base: B): WithFormHandling<B> {
  abstract class FormMixinClass extends Base implements FormHandling {
    /** Initial values of the form (copied by `getInitial()`). */
    initial: Readonly<Record<string, unknown>> = {};
    /** The form class; `getFormClass()` returns it. */
    formClass: FormConstructor | null = null;
    /** Where `formValid()` redirects. */
    successUrl: string | null = null;
    /** The form's prefix (`"contact"` names fields `contact-subject`). */
    prefix: string | null = null;

    /**
     * A copy of `initial`; override it for computed initial values.
     *
     * @example
     * override getInitial() { return { ...super.getInitial(), email: this.request.COOKIES.email }; }
     */
    getInitial(): Record<string, unknown> {
      return { ...this.initial };
    }

    /** `prefix`. @example override getPrefix() { return String(this.kwargs.section); } */
    getPrefix(): string | null {
      return this.prefix;
    }

    /**
     * `formClass`; ImproperlyConfigured when it is not set.
     *
     * @example
     * override getFormClass() { return this.request.user.isStaff ? StaffForm : PublicForm; }
     */
    getFormClass(): FormConstructor {
      if (this.formClass === null) {
        const name = this.constructor.name;
        throw new ImproperlyConfigured(
          `${name} has no form class. Set ${name}.formClass or override ${name}.getFormClass().`,
        );
      }
      return this.formClass;
    }

    /**
     * The options the form is built with: `initial`, `prefix`, and on POST and PUT the
     * request's `data` (`request.POST`) and `files` (`request.FILES`).
     *
     * @example
     * override getFormKwargs() { return { ...super.getFormKwargs(), labelSuffix: "" }; }
     */
    getFormKwargs(): FormKwargs {
      const prefix = this.getPrefix();
      const bind = BINDING_METHODS.has(this.request?.method ?? "");
      return {
        initial: this.getInitial(),
        ...(prefix !== null ? { prefix } : {}),
        ...(bind ? { data: this.request.POST, files: this.request.FILES } : {}),
      };
    }

    /**
     * A form of `formClass` (default `getFormClass()`) built with `getFormKwargs()`.
     *
     * @example
     * const form = this.getForm();
     */
    getForm(formClass?: FormConstructor): Form {
      const FormClass = (formClass ?? this.getFormClass()) as unknown as new (
        options: FormKwargs,
      ) => Form;
      return new FormClass(this.getFormKwargs());
    }

    /**
     * The URL `formValid()` redirects to: `successUrl`; ImproperlyConfigured when it is not set.
     *
     * @example
     * override getSuccessUrl() { return reverse("contact:thanks"); }
     */
    getSuccessUrl(): string {
      if (this.successUrl === null || this.successUrl === "") {
        throw new ImproperlyConfigured(
          `No URL to redirect to. Provide a successUrl (set ${this.constructor.name}.successUrl or override getSuccessUrl()).`,
        );
      }
      return this.successUrl;
    }

    /**
     * Called with a valid form: redirects (302) to `getSuccessUrl()`. Override it to act on
     * `form.cleanedData` first, then return `super.formValid(form)`.
     *
     * @example
     * override async formValid(form: InstanceType<typeof ContactForm>) {
     *   await sendMail(form.cleanedData.subject);
     *   return super.formValid(form);
     * }
     */
    async formValid(_form: Form): Promise<HttpResponse> {
      return new HttpResponseRedirect(this.getSuccessUrl());
    }

    /**
     * Called with an invalid form: renders the template again with the bound form (and its
     * errors), status 200 as Django.
     *
     * @example
     * override async formInvalid(form: Form) {
     *   const response = await super.formInvalid(form);
     *   response.status = 422;
     *   return response;
     * }
     */
    async formInvalid(form: Form): Promise<HttpResponse> {
      return this.renderToResponse(await this.getContextData({ form }));
    }

    /**
     * The context with `form` (the one given, else `getForm()`), prepared for rendering.
     *
     * @example
     * const context = await this.getContextData(); // { form, view, ... }
     */
    override async getContextData(
      kwargs: Record<string, unknown> = {},
    ): Promise<Record<string, unknown>> {
      const form = kwargs.form instanceof Form ? kwargs.form : this.getForm();
      await form.prepare();
      return super.getContextData({ ...kwargs, form });
    }
  }
  return FormMixinClass;
}
