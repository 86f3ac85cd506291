// Reads the fenced code blocks and the `<!-- check: ... -->` directives of a markdown page, in order.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** A fenced code block: its language, the words after it, and its first code line (1-based). */
export interface FencedBlock {
  readonly kind: "block";
  readonly lang: string;
  readonly flags: readonly string[];
  readonly line: number;
  readonly code: string;
}

/** A `<!-- check: name rest \n body -->` comment: instructions for the code-block checker. */
export interface CheckDirective {
  readonly kind: "directive";
  readonly name: string;
  readonly argument: string;
  readonly line: number;
  /** The comment's lines after the first, and the line of the first of them. */
  readonly body: string;
  readonly bodyLine: number;
}

const FENCE_OPEN = /^(\s*)(`{3,}|~{3,})\s*([^`]*)$/;
const DIRECTIVE_OPEN = /^\s*<!--\s*check:\s*([\w-]+)(.*)$/;

/**
 * The fenced blocks and checker directives of `markdown`, in document order.
 *
 * @example
 * parseMarkdown("```ts nocheck\nlet x\n```\n")
 * // [{ kind: "block", lang: "ts", flags: ["nocheck"], line: 2, code: "let x" }]
 */
export function parseMarkdown(markdown: string): (FencedBlock | CheckDirective)[] {
  const lines = markdown.split("\n");
  const items: (FencedBlock | CheckDirective)[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const fence = FENCE_OPEN.exec(line);
    if (fence) {
      const [, indent = "", marker = "", info = ""] = fence;
      const end = closingFence(lines, i + 1, marker);
      const [lang = "", ...flags] = info.trim().split(/\s+/);
      const code = lines.slice(i + 1, end).map((text) => dedent(text, indent.length));
      items.push({ kind: "block", lang, flags, line: i + 2, code: code.join("\n") });
      i = end;
      continue;
    }
    const directive = DIRECTIVE_OPEN.exec(line);
    if (directive) {
      const [, name = "", rest = ""] = directive;
      const end = lines.findIndex((text, j) => j >= i && text.includes("-->"));
      if (end === -1)
        throw new Error(
          `The comment '<!-- check: ${name}' on line ${i + 1} is never closed with '-->'.`,
        );
      const argument = (end === i ? rest.slice(0, rest.indexOf("-->")) : rest).trim();
      const body = end === i ? [] : lines.slice(i + 1, end);
      const last =
        end === i ? "" : (lines[end] as string).slice(0, (lines[end] as string).indexOf("-->"));
      if (last.trim() !== "") body.push(last);
      items.push({
        kind: "directive",
        name,
        argument,
        line: i + 1,
        body: body.join("\n"),
        bodyLine: i + 2,
      });
      i = end;
    }
  }
  return items;
}

function closingFence(lines: readonly string[], from: number, marker: string): number {
  const char = marker[0] as string;
  for (let j = from; j < lines.length; j++) {
    const text = (lines[j] as string).trim();
    if (text.length >= marker.length && [...text].every((c) => c === char)) return j;
  }
  return lines.length;
}

function dedent(text: string, width: number): string {
  let cut = 0;
  while (cut < width && text[cut] === " ") cut++;
  return text.slice(cut);
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith(".md") ? [path] : [];
  });
}

/**
 * Every documentation page of the repository at `repo`: docs/**.md, the package READMEs and
 * the root README, as absolute paths, sorted.
 *
 * @example
 * docPages(repo).some((page) => page.endsWith("docs/topics/queries.md")); // true
 */
export function docPages(repo: string): string[] {
  return [
    ...markdownFiles(join(repo, "docs")),
    ...readdirSync(join(repo, "packages")).map((name) => join(repo, "packages", name, "README.md")),
    join(repo, "README.md"),
  ]
    .filter((path) => existsSync(path))
    .sort();
}
