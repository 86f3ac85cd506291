/** condition(), etag() and lastModified(): conditional GET (304) and preconditions (412) for a view. */
import { type HttpRequest, httpDate } from "@tango/http";
import { getConditionalResponse } from "./conditional-response.js";
import { type DecoratableView, decorate, type ViewDecorator } from "./decorate.js";
import { quoteEtag } from "./etags.js";

/**
 * Computes the current ETag of the resource a request names (quoted or not; `W/"..."` for a
 * weak one), or null when it has none. Receives what the view receives.
 *
 * @example
 * const etagOf: EtagFunction = async (request, { id }: { id: number }) => `v${(await Post.objects.get({ pk: id })).version}`;
 */
export type EtagFunction = (
  request: HttpRequest,
  ...params: never[]
) => string | null | undefined | Promise<string | null | undefined>;

/**
 * Computes when the resource a request names last changed, or null when unknown.
 *
 * @example
 * const changed: LastModifiedFunction = async () => (await Post.objects.latest("updated")).updated;
 */
export type LastModifiedFunction = (
  request: HttpRequest,
  ...params: never[]
) => Date | null | undefined | Promise<Date | null | undefined>;

/**
 * Options of {@link condition}.
 *
 * @example
 * condition({ etag: etagOf, lastModified: changed });
 */
export interface ConditionOptions {
  readonly etag?: EtagFunction;
  readonly lastModified?: LastModifiedFunction;
}

/**
 * Makes a view answer conditional requests, as Django's `condition`: before the view runs,
 * the functions compute the resource's ETag and Last-Modified; a GET/HEAD whose
 * If-None-Match or If-Modified-Since says the client is up to date gets 304 Not Modified
 * (the view does not run); a failed If-Match or If-Unmodified-Since, or If-None-Match
 * matching on another method, gets 412 Precondition Failed. GET/HEAD responses get the ETag
 * and Last-Modified headers (unless the view set them).
 *
 * @example
 * export const post = condition({
 *   etag: async (request, { id }: { id: number }) => `v${(await Post.objects.get({ pk: id })).version}`,
 *   lastModified: async (request, { id }: { id: number }) => (await Post.objects.get({ pk: id })).updated,
 * })(postDetail);
 */
export function condition(options: ConditionOptions): ViewDecorator {
  return <V extends DecoratableView>(view: V): V =>
    decorate(view, async (request, params, call) => {
      const lastModified = await computeLastModified(options, request, params);
      const rawEtag = options.etag
        ? await (options.etag as (r: HttpRequest, ...p: unknown[]) => ReturnType<EtagFunction>)(
            request,
            ...params,
          )
        : null;
      const etag = rawEtag === null || rawEtag === undefined ? null : quoteEtag(rawEtag);
      const response = getConditionalResponse(request, { etag, lastModified }) ?? (await call());
      if (request.method === "GET" || request.method === "HEAD") {
        if (lastModified !== null && !response.headers.has("last-modified")) {
          response.headers.set("Last-Modified", httpDate(lastModified * 1000));
        }
        if (etag) response.headers.setDefault("ETag", etag);
      }
      return response;
    });
}

async function computeLastModified(
  options: ConditionOptions,
  request: HttpRequest,
  params: readonly unknown[],
): Promise<number | null> {
  if (!options.lastModified) return null;
  const fn = options.lastModified as (
    r: HttpRequest,
    ...p: unknown[]
  ) => ReturnType<LastModifiedFunction>;
  const when = await fn(request, ...params);
  if (!when) return null;
  return Math.floor(when.getTime() / 1000);
}

/**
 * `condition({ etag: fn })`.
 *
 * @example
 * export const feed = etag(async () => `v${await Entry.objects.count()}`)(feedView);
 */
export function etag(fn: EtagFunction): ViewDecorator {
  return condition({ etag: fn });
}

/**
 * `condition({ lastModified: fn })`.
 *
 * @example
 * export const feed = lastModified(async () => (await Entry.objects.latest("published")).published)(feedView);
 */
export function lastModified(fn: LastModifiedFunction): ViewDecorator {
  return condition({ lastModified: fn });
}
