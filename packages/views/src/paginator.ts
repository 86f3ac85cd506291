/** Paginator: splits a QuerySet or an array into pages, as Django's `django.core.paginator`. */
import { EmptyPage, PageNotAnInteger, PaginatorNotCounted } from "./errors.js";
import { Page } from "./page.js";
import { toPageNumber } from "./page-number.js";

/**
 * Options of {@link Paginator}.
 *
 * @example
 * new Paginator(items, 10, { orphans: 3, allowEmptyFirstPage: false });
 */
export interface PaginatorOptions {
  /** Fold a last page of at most this many items into the previous page. Default 0. */
  readonly orphans?: number;
  /** Whether page 1 exists when there are no items. Default true. */
  readonly allowEmptyFirstPage?: boolean;
}

/**
 * Options of {@link Paginator.getElidedPageRange}.
 *
 * @example
 * paginator.getElidedPageRange(10, { onEachSide: 2, onEnds: 1 });
 */
export interface ElidedRangeOptions {
  /** Pages shown on each side of the current one. Default 3. */
  readonly onEachSide?: number;
  /** Pages shown at each end. Default 2. */
  readonly onEnds?: number;
}

/**
 * What a Paginator needs of a QuerySet: `count()` and `slice()` that awaits to rows.
 *
 * @example
 * const rows: CountableQuery<Question> = Question.objects.orderBy("id");
 */
export interface CountableQuery<T> {
  count(): Promise<number>;
  slice(start: number, end?: number): PromiseLike<T[]>;
}

/**
 * What a Paginator pages: a QuerySet (counted and sliced in SQL) or an array.
 *
 * @example
 * const items: Paginatable<number> = [1, 2, 3];
 */
export type Paginatable<T> = CountableQuery<T> | readonly T[];

function isQuerySet<T>(list: Paginatable<T>): list is CountableQuery<T> {
  return !Array.isArray(list);
}

/**
 * Splits `objectList` into pages of `perPage` items. Over an array, everything is known at
 * once. Over a QuerySet the rows are counted with one `COUNT(*)` query: `page()`, `getPage()`,
 * `validateNumber()` and `load()` count first (once), and after one of them the synchronous
 * members (`count`, `numPages`, `pageRange`, `getElidedPageRange()`) work; before, they throw
 * PaginatorNotCounted. Each page runs one `LIMIT`/`OFFSET` query and holds its rows as an array.
 *
 * @example
 * const paginator = new Paginator(Question.objects.orderBy("-pubDate"), 25);
 * const page = await paginator.getPage(request.GET.get("page"));
 * // SELECT COUNT(*) ...; SELECT ... ORDER BY "pub_date" DESC LIMIT 25 OFFSET 25
 * paginator.numPages; // 4
 * page.objectList; // Question[]
 */
export class Paginator<T = unknown> {
  /** What getElidedPageRange() puts where pages are left out. */
  static readonly ELLIPSIS: string = "…";

  readonly objectList: Paginatable<T>;
  readonly perPage: number;
  readonly orphans: number;
  readonly allowEmptyFirstPage: boolean;
  #count: number | null;
  #counting: Promise<number> | null = null;

  constructor(objectList: Paginatable<T>, perPage: number, options: PaginatorOptions = {}) {
    const perPageNumber = toPageNumber(perPage);
    if (perPageNumber === null || perPageNumber < 1) {
      throw new TypeError(
        `Paginator perPage must be a positive integer; got ${JSON.stringify(perPage)}. Pass the number of items per page, such as 10.`,
      );
    }
    this.objectList = objectList;
    this.perPage = perPageNumber;
    this.orphans = toPageNumber(options.orphans ?? 0) ?? 0;
    this.allowEmptyFirstPage = options.allowEmptyFirstPage ?? true;
    this.#count = isQuerySet(objectList) ? null : objectList.length;
  }

  /** Whether the count is known (always for arrays; after `load()` or a page for QuerySets). */
  get counted(): boolean {
    return this.#count !== null;
  }

  /**
   * Counts the items (one query for a QuerySet, once) and returns the paginator, so that the
   * synchronous members work.
   *
   * @example
   * const paginator = await new Paginator(Question.objects.all(), 10).load();
   * paginator.numPages; // 3
   */
  async load(): Promise<this> {
    if (this.#count !== null) return this;
    this.#counting ??= (this.objectList as CountableQuery<T>).count();
    this.#count = await this.#counting;
    return this;
  }

  /** The number of items. @example (await paginator.load()).count; // 42 */
  get count(): number {
    if (this.#count === null) {
      throw new PaginatorNotCounted(
        "Paginator.count is not known yet: the paginator pages a QuerySet, which has to be counted in the database. Await paginator.load() (or paginator.page(n) / getPage(n)) first.",
      );
    }
    return this.#count;
  }

  /** The number of pages (0 when empty and `allowEmptyFirstPage` is false). @example paginator.numPages; // 5 */
  get numPages(): number {
    const count = this.count;
    if (count === 0 && !this.allowEmptyFirstPage) return 0;
    const hits = Math.max(1, count - this.orphans);
    return Math.ceil(hits / this.perPage);
  }

  /** The page numbers, 1-based: `[1, 2, 3]`. @example for (const n of paginator.pageRange) ... */
  get pageRange(): number[] {
    return range(1, this.numPages + 1);
  }

  /** Django's spelling of `numPages`, for templates. @example {{ paginator.num_pages }} */
  get num_pages(): number {
    return this.numPages;
  }

  /** Django's spelling of `pageRange`, for templates. @example {% for n in paginator.page_range %} */
  get page_range(): number[] {
    return this.pageRange;
  }

  /**
   * Checks a page number (counting first if needed) and returns it as an integer; throws
   * PageNotAnInteger or EmptyPage.
   *
   * @example
   * await paginator.validateNumber("2"); // 2
   */
  async validateNumber(number: unknown): Promise<number> {
    await this.load();
    return this.validateCountedNumber(number);
  }

  /**
   * The synchronous `validateNumber()`, once the count is known (Page uses it).
   *
   * @example
   * paginator.validateCountedNumber(3); // 3, or throws EmptyPage
   */
  validateCountedNumber(number: unknown): number {
    const n = toPageNumber(number);
    if (n === null) throw new PageNotAnInteger("That page number is not an integer");
    if (n < 1) throw new EmptyPage("That page number is less than 1");
    if (n > this.numPages && !(n === 1 && this.allowEmptyFirstPage)) {
      throw new EmptyPage("That page contains no results");
    }
    return n;
  }

  /**
   * Page `number` (1-based), its items fetched; throws PageNotAnInteger or EmptyPage.
   *
   * @example
   * const page = await paginator.page(2); // SELECT ... LIMIT 10 OFFSET 10
   */
  async page(number: unknown): Promise<Page<T>> {
    const n = await this.validateNumber(number);
    const bottom = (n - 1) * this.perPage;
    let top = bottom + this.perPage;
    if (top + this.orphans >= this.count) top = this.count;
    const items = isQuerySet(this.objectList)
      ? await this.objectList.slice(bottom, top)
      : this.objectList.slice(bottom, top);
    return new Page<T>(items, n, this);
  }

  /**
   * The forgiving `page()`: a number that is not an integer gives page 1, one out of range
   * the last page. Use it with `request.GET.get("page")`.
   *
   * @example
   * const page = await paginator.getPage(request.GET.get("page"));
   */
  async getPage(number: unknown): Promise<Page<T>> {
    await this.load();
    let n: number;
    try {
      n = this.validateCountedNumber(number);
    } catch (error) {
      if (error instanceof PageNotAnInteger) n = 1;
      else if (error instanceof EmptyPage) n = this.numPages;
      else throw error;
    }
    return this.page(n);
  }

  /**
   * The page numbers to show around page `number`, with {@link Paginator.ELLIPSIS} where
   * pages are left out (the count must be known: after `load()` or a page).
   *
   * @example
   * paginator.getElidedPageRange(10); // [1, 2, "…", 7, 8, 9, 10, 11, 12, 13, "…", 49, 50]
   */
  getElidedPageRange(number: unknown = 1, options: ElidedRangeOptions = {}): (number | string)[] {
    const { onEachSide = 3, onEnds = 2 } = options;
    const n = this.validateCountedNumber(number);
    const numPages = this.numPages;
    if (numPages <= (onEachSide + onEnds) * 2) return this.pageRange;
    const out: (number | string)[] = [];
    const ellipsis = (this.constructor as typeof Paginator).ELLIPSIS;
    if (n > 1 + onEachSide + onEnds + 1) {
      out.push(...range(1, onEnds + 1), ellipsis, ...range(n - onEachSide, n + 1));
    } else {
      out.push(...range(1, n + 1));
    }
    if (n < numPages - onEachSide - onEnds - 1) {
      out.push(...range(n + 1, n + onEachSide + 1), ellipsis);
      out.push(...range(numPages - onEnds + 1, numPages + 1));
    } else {
      out.push(...range(n + 1, numPages + 1));
    }
    return out;
  }
}

function range(start: number, stop: number): number[] {
  const out: number[] = [];
  for (let i = start; i < stop; i++) out.push(i);
  return out;
}
