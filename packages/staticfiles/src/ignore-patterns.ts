/** Glob patterns of files collectstatic and the finders leave out (Django's `CVS`, `.*`, `*~`). */

/**
 * The patterns Django's collectstatic ignores unless told otherwise.
 *
 * @example
 * isIgnored("polls/.DS_Store", DEFAULT_IGNORE_PATTERNS); // true
 */
export const DEFAULT_IGNORE_PATTERNS: readonly string[] = ["CVS", ".*", "*~"];

const cache = new Map<string, RegExp>();

/**
 * A glob as a regular expression: `*` and `?` stay inside one path segment, `[abc]` is a set.
 *
 * @example
 * globToRegExp("*.scss").test("site.scss"); // true
 */
export function globToRegExp(glob: string): RegExp {
  const known = cache.get(glob);
  if (known) return known;
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else if (char === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end === -1) source += "\\[";
      else {
        const body = glob.slice(i + 1, end).replace(/\\/g, "\\\\");
        source += `[${body.startsWith("!") ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else source += char.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  const regexp = new RegExp(`^${source}$`);
  cache.set(glob, regexp);
  return regexp;
}

/**
 * Whether a path (relative, `/`-separated) is ignored: a pattern without `/` matches its last
 * segment, one with `/` the whole path, as Django's `matches_patterns`.
 *
 * @example
 * isIgnored("css/site.css~", ["*~"]); // true
 * isIgnored("vendor/big/x.js", ["vendor/big/*"]); // true
 */
export function isIgnored(path: string, patterns: readonly string[]): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return patterns.some((pattern) =>
    globToRegExp(pattern).test(pattern.includes("/") ? path : name),
  );
}
