/** render(): a template rendered into an HttpResponse, as Django's `django.shortcuts.render`. */
import { type HttpRequest, HttpResponse } from "@tango/http";
import { renderTemplate } from "./render-template.js";

/**
 * Options of {@link render}.
 *
 * @example
 * await render(request, "polls/detail.html", { question }, { status: 422 });
 */
export interface RenderOptions {
  /** Default 200. */
  readonly status?: number;
  /** Default `text/html; charset=<DEFAULT_CHARSET>`. */
  readonly contentType?: string;
}

/**
 * Renders the template (the first existing one of a list) with `context` (context
 * processors run for `request`; top-level promises in it are awaited) into an HttpResponse.
 *
 * @example
 * export async function index(request: HttpRequest) {
 *   const latest = await Question.objects.orderBy("-pubDate").slice(0, 5);
 *   return render(request, "polls/index.html", { latest_question_list: latest });
 * }
 */
export function render(
  request: HttpRequest,
  templateName: string | readonly string[],
  context: Record<string, unknown> = {},
  options: RenderOptions = {},
): Promise<HttpResponse> {
  // Built field by field rather than from spreads (on Node 20 a spread's copy outlives
  // young-generation GCs), and a reaction rather than an async function: one promise less
  // on every rendered page.
  const init: { status?: number; contentType?: string } = {};
  if (options.status !== undefined) init.status = options.status;
  if (options.contentType !== undefined) init.contentType = options.contentType;
  return renderTemplate(templateName, context, request).then(
    (html) => new HttpResponse(html, init),
  );
}
