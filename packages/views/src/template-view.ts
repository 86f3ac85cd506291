/** TemplateView: renders a template with the URL's kwargs in its context. */
import type { HttpRequest, HttpResponse } from "@tango/http";
import { TemplateResponseView } from "./template-response-view.js";

/**
 * Renders `templateName` for GET (and HEAD), with the URL's kwargs, `view` and
 * `extraContext` in the context.
 *
 * @example
 * path("about/", TemplateView.asView({ templateName: "about.html" }));
 *
 * class HomePage extends TemplateView {
 *   templateName = "home.html";
 *   override async getContextData(kwargs: Record<string, unknown> = {}) {
 *     return { ...(await super.getContextData(kwargs)), latest: await Article.objects.slice(0, 5) };
 *   }
 * }
 */
export class TemplateView extends TemplateResponseView {
  /**
   * Renders the template with `getContextData(kwargs)`.
   *
   * @example
   * await client.get("/about/"); // 200, about.html rendered
   */
  async get(_request: HttpRequest, kwargs: Record<string, unknown> = {}): Promise<HttpResponse> {
    return this.renderToResponse(await this.getContextData(kwargs));
  }
}
