/** Django's template spellings that nunjucks does not read, rewritten before compiling. */

const SPAN = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;
const STRING = String.raw`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'`;
const FORLOOP = String.raw`(?<![\w.$])forloop((?:\.\w+)*)(?![\w$])`;
const TOKEN = new RegExp(
  String.raw`(${STRING})|\|\s*([A-Za-z_]\w*)\s*:\s*(${STRING}|-?[\w.]+)|${FORLOOP}`,
  "g",
);
const LOAD = /^\{%-?\s*load\s[^%]*-?%\}$/;
const EMPTY = /^\{%(-?)\s*empty\s*(-?)%\}$/;

/** Django's `forloop` attributes and nunjucks' `loop` ones (others keep their name). */
const FORLOOP_NAMES: Readonly<Record<string, string>> = {
  counter: "index",
  counter0: "index0",
  revcounter: "revindex",
  revcounter0: "revindex0",
};

function forloopToLoop(path: string): string {
  return `loop${path.replace(/\.(\w+)/g, (match, name: string) => {
    const mapped = FORLOOP_NAMES[name];
    return mapped === undefined ? match : `.${mapped}`;
  })}`;
}

/**
 * Rewrites Django spellings into nunjucks ones, keeping every line where it was:
 * `{{ v|date:"Y" }}` becomes `{{ v|date("Y") }}`, `{% empty %}` in a for loop becomes
 * `{% else %}`, `forloop.counter` (`counter0`, `revcounter`, `revcounter0`, `first`, `last`,
 * `parentloop`) becomes `loop.index` (`index0`, `revindex`...), and `{% load static %}` is
 * dropped (every library is always loaded). String literals are left alone.
 *
 * @example
 * djangoToNunjucks('{{ when|date:"Y" }}'); // '{{ when|date("Y") }}'
 * djangoToNunjucks("{{ forloop.counter }}"); // "{{ loop.index }}"
 */
export function djangoToNunjucks(source: string): string {
  if (
    !source.includes(":") &&
    !source.includes("load") &&
    !source.includes("empty") &&
    !source.includes("forloop")
  )
    return source;
  return source.replace(SPAN, (span) => {
    if (span.startsWith("{%")) {
      if (LOAD.test(span)) return "";
      const empty = EMPTY.exec(span);
      if (empty) return `{%${empty[1]} else ${empty[2]}%}`;
    }
    return span.replace(
      TOKEN,
      (
        match,
        string: string | undefined,
        name: string | undefined,
        arg: string | undefined,
        loopPath: string | undefined,
      ) => {
        if (string !== undefined) return match;
        if (name !== undefined && arg !== undefined) {
          const value =
            arg.startsWith("forloop.") || arg === "forloop" ? forloopToLoop(arg.slice(7)) : arg;
          return `|${name}(${value})`;
        }
        return forloopToLoop(loopPath ?? "");
      },
    );
  });
}
