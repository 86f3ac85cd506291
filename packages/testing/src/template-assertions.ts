/** assertTemplateUsed() and assertTemplateNotUsed(): which templates a response rendered. */
import { AssertionFailed } from "./errors.js";
import { prefixed } from "./html-assertions.js";
import type { TestResponse } from "./test-response.js";

function used(response: TestResponse): string {
  return response.templates.length === 0
    ? "No templates were used to render the response."
    : `Templates used to render the response: ${response.templates.join(", ")}.`;
}

/**
 * Asserts that the response rendered `templateName` (`count` times, when given).
 *
 * @example
 * assertTemplateUsed(await client.get("/polls/"), "polls/index.html");
 */
export function assertTemplateUsed(
  response: TestResponse,
  templateName: string,
  options: { count?: number; msgPrefix?: string } = {},
): void {
  const times = response.templates.filter((name) => name === templateName).length;
  if (options.count === undefined ? times > 0 : times === options.count) return;
  const wanted = options.count === undefined ? "" : ` ${options.count} time(s)`;
  throw new AssertionFailed(
    prefixed(
      options.msgPrefix,
      `Template '${templateName}' was not a template used to render the response${wanted}; it was used ${times} time(s). ${used(response)}`,
    ),
    { actual: response.templates, expected: templateName },
  );
}

/**
 * Asserts that the response did not render `templateName`.
 *
 * @example
 * assertTemplateNotUsed(await client.get("/polls/"), "polls/detail.html");
 */
export function assertTemplateNotUsed(
  response: TestResponse,
  templateName: string,
  options: { msgPrefix?: string } = {},
): void {
  if (!response.templates.includes(templateName)) return;
  throw new AssertionFailed(
    prefixed(
      options.msgPrefix,
      `Template '${templateName}' was used unexpectedly in rendering the response. ${used(response)}`,
    ),
    { actual: response.templates, expected: templateName },
  );
}
