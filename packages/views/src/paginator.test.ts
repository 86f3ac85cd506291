// Paginator and Page over arrays (Django's paginator tests) and over QuerySets on both databases.

import { createModels } from "@tango/orm";
import { assertNumQueries, describeEachDatabase } from "@tango/orm/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { EmptyPage, InvalidPage, PageNotAnInteger, PaginatorNotCounted } from "./errors.js";
import { Author, Book } from "./library.test.fixtures.js";
import { Paginator } from "./paginator.js";

const ten = Array.from({ length: 10 }, (_, i) => i + 1);

describe("Paginator over an array", () => {
  it("counts pages, with orphans and empty first pages as Django does", () => {
    const cases: [number, number, number, boolean, number, number[]][] = [
      // [items, perPage, orphans, allowEmptyFirstPage, numPages, pageRange]
      [10, 10, 0, true, 1, [1]],
      [10, 4, 0, true, 3, [1, 2, 3]],
      [10, 4, 1, true, 3, [1, 2, 3]],
      [10, 4, 2, true, 2, [1, 2]],
      [10, 4, 5, true, 2, [1, 2]],
      [1, 4, 1, true, 1, [1]],
      [0, 4, 0, true, 1, [1]],
      [0, 4, 0, false, 0, []],
      [0, 4, 2, true, 1, [1]],
    ];
    for (const [n, perPage, orphans, allowEmpty, numPages, pageRange] of cases) {
      const paginator = new Paginator(ten.slice(0, n), perPage, {
        orphans,
        allowEmptyFirstPage: allowEmpty,
      });
      expect(paginator.count).toBe(n);
      expect(paginator.numPages).toBe(numPages);
      expect(paginator.pageRange).toEqual(pageRange);
      expect(paginator.num_pages).toBe(numPages);
      expect(paginator.page_range).toEqual(pageRange);
    }
  });

  it("validates page numbers with Django's messages", async () => {
    const paginator = new Paginator(ten, 4);
    expect(await paginator.validateNumber("2")).toBe(2);
    expect(await paginator.validateNumber(3)).toBe(3);
    await expect(paginator.validateNumber("x")).rejects.toThrow(
      new PageNotAnInteger("That page number is not an integer"),
    );
    await expect(paginator.validateNumber(1.5)).rejects.toBeInstanceOf(PageNotAnInteger);
    await expect(paginator.validateNumber(null)).rejects.toBeInstanceOf(PageNotAnInteger);
    await expect(paginator.validateNumber(0)).rejects.toThrow("That page number is less than 1");
    await expect(paginator.validateNumber(4)).rejects.toThrow("That page contains no results");
    await expect(paginator.page(4)).rejects.toBeInstanceOf(EmptyPage);
    await expect(paginator.page(4)).rejects.toBeInstanceOf(InvalidPage);
    const error = await paginator.page("x").catch((e: unknown) => e);
    expect((error as PageNotAnInteger).code).toBe("views.PageNotAnInteger");
  });

  it("serves page 1 of an empty list only when allowEmptyFirstPage", async () => {
    expect((await new Paginator([], 4).page(1)).objectList).toEqual([]);
    await expect(new Paginator([], 4, { allowEmptyFirstPage: false }).page(1)).rejects.toThrow(
      "That page contains no results",
    );
  });

  it("gives pages with their items, neighbours and indexes", async () => {
    const paginator = new Paginator(ten, 4);
    const first = await paginator.page(1);
    expect(first.objectList).toEqual([1, 2, 3, 4]);
    expect([first.hasNext(), first.hasPrevious(), first.hasOtherPages()]).toEqual([
      true,
      false,
      true,
    ]);
    expect(first.nextPageNumber()).toBe(2);
    expect(() => first.previousPageNumber()).toThrow(EmptyPage);
    expect([first.startIndex(), first.endIndex()]).toEqual([1, 4]);
    const last = await paginator.page(3);
    expect(last.objectList).toEqual([9, 10]);
    expect([last.hasNext(), last.hasPrevious()]).toEqual([false, true]);
    expect(last.previousPageNumber()).toBe(2);
    expect(() => last.nextPageNumber()).toThrow("That page contains no results");
    expect([last.startIndex(), last.endIndex()]).toEqual([9, 10]);
    expect(String(last)).toBe("<Page 3 of 3>");
    expect([...last]).toEqual([9, 10]);
    expect(last.length).toBe(2);
  });

  it("offers Django's snake_case names for templates", async () => {
    const page = await new Paginator(ten, 4).page(2);
    expect(page.object_list).toEqual([5, 6, 7, 8]);
    expect(page.has_next).toBe(true);
    expect(page.has_previous).toBe(true);
    expect(page.has_other_pages).toBe(true);
    expect(page.next_page_number).toBe(3);
    expect(page.previous_page_number).toBe(1);
    expect([page.start_index, page.end_index]).toEqual([5, 8]);
  });

  it("folds orphans into the last page", async () => {
    const paginator = new Paginator(ten, 4, { orphans: 2 });
    expect((await paginator.page(2)).objectList).toEqual([5, 6, 7, 8, 9, 10]);
    expect((await paginator.page(2)).endIndex()).toBe(10);
  });

  it("startIndex() is 0 on an empty page", async () => {
    const page = await new Paginator([], 4).page(1);
    expect([page.startIndex(), page.endIndex()]).toEqual([0, 0]);
    expect(page.hasOtherPages()).toBe(false);
  });

  it("getPage() forgives: not an integer gives 1, out of range gives the last page", async () => {
    const paginator = new Paginator(ten, 4);
    expect((await paginator.getPage("abc")).number).toBe(1);
    expect((await paginator.getPage(null)).number).toBe(1);
    expect((await paginator.getPage(99)).number).toBe(3);
    expect((await paginator.getPage(-1)).number).toBe(3);
    expect((await paginator.getPage("2")).number).toBe(2);
    expect((await new Paginator([], 4).getPage(3)).number).toBe(1);
  });

  it("elides page ranges as Django does", () => {
    const paginator = new Paginator(Array.from({ length: 500 }), 10);
    const E = Paginator.ELLIPSIS;
    expect(E).toBe("…");
    expect(paginator.getElidedPageRange(1)).toEqual([1, 2, 3, 4, E, 49, 50]);
    expect(paginator.getElidedPageRange(6)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, E, 49, 50]);
    expect(paginator.getElidedPageRange(7)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, E, 49, 50]);
    expect(paginator.getElidedPageRange(8)).toEqual([1, 2, E, 5, 6, 7, 8, 9, 10, 11, E, 49, 50]);
    expect(paginator.getElidedPageRange(50)).toEqual([1, 2, E, 47, 48, 49, 50]);
    expect(paginator.getElidedPageRange(10, { onEachSide: 1, onEnds: 1 })).toEqual([
      1,
      E,
      9,
      10,
      11,
      E,
      50,
    ]);
    expect(new Paginator(ten, 1).getElidedPageRange(3)).toEqual(ten);
    expect(() => paginator.getElidedPageRange(51)).toThrow(EmptyPage);
  });

  it("refuses a perPage that is not a positive integer", () => {
    expect(() => new Paginator(ten, 0)).toThrow(TypeError);
  });
});

describeEachDatabase("Paginator over a QuerySet", (ctx) => {
  beforeAll(async () => {
    await createModels(ctx.kysely, [Author, Book]);
  });

  async function books(n: number): Promise<void> {
    for (let i = 1; i <= n; i++) {
      await Book.objects.create({ title: `Book ${i}`, slug: `book-${i}`, year: 2000 + i });
    }
  }

  it("counts once and fetches each page with LIMIT/OFFSET", async () => {
    await books(7);
    const paginator = new Paginator(Book.objects.orderBy("year"), 3);
    expect(paginator.counted).toBe(false);
    expect(() => paginator.numPages).toThrow(PaginatorNotCounted);
    const page = await assertNumQueries(2, () => paginator.page(2));
    expect(page.objectList.map((b) => b.title)).toEqual(["Book 4", "Book 5", "Book 6"]);
    expect(paginator.count).toBe(7);
    expect(paginator.numPages).toBe(3);
    const last = await assertNumQueries(1, () => paginator.page(3));
    expect(last.objectList.map((b) => b.title)).toEqual(["Book 7"]);
    expect([last.startIndex(), last.endIndex(), last.hasNext()]).toEqual([7, 7, false]);
  });

  it("load() counts, for the synchronous members", async () => {
    await books(5);
    const paginator = await new Paginator(Book.objects.all(), 2).load();
    expect([paginator.count, paginator.numPages]).toEqual([5, 3]);
    expect(paginator.getElidedPageRange(1)).toEqual([1, 2, 3]);
  });

  it("raises EmptyPage past the end and getPage() falls back to the last page", async () => {
    await books(4);
    const paginator = new Paginator(Book.objects.orderBy("-year"), 2, { orphans: 1 });
    await expect(paginator.page(3)).rejects.toBeInstanceOf(EmptyPage);
    const page = await paginator.getPage(3);
    expect(page.number).toBe(2);
    expect(page.objectList.map((b) => b.year)).toEqual([2002, 2001]);
  });

  it("pages an empty QuerySet", async () => {
    const page = await new Paginator(Book.objects.all(), 5).page(1);
    expect(page.objectList).toEqual([]);
    expect(page.paginator.count).toBe(0);
  });
});
