/** DeleteView: a confirmation page with a form on GET, validation, deletion and a redirect on POST (Django 4's DeleteView). */
import { ImproperlyConfigured } from "@tango/core";
import { Form } from "@tango/forms";
import { type HttpRequest, type HttpResponse, HttpResponseRedirect } from "@tango/http";
import type { Model } from "@tango/orm";
import type { FormConstructor } from "./form-mixin.js";
import { interpolateUrl } from "./interpolate-url.js";
import { SingleObjectFormView } from "./single-object-form-view.js";

/**
 * GET renders `<app>/<model>_confirm_delete.html` with the object (as DetailView) and a
 * `form` (by default a Form without fields: `formClass` can ask for a confirmation field).
 * POST validates the form: valid, it deletes the object and redirects to `successUrl`, whose
 * `{field}` placeholders are filled from the deleted object (`"/authors/{authorId}/"`);
 * invalid, it renders the page again with the errors. DELETE deletes without a form.
 *
 * @example
 * class QuestionDelete extends DeleteView<Question> {
 *   override model = Question;
 *   override successUrl = "/polls/";
 * }
 * path("<int:pk>/delete/", QuestionDelete.asView(), { name: "delete" });
 */
export class DeleteView<M extends Model = Model> extends SingleObjectFormView<M> {
  override templateNameSuffix = "_confirm_delete";
  override formClass: FormConstructor | null = Form;

  /**
   * The URL to redirect to after deleting `this.object`: `successUrl` with `{field}` /
   * `%(field)s` placeholders filled from the object; ImproperlyConfigured without it.
   *
   * @example
   * override getSuccessUrl() { return reverse("polls:index"); }
   */
  override getSuccessUrl(): string {
    if (this.successUrl === null || this.successUrl === "") {
      throw new ImproperlyConfigured(
        `No URL to redirect to. Provide a successUrl (set ${this.constructor.name}.successUrl or override getSuccessUrl()).`,
      );
    }
    return interpolateUrl(
      this.successUrl,
      this.object ?? {},
      `${this.constructor.name}.successUrl`,
    );
  }

  /**
   * Looks the object up and validates the form: `formValid(form)` (delete and redirect) or
   * `formInvalid(form)`.
   *
   * @example
   * await client.post("/polls/3/delete/"); // 302 to /polls/
   */
  async post(_request: HttpRequest, _kwargs: Record<string, unknown> = {}): Promise<HttpResponse> {
    this.object = await this.getObject();
    const form = this.getForm();
    return (await form.isValid()) ? this.formValid(form) : this.formInvalid(form);
  }

  /**
   * Deletes the object and redirects to `getSuccessUrl()` (computed before deleting, so that
   * it can use the object's pk).
   *
   * @example
   * override async formValid(form: Form) {
   *   await logDeletion(this.object!);
   *   return super.formValid(form);
   * }
   */
  override async formValid(_form: Form): Promise<HttpResponse> {
    const object = this.object ?? (await this.getObject());
    this.object = object;
    const successUrl = this.getSuccessUrl();
    await object.delete();
    return new HttpResponseRedirect(successUrl);
  }

  /**
   * Deletes the object without a form (Django's DeletionMixin.delete()) and redirects.
   *
   * @example
   * await client.delete("/polls/3/delete/"); // 302
   */
  async delete(
    _request: HttpRequest,
    _kwargs: Record<string, unknown> = {},
  ): Promise<HttpResponse> {
    this.object = await this.getObject();
    const successUrl = this.getSuccessUrl();
    await this.object.delete();
    return new HttpResponseRedirect(successUrl);
  }
}
