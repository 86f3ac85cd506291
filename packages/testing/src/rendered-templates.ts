/** Which templates a request rendered, with their contexts: `response.templates` and `response.context`. */
import { AsyncLocalStorage } from "node:async_hooks";
import { templateRendered } from "@tango/core";

/** The templates one request rendered, in order, and the context each saw. */
export interface RenderedTemplates {
  readonly templates: string[];
  readonly contexts: Readonly<Record<string, unknown>>[];
}

const current = new AsyncLocalStorage<RenderedTemplates>();
let listening = false;

/**
 * Runs `handle` (one request through the application), recording the templates rendered
 * inside it. Concurrent requests each record their own: the record follows the async context.
 *
 * @example
 * const [response, rendered] = await recordTemplates(() => app.handle(request));
 * rendered.templates; // ["polls/index.html"]
 */
export async function recordTemplates<T>(
  handle: () => Promise<T>,
): Promise<[T, RenderedTemplates]> {
  if (!listening) {
    listening = true;
    templateRendered.connect(
      ({ templateName, context }) => {
        const record = current.getStore();
        if (record) {
          record.templates.push(templateName);
          record.contexts.push(context);
        }
      },
      { dispatchUid: "tango.testing.recordTemplates" },
    );
  }
  const record: RenderedTemplates = { templates: [], contexts: [] };
  const result = await current.run(record, handle);
  return [result, record];
}

/**
 * The contexts merged as Django's `ContextList` reads them: a name comes from the first
 * template whose context has it.
 *
 * @example
 * mergedContext([{ a: 1 }, { a: 2, b: 3 }]); // { a: 1, b: 3 }
 */
export function mergedContext(
  contexts: readonly Readonly<Record<string, unknown>>[],
): Readonly<Record<string, unknown>> {
  const merged: Record<string, unknown> = {};
  for (const context of [...contexts].reverse()) Object.assign(merged, context);
  return merged;
}
