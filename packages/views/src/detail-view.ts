/** DetailView: renders one object found by pk or slug (Django's SingleObjectMixin + BaseDetailView). */
import { Http404, ImproperlyConfigured } from "@tango/core";
import type { HttpRequest, HttpResponse } from "@tango/http";
import type { FilterArg, Model, ModelClass, QuerySet } from "@tango/orm";
import { metaOf } from "./model-source.js";
import { TemplateResponseView } from "./template-response-view.js";

/**
 * Shows one object of `model` (or of `queryset` / `getQueryset()`), found by the URL kwarg
 * `pkUrlKwarg` ("pk") or by `slugField` = the URL kwarg `slugUrlKwarg` ("slug"); 404 naming
 * the model when none matches. Template `<app>/<model>_detail.html`; the context has the
 * object under `object` and `<model>` (or `contextObjectName`).
 *
 * @example
 * class DetailPage extends DetailView<Question> {
 *   override model = Question;
 *   override templateName = "polls/detail.html";
 * }
 * path("<int:pk>/", DetailPage.asView(), { name: "detail" });
 */
export class DetailView<M extends Model = Model> extends TemplateResponseView {
  /** The model shown. */
  model: ModelClass<M> | null = null;
  /** The QuerySet the object is looked up in; takes precedence over `model`. */
  queryset: QuerySet<M> | null = null;
  /** The model field the slug is matched against. */
  slugField = "slug";
  /** The URL kwarg with the slug. */
  slugUrlKwarg = "slug";
  /** The URL kwarg with the primary key. */
  pkUrlKwarg = "pk";
  /** Match on the slug too when the URL gives both pk and slug. */
  queryPkAndSlug = false;
  /** The context variable for the object besides `object`; default the model name. */
  contextObjectName: string | null = null;
  /** A field of the object naming its template (tried first). */
  templateNameField: string | null = null;
  /** Appended to the model name in the default template name. */
  templateNameSuffix = "_detail";
  /** The object, set by `get()` from `getObject()`. */
  object: M | null = null;

  /**
   * `queryset` (a fresh copy) or every `model` object; ImproperlyConfigured when neither is set.
   *
   * @example
   * override getQueryset() { return Question.objects.filter({ pubDate__lte: new Date() }); }
   */
  getQueryset(): QuerySet<M> {
    if (this.queryset !== null) return this.queryset.all();
    if (this.model !== null) {
      return (this.model as unknown as { objects: { all(): QuerySet<M> } }).objects.all();
    }
    const name = this.constructor.name;
    throw new ImproperlyConfigured(
      `${name} is missing a QuerySet. Define ${name}.model, ${name}.queryset, or override ${name}.getQueryset().`,
    );
  }

  /** `slugField`. @example override getSlugField() { return "code"; } */
  getSlugField(): string {
    return this.slugField;
  }

  /**
   * The object the URL names (one query); Http404 "No question found matching the query"
   * when there is none.
   *
   * @example
   * override async getObject(queryset?: QuerySet<Question>) {
   *   const question = await super.getObject(queryset);
   *   if (!question.isPublic) throw new Http404("Not published yet.");
   *   return question;
   * }
   */
  async getObject(queryset?: QuerySet<M>): Promise<M> {
    let qs = queryset ?? this.getQueryset();
    const pk = this.kwargs[this.pkUrlKwarg];
    const slug = this.kwargs[this.slugUrlKwarg];
    const hasPk = pk !== undefined && pk !== null;
    const hasSlug = slug !== undefined && slug !== null;
    if (hasPk) qs = qs.filter({ pk } as unknown as FilterArg<M>);
    if (hasSlug && (!hasPk || this.queryPkAndSlug)) {
      qs = qs.filter({ [this.getSlugField()]: slug } as unknown as FilterArg<M>);
    }
    if (!hasPk && !hasSlug) {
      throw new ImproperlyConfigured(
        `Generic detail view ${this.constructor.name} must be called with either an object pk or a slug in the URLconf. Name the route parameter '${this.pkUrlKwarg}' or '${this.slugUrlKwarg}' (or set pkUrlKwarg / slugUrlKwarg).`,
      );
    }
    try {
      return await qs.get();
    } catch (error) {
      if (error instanceof (qs.model as unknown as ModelClass).DoesNotExist) {
        const verboseName = metaOf(qs)?.verboseName ?? qs.model.name;
        throw new Http404(`No ${verboseName} found matching the query`, { cause: error });
      }
      throw error;
    }
  }

  /**
   * `contextObjectName`, else the model name ("question").
   *
   * @example
   * this.getContextObjectName(question); // "question"
   */
  getContextObjectName(object: unknown): string | null {
    if (this.contextObjectName !== null) return this.contextObjectName;
    return metaOf(object?.constructor)?.modelName ?? null;
  }

  /**
   * The context: the object under `object` and the context object name, `view`, and `kwargs`.
   *
   * @example
   * override async getContextData(kwargs: Record<string, unknown> = {}) {
   *   const context = await super.getContextData(kwargs);
   *   context.choices = await this.object!.choices.all();
   *   return context;
   * }
   */
  override async getContextData(
    kwargs: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    const context: Record<string, unknown> = {};
    if (this.object !== null) {
      context.object = this.object;
      const name = this.getContextObjectName(this.object);
      if (name !== null) context[name] = this.object;
    }
    return super.getContextData({ ...context, ...kwargs });
  }

  /**
   * `templateName` if set, then the object's `templateNameField`, then
   * `<app>/<model><templateNameSuffix>.html`.
   *
   * @example
   * new QuestionDetail().getTemplateNames(); // ["polls/question_detail.html"]
   */
  override getTemplateNames(): string[] {
    const names = this.templateName !== null ? super.getTemplateNames() : [];
    if (this.object !== null && this.templateNameField !== null) {
      const name = (this.object as unknown as Record<string, unknown>)[this.templateNameField];
      if (typeof name === "string" && name) names.push(name);
    }
    const meta = metaOf(this.object?.constructor) ?? metaOf(this.model) ?? metaOf(this.queryset);
    if (meta) names.push(`${meta.appLabel}/${meta.modelName}${this.templateNameSuffix}.html`);
    else if (names.length === 0) super.getTemplateNames();
    return names;
  }

  /**
   * Looks the object up and renders it.
   *
   * @example
   * await client.get("/polls/3/");
   */
  async get(_request: HttpRequest, _kwargs: Record<string, unknown> = {}): Promise<HttpResponse> {
    this.object = await this.getObject();
    return this.renderToResponse(await this.getContextData());
  }
}
