/** HTML building blocks of the DEBUG pages: the page shell, tables and the stylesheet. */
import { escapeHtml } from "../escape-html.js";

export { escapeHtml };

/** One row of a key/value table; values are plain text and get escaped. */
export type Row = readonly [name: string, value: string];

/**
 * A two-column table of escaped names and values, or a "No data" note when empty.
 *
 * @example
 * table([["Request Method", "GET"]]);
 */
export function table(rows: readonly Row[], empty = "No data."): string {
  if (rows.length === 0) return `<p class="empty">${escapeHtml(empty)}</p>`;
  const body = rows
    .map(
      ([name, value]) =>
        `<tr><th>${escapeHtml(name)}</th><td><pre>${escapeHtml(value)}</pre></td></tr>`,
    )
    .join("");
  return `<table class="data"><tbody>${body}</tbody></table>`;
}

const STYLE = `
html * { padding: 0; margin: 0; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; background: #fff; }
body > section { padding: 12px 24px; border-bottom: 1px solid #ddd; }
h1 { font-weight: normal; font-size: 1.7em; margin-bottom: .3em; }
h1 span { color: #666; font-size: .7em; }
h2 { font-size: 1.2em; margin: .2em 0 .6em; }
h3 { font-size: 1em; margin: 1.2em 0 .4em; color: #333; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
pre { white-space: pre-wrap; word-break: break-word; }
a { color: #2a5db0; }
table { border-collapse: collapse; width: 100%; background: #fff; }
table.meta { width: auto; background: transparent; }
table.meta th { text-align: right; color: #555; font-weight: normal; padding: 2px 10px 2px 0; vertical-align: top; white-space: nowrap; }
table.meta td { padding: 2px 0; }
table.data { border: 1px solid #ddd; }
table.data th { width: 16em; text-align: right; color: #555; font-weight: normal; padding: 3px 10px 3px 4px; vertical-align: top; word-break: break-all; }
table.data td { padding: 3px 4px; border-bottom: 1px solid #eee; vertical-align: top; }
.empty { color: #777; font-style: italic; }
#summary { background: #ffc; }
#summary pre.exception-value { font: 1.35em/1.3 system-ui, sans-serif; color: #444; margin: .3em 0 .8em; }
#explanation { background: #eee; color: #333; }
#traceback { background: #eee; }
#request-info, #settings, #queries { background: #f6f6f6; }
#template { background: #fff4f4; }
#queries table.data th { width: 9em; }
#queries tr.failed td { background: #ffd9d9; }
#queries pre.params { color: #555; margin-top: 2px; }
ol.patterns { margin: .5em 0 .8em 2em; }
ol.patterns li { margin: 2px 0; }
ol.patterns .name { color: #777; }
ul.frames { list-style: none; }
ul.frames > li { margin-bottom: 10px; }
.frame-head { padding: 2px 0; }
.frame-head .fn { font-weight: 600; }
.frame-head .where { color: #555; }
.frame.library .frame-head, .frame.library .fn { color: #777; font-weight: normal; }
.badge { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 8px; background: #ddd; color: #444; margin-left: 6px; }
ol.source { list-style: none; margin: 4px 0 0 0; background: #fff; border: 1px solid #ddd; overflow-x: auto; }
ol.source li { white-space: pre; padding: 0 8px; color: #666; }
ol.source li .ln { display: inline-block; min-width: 4.5em; color: #999; user-select: none; }
ol.source li.current { background: #ffd9d9; color: #000; }
.cause-note { margin: 14px 0 8px; padding: 6px 10px; background: #ffc; border-left: 4px solid #e0c000; }
details > summary { cursor: pointer; color: #555; margin: 4px 0; }
.tabs { margin-top: 6px; }
`;

/**
 * A complete HTML document with the DEBUG stylesheet inlined; `body` must already be escaped.
 *
 * @example
 * page("Page not found", "<section id=\"summary\">…</section>");
 */
export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="NONE,NOARCHIVE">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
