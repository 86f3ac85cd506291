/** Builds the middleware chain once, at start-up, the way Django's `load_middleware` does. */
import { getLogger, ImproperlyConfigured } from "@tango/core";
import type { Application } from "../application.js";
import { MiddlewareNotUsed } from "../handler-errors.js";
import type { HttpRequest } from "../request.js";
import {
  asGetResponse,
  type ErrorResponder,
  guard,
  type HookEntry,
  hooksLayer,
  type Layer,
} from "./chain-layers.js";
import { type RequestResponseHooks, requestResponseHooks } from "./hook-middleware.js";
import type { LoadedMiddleware } from "./load-middleware.js";
import {
  type Awaitable,
  type GetResponse,
  isMiddlewareClass,
  type Middleware,
  type MiddlewareHooks,
  type ProcessException,
  type ProcessView,
} from "./middleware.js";

/** A hook and the MIDDLEWARE entry it belongs to, for messages. */
export interface LabelledHook<T> {
  readonly label: string;
  readonly run: T;
}

/** The built chain: the outermost handler and the hooks in the order they run. */
export interface MiddlewareChain {
  /** Runs the whole chain: the first MIDDLEWARE entry, down to the view, and back up. */
  readonly handler: Layer;
  /** `processView` hooks, top of MIDDLEWARE first. */
  readonly viewHooks: readonly LabelledHook<ProcessView>[];
  /** `processException` hooks, bottom of MIDDLEWARE first. */
  readonly exceptionHooks: readonly LabelledHook<ProcessException>[];
  /** The labels of the middleware in use (those that raised MiddlewareNotUsed are left out). */
  readonly active: readonly string[];
}

const logger = getLogger("tango.request");

interface Instance {
  call: (request: HttpRequest) => Awaitable<unknown>;
  hooks: MiddlewareHooks;
  /** Set for hook middleware: the chain runs these instead of `call`. */
  requestResponse?: RequestResponseHooks | undefined;
}

function isClassSyntax(fn: Function): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

function instantiate(
  middleware: Middleware,
  next: GetResponse,
  app: Application,
  label: string,
): Instance {
  if (isMiddlewareClass(middleware)) {
    const object = new middleware(next, app);
    return {
      call: (request) => object.handle(request),
      hooks: {
        ...(object.processView ? { processView: object.processView.bind(object) } : {}),
        ...(object.processException
          ? { processException: object.processException.bind(object) }
          : {}),
      },
    };
  }
  if (isClassSyntax(middleware)) {
    throw new ImproperlyConfigured(
      `${label} is a class without a handle(request) method. Add \`async handle(request) { return this.getResponse(request); }\` to it.`,
    );
  }
  const made: unknown = (middleware as (next: GetResponse, app: Application) => unknown)(next, app);
  if (typeof made !== "function") {
    const what = made === null ? "null" : made === undefined ? "undefined" : typeof made;
    throw new ImproperlyConfigured(
      `${label} returned ${what} at start-up; a middleware factory must return the per-request function, e.g. \`(getResponse) => async (request) => getResponse(request)\`.`,
    );
  }
  const fn = made as ((request: HttpRequest) => Awaitable<unknown>) & MiddlewareHooks;
  return {
    call: fn,
    requestResponse: requestResponseHooks(fn),
    hooks: {
      processView: fn.processView?.bind(fn),
      processException: fn.processException?.bind(fn),
    },
  };
}

function startFailure(label: string, error: unknown): ImproperlyConfigured {
  const message = error instanceof Error ? error.message : String(error);
  return new ImproperlyConfigured(`${label} failed to start: ${message}`, { cause: error });
}

/**
 * Builds the chain from the bottom of MIDDLEWARE up, on `inner` (the view layer, which like
 * every layer never throws and always yields a response): each middleware is created once with
 * the (guarded) handler below it, so a request goes down the list and its response comes
 * back up. A factory that throws MiddlewareNotUsed is left out. Every layer is guarded:
 * an error becomes its error response (via `onError`) right there, for the layers above.
 *
 * @example
 * const chain = buildMiddlewareChain(loaded, viewLayer, app, (request, error) => responseFor(request, error));
 * const response = await chain.handler(request);
 */
export function buildMiddlewareChain(
  loaded: readonly LoadedMiddleware[],
  inner: Layer,
  app: Application,
  onError: ErrorResponder,
): MiddlewareChain {
  // The view layer guards itself (the Handler's answers errors where they happen), so an
  // asynchronous view costs no promise here.
  let handler = inner;
  // Hook middleware directly above `below`, top first: they run as one layer, without a
  // function call per middleware between them.
  let below = handler;
  let group: HookEntry[] = [];
  const viewHooks: LabelledHook<ProcessView>[] = [];
  const exceptionHooks: LabelledHook<ProcessException>[] = [];
  const active: string[] = [];
  for (const { middleware, label } of [...loaded].reverse()) {
    let instance: Instance;
    try {
      instance = instantiate(middleware, asGetResponse(handler), app, label);
    } catch (error) {
      if (error instanceof MiddlewareNotUsed) {
        logger.debug(`${label} is not used: ${error.message || "MiddlewareNotUsed"}`);
        continue;
      }
      if (error instanceof ImproperlyConfigured && error.message.startsWith(label)) throw error;
      throw startFailure(label, error);
    }
    const { processView, processException } = instance.hooks;
    if (processView) viewHooks.unshift({ label, run: processView });
    if (processException) exceptionHooks.push({ label, run: processException });
    active.unshift(label);
    if (instance.requestResponse) {
      group = [{ hooks: instance.requestResponse, label }, ...group];
      handler = hooksLayer(group, below, onError);
    } else {
      handler = guard(instance.call, label, onError);
      below = handler;
      group = [];
    }
  }
  return { handler, viewHooks, exceptionHooks, active };
}
