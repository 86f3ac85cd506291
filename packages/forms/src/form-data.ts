/** DataSource: reads a form's data from a QueryDict/MultiValueDict or a plain object, safely for any key. */

/**
 * What a bound form reads: `request.POST`, `request.FILES`, or a plain object.
 *
 * @example
 * const data: FormDataInput = { subject: "Hi", tags: ["a", "b"] };
 */
export type FormDataInput = MultiValueSource | Readonly<Record<string, unknown>>;

/**
 * A QueryDict-like source (`get`, `getList`, `has`).
 *
 * @example
 * const source: MultiValueSource = request.POST;
 */
export interface MultiValueSource {
  get(key: string): unknown;
  getList(key: string): unknown[];
  has(key: string): boolean;
}

/**
 * The uniform view of form data the widgets use. Keys like `__proto__` and `constructor`
 * are ordinary keys: plain objects are read with `Object.hasOwn`.
 *
 * @example
 * toDataSource({ a: "1" }).get("a"); // "1"
 */
export interface DataSource {
  get(key: string): unknown;
  getList(key: string): unknown[];
  has(key: string): boolean;
}

function isMultiValue(data: FormDataInput): data is MultiValueSource {
  const d = data as { get?: unknown; getList?: unknown; has?: unknown };
  return (
    typeof d.get === "function" && typeof d.getList === "function" && typeof d.has === "function"
  );
}

const EMPTY: DataSource = { get: () => undefined, getList: () => [], has: () => false };

/**
 * Wraps form data as a {@link DataSource}; `undefined`/`null` give an empty source.
 *
 * @example
 * toDataSource(request.POST).getList("tags");
 */
export function toDataSource(data: FormDataInput | null | undefined): DataSource {
  if (data === null || data === undefined) return EMPTY;
  if (isMultiValue(data)) return data;
  const record = data as Readonly<Record<string, unknown>>;
  const has = (key: string): boolean => Object.hasOwn(record, key);
  return {
    has,
    get(key) {
      if (!has(key)) return undefined;
      const value = record[key];
      return Array.isArray(value) ? value[value.length - 1] : value;
    },
    getList(key) {
      if (!has(key)) return [];
      const value = record[key];
      return Array.isArray(value) ? [...value] : [value];
    },
  };
}
