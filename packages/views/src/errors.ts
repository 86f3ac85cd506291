/** The errors of @tango/views: the Paginator's invalid pages and its not-yet-counted state. */
import { TangoError } from "@tango/core";

/**
 * A page number the Paginator cannot serve (Django's `InvalidPage`); ListView answers 404.
 *
 * @example
 * try { await paginator.page(request.GET.get("page") ?? 1); } catch (e) { if (e instanceof InvalidPage) throw new Http404(e.message); }
 */
export class InvalidPage extends TangoError {
  override readonly code: string = "views.InvalidPage";
}

/**
 * The page number is not an integer ("That page number is not an integer").
 *
 * @example
 * await paginator.page("abc"); // throws PageNotAnInteger
 */
export class PageNotAnInteger extends InvalidPage {
  override readonly code: string = "views.PageNotAnInteger";
}

/**
 * The page number is below 1 or past the last page ("That page contains no results").
 *
 * @example
 * await new Paginator([1, 2], 2).page(2); // throws EmptyPage
 */
export class EmptyPage extends InvalidPage {
  override readonly code: string = "views.EmptyPage";
}

/**
 * A Paginator over a QuerySet was asked for its count (or what depends on it) synchronously
 * before it counted the rows.
 *
 * @example
 * const paginator = new Paginator(Question.objects.all(), 10);
 * paginator.numPages; // throws PaginatorNotCounted: await paginator.load() first
 */
export class PaginatorNotCounted extends TangoError {
  override readonly code: string = "views.PaginatorNotCounted";
}
