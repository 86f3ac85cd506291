/** Type tests: `tsc -b` checks them; each @ts-expect-error must be a real error. */
import { Count, Max, Sum } from "./aggregates.js";
import { F } from "./f.js";
import { Author, Choice, Question, Tag } from "./polls.test.fixtures.js";
import { Q } from "./q.js";
import type { QuerySet } from "./query-set.js";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

export async function typedFilters(): Promise<void> {
  Choice.objects.filter({
    votes__gt: 0,
    choiceText__icontains: "x",
    question__pubDate__year: 2026,
  });
  Choice.objects.filter({ question__author__name__startswith: "A", votes: F("rank") });
  Question.objects.filter({
    choices__votes__gte: 1,
    tags__name__in: ["a", "b"],
    extra__owner: "x",
  });
  Question.objects.filter({
    author: null,
    author__isnull: true,
    pubDate__range: [new Date(), new Date()],
    pubDate__year__range: [2020, 2026],
    pubDate__month__in: [1, 2],
    pubDate__date__range: ["2026-01-01", new Date()],
  });
  // @ts-expect-error a date part's range takes numbers
  Question.objects.filter({ pubDate__year__range: ["2020", "2026"] });
  Tag.objects.filter({ questions__choices__votes__lt: 3 });
  Choice.objects.filter({ question__in: Question.objects.filter({ id: 1 }) });
  Choice.objects.filter(Q({ anything__goes: 1 })); // Q is untyped: custom lookups go through it
  // @ts-expect-error unknown field
  Choice.objects.filter({ vote: 1 });
  // @ts-expect-error unknown lookup for a number
  Choice.objects.filter({ votes__icontains: "1" });
  // @ts-expect-error wrong value type
  Choice.objects.filter({ votes__gt: "1" });
  // @ts-expect-error year is a number
  Question.objects.filter({ pubDate__year: "2026" });
  // @ts-expect-error isnull takes a boolean
  Question.objects.filter({ author__isnull: 1 });
  // @ts-expect-error unknown field across a relation
  Choice.objects.filter({ question__nope: 1 });
  // @ts-expect-error text lookups do not apply to booleans
  Author.objects.filter({ active__contains: "t" });
  // @ts-expect-error null is only for exact matches of nullable fields
  Choice.objects.filter({ votes: null });
}

export async function rowTypes(): Promise<void> {
  const questions = await Question.objects.all();
  expectType<Equal<typeof questions, Question[]>>(true);
  const texts = await Question.objects.valuesList("questionText", { flat: true });
  expectType<Equal<typeof texts, string[]>>(true);
  const pairs = await Choice.objects.valuesList("id", "votes");
  expectType<Equal<typeof pairs, [number, number][]>>(true);
  const rows = await Choice.objects.values("choiceText", "question");
  expectType<Equal<(typeof rows)[number]["choiceText"], string>>(true);
  const c = await Choice.objects.selectRelated("question__author").get({ pk: 1 });
  expectType<Equal<typeof c.question.questionText, string>>(true);
  expectType<Equal<NonNullable<typeof c.question.author>["name"], string>>(true);
  const q = await Question.objects.prefetchRelated("choices").get({ pk: 1 });
  expectType<Equal<(typeof q.choices)[number]["votes"], number>>(true);
  const annotated = await Question.objects.annotate({ n: Count("choices") }).first();
  // A count is never null; the other aggregates are null over no rows.
  expectType<Equal<NonNullable<typeof annotated>["n"], number>>(true);
  const summed = await Question.objects
    .annotate({ total: Sum("choices__votes"), top: Max("choices__votes") })
    .first();
  expectType<Equal<NonNullable<typeof summed>["total"], number | null>>(true);
  expectType<Equal<NonNullable<typeof summed>["top"], number | null>>(true);
  const totals = await Choice.objects.aggregate({ n: Count("id"), total: Sum("votes") });
  expectType<Equal<typeof totals.n, number>>(true);
  expectType<Equal<typeof totals.total, unknown>>(true);
  // @ts-expect-error selectRelated takes single-valued relations only
  Question.objects.selectRelated("choices");
  // @ts-expect-error not a relation
  Choice.objects.prefetchRelated("votes");
  const n: number = await Choice.objects.filter({ votes: 0 }).update({ votes: F("votes").add(1) });
  // @ts-expect-error unknown field in update
  await Choice.objects.update({ vots: 1 });
  void n;
}

export async function valuesAnnotate(): Promise<void> {
  const grouped = await Choice.objects.values("question").annotate({ n: Count("id") });
  expectType<Equal<(typeof grouped)[number]["n"], number>>(true);
}

export async function relatedManagers(q: Question): Promise<void> {
  const choices = await q.choices.filter({ votes__gt: 0 });
  expectType<Equal<typeof choices, Choice[]>>(true);
  const tags = await q.tags.all();
  expectType<Equal<typeof tags, Tag[]>>(true);
  for await (const c of Choice.objects.iterator({ chunkSize: 10 })) {
    expectType<Equal<typeof c, Choice>>(true);
  }
  // @ts-expect-error unknown field through a related manager
  q.choices.filter({ nope: 1 });
}

export async function relatedValues(c: Choice): Promise<void> {
  await Choice.objects.filter({ question: c.question, question__in: [c.question, 3] });
}

export async function iteration(): Promise<void> {
  for await (const q of Question.objects.all()) expectType<Equal<typeof q, Question>>(true);
  // @ts-expect-error a QuerySet is iterated with for await (or awaited), never synchronously
  for (const q of Question.objects.all()) void q;
}

export async function loadedStaysTheModel(): Promise<void> {
  // A QuerySet with loaded relations is still a QuerySet of the model (generic views take it).
  const prefetched: QuerySet<Question> = Question.objects.all().prefetchRelated("choices");
  const joined: QuerySet<Choice> = Choice.objects.selectRelated("question");
  const q = await prefetched.get({ pk: 1 });
  const choice: Choice = await joined.get({ pk: 1 });
  expectType<Equal<typeof choice.votes, number>>(true);
  void q;
}
