// Every package README links its guide, and every relative link in the docs reaches a file (and its heading).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { docPages, parseMarkdown } from "./markdown-blocks.js";

const repo = join(import.meta.dirname, "../..");

const packages = readdirSync(join(repo, "packages")).filter((name) =>
  existsSync(join(repo, "packages", name, "package.json")),
);
const pages = docPages(repo);

/** The text of a page with its code blocks blanked out. */
function withoutBlocks(markdown: string): string {
  const lines = markdown.split("\n");
  for (const item of parseMarkdown(markdown)) {
    if (item.kind !== "block") continue;
    const count = item.code.split("\n").length;
    for (let i = item.line - 2; i <= item.line - 1 + count && i < lines.length; i++) lines[i] = "";
  }
  return lines.join("\n");
}

const LINK = /\]\(([^)\s]+)(?:\s+"[^"]*")?\)|^\[[^\]]+\]:\s*(\S+)/gm;

function relativeLinks(page: string): string[] {
  const prose = withoutBlocks(readFileSync(page, "utf8")).replace(/`[^`\n]*`/g, "``");
  return [...prose.matchAll(LINK)]
    .map((match) => (match[1] ?? match[2]) as string)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** GitHub's anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(page: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const match of withoutBlocks(readFileSync(page, "utf8")).matchAll(
    /^#{1,6}\s+(.+?)\s*#*\s*$/gm,
  )) {
    const base = (match[1] as string)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    result.add(n === 0 ? base : `${base}-${n}`);
  }
  return result;
}

function brokenLinks(page: string): string[] {
  return relativeLinks(page).flatMap((link) => {
    const [file = "", anchor] = link.split("#");
    const target = file === "" ? page : join(dirname(page), decodeURIComponent(file));
    const where = `${relative(repo, page).split(sep).join("/")}: ${link}`;
    if (!existsSync(target)) return [`${where} (no such file)`];
    if (anchor === undefined || !target.endsWith(".md") || statSync(target).isDirectory())
      return [];
    return anchors(target).has(anchor) ? [] : [`${where} (no such heading)`];
  });
}

describe("links in the docs", () => {
  it("finds the pages and their links", () => {
    expect(pages.length).toBeGreaterThan(30);
    expect(relativeLinks(join(repo, "docs/index.md"))).toContain("topics/urls.md");
  });

  it("gives every package a README that links a docs page", () => {
    const without = packages.filter((name) => {
      const readme = join(repo, "packages", name, "README.md");
      if (!existsSync(readme)) return true;
      return !relativeLinks(readme).some((link) => {
        const file = link.split("#")[0] as string;
        const target = join(dirname(readme), decodeURIComponent(file));
        return file.endsWith(".md") && target.startsWith(join(repo, "docs")) && existsSync(target);
      });
    });
    expect(without, "add a README.md linking its guide, e.g. ../../docs/topics/<topic>.md").toEqual(
      [],
    );
  });

  it("points every relative link at an existing file and heading", () => {
    expect(pages.flatMap(brokenLinks)).toEqual([]);
  });
});
