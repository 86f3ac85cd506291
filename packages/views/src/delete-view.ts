/** DeleteView: a confirmation page on GET, deletion and a redirect on POST (Django's DeleteView, without a form yet). */
import { ImproperlyConfigured } from "@tango/core";
import { type HttpRequest, type HttpResponse, HttpResponseRedirect } from "@tango/http";
import type { Model } from "@tango/orm";
import { DetailView } from "./detail-view.js";
import { interpolateUrl } from "./interpolate-url.js";

/**
 * GET renders `<app>/<model>_confirm_delete.html` with the object (as DetailView); POST (or
 * DELETE) deletes it and redirects to `successUrl`, whose `{field}` placeholders are filled
 * from the deleted object (`"/authors/{authorId}/"`). Until @tango/forms lands, a plain POST
 * confirms (Django 4 validates a form first).
 *
 * @example
 * class QuestionDelete extends DeleteView<Question> {
 *   override model = Question;
 *   override successUrl = "/polls/";
 * }
 * path("<int:pk>/delete/", QuestionDelete.asView(), { name: "delete" });
 */
export class DeleteView<M extends Model = Model> extends DetailView<M> {
  override templateNameSuffix = "_confirm_delete";
  /** Where to go after deleting; `{field}` / `%(field)s` placeholders take the object's values. */
  successUrl: string | null = null;

  /**
   * The URL to redirect to after deleting `this.object`; ImproperlyConfigured without `successUrl`.
   *
   * @example
   * override getSuccessUrl() { return reverse("polls:index"); }
   */
  getSuccessUrl(): string {
    if (this.successUrl === null) {
      throw new ImproperlyConfigured(
        `No URL to redirect to. Provide ${this.constructor.name}.successUrl or override getSuccessUrl().`,
      );
    }
    return interpolateUrl(
      this.successUrl,
      this.object ?? {},
      `${this.constructor.name}.successUrl`,
    );
  }

  /**
   * Deletes the object and redirects to `getSuccessUrl()` (computed before deleting, so that
   * it can use the object's pk).
   *
   * @example
   * await client.post("/polls/3/delete/"); // 302 to /polls/
   */
  async post(_request: HttpRequest, _kwargs: Record<string, unknown> = {}): Promise<HttpResponse> {
    const object = await this.getObject();
    this.object = object;
    const successUrl = this.getSuccessUrl();
    await object.delete();
    return new HttpResponseRedirect(successUrl);
  }

  /** As `post()`. @example await client.delete("/polls/3/delete/"); // 302 */
  delete(request: HttpRequest, kwargs: Record<string, unknown> = {}): Promise<HttpResponse> {
    return this.post(request, kwargs);
  }
}
