/** SafeHtml: a base for objects that render as HTML in templates (forms, bound fields, error lists) without escaping. */
import { markSafe } from "@tango/templates";

/**
 * An object templates print as already-safe HTML: nunjucks leaves instances of its
 * SafeString alone, so this class shares SafeString's prototype and renders on `toString()`.
 * `length` feeds Django's truthiness (`{% if form.subject.errors %}`).
 *
 * @example
 * class Badge extends SafeHtml { toHtml() { return "<b>new</b>"; } }
 */
export abstract class SafeHtml {
  /** The HTML of this object. */
  abstract toHtml(): string;

  /** What `{% if %}` tests: non-zero is true. */
  get length(): number {
    return 1;
  }

  toString(): string {
    return this.toHtml();
  }

  valueOf(): string {
    return this.toHtml();
  }
}

Object.setPrototypeOf(SafeHtml.prototype, Object.getPrototypeOf(markSafe("")));

/** A string of HTML that templates print without escaping. */
export class SafeHtmlString extends SafeHtml {
  readonly #html: string;
  constructor(html: string) {
    super();
    this.#html = html;
  }
  override get length(): number {
    return this.#html.length;
  }
  toHtml(): string {
    return this.#html;
  }
}

/**
 * Wraps HTML for templates.
 *
 * @example
 * rawHtml("<b>x</b>");
 */
export function rawHtml(html: string): SafeHtmlString {
  return new SafeHtmlString(html);
}
