/** getObjectOr404() and getListOr404(): lookups that answer 404 instead of throwing DoesNotExist. */
import { Http404 } from "@tango/core";
import type { FilterArg, Manager, Model, ModelClass, QuerySet } from "@tango/orm";
import { metaOf, toQuerySet } from "./model-source.js";

/**
 * Where getObjectOr404() and getListOr404() look: a model class, its Manager or a QuerySet.
 *
 * @example
 * const source: ObjectSource<Question> = Question.objects.filter({ published: true });
 */
export type ObjectSource<M extends object, R = M> =
  | QuerySet<M, R>
  | Manager<M & Model>
  | { readonly objects: Manager<M & Model> };

function notFound(queryset: QuerySet<object, unknown>, cause?: unknown): Http404 {
  const name = metaOf(queryset)?.objectName ?? queryset.model.name;
  return new Http404(`No ${name} matches the given query.`, cause ? { cause } : undefined);
}

/**
 * The one object matching `conditions`, or Http404 ("No Question matches the given query.");
 * MultipleObjectsReturned still throws.
 *
 * @example
 * const question = await getObjectOr404(Question, { pk: params.questionId });
 * const mine = await getObjectOr404(Question.objects.filter({ author: request.user }), { pk: 3 });
 */
export async function getObjectOr404<M extends object, R = M>(
  source: ObjectSource<M, R>,
  ...conditions: FilterArg<M>[]
): Promise<R> {
  const queryset = toQuerySet(source, "getObjectOr404");
  try {
    return await queryset.get(...conditions);
  } catch (error) {
    if (error instanceof (queryset.model as unknown as ModelClass).DoesNotExist) {
      throw notFound(queryset as unknown as QuerySet<object, unknown>, error);
    }
    throw error;
  }
}

/**
 * The objects matching `conditions` as an array, or Http404 when there are none.
 *
 * @example
 * const choices = await getListOr404(Choice, { question: questionId });
 */
export async function getListOr404<M extends object, R = M>(
  source: ObjectSource<M, R>,
  ...conditions: FilterArg<M>[]
): Promise<R[]> {
  const queryset = toQuerySet(source, "getListOr404");
  const rows = await queryset.filter(...conditions);
  if (rows.length === 0) throw notFound(queryset as unknown as QuerySet<object, unknown>);
  return rows;
}
