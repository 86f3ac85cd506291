/** A tiny HTML page helper until templates arrive: every value is escaped on the way in. */
import { getSettings } from "@tango/core";
import { escapeHtml } from "@tango/http";

/** Marks a string as HTML that is already safe (built with `html` or escaped). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/**
 * A template literal tag: interpolated values are escaped unless they are SafeHtml; arrays
 * are joined.
 *
 * @example
 * html`<h1>${question.questionText}</h1>`; // "<h1>&lt;b&gt;?</h1>" for "<b>?"
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    const parts = Array.isArray(value) ? value : [value];
    out += parts
      .map((part) => (part instanceof SafeHtml ? part.value : escapeHtml(String(part))))
      .join("");
    out += strings[i + 1] ?? "";
  });
  return new SafeHtml(out);
}

/**
 * The URL of a static file, as the `static` template tag will give it.
 *
 * @example
 * staticUrl("polls/style.css"); // "/static/polls/style.css"
 */
export function staticUrl(file: string): string {
  const base = getSettings().STATIC_URL ?? "static/";
  return `${base.startsWith("/") || base.includes("://") ? base : `/${base}`}${file}`;
}

/**
 * A whole page with the app's stylesheet.
 *
 * @example
 * new HttpResponse(page("Polls", html`<h1>Polls</h1>`));
 */
export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title><link rel="stylesheet" href="${staticUrl("polls/style.css")}"></head>
<body>${body}</body>
</html>
`.value;
}
