/** FormView: shows a form on GET, validates it on POST (Django's FormView). */
import type { HttpRequest, HttpResponse } from "@tango/http";
import { FormMixin } from "./form-mixin.js";
import { TemplateResponseView } from "./template-response-view.js";

/**
 * Renders `templateName` with an unbound `form` on GET; on POST (and PUT) binds it to the
 * request's data and files, then calls `formValid(form)` (by default a redirect to
 * `successUrl`) or `formInvalid(form)` (the page again with the errors, status 200).
 *
 * @example
 * class ContactView extends FormView {
 *   override templateName = "contact.html";
 *   override formClass = ContactForm;
 *   override successUrl = "/thanks/";
 *   override async formValid(form: InstanceType<typeof ContactForm>) {
 *     await sendMail(form.cleanedData.subject, form.cleanedData.message);
 *     return super.formValid(form);
 *   }
 * }
 * path("contact/", ContactView.asView(), { name: "contact" });
 */
export class FormView extends FormMixin(TemplateResponseView) {
  /**
   * Renders the template with an unbound form.
   *
   * @example
   * await client.get("/contact/");
   */
  async get(_request: HttpRequest, _kwargs: Record<string, unknown> = {}): Promise<HttpResponse> {
    return this.renderToResponse(await this.getContextData());
  }

  /**
   * Validates the bound form: `formValid(form)` or `formInvalid(form)`.
   *
   * @example
   * await client.post("/contact/", { subject: "Hi", message: "..." }); // 302 to successUrl
   */
  async post(_request: HttpRequest, _kwargs: Record<string, unknown> = {}): Promise<HttpResponse> {
    const form = this.getForm();
    return (await form.isValid()) ? this.formValid(form) : this.formInvalid(form);
  }

  /** As `post()`. @example await client.put("/contact/", body); */
  put(request: HttpRequest, kwargs: Record<string, unknown> = {}): Promise<HttpResponse> {
    return this.post(request, kwargs);
  }
}
