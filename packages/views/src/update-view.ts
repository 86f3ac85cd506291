/** UpdateView: a form that edits an object found by pk or slug (Django's UpdateView). */
import type { HttpRequest, HttpResponse } from "@tango/http";
import type { Model } from "@tango/orm";
import { ModelFormView } from "./model-form-view.js";

/**
 * Looks the object up as DetailView does (pk or slug URL kwarg, `queryset`, 404 when none
 * matches). GET renders `<app>/<model>_form.html` with a ModelForm of the object (context
 * `form`, `object` and `<model>`); POST validates it, saves the object and redirects to
 * `successUrl` (with `{field}` placeholders) or to its `getAbsoluteUrl()`; an invalid form
 * renders again with its errors.
 *
 * @example
 * class QuestionUpdate extends UpdateView<Question> {
 *   override model = Question;
 *   override fields = ["questionText"];
 *   override successUrl = "/polls/{id}/";
 * }
 * path("<int:pk>/edit/", QuestionUpdate.asView(), { name: "edit" });
 */
export class UpdateView<M extends Model = Model> extends ModelFormView<M> {
  /**
   * Looks the object up and renders the template with its form.
   *
   * @example
   * await client.get("/polls/3/edit/");
   */
  override async get(
    _request: HttpRequest,
    _kwargs: Record<string, unknown> = {},
  ): Promise<HttpResponse> {
    this.object = await this.getObject();
    return this.renderToResponse(await this.getContextData());
  }

  /**
   * Looks the object up and validates the bound form: saves and redirects, or renders the errors.
   *
   * @example
   * await client.post("/polls/3/edit/", { questionText: "Renamed" });
   */
  async post(_request: HttpRequest, _kwargs: Record<string, unknown> = {}): Promise<HttpResponse> {
    this.object = await this.getObject();
    const form = this.getForm();
    return (await form.isValid()) ? this.formValid(form) : this.formInvalid(form);
  }

  /** As `post()`. @example await client.put("/polls/3/edit/", body); */
  put(request: HttpRequest, kwargs: Record<string, unknown> = {}): Promise<HttpResponse> {
    return this.post(request, kwargs);
  }
}
