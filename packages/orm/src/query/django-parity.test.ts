/** Behaviour Django's own query, aggregation, deletion and transaction tests check, ported as our own cases. */

import { afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { atomic, onCommit } from "../db/index.js";
import { IntegrityError, ProtectedError } from "../errors.js";
import type { Model } from "../models/index.js";
import { createModels } from "../models/schema-editor.js";
import {
  assertNumQueries,
  captureOnCommitCallbacks,
  captureQueries,
  describeEachDatabase,
} from "../testing/index.js";
import {
  Blog,
  Comment,
  Entry,
  Lock,
  loadParityModels,
  PARITY_MODELS,
  Person,
  Pin,
  seedParity,
} from "./django-parity.test.fixtures.js";
import { Avg, Count, Max, Min, Q, Sum } from "./index.js";

const ids = (rows: readonly Model[]) => rows.map((r) => r.pk);

describeEachDatabase("Django parity: queries", (ctx) => {
  let d: Awaited<ReturnType<typeof seedParity>>;
  beforeAll(async () => {
    loadParityModels();
    await createModels(ctx.kysely, [...PARITY_MODELS]);
  });
  beforeEach(async () => {
    d = await seedParity();
  });

  it("one filter() call on a multi-valued relation needs one related row to match every condition", async () => {
    const one = await Blog.objects
      .filter({ entries__headline__contains: "Lennon", entries__pubDate__year: 2008 })
      .orderBy("id");
    expect(ids(one)).toEqual([d.pop.pk]);
  });

  it("chained filter() calls on a multi-valued relation may match different related rows", async () => {
    const chained = await Blog.objects
      .filter({ entries__headline__contains: "Lennon" })
      .filter({ entries__pubDate__year: 2008 })
      .distinct()
      .orderBy("id");
    expect(ids(chained)).toEqual([d.beatles.pk, d.pop.pk]);
    // Each call joins the relation again, so without distinct() a blog repeats per pair of rows.
    const rows = await Blog.objects
      .filter({ entries__headline__contains: "Lennon" })
      .filter({ entries__pubDate__year: 2008 });
    expect(rows.filter((b) => b.pk === d.pop.pk)).toHaveLength(3);
  });

  it("exclude() on a multi-valued relation drops parents with any matching row and keeps childless ones", async () => {
    const noLennon = await Blog.objects.exclude({ entries__headline__contains: "Lennon" });
    expect(ids(noLennon)).toEqual([d.empty.pk]);
    const noGreat = await Blog.objects.exclude({ entries__comments__body: "great" }).orderBy("id");
    expect(ids(noGreat)).toEqual([d.empty.pk]);
    const noMeh = await Blog.objects.exclude({ entries__comments__body: "meh" }).orderBy("id");
    expect(ids(noMeh)).toEqual([d.pop.pk, d.empty.pk]);
    // A parent appears once even though it has several non-matching rows.
    const notOld = await Blog.objects.exclude({ entries__pubDate__year: 2001 }).orderBy("id");
    expect(ids(notOld)).toEqual([d.beatles.pk, d.pop.pk, d.empty.pk]);
  });

  it("exclude() with two multi-valued conditions excludes parents matching each, even on different rows", async () => {
    // Django: Beatles has a Lennon entry and (another) 2008 entry, so it is excluded too.
    const rest = await Blog.objects
      .exclude({ entries__headline__contains: "Lennon", entries__pubDate__year: 2008 })
      .orderBy("id");
    expect(ids(rest)).toEqual([d.empty.pk]);
  });

  it("exclude() across a nullable FK keeps rows whose relation is NULL", async () => {
    const notAnn = await Entry.objects.exclude({ editor__name: "Ann" }).orderBy("id");
    expect(ids(notAnn)).toEqual([d.e1.pk, d.e2.pk]);
    const notOslo = await Entry.objects.exclude({ editor__city: "Oslo" }).orderBy("id");
    expect(ids(notOslo)).toEqual([d.e1.pk, d.e2.pk]);
  });

  it("isnull follows relations forwards (LEFT JOIN) and backwards", async () => {
    expect(ids(await Entry.objects.filter({ editor__isnull: true }))).toEqual([d.e2.pk]);
    expect(await Entry.objects.filter({ editor__isnull: false }).count()).toBe(5);
    // No editor, or an editor without a city: both are NULL through the join.
    const noCity = await Entry.objects.filter({ editor__city__isnull: true }).orderBy("id");
    expect(ids(noCity)).toEqual([d.e1.pk, d.e2.pk]);
    expect(ids(await Blog.objects.filter({ entries__isnull: true }))).toEqual([d.empty.pk]);
    const withEntries = await Blog.objects
      .filter({ entries__isnull: false })
      .distinct()
      .orderBy("id");
    expect(ids(withEntries)).toEqual([d.beatles.pk, d.pop.pk]);
    const uncommented = await Entry.objects.filter({ comments__isnull: true }).orderBy("id");
    expect(ids(uncommented)).toEqual([d.e4.pk, d.e5.pk, d.e6.pk]);
  });

  it("in with an empty list matches nothing, and is neutral inside OR / exclude", async () => {
    // Django skips the query altogether here (EmptyResultSet); we only require the result.
    expect(await Entry.objects.filter({ id__in: [] })).toEqual([]);
    expect(await Entry.objects.filter({ id__in: [] }).count()).toBe(0);
    expect(await Entry.objects.filter({ headline__in: [] }).exists()).toBe(false);
    expect(await Blog.objects.filter({ entries__id__in: [] }).count()).toBe(0);
    const either = await Entry.objects.filter(Q({ id__in: [] }).or(Q({ headline: "Other news" })));
    expect(ids(either)).toEqual([d.e2.pk]);
    expect(await Entry.objects.exclude({ id__in: [] }).count()).toBe(6);
    expect(await Entry.objects.filter(Q({ id__in: [] }).not()).count()).toBe(6);
  });

  it("range on a date includes both ends", async () => {
    const in2008 = await Entry.objects
      .filter({
        pubDate__range: [new Date("2008-01-01T00:00:00Z"), new Date("2008-12-31T00:00:00Z")],
      })
      .orderBy("id");
    expect(ids(in2008)).toEqual([d.e2.pk, d.e3.pk, d.e4.pk, d.e5.pk]);
    const narrow = await Entry.objects.filter({
      pubDate__range: [new Date("2008-05-05T00:00:00Z"), new Date("2008-07-01T00:00:00Z")],
    });
    expect(ids(narrow).sort()).toEqual([d.e2.pk, d.e3.pk].sort());
    expect(await Entry.objects.filter({ pubDate__year__range: [2009, 2010] }).count()).toBe(2);
  });

  it("pattern lookups treat %, _ and \\ in the value literally", async () => {
    const headlines = async (filter: Record<string, string>) =>
      (await Entry.objects.filter(filter as never).orderBy("id")).map((e) => e.headline);
    expect(await headlines({ headline__contains: "%" })).toEqual(["100% sure"]);
    expect(await headlines({ headline__icontains: "0% S" })).toEqual(["100% sure"]);
    expect(await headlines({ headline__icontains: "_" })).toEqual(["snake_case"]);
    expect(await headlines({ headline__icontains: "\\" })).toEqual(["back\\slash"]);
    expect(await headlines({ headline__startswith: "100%" })).toEqual(["100% sure"]);
    expect(await headlines({ headline__iendswith: "_CASE" })).toEqual(["snake_case"]);
    expect(await headlines({ headline__iexact: "100% SURE" })).toEqual(["100% sure"]);
    expect(await headlines({ headline__iexact: "100_ sure" })).toEqual([]);
    expect(await headlines({ headline__iexact: "%" })).toEqual([]);
    expect(await headlines({ headline__iexact: "BACK\\SLASH" })).toEqual(["back\\slash"]);
    expect(await headlines({ headline__istartswith: "snake\\_" })).toEqual([]);
  });

  it("regex is case-sensitive, iregex is not", async () => {
    const lennon = [d.e1.pk, d.e3.pk];
    expect(ids(await Entry.objects.filter({ headline__regex: "^Lennon" }).orderBy("id"))).toEqual(
      lennon,
    );
    expect(await Entry.objects.filter({ headline__regex: "^lennon" }).count()).toBe(0);
    expect(ids(await Entry.objects.filter({ headline__iregex: "^lennon" }).orderBy("id"))).toEqual(
      lennon,
    );
    expect(await Entry.objects.filter({ headline__regex: "[0-9]{4}$" }).count()).toBe(1);
    expect(await Blog.objects.filter({ entries__headline__iregex: "SLASH$" }).count()).toBe(1);
  });

  it("Count(distinct) over two multi-valued joins does not double count", async () => {
    const rows = await Blog.objects
      .annotate({
        nEntries: Count("entries", { distinct: true }),
        nComments: Count("entries__comments", { distinct: true }),
      })
      .orderBy("id");
    expect(rows.map((b) => [b.nEntries, b.nComments])).toEqual([
      [2, 3],
      [4, 1],
      [0, 0],
    ]);
    // Without distinct, each entry counts once per comment row the second join adds.
    const naive = await Blog.objects
      .annotate({ nEntries: Count("entries"), nComments: Count("entries__comments") })
      .orderBy("id");
    expect(naive.map((b) => b.nEntries)).toEqual([3, 4, 0]);
  });

  it("filters on an annotation with HAVING, and a filter() before annotate() limits what is counted", async () => {
    const busy = Blog.objects.annotate({ n: Count("entries") }).filter({ n__gt: 2 });
    expect(busy.toSql().sql.toLowerCase()).toContain("having");
    expect(ids(await busy)).toEqual([d.pop.pk]);
    const none = await Blog.objects.annotate({ n: Count("entries") }).filter({ n: 0 });
    expect(ids(none)).toEqual([d.empty.pk]);
    const good = await Blog.objects
      .filter({ entries__rating__gte: 3 })
      .annotate({ n: Count("entries") })
      .orderBy("id");
    expect(good.map((b) => [b.pk, b.n])).toEqual([
      [d.beatles.pk, 1],
      [d.pop.pk, 2],
    ]);
    const mixed = await Blog.objects
      .annotate({ n: Count("entries") })
      .filter(Q({ n__gte: 4 }).or(Q({ name: "Empty" })))
      .orderBy("id");
    expect(ids(mixed)).toEqual([d.pop.pk, d.empty.pk]);
  });

  it("aggregates over no rows: Count is 0, the others are null", async () => {
    const expected = { n: 0, total: null, mean: null, top: null, first: null };
    const over = {
      n: Count("id"),
      total: Sum("rating"),
      mean: Avg("rating"),
      top: Max("rating"),
      first: Min("pubDate"),
    };
    expect(await Entry.objects.filter({ rating__gt: 100 }).aggregate(over)).toEqual(expected);
    await Comment.objects.all().delete();
    expect(await Pin.objects.aggregate({ n: Count("id"), top: Max("label") })).toEqual({
      n: 0,
      top: null,
    });
    const [empty] = await Blog.objects
      .filter({ pk: d.empty.pk })
      .annotate({ total: Sum("entries__rating"), n: Count("entries") });
    expect([empty?.total, empty?.n]).toEqual([null, 0]);
  });

  it("selectRelated loads two levels and a nullable FK in one query", async () => {
    const comments = await assertNumQueries(
      1,
      async () => await Comment.objects.selectRelated("entry__blog").orderBy("id"),
    );
    expect(comments.map((c) => [c.entry.headline, c.entry.blog.name])).toEqual([
      ["Lennon retrospective", "Beatles"],
      ["Lennon retrospective", "Beatles"],
      ["Lennon in 2008", "Pop"],
      ["Other news", "Beatles"],
    ]);
    const entries = await assertNumQueries(
      1,
      async () => await Entry.objects.selectRelated("editor", "blog").orderBy("id"),
    );
    expect(entries.map((e) => e.editor?.name ?? null)).toEqual([
      "Bob",
      null,
      "Ann",
      "Ann",
      "Ann",
      "Ann",
    ]);
  });

  it("prefetchRelated runs one query plus one per relation level", async () => {
    const blogs = await assertNumQueries(
      3,
      async () => await Blog.objects.prefetchRelated("entries__comments").orderBy("id"),
    );
    expect(blogs.map((b) => b.entries.length)).toEqual([2, 4, 0]);
    expect(
      blogs.map((b) => b.entries.flatMap((e) => e.comments.map((c) => c.body)).sort()),
    ).toEqual([["great", "meh", "ok"], ["great"], []]);
    const people = await assertNumQueries(
      2,
      async () => await Person.objects.prefetchRelated("edited").orderBy("id"),
    );
    expect(people.map((p) => p.edited.length)).toEqual([4, 1]);
    // Reading the prefetched lists runs nothing more.
    const queries = await captureQueries(async () => blogs[0]?.entries[0]?.comments.length);
    expect(queries).toHaveLength(0);
  });

  it("annotate() before a filter() on the same relation keeps counting every related row", async () => {
    const rows = await Blog.objects
      .annotate({ n: Count("entries", { distinct: true }) })
      .filter({ entries__rating__gte: 3 })
      .orderBy("id");
    expect(rows.map((b) => [b.pk, b.n])).toEqual([
      [d.beatles.pk, 2],
      [d.pop.pk, 4],
    ]);
    const filtered = await Blog.objects
      .annotate({ good: Count("entries", { filter: { entries__rating__gte: 3 } }) })
      .orderBy("id");
    expect(filtered.map((b) => b.good)).toEqual([1, 2, 0]);
  });

  it("exact null means isnull, in both filter() and exclude()", async () => {
    expect(ids(await Entry.objects.filter({ editor: null }))).toEqual([d.e2.pk]);
    expect(await Entry.objects.exclude({ editor: null }).count()).toBe(5);
    expect(ids(await Entry.objects.filter({ editor__city: null }).orderBy("id"))).toEqual([
      d.e1.pk,
      d.e2.pk,
    ]);
  });

  it("in takes a subquery of values, in filter() and exclude()", async () => {
    const good = Entry.objects.filter({ rating__gte: 4 }).values("blog");
    expect(ids(await Blog.objects.filter({ id__in: good }))).toEqual([d.pop.pk]);
    expect(ids(await Blog.objects.exclude({ id__in: good }).orderBy("id"))).toEqual([
      d.beatles.pk,
      d.empty.pk,
    ]);
  });

  it("week_day counts from Sunday = 1, as Django does", async () => {
    // 2008-01-01 and 2008-07-01 were Tuesdays; 2010-01-01 a Friday.
    expect(ids(await Entry.objects.filter({ pubDate__week_day: 3 }).orderBy("id"))).toEqual([
      d.e2.pk,
      d.e4.pk,
    ]);
    expect(ids(await Entry.objects.filter({ pubDate__week_day: 6 }))).toEqual([d.e1.pk]);
  });

  it("selectRelated refuses a reverse relation; prefetchRelated skips its query when nothing matched", async () => {
    expect(() => Blog.objects.selectRelated("entries" as never).toSql()).toThrow(
      /Invalid field name\(s\) given in selectRelated: 'entries'/,
    );
    const none = await assertNumQueries(
      1,
      async () => await Blog.objects.filter({ name: "nope" }).prefetchRelated("entries__comments"),
    );
    expect(none).toEqual([]);
    const comments = await assertNumQueries(
      2,
      async () => await Comment.objects.prefetchRelated("entry").orderBy("id"),
    );
    expect(comments.map((c) => c.entry.headline)).toEqual([
      "Lennon retrospective",
      "Lennon retrospective",
      "Lennon in 2008",
      "Other news",
    ]);
  });

  it("update() filters across relations; delete() refuses a sliced QuerySet", async () => {
    expect(await Entry.objects.filter({ blog__name: "Pop" }).update({ rating: 9 })).toBe(4);
    expect(await Entry.objects.filter({ rating: 9 }).count()).toBe(4);
    await expect(Entry.objects.orderBy("id").slice(0, 2).delete()).rejects.toThrow(
      "Cannot use delete() after slice(); filter by pk instead.",
    );
    expect(await Entry.objects.count()).toBe(6);
  });
});

describeEachDatabase("Django parity: deletion", (ctx) => {
  let d: Awaited<ReturnType<typeof seedParity>>;
  beforeAll(async () => {
    loadParityModels();
    await createModels(ctx.kysely, [...PARITY_MODELS]);
  });
  beforeEach(async () => {
    d = await seedParity();
  });

  it("cascades two levels deep and sets NULL where the rule says so", async () => {
    const pin = await Pin.objects.create({ comment: d.c1, label: "top" });
    const [total, perModel] = await Blog.objects.filter({ pk: d.beatles.pk }).delete();
    expect(perModel).toEqual({ "dparity.Blog": 1, "dparity.Entry": 2, "dparity.Comment": 3 });
    expect(total).toBe(6);
    expect(ids(await Entry.objects.orderBy("id"))).toEqual([d.e3.pk, d.e4.pk, d.e5.pk, d.e6.pk]);
    expect(ids(await Comment.objects.all())).toEqual([d.c3.pk]);
    const kept = await Pin.objects.get({ pk: pin.pk });
    expect(kept.commentId).toBeNull();
    // SET_NULL on the first level: deleting an editor keeps the entries, without an editor.
    const [, perPerson] = await Person.objects.filter({ pk: d.ann.pk }).delete();
    expect(perPerson).toEqual({ "dparity.Person": 1 });
    expect(await Entry.objects.filter({ editor__isnull: true }).count()).toBe(4);
    expect(await Entry.objects.count()).toBe(4);
  });

  it("PROTECT reached through a cascade blocks the whole deletion", async () => {
    const lock = await Lock.objects.create({ comment: d.c3, reason: "legal" });
    const error = await Blog.objects
      .filter({ pk: d.pop.pk })
      .delete()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtectedError);
    expect((error as ProtectedError).protectedObjects.map((o) => (o as Model).pk)).toEqual([
      lock.pk,
    ]);
    expect(await Blog.objects.count()).toBe(3);
    expect(await Entry.objects.filter({ blog: d.pop.pk }).count()).toBe(4);
    expect(await Comment.objects.count()).toBe(4);
    // Other blogs are not affected, and removing the lock unblocks it.
    await Blog.objects.filter({ pk: d.beatles.pk }).delete();
    await lock.delete();
    const [, perModel] = await Blog.objects.filter({ pk: d.pop.pk }).delete();
    expect(perModel).toEqual({ "dparity.Blog": 1, "dparity.Entry": 4, "dparity.Comment": 1 });
  });
});

describeEachDatabase(
  "Django parity: transactions",
  (ctx) => {
    beforeAll(async () => {
      loadParityModels();
      await createModels(ctx.kysely, [...PARITY_MODELS]);
    });
    afterEach(async () => {
      await Person.objects.all().delete();
    });

    const names = async () => (await Person.objects.orderBy("id")).map((p) => p.name);

    it("a rolled-back savepoint keeps the outer block's work", async () => {
      await atomic(async () => {
        await Person.objects.create({ name: "outer" });
        await expect(
          atomic(async () => {
            await Person.objects.create({ name: "inner" });
            throw new Error("boom");
          }),
        ).rejects.toThrow("boom");
        await Person.objects.create({ name: "after" });
      });
      expect(await names()).toEqual(["outer", "after"]);
    });

    it("an outer rollback discards a committed savepoint too", async () => {
      await expect(
        atomic(async () => {
          await atomic(() => Person.objects.create({ name: "inner" }));
          throw new Error("outer fails");
        }),
      ).rejects.toThrow("outer fails");
      expect(await names()).toEqual([]);
    });

    it("an IntegrityError caught around a savepoint leaves the outer block usable", async () => {
      await atomic(async () => {
        await Person.objects.create({ name: "first" });
        const error = await atomic(() => Person.objects.create({ name: "first" })).catch(
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(IntegrityError);
        await Person.objects.create({ name: "second" });
      });
      expect(await names()).toEqual(["first", "second"]);
    });

    it("onCommit runs after the commit only, not for rolled-back blocks or savepoints", async () => {
      const seen: string[] = [];
      await expect(
        atomic(async () => {
          await onCommit(() => seen.push("rolled back"));
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(seen).toEqual([]);
      await atomic(async () => {
        await onCommit(() => seen.push("outer"));
        await atomic(async () => {
          await onCommit(() => seen.push("savepoint"));
          throw new Error("inner");
        }).catch(() => undefined);
        expect(seen).toEqual([]);
      });
      expect(seen).toEqual(["outer"]);
    });
  },
  { isolate: false },
);

describeEachDatabase("Django parity: onCommit in a test transaction", (ctx) => {
  beforeAll(async () => {
    loadParityModels();
    await createModels(ctx.kysely, [...PARITY_MODELS]);
  });

  it("drops callbacks of a rolled-back block and keeps the others", async () => {
    const seen: string[] = [];
    const callbacks = await captureOnCommitCallbacks(
      async () => {
        await atomic(async () => {
          await onCommit(() => seen.push("dropped"));
          throw new Error("boom");
        }).catch(() => undefined);
        await atomic(async () => {
          await Person.objects.create({ name: "x" });
          await onCommit(() => seen.push("kept"));
        });
      },
      { execute: true },
    );
    expect(callbacks).toHaveLength(1);
    expect(seen).toEqual(["kept"]);
  });
});
