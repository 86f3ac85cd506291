/** ModelFormView: the form handling CreateView and UpdateView share (Django's ModelFormMixin). */
import { ImproperlyConfigured } from "@tango/core";
import { type Form, ModelForm, type ModelFormMeta } from "@tango/forms";
import type { HttpResponse } from "@tango/http";
import type { Model, ModelClass } from "@tango/orm";
import type { FormConstructor, FormKwargs } from "./form-mixin.js";
import { interpolateUrl } from "./interpolate-url.js";
import { SingleObjectFormView } from "./single-object-form-view.js";

/** A form that saves an object: what ModelForm instances are. */
interface SavingForm {
  save(options?: { commit?: boolean }): Promise<unknown>;
}

/**
 * The base of CreateView and UpdateView: a ModelForm for `model` with `fields` (or your
 * `formClass`), bound to `this.object`; `formValid()` saves it into `this.object` and
 * redirects to `successUrl` (with `{field}` placeholders from the saved object), else to
 * the object's `getAbsoluteUrl()`. Templates are `<app>/<model>_form.html`.
 *
 * @example
 * class QuestionEdit extends ModelFormView<Question> {
 *   override model = Question;
 *   override fields = ["questionText", "pubDate"];
 * }
 */
export class ModelFormView<M extends Model = Model> extends SingleObjectFormView<M> {
  /** The model fields the form edits (`"__all__"` for every editable one). */
  fields: readonly string[] | "__all__" | null = null;
  override templateNameSuffix = "_form";

  /**
   * `formClass` if set, else `ModelForm.for(model, { fields })`. ImproperlyConfigured with
   * neither, or with both.
   *
   * @example
   * override getFormClass() { return this.request.user.isStaff ? StaffQuestionForm : super.getFormClass(); }
   */
  override getFormClass(): FormConstructor {
    const name = this.constructor.name;
    if (this.fields !== null && this.formClass !== null) {
      throw new ImproperlyConfigured(
        `Specifying both 'fields' and 'formClass' is not permitted. Set only one of ${name}.fields and ${name}.formClass.`,
      );
    }
    if (this.formClass !== null) return this.formClass;
    if (this.fields === null) {
      throw new ImproperlyConfigured(
        `Using ModelFormMixin (base class of ${name}) without the 'fields' attribute is prohibited. Set ${name}.fields (a list of field names, or "__all__") or ${name}.formClass.`,
      );
    }
    const model =
      this.model ??
      (this.object?.constructor as ModelClass<M> | undefined) ??
      (this.getQueryset().model as unknown as ModelClass<M>);
    // The field names are checked when the form class is built, not by the compiler here.
    const meta = { fields: this.fields } as unknown as ModelFormMeta<never>;
    return ModelForm.for(model as ModelClass, meta) as unknown as FormConstructor;
  }

  /**
   * FormMixin's options plus `instance`: the object edited (none when creating).
   *
   * @example
   * override getFormKwargs() { return { ...super.getFormKwargs(), prefix: "question" }; }
   */
  override getFormKwargs(): FormKwargs {
    const kwargs = super.getFormKwargs();
    return this.object !== null ? { ...kwargs, instance: this.object } : kwargs;
  }

  /**
   * `successUrl` with `{field}` / `%(field)s` filled from the saved object, else the object's
   * `getAbsoluteUrl()`; ImproperlyConfigured with neither.
   *
   * @example
   * override successUrl = "/polls/{id}/";
   */
  override getSuccessUrl(): string {
    const owner = `${this.constructor.name}.successUrl`;
    if (this.successUrl !== null && this.successUrl !== "") {
      return interpolateUrl(this.successUrl, this.object ?? {}, owner);
    }
    const getAbsoluteUrl = (this.object as { getAbsoluteUrl?: unknown } | null)?.getAbsoluteUrl;
    if (typeof getAbsoluteUrl === "function") {
      return String(getAbsoluteUrl.call(this.object));
    }
    throw new ImproperlyConfigured(
      `No URL to redirect to. Either provide a url or define a getAbsoluteUrl() method on the Model (set ${owner} or add getAbsoluteUrl() to ${this.object?.constructor.name ?? "the model"}).`,
    );
  }

  /**
   * Saves the form into `this.object`, then redirects to `getSuccessUrl()`.
   *
   * @example
   * override async formValid(form: Form) {
   *   const response = await super.formValid(form);
   *   await notifyEditors(this.object!);
   *   return response;
   * }
   */
  override async formValid(form: Form): Promise<HttpResponse> {
    const save = (form as Partial<SavingForm>).save;
    if (typeof save !== "function") {
      throw new ImproperlyConfigured(
        `${this.constructor.name}.formClass (${form.constructor.name}) has no save() method. Use a ModelForm class (ModelForm.for(Model, { fields })) or override formValid().`,
      );
    }
    this.object = (await save.call(form)) as M;
    return super.formValid(form);
  }
}
