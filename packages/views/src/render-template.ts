/** The one place @tango/views renders a template: through @tango/templates' renderToString(). */
import type { HttpRequest } from "@tango/http";
import { renderToString } from "@tango/templates";

/**
 * Renders the first existing template of `names` with `context`; context processors run
 * for `request`.
 *
 * @example
 * const html = await renderTemplate(["polls/index.html"], { latest }, request);
 */
export function renderTemplate(
  names: string | readonly string[],
  context: Record<string, unknown>,
  request?: HttpRequest,
): Promise<string> {
  return renderToString(names, context, request);
}
