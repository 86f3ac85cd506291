/** redirect() and resolveUrl(): a redirect to a URL, a named route or a model's getAbsoluteUrl(). */
import { HttpResponsePermanentRedirect, HttpResponseRedirect } from "@tango/http";
import { NoReverseMatch, reverse } from "@tango/urls";

/**
 * The last argument of {@link redirect} when it is an options object.
 *
 * @example
 * redirect("polls:index", { permanent: true });
 */
export interface RedirectOptions {
  /** 301 instead of 302 (308 instead of 307 with `preserveRequest`). */
  readonly permanent?: boolean;
  /** 307/308: the client repeats the method and body. */
  readonly preserveRequest?: boolean;
}

/** Something with a canonical URL, as Django's `get_absolute_url()`. */
export interface HasAbsoluteUrl {
  getAbsoluteUrl(): string;
}

/** A redirect target: a URL, a route name, a view function or an object with `getAbsoluteUrl()`. */
export type RedirectTarget = string | HasAbsoluteUrl | ((...args: never[]) => unknown);

/** A URL parameter given to redirect(): positional values, or one record of kwargs. */
export type RedirectArg = string | number | bigint | Readonly<Record<string, unknown>>;

const OPTION_KEYS = new Set(["permanent", "preserveRequest"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isOptions(value: unknown): value is RedirectOptions {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => OPTION_KEYS.has(key));
}

function hasAbsoluteUrl(value: unknown): value is HasAbsoluteUrl {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { getAbsoluteUrl?: unknown }).getAbsoluteUrl === "function"
  );
}

/**
 * The URL `to` stands for, as Django's `resolve_url`: an object's `getAbsoluteUrl()`; a
 * relative "./" or "../" URL as is; a route name or view reversed with `args` / `kwargs`;
 * otherwise, when it looks like a URL (contains "/" or "."), the string itself.
 *
 * @example
 * resolveUrl("polls:detail", [], { questionId: 3 }); // "/polls/3/"
 * resolveUrl("https://example.com/"); // "https://example.com/"
 */
export function resolveUrl(
  to: RedirectTarget,
  args: readonly unknown[] = [],
  kwargs?: Readonly<Record<string, unknown>>,
): string {
  if (hasAbsoluteUrl(to)) return to.getAbsoluteUrl();
  if (typeof to === "string" && (to.startsWith("./") || to.startsWith("../"))) return to;
  // A path or absolute URL cannot be a route name: skip the reverse() attempt.
  if (typeof to === "string" && to.includes("/")) return to;
  try {
    return reverse(to as Parameters<typeof reverse>[0], kwargs ? { kwargs } : { args });
  } catch (error) {
    if (error instanceof NoReverseMatch && typeof to === "string" && to.includes(".")) return to;
    throw error;
  }
}

/**
 * A redirect (302, or 301 with `{ permanent: true }` last) to `to`: a URL, a route name
 * reversed with positional args or a kwargs record, a view function, or an object with
 * `getAbsoluteUrl()`.
 *
 * @example
 * return redirect("/polls/");
 * return redirect("polls:results", question.id);
 * return redirect("polls:results", { questionId: question.id });
 * return redirect(question); // question.getAbsoluteUrl()
 * return redirect("polls:index", { permanent: true }); // 301
 */
export function redirect(
  to: RedirectTarget,
  ...params: (RedirectArg | RedirectOptions)[]
): HttpResponseRedirect {
  const last = params.at(-1);
  const options: RedirectOptions = isOptions(last) ? last : {};
  const rest = isOptions(last) ? params.slice(0, -1) : params;
  const kwargs = rest.find(isRecord);
  const args = rest.filter((value) => !isRecord(value));
  const url = resolveUrl(to, args, kwargs);
  const init = options.preserveRequest ? { preserveRequest: true } : {};
  return options.permanent
    ? new HttpResponsePermanentRedirect(url, init)
    : new HttpResponseRedirect(url, init);
}
