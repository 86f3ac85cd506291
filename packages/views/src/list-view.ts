/** ListView: renders a page of a model's objects (Django's MultipleObjectMixin + BaseListView). */
import { Http404, ImproperlyConfigured } from "@tango/core";
import type { HttpRequest, HttpResponse } from "@tango/http";
import type { Model, ModelClass } from "@tango/orm";
import { QuerySet } from "@tango/orm";
import { InvalidPage } from "./errors.js";
import { metaOf } from "./model-source.js";
import type { Page } from "./page.js";
import { toPageNumber } from "./page-number.js";
import { Paginator, type PaginatorOptions } from "./paginator.js";
import { TemplateResponseView } from "./template-response-view.js";

/**
 * What `paginateQueryset()` returns: the paginator, the page, its objects and whether there
 * is more than one page.
 *
 * @example
 * const [paginator, page, objects, isPaginated] = await this.paginateQueryset(qs, 10);
 */
export type PaginatedResult<M> = [Paginator<M>, Page<M>, M[], boolean];

/**
 * Lists `model`'s objects (or `queryset`'s, or `getQueryset()`'s) with template
 * `<app>/<model>_list.html`. The context has `object_list` (an array: the current page's
 * objects when paginated), the same under `<model>_list` (or `contextObjectName`),
 * `paginator`, `page_obj`, `is_paginated` and `view`. With `paginateBy`, the page number
 * comes from the URL kwarg or query parameter `pageKwarg` ("page"; "last" is the last page);
 * an invalid page is a 404.
 *
 * @example
 * class IndexView extends ListView<Question> {
 *   override templateName = "polls/index.html";
 *   override contextObjectName = "latest_question_list";
 *   override paginateBy = 5;
 *   override getQueryset() {
 *     return Question.objects.filter({ pubDate__lte: new Date() }).orderBy("-pubDate");
 *   }
 * }
 * path("", IndexView.asView(), { name: "index" });
 */
export class ListView<M extends Model = Model> extends TemplateResponseView {
  /** The model listed (its default manager gives the QuerySet). */
  model: ModelClass<M> | null = null;
  /** The QuerySet (or array) listed; takes precedence over `model`. */
  queryset: QuerySet<M> | readonly M[] | null = null;
  /** Field names to order a QuerySet by ("-pubDate"). */
  ordering: string | readonly string[] | null = null;
  /** Items per page; null lists everything on one page. */
  paginateBy: number | null = null;
  /** Fold a last page of at most this many items into the previous one. */
  paginateOrphans = 0;
  /** The name of the URL kwarg or query parameter with the page number. */
  pageKwarg = "page";
  /** Whether an empty list renders (true) or answers 404 (false). */
  allowEmpty = true;
  /** The context variable holding the list besides `object_list`; default `<model>_list`. */
  contextObjectName: string | null = null;
  /** Appended to the model name in the default template name. */
  templateNameSuffix = "_list";
  /** The Paginator class used. */
  paginatorClass: typeof Paginator = Paginator;
  /** The list, set by `get()` from `getQueryset()`. */
  objectList: QuerySet<M> | readonly M[] = [];
  // Rows of `objectList` already fetched by the allowEmpty check, so they are not fetched twice.
  #fetched: { list: QuerySet<M>; rows: M[] } | null = null;

  /**
   * The objects to list: `queryset` (a fresh copy), else every `model` object, ordered by
   * `ordering` when set; throws ImproperlyConfigured when neither is set.
   *
   * @example
   * override getQueryset() { return super.getQueryset().filter({ published: true }); }
   */
  getQueryset(): QuerySet<M> | readonly M[] {
    let queryset: QuerySet<M> | readonly M[];
    if (this.queryset !== null) {
      queryset = this.queryset instanceof QuerySet ? this.queryset.all() : this.queryset;
    } else if (this.model !== null) {
      queryset = (this.model as unknown as { objects: { all(): QuerySet<M> } }).objects.all();
    } else {
      const name = this.constructor.name;
      throw new ImproperlyConfigured(
        `${name} is missing a QuerySet. Define ${name}.model, ${name}.queryset, or override ${name}.getQueryset().`,
      );
    }
    const ordering = this.getOrdering();
    if (ordering !== null && queryset instanceof QuerySet) {
      queryset = queryset.orderBy(...(typeof ordering === "string" ? [ordering] : ordering));
    }
    return queryset;
  }

  /** `ordering`. @example override getOrdering() { return this.request.GET.get("sort") ?? "-pubDate"; } */
  getOrdering(): string | readonly string[] | null {
    return this.ordering;
  }

  /** `paginateBy` (null: no pagination). @example override getPaginateBy() { return 20; } */
  getPaginateBy(_queryset: QuerySet<M> | readonly M[]): number | null {
    return this.paginateBy;
  }

  /** `paginateOrphans`. @example override getPaginateOrphans() { return 2; } */
  getPaginateOrphans(): number {
    return this.paginateOrphans;
  }

  /** `allowEmpty`. @example override getAllowEmpty() { return false; } */
  getAllowEmpty(): boolean {
    return this.allowEmpty;
  }

  /**
   * A paginator for `queryset` (an instance of `paginatorClass`).
   *
   * @example
   * override getPaginator(qs, perPage, options) { return new Paginator(qs, perPage, { ...options, orphans: 1 }); }
   */
  getPaginator(
    queryset: QuerySet<M> | readonly M[],
    perPage: number,
    options: PaginatorOptions = {},
  ): Paginator<M> {
    return new this.paginatorClass<M>(queryset, perPage, {
      orphans: this.getPaginateOrphans(),
      allowEmptyFirstPage: this.getAllowEmpty(),
      ...options,
    });
  }

  /**
   * Fetches the requested page: its number from the URL kwarg `pageKwarg`, else the query
   * parameter, else 1; "last" is the last page. Throws Http404 for an invalid page.
   *
   * @example
   * const [paginator, page] = await this.paginateQueryset(this.objectList, 10);
   */
  async paginateQueryset(
    queryset: QuerySet<M> | readonly M[],
    pageSize: number,
  ): Promise<PaginatedResult<M>> {
    const paginator = this.getPaginator(queryset, pageSize);
    const raw = this.kwargs[this.pageKwarg] ?? this.request.GET.get(this.pageKwarg) ?? 1;
    let number: number | null;
    if (raw === "last") number = (await paginator.load()).numPages;
    else number = toPageNumber(raw);
    if (number === null) {
      throw new Http404("Page is not “last”, nor can it be converted to an int.");
    }
    try {
      const page = await paginator.page(number);
      return [paginator, page, page.objectList, page.hasOtherPages()];
    } catch (error) {
      if (error instanceof InvalidPage) {
        throw new Http404(`Invalid page (${number}): ${error.message}`, { cause: error });
      }
      throw error;
    }
  }

  /**
   * `contextObjectName`, else `<model>_list` ("question_list"), else null.
   *
   * @example
   * this.getContextObjectName(Question.objects.all()); // "question_list"
   */
  getContextObjectName(objectList: unknown): string | null {
    if (this.contextObjectName !== null) return this.contextObjectName;
    const meta = metaOf(objectList) ?? metaOf(this.model);
    return meta ? `${meta.modelName}_list` : null;
  }

  /**
   * The context: the (paginated) objects as an array under `object_list` and the context
   * object name, `paginator`, `page_obj`, `is_paginated`, `view` and `kwargs`.
   *
   * @example
   * override async getContextData(kwargs: Record<string, unknown> = {}) {
   *   return { ...(await super.getContextData(kwargs)), now: new Date() };
   * }
   */
  override async getContextData(
    kwargs: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    const queryset =
      (kwargs.object_list as QuerySet<M> | readonly M[] | undefined) ?? this.objectList;
    const pageSize = this.getPaginateBy(queryset);
    const contextObjectName = this.getContextObjectName(queryset);
    let context: Record<string, unknown>;
    if (pageSize) {
      const [paginator, page, objects, isPaginated] = await this.paginateQueryset(
        queryset,
        pageSize,
      );
      context = { paginator, page_obj: page, is_paginated: isPaginated, object_list: objects };
    } else {
      const objects = await this.#rows(queryset);
      context = { paginator: null, page_obj: null, is_paginated: false, object_list: objects };
    }
    if (contextObjectName !== null) context[contextObjectName] = context.object_list;
    const { object_list: _ignored, ...rest } = kwargs;
    return super.getContextData({ ...context, ...rest });
  }

  /**
   * `templateName` if set, then `<app>/<model><templateNameSuffix>.html`.
   *
   * @example
   * new IndexView().getTemplateNames(); // ["polls/question_list.html"]
   */
  override getTemplateNames(): string[] {
    const names = this.templateName !== null ? super.getTemplateNames() : [];
    const meta = metaOf(this.objectList) ?? metaOf(this.model);
    if (meta) names.push(`${meta.appLabel}/${meta.modelName}${this.templateNameSuffix}.html`);
    else if (names.length === 0) super.getTemplateNames();
    return names;
  }

  /**
   * Lists the objects; 404 when the list is empty and `allowEmpty` is false.
   *
   * @example
   * await client.get("/polls/?page=2");
   */
  async get(_request: HttpRequest, _kwargs: Record<string, unknown> = {}): Promise<HttpResponse> {
    this.objectList = this.getQueryset();
    if (!this.getAllowEmpty() && (await this.#isEmpty())) {
      throw new Http404(`Empty list and “${this.constructor.name}.allowEmpty” is false.`);
    }
    return this.renderToResponse(await this.getContextData());
  }

  async #isEmpty(): Promise<boolean> {
    const list = this.objectList;
    if (!(list instanceof QuerySet)) return list.length === 0;
    // Paginated lists only need to know whether a row exists, not all of them.
    if (this.getPaginateBy(list) !== null) return !(await list.exists());
    return (await this.#rows(list)).length === 0;
  }

  async #rows(list: QuerySet<M> | readonly M[]): Promise<M[]> {
    if (!(list instanceof QuerySet)) return [...list];
    if (this.#fetched?.list === list) return this.#fetched.rows;
    const rows = await list;
    this.#fetched = { list, rows };
    return rows;
  }
}
