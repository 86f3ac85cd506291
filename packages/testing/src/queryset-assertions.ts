/** assertQuerySetEqual(): Django's check of a QuerySet (or list) against the objects expected. */
import { isDeepStrictEqual } from "node:util";
import { AssertionFailed } from "./errors.js";
import { prefixed } from "./html-assertions.js";

/** Options of {@link assertQuerySetEqual}. */
export interface QuerySetEqualOptions<T> {
  /** Compare in order (default true); false compares as multisets. */
  ordered?: boolean;
  /** Maps each actual item before comparing (Django's `transform`), e.g. `(q) => q.questionText`. */
  transform?: (item: T) => unknown;
  msgPrefix?: string;
}

interface ModelLike {
  readonly constructor: unknown;
  readonly pk: unknown;
}

function isModel(value: unknown): value is ModelLike {
  return typeof value === "object" && value !== null && "pk" in value && "_state" in value;
}

/** Django's model equality: the same model class and primary key (saved instances only). */
function same(a: unknown, b: unknown): boolean {
  if (isModel(a) && isModel(b)) {
    return a.constructor === b.constructor && a.pk !== null && a.pk !== undefined && a.pk === b.pk;
  }
  return isDeepStrictEqual(a, b);
}

function show(value: unknown): string {
  if (isModel(value)) return `<${(value.constructor as { name: string }).name}: ${String(value)}>`;
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

function showAll(items: readonly unknown[]): string {
  return `[${items.map(show).join(", ")}]`;
}

/**
 * Asserts that `actual` (a QuerySet, awaited; a promise; or a list, such as a template's
 * context value) holds the `expected` items: model instances compare by class and primary
 * key, other values by deep equality. Async, since a QuerySet must be evaluated.
 *
 * @example
 * await assertQuerySetEqual(response.context.latest_question_list, [question2, question1]);
 * await assertQuerySetEqual(Question.objects.orderBy("id"), ["Why?", "How?"], { transform: (q) => q.questionText });
 */
export async function assertQuerySetEqual<T = unknown>(
  actual: unknown,
  expected: readonly unknown[],
  options: QuerySetEqualOptions<T> = {},
): Promise<void> {
  const resolved = await actual;
  if (resolved === null || typeof resolved !== "object" || !(Symbol.iterator in resolved)) {
    throw new AssertionFailed(
      prefixed(
        options.msgPrefix,
        `assertQuerySetEqual() needs a QuerySet or a list; got ${show(resolved)}. Is the name right (a context variable that is not set reads as undefined)?`,
      ),
      { actual: resolved, expected },
    );
  }
  const items = [...(resolved as Iterable<T>)].map((item) =>
    options.transform ? options.transform(item) : item,
  );
  const equal =
    options.ordered === false ? sameMultiset(items, expected) : sameSequence(items, expected);
  if (equal) return;
  throw new AssertionFailed(
    prefixed(
      options.msgPrefix,
      `${showAll(items)} != ${showAll(expected)}${options.ordered === false ? " (in any order)" : ""}`,
    ),
    { actual: items, expected },
  );
}

function sameSequence(items: readonly unknown[], expected: readonly unknown[]): boolean {
  return items.length === expected.length && items.every((item, i) => same(item, expected[i]));
}

function sameMultiset(items: readonly unknown[], expected: readonly unknown[]): boolean {
  if (items.length !== expected.length) return false;
  const left = [...expected];
  for (const item of items) {
    const at = left.findIndex((candidate) => same(item, candidate));
    if (at === -1) return false;
    left.splice(at, 1);
  }
  return true;
}
