/** Django's template spellings that nunjucks does not read, rewritten before compiling. */

const SPAN = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;
const STRING = String.raw`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'`;
const FILTER_ARG = new RegExp(
  String.raw`(${STRING})|\|\s*([A-Za-z_]\w*)\s*:\s*(${STRING}|-?[\w.]+)`,
  "g",
);
const LOAD = /^\{%-?\s*load\s[^%]*-?%\}$/;
const EMPTY = /^\{%(-?)\s*empty\s*(-?)%\}$/;

/**
 * Rewrites Django spellings into nunjucks ones, keeping every line where it was:
 * `{{ v|date:"Y" }}` becomes `{{ v|date("Y") }}`, `{% empty %}` in a for loop becomes
 * `{% else %}`, and `{% load static %}` is dropped (every library is always loaded).
 *
 * @example
 * djangoToNunjucks('{{ when|date:"Y" }}'); // '{{ when|date("Y") }}'
 */
export function djangoToNunjucks(source: string): string {
  if (!source.includes(":") && !source.includes("load") && !source.includes("empty")) return source;
  return source.replace(SPAN, (span) => {
    if (span.startsWith("{%")) {
      if (LOAD.test(span)) return "";
      const empty = EMPTY.exec(span);
      if (empty) return `{%${empty[1]} else ${empty[2]}%}`;
    }
    return span.replace(
      FILTER_ARG,
      (match, string: string | undefined, name: string, arg: string) =>
        string !== undefined ? match : `|${name}(${arg})`,
    );
  });
}
