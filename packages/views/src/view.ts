/** View: Django's class-based view base; `asView()` turns a class into a view function for path(). */
import { type HttpRequest, HttpResponse, HttpResponseNotAllowed } from "@tango/http";

/** The lower-case HTTP methods a View dispatches to methods of the same name. */
export const HTTP_METHOD_NAMES = [
  "get",
  "post",
  "put",
  "patch",
  "delete",
  "head",
  "options",
  "trace",
] as const;

/** A handler method of a View: `get(request, kwargs)`, `post(request, kwargs)`... */
export type MethodHandler = (
  request: HttpRequest,
  kwargs: Record<string, unknown>,
) => HttpResponse | Promise<HttpResponse>;

/**
 * The options `asView()` accepts for a view class: its data attributes (not its methods, nor
 * `request`, `args` and `kwargs`, which each request sets).
 *
 * @example
 * const options: ViewInitOptions<TemplateView> = { templateName: "about.html" };
 */
export type ViewInitOptions<V> = {
  [K in keyof V as K extends "request" | "args" | "kwargs"
    ? never
    : V[K] extends (...args: never[]) => unknown
      ? never
      : K]?: V[K];
};

/**
 * What `asView()` returns: a view function for path() and rePath(), which makes a fresh view
 * instance per request. `viewClass` and `viewInitOptions` say where it came from.
 *
 * @example
 * const view: AsViewFunction = AboutView.asView();
 * view.viewClass; // AboutView
 */
export interface AsViewFunction {
  (request: HttpRequest, ...params: unknown[]): Promise<HttpResponse>;
  readonly viewClass: ViewClass;
  readonly viewInitOptions: Readonly<Record<string, unknown>>;
}

/**
 * A View subclass, as `asView()` receives it.
 *
 * @example
 * function name(cls: ViewClass): string { return cls.name; }
 */
export interface ViewClass<V extends View = View> {
  new (): V;
  readonly name: string;
}

function isKwargs(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The base of class-based views. Subclass it, define `get()`, `post()`... (each receives the
 * request and the URL's kwargs, and returns a response) and route `YourView.asView()`. Each
 * request gets a fresh instance with `request`, `args` and `kwargs` set; `dispatch()` calls
 * the method named after the request's method, `head()` falls back to `get()`, `options()`
 * answers with Allow, and other methods get 405 Method Not Allowed.
 *
 * @example
 * class GreetingView extends View {
 *   greeting = "Good day";
 *   get(request: HttpRequest) {
 *     return new HttpResponse(this.greeting);
 *   }
 * }
 * export const urlpatterns = [
 *   path("hello/", GreetingView.asView()),
 *   path("morning/", GreetingView.asView({ greeting: "Morning to you" })),
 * ];
 */
export class View {
  /** The methods this view may answer, lower-case; narrow it to refuse others with 405. */
  httpMethodNames: readonly string[] = HTTP_METHOD_NAMES;
  /** The current request (set by `setup()`). */
  declare request: HttpRequest;
  /** Positional URL parameters (unnamed regex groups). */
  args: readonly unknown[] = [];
  /** Keyword URL parameters (named route parameters and the pattern's extra kwargs). */
  kwargs: Record<string, unknown> = {};

  /**
   * A view function for path(): per request it makes an instance, applies `initOptions`
   * (each must name an attribute the class already has, else TypeError), calls `setup()` and
   * returns what `dispatch()` returns.
   *
   * @example
   * path("about/", TemplateView.asView({ templateName: "about.html" }));
   * path("", IndexView.asView(), { name: "index" });
   */
  static asView<V extends View>(
    this: ViewClass<V>,
    initOptions: ViewInitOptions<V> = {},
  ): AsViewFunction {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass asView() was called on
    return makeView(this, { ...(initOptions as Record<string, unknown>) });
  }

  /**
   * Sets `request`, `args` and `kwargs` before dispatch. Override it (calling `super.setup()`)
   * to prepare attributes every method uses.
   *
   * @example
   * override setup(request: HttpRequest, args: readonly unknown[], kwargs: Record<string, unknown>) {
   *   super.setup(request, args, kwargs);
   *   this.section = String(kwargs.section ?? "home");
   * }
   */
  setup(request: HttpRequest, args: readonly unknown[], kwargs: Record<string, unknown>): void {
    if (this.#hasHandler("get") && !this.#hasHandler("head")) {
      (this as unknown as Record<string, unknown>).head = this.#handler("get");
    }
    this.request = request;
    this.args = args;
    this.kwargs = kwargs;
  }

  /**
   * Calls the method named after `request.method` (lower-cased), or `httpMethodNotAllowed()`.
   *
   * @example
   * override async dispatch(request: HttpRequest) {
   *   if (!request.COOKIES.member) return redirect("/join/");
   *   return super.dispatch(request);
   * }
   */
  async dispatch(request: HttpRequest): Promise<HttpResponse> {
    const method = request.method.toLowerCase();
    const handler = this.httpMethodNames.includes(method) ? this.#handler(method) : undefined;
    if (handler === undefined) return this.httpMethodNotAllowed(request);
    return handler.call(this, request, this.kwargs);
  }

  /**
   * The 405 answer, with Allow listing `allowedMethods()`.
   *
   * @example
   * return this.httpMethodNotAllowed(request);
   */
  httpMethodNotAllowed(_request: HttpRequest): HttpResponse {
    return new HttpResponseNotAllowed(this.allowedMethods());
  }

  /**
   * Answers OPTIONS: 200, empty, with Allow.
   *
   * @example
   * await client.options("/about/"); // Allow: GET, HEAD, OPTIONS
   */
  options(_request: HttpRequest, _kwargs: Record<string, unknown>): HttpResponse {
    const response = new HttpResponse("");
    response.headers.set("Allow", this.allowedMethods().join(", "));
    response.headers.set("Content-Length", "0");
    return response;
  }

  /**
   * The upper-case methods this view answers (those of `httpMethodNames` it defines).
   *
   * @example
   * new TemplateView().allowedMethods(); // ["GET", "HEAD", "OPTIONS"]
   */
  allowedMethods(): string[] {
    return this.httpMethodNames
      .filter(
        (method) => this.#hasHandler(method) || (method === "head" && this.#hasHandler("get")),
      )
      .map((method) => method.toUpperCase());
  }

  #handler(method: string): MethodHandler | undefined {
    const value = (this as unknown as Record<string, unknown>)[method];
    return typeof value === "function" ? (value as MethodHandler) : undefined;
  }

  #hasHandler(method: string): boolean {
    return this.#handler(method) !== undefined;
  }
}

function makeView<V extends View>(
  cls: ViewClass<V>,
  options: Record<string, unknown>,
): AsViewFunction {
  checkInitOptions(cls, options);
  const view = async (request: HttpRequest, ...params: unknown[]): Promise<HttpResponse> => {
    const self = new cls();
    Object.assign(self, options);
    const last = params.at(-1);
    const kwargs = isKwargs(last) ? last : {};
    const args = isKwargs(last) ? params.slice(0, -1) : params;
    self.setup(request, args, kwargs);
    return self.dispatch(request);
  };
  Object.defineProperty(view, "name", { value: cls.name });
  Object.defineProperty(view, "viewClass", { value: cls, enumerable: true });
  Object.defineProperty(view, "viewInitOptions", { value: options, enumerable: true });
  return view as unknown as AsViewFunction;
}

function checkInitOptions(cls: ViewClass, options: Record<string, unknown>): void {
  const probe = new cls() as unknown as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if ((HTTP_METHOD_NAMES as readonly string[]).includes(key)) {
      throw new TypeError(
        `The method name ${key} is not accepted as an option to ${cls.name}.asView(). Define a ${key}() method on the class instead.`,
      );
    }
    if (!(key in probe)) {
      throw new TypeError(
        `${cls.name}.asView() received an invalid option '${key}'. asView() only accepts options that are already attributes of the class; declare '${key}' on ${cls.name} first.`,
      );
    }
  }
}
