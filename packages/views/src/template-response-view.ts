/** TemplateResponseView: the base of views that render a template (Django's TemplateResponseMixin + ContextMixin). */
import { ImproperlyConfigured } from "@tango/core";
import { HttpResponse } from "@tango/http";
import { renderTemplate } from "./render-template.js";
import { View } from "./view.js";

/**
 * Options of {@link TemplateResponseView.renderToResponse}.
 *
 * @example
 * return this.renderToResponse(context, { status: 201 });
 */
export interface RenderToResponseOptions {
  /** Default 200. */
  readonly status?: number;
  /** Default the view's `contentType`, else `text/html; charset=<DEFAULT_CHARSET>`. */
  readonly contentType?: string;
}

/**
 * The base of the views that answer with a rendered template: `templateName`,
 * `getTemplateNames()`, `getContextData()` and `renderToResponse()`. TemplateView,
 * ListView, DetailView and DeleteView extend it; extend it for your own template views.
 *
 * @example
 * class Dashboard extends TemplateResponseView {
 *   templateName = "dashboard.html";
 *   async get(request: HttpRequest) {
 *     return this.renderToResponse(await this.getContextData({ stats: await loadStats() }));
 *   }
 * }
 */
export class TemplateResponseView extends View {
  /** The template to render (or override `getTemplateNames()`). */
  templateName: string | null = null;
  /** The Content-Type of the response; default HTML in DEFAULT_CHARSET. */
  contentType: string | null = null;
  /** Added to every context. */
  extraContext: Record<string, unknown> | null = null;

  /**
   * The templates to try, in order; the first that exists is rendered. By default
   * `[templateName]`; throws ImproperlyConfigured when that is not set.
   *
   * @example
   * override getTemplateNames() { return [`themes/${this.kwargs.theme}/home.html`, "home.html"]; }
   */
  getTemplateNames(): string[] {
    if (this.templateName === null) {
      throw new ImproperlyConfigured(
        `${this.constructor.name} requires either a definition of 'templateName' or an implementation of 'getTemplateNames()'. Set templateName = "app/page.html" on the class or pass it to asView().`,
      );
    }
    return [this.templateName];
  }

  /**
   * The template context: `kwargs`, `view` (this view) and `extraContext`. Override it
   * (awaiting `super.getContextData(kwargs)`) to add to it; values must be ready to render
   * (await QuerySets first: templates cannot await).
   *
   * @example
   * override async getContextData(kwargs: Record<string, unknown> = {}) {
   *   const context = await super.getContextData(kwargs);
   *   context.latest = await Question.objects.orderBy("-pubDate").slice(0, 5);
   *   return context;
   * }
   */
  async getContextData(kwargs: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const context: Record<string, unknown> = { ...kwargs };
    if (!("view" in context)) context.view = this;
    if (this.extraContext !== null) Object.assign(context, this.extraContext);
    return context;
  }

  /**
   * Renders the first existing template of `getTemplateNames()` with `context` (context
   * processors run for the request) into an HttpResponse.
   *
   * @example
   * return this.renderToResponse(await this.getContextData());
   */
  async renderToResponse(
    context: Record<string, unknown>,
    options: RenderToResponseOptions = {},
  ): Promise<HttpResponse> {
    const html = await renderTemplate(this.getTemplateNames(), context, this.request);
    const contentType = options.contentType ?? this.contentType ?? undefined;
    return new HttpResponse(html, {
      ...(options.status !== undefined ? { status: options.status } : {}),
      ...(contentType !== undefined ? { contentType } : {}),
    });
  }
}
