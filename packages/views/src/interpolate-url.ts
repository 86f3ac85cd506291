/** Fills `{name}` and Django's `%(name)s` placeholders of a URL from a record of values. */
import { ImproperlyConfigured } from "@tango/core";

const PLACEHOLDER = /%\((\w+)\)s|\{(\w+)\}|%%/g;

/**
 * Replaces `{name}` and `%(name)s` in `template` with `String(values[name])` (and `%%` with
 * `%`); a name missing from `values` throws ImproperlyConfigured naming `owner`.
 *
 * @example
 * interpolateUrl("/polls/{id}/", { id: 3 }, "successUrl"); // "/polls/3/"
 * interpolateUrl("/go/%(slug)s/", { slug: "here" }, "url"); // "/go/here/"
 */
export function interpolateUrl(
  template: string,
  values: Readonly<Record<string, unknown>> | object,
  owner: string,
): string {
  const record = values as Record<string, unknown>;
  return template.replace(PLACEHOLDER, (_token, percentName?: string, braceName?: string) => {
    const name = percentName ?? braceName;
    if (name === undefined) return "%";
    if (!(name in record) || record[name] === undefined) {
      throw new ImproperlyConfigured(
        `The URL '${template}' of ${owner} names '${name}', which is not available (${describeKeys(record)}). Fix the placeholder or provide '${name}'.`,
      );
    }
    return String(record[name]);
  });
}

function describeKeys(record: Record<string, unknown>): string {
  const keys = Object.keys(record);
  return keys.length === 0 ? "none are" : `available: ${keys.join(", ")}`;
}
