/** The built-in context processors: csrf, request, debug, static, media. */
import { currentScope, requestQueriesSlot } from "@tango/core";
import { getToken, type HttpRequest } from "@tango/http";

/**
 * Adds variables to every template rendered with a request. List them in
 * `TEMPLATES[0].OPTIONS.contextProcessors` as "module#export" strings or functions.
 *
 * @example
 * export const site: ContextProcessor = () => ({ siteName: "Polls" });
 */
export type ContextProcessor = (
  request: HttpRequest,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

/**
 * Adds `csrf_token`, which `{% csrf_token %}` turns into the hidden `csrfmiddlewaretoken`
 * input (Django's `csrf` processor). It is lazy: a function that makes the masked token on
 * first use (and marks the response to carry the CSRF cookie), so a template that never
 * uses it costs nothing. `{{ csrf_token }}` prints the token too, e.g. for a meta tag.
 *
 * @example
 * // <form method="post">{% csrf_token %}...</form>
 */
export const csrf: ContextProcessor = (req) => {
  let token: string | undefined;
  const lazy = (): string => {
    token ??= getToken(req);
    return token;
  };
  return { csrf_token: Object.assign(lazy, { toString: lazy }) };
};

/**
 * Adds `request`.
 *
 * @example
 * // {{ request.path }}
 */
export const request: ContextProcessor = (req) => ({ request: req });

/**
 * Adds `debug` (true when DEBUG is on and the client's IP is in INTERNAL_IPS, when that
 * setting exists) and `sqlQueries`, the queries the request ran so far.
 *
 * @example
 * // {% if debug %}{{ sqlQueries.length }} queries{% endif %}
 */
export const debug: ContextProcessor = (req) => {
  const settings = req.settings;
  if (!settings.DEBUG) return {};
  const internal = (settings as { INTERNAL_IPS?: unknown }).INTERNAL_IPS;
  if (Array.isArray(internal) && !internal.includes(req.clientIp)) return {};
  const log = currentScope()?.get(requestQueriesSlot);
  return { debug: true, sqlQueries: log ? log.records : [] };
};

/**
 * Adds `STATIC_URL`.
 *
 * @example
 * // <link href="{{ STATIC_URL }}polls/style.css">
 */
export const staticContext: ContextProcessor = (req) => ({
  STATIC_URL: underPrefix(req.settings.STATIC_URL),
});

/**
 * Adds `MEDIA_URL`.
 *
 * @example
 * // <img src="{{ MEDIA_URL }}{{ photo.path }}">
 */
export const media: ContextProcessor = (req) => ({
  MEDIA_URL: underPrefix(req.settings.MEDIA_URL),
});

/** A relative STATIC_URL/MEDIA_URL ("static/") under the request's script prefix, as Django does. */
function underPrefix(url: string | null): string | null {
  if (url === null || url === "" || url.startsWith("/") || /^[a-z][a-z0-9+.-]*:\/\//i.test(url))
    return url;
  const prefix = currentScope()?.scriptPrefix ?? "/";
  return `${prefix.endsWith("/") ? prefix : `${prefix}/`}${url}`;
}

/** The processors used when OPTIONS.contextProcessors is not set. */
export const DEFAULT_CONTEXT_PROCESSORS: readonly string[] = Object.freeze([
  "@tango/templates#csrf",
  "@tango/templates#request",
  "@tango/templates#debug",
  "@tango/templates#static",
  "@tango/templates#media",
]);
