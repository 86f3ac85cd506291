/** Page: one page of a Paginator, its items as an array, usable from templates. */
import type { Paginator } from "./paginator.js";

/**
 * One page of items. `objectList` is an array (a QuerySet's rows are fetched), so templates
 * loop over it without awaiting. Methods have snake_case getters for templates written the
 * Django way: `{% if page_obj.has_next %}` works as well as `{% if page_obj.hasNext() %}`.
 *
 * @example
 * const page = await paginator.page(2);
 * page.objectList; // the items
 * page.hasNext() ? page.nextPageNumber() : null; // 3
 * `${page.startIndex()}-${page.endIndex()} of ${paginator.count}`; // "11-20 of 42"
 */
export class Page<T = unknown> implements Iterable<T> {
  readonly objectList: T[];
  /** The 1-based page number. */
  readonly number: number;
  readonly paginator: Paginator<T>;

  constructor(objectList: T[], number: number, paginator: Paginator<T>) {
    this.objectList = objectList;
    this.number = number;
    this.paginator = paginator;
  }

  /** The number of items on this page. @example page.length; // 10 */
  get length(): number {
    return this.objectList.length;
  }

  [Symbol.iterator](): Iterator<T> {
    return this.objectList[Symbol.iterator]();
  }

  /** Whether a next page exists. @example page.hasNext(); // true */
  hasNext(): boolean {
    return this.number < this.paginator.numPages;
  }

  /** Whether a previous page exists. @example page.hasPrevious(); // false on page 1 */
  hasPrevious(): boolean {
    return this.number > 1;
  }

  /** Whether there is more than this page. @example page.hasOtherPages(); */
  hasOtherPages(): boolean {
    return this.hasPrevious() || this.hasNext();
  }

  /** The next page's number; throws EmptyPage on the last page. @example page.nextPageNumber(); // 3 */
  nextPageNumber(): number {
    return this.paginator.validateCountedNumber(this.number + 1);
  }

  /** The previous page's number; throws EmptyPage on page 1. @example page.previousPageNumber(); // 1 */
  previousPageNumber(): number {
    return this.paginator.validateCountedNumber(this.number - 1);
  }

  /** The 1-based index of the first item on this page (0 when there are none). @example page.startIndex(); // 11 */
  startIndex(): number {
    if (this.paginator.count === 0) return 0;
    return this.paginator.perPage * (this.number - 1) + 1;
  }

  /** The 1-based index of the last item on this page. @example page.endIndex(); // 20 */
  endIndex(): number {
    if (this.number === this.paginator.numPages) return this.paginator.count;
    return this.number * this.paginator.perPage;
  }

  /** `objectList` for templates. @example {% for q in page_obj.object_list %} */
  get object_list(): T[] {
    return this.objectList;
  }

  /** `hasNext()` for templates. @example {% if page_obj.has_next %} */
  get has_next(): boolean {
    return this.hasNext();
  }

  /** `hasPrevious()` for templates. @example {% if page_obj.has_previous %} */
  get has_previous(): boolean {
    return this.hasPrevious();
  }

  /** `hasOtherPages()` for templates. @example {% if page_obj.has_other_pages %} */
  get has_other_pages(): boolean {
    return this.hasOtherPages();
  }

  /** `nextPageNumber()` for templates (throws EmptyPage on the last page). @example ?page={{ page_obj.next_page_number }} */
  get next_page_number(): number {
    return this.nextPageNumber();
  }

  /** `previousPageNumber()` for templates (throws EmptyPage on page 1). @example ?page={{ page_obj.previous_page_number }} */
  get previous_page_number(): number {
    return this.previousPageNumber();
  }

  /** `startIndex()` for templates. @example {{ page_obj.start_index }} */
  get start_index(): number {
    return this.startIndex();
  }

  /** `endIndex()` for templates. @example {{ page_obj.end_index }} */
  get end_index(): number {
    return this.endIndex();
  }

  /** "<Page 2 of 5>", as Django's repr. @example String(page); // "<Page 2 of 5>" */
  toString(): string {
    return `<Page ${this.number} of ${this.paginator.numPages}>`;
  }
}
