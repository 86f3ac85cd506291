/** Rewrites `url(...)` and `@import` references in CSS to the hashed names of the files they point at. */
import { posix } from "node:path";

/** Answers the hashed name (a path under STATIC_URL) of a referenced file, or undefined when unknown. */
export type HashedNameLookup = (path: string) => string | undefined;

/** What rewriting one stylesheet found. */
export interface CssRewrite {
  readonly css: string;
  /** The static paths the stylesheet references (resolved, without query or fragment). */
  readonly references: readonly string[];
  /** References to files that do not exist (left as written). */
  readonly missing: readonly string[];
}

// One pass over both forms, so offsets (for skipping comments) stay those of the source.
const REFERENCE = /url\(\s*(['"]?)\s*(.*?)\s*\1\s*\)|@import\s*(['"])\s*(.*?)\s*\3/g;

function commentRanges(css: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const match of css.matchAll(/\/\*[\s\S]*?(\*\/|$)/g)) {
    ranges.push([match.index, match.index + match[0].length]);
  }
  return ranges;
}

function splitSuffix(url: string): [path: string, suffix: string] {
  const cut = url.search(/[?#]/);
  return cut === -1 ? [url, ""] : [url.slice(0, cut), url.slice(cut)];
}

/**
 * The static path a reference points at, or null to leave it alone: `data:`, `http(s):` and
 * other schemes, protocol-relative `//host/...`, fragments (`#id`) and root-absolute URLs
 * outside STATIC_URL stay as written.
 *
 * @example
 * referencedPath("polls/style.css", "../img/bg.png", "/static/"); // "img/bg.png"
 */
export function referencedPath(
  cssPath: string,
  urlPath: string,
  staticUrl: string | null,
): string | null {
  if (urlPath === "" || /^[a-z][a-z0-9+.-]*:/i.test(urlPath) || urlPath.startsWith("//"))
    return null;
  let target: string;
  if (urlPath.startsWith("/")) {
    if (!staticUrl?.startsWith("/") || !urlPath.startsWith(staticUrl)) return null;
    target = urlPath.slice(staticUrl.length);
  } else {
    target = posix.join(posix.dirname(cssPath), urlPath);
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    return null;
  }
  const normalised = posix.normalize(decoded);
  return normalised.startsWith("../") || normalised === ".." ? null : normalised;
}

/**
 * Replaces each `url(...)` and `@import "..."` reference of a stylesheet by the hashed name
 * of its target, keeping the relative form and any `?query` or `#fragment`: in
 * `polls/style.css`, `url("../img/bg.png?v=2")` becomes `url("../img/bg.4e8a1c2b9f3d.png?v=2")`.
 * References inside comments are left alone.
 *
 * @example
 * rewriteCss("polls/style.css", css, (path) => manifest[path], "/static/").css;
 */
export function rewriteCss(
  cssPath: string,
  css: string,
  lookup: HashedNameLookup,
  staticUrl: string | null,
): CssRewrite {
  const comments = commentRanges(css);
  const references: string[] = [];
  const missing: string[] = [];
  const rewritten = css.replace(
    REFERENCE,
    (
      whole: string,
      _q1,
      urlRef: string | undefined,
      _q2,
      importRef: string | undefined,
      at: number,
    ) => {
      if (comments.some(([start, end]) => at >= start && at < end)) return whole;
      const url = urlRef ?? importRef ?? "";
      if (url.startsWith("#")) return whole;
      const [urlPath, suffix] = splitSuffix(url);
      const target = referencedPath(cssPath, urlPath, staticUrl);
      if (target === null) return whole;
      const hashed = lookup(target);
      if (hashed === undefined) {
        missing.push(target);
        return whole;
      }
      references.push(target);
      const kept = urlPath.split("/").slice(0, -1);
      const replaced = [...kept, hashed.slice(hashed.lastIndexOf("/") + 1)].join("/") + suffix;
      return urlRef !== undefined ? `url("${replaced}")` : `@import url("${replaced}")`;
    },
  );
  return { css: rewritten, references, missing };
}

/**
 * The static paths a stylesheet references (what must be hashed before it).
 *
 * @example
 * cssReferences("polls/style.css", 'a { background: url("bg.png") }', "/static/"); // ["polls/bg.png"]
 */
export function cssReferences(cssPath: string, css: string, staticUrl: string | null): string[] {
  const found: string[] = [];
  rewriteCss(
    cssPath,
    css,
    (path) => {
      found.push(path);
      return undefined;
    },
    staticUrl,
  );
  return found;
}
