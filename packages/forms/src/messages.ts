/** Django-style message interpolation: `%(name)s` and `%(name)d` placeholders, and simple plurals. */

/**
 * Replaces `%(name)s`/`%(name)d`/`%(name)r` in `template` with `params`.
 *
 * @example
 * interpolate("at most %(limit_value)d characters", { limit_value: 5 }); // "at most 5 characters"
 */
export function interpolate(template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(/%\((\w+)\)[sdr]/g, (whole, key: string) =>
    Object.hasOwn(params, key) ? String(params[key]) : whole,
  );
}

/**
 * Picks the singular or plural form for `count`, as Django's ngettext does in English.
 *
 * @example
 * plural(1, "character", "characters"); // "character"
 */
export function plural(count: number, singular: string, many: string): string {
  return count === 1 ? singular : many;
}

/**
 * Normalises an `errorMessages` key: `maxLength` and `max_length` both mean Django's `max_length`.
 *
 * @example
 * errorCodeKey("maxLength"); // "max_length"
 */
export function errorCodeKey(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
