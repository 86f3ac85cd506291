/** What the generic views and shortcuts accept as a source of objects: a model class, a Manager or a QuerySet. */
import type { Manager, Model, ModelClass } from "@tango/orm";
import { QuerySet } from "@tango/orm";

/**
 * A model class with its default manager, as `class Question extends Model { declare static objects: Manager<Question> }` is.
 *
 * @example
 * const source: ModelWithManager<Question> = Question;
 */
export type ModelWithManager<M extends Model> = ModelClass<M> & { readonly objects: Manager<M> };

/** The metadata views use to name templates, context variables and 404 messages. */
export interface ViewModelMeta {
  readonly appLabel: string;
  readonly modelName: string;
  readonly objectName: string;
  readonly verboseName: string;
}

/**
 * The metadata of the model behind a QuerySet, a Manager or a model class, if any.
 *
 * @example
 * metaOf(Question.objects.all())?.modelName; // "question"
 */
export function metaOf(source: unknown): ViewModelMeta | undefined {
  if (source === null || source === undefined) return undefined;
  const model = (source as { model?: unknown }).model ?? source;
  const meta = (model as { _meta?: ViewModelMeta })._meta;
  return meta && typeof meta.modelName === "string" ? meta : undefined;
}

/**
 * A QuerySet of every row of a model class or Manager, or the QuerySet itself; TypeError for
 * anything else (`fn` names the caller in the message).
 *
 * @example
 * toQuerySet(Question, "getObjectOr404"); // Question.objects.all()
 */
export function toQuerySet<M extends object, R>(
  source: QuerySet<M, R> | Manager<M & Model> | { readonly objects: Manager<M & Model> },
  fn: string,
): QuerySet<M, R> {
  if (source instanceof QuerySet) return source;
  const candidate = source as { objects?: unknown; all?: unknown };
  if (typeof candidate.all === "function") {
    return (candidate.all as () => QuerySet<M, R>).call(source);
  }
  if (typeof candidate.objects === "object" && candidate.objects !== null) {
    return (candidate.objects as { all(): QuerySet<M, R> }).all();
  }
  const got =
    source === null
      ? "null"
      : typeof source === "function"
        ? (source as { name: string }).name
        : typeof source;
  throw new TypeError(
    `First argument to ${fn}() must be a Model, Manager, or QuerySet, not '${got}'. Pass Question, Question.objects or a QuerySet.`,
  );
}
