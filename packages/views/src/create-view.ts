/** CreateView: a form that creates an object (Django's CreateView). */
import type { HttpRequest, HttpResponse } from "@tango/http";
import type { Model } from "@tango/orm";
import { ModelFormView } from "./model-form-view.js";

/**
 * GET renders `<app>/<model>_form.html` with an empty ModelForm for `model` and `fields` (or
 * your `formClass`); POST validates it, saves the new object into `this.object` and
 * redirects to `successUrl` (`"/polls/{id}/"` takes the new object's values) or to its
 * `getAbsoluteUrl()`; an invalid form renders again with its errors.
 *
 * @example
 * class QuestionCreate extends CreateView<Question> {
 *   override model = Question;
 *   override fields = ["questionText", "pubDate"];
 *   override successUrl = "/polls/{id}/";
 * }
 * path("add/", QuestionCreate.asView(), { name: "add" });
 */
export class CreateView<M extends Model = Model> extends ModelFormView<M> {
  /**
   * Renders the template with an empty form.
   *
   * @example
   * await client.get("/polls/add/");
   */
  override async get(
    _request: HttpRequest,
    _kwargs: Record<string, unknown> = {},
  ): Promise<HttpResponse> {
    this.object = null;
    return this.renderToResponse(await this.getContextData());
  }

  /**
   * Validates the bound form: saves and redirects, or renders the errors.
   *
   * @example
   * await client.post("/polls/add/", { questionText: "What's new?", pubDate: "2025-01-01 10:00" });
   */
  async post(_request: HttpRequest, _kwargs: Record<string, unknown> = {}): Promise<HttpResponse> {
    this.object = null;
    const form = this.getForm();
    return (await form.isValid()) ? this.formValid(form) : this.formInvalid(form);
  }

  /** As `post()`. @example await client.put("/polls/add/", body); */
  put(request: HttpRequest, kwargs: Record<string, unknown> = {}): Promise<HttpResponse> {
    return this.post(request, kwargs);
  }
}
