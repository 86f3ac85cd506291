/** Hashes collected files and rewrites stylesheets to reference hashed names, as Django's ManifestStaticFilesStorage. */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { rewriteCss } from "./css-references.js";
import { CollectstaticError } from "./errors.js";
import { fileHash, hashedName } from "./hashed-name.js";

/** A reference of a stylesheet to a file that was not collected. */
export interface MissingReference {
  readonly file: string;
  readonly reference: string;
}

/** What post-processing did. */
export interface PostProcessResult {
  /** Original path -> hashed path, for every file. */
  readonly paths: Record<string, string>;
  /** Original paths whose hashed copy was written now (not already there from a previous run). */
  readonly processed: string[];
  readonly missing: MissingReference[];
}

const isCss = (path: string) => path.toLowerCase().endsWith(".css");

/**
 * Writes a content-hashed copy next to each collected file (`polls/style.css` ->
 * `polls/style.4e8a1c2b9f3d.css`) and returns the manifest paths. A stylesheet is hashed
 * after the files it references, with its `url()` and `@import` references rewritten to their
 * hashed names, so a change deep in a chain of imports changes every stylesheet above it (what
 * Django gets by repeating passes). A hashed copy already present is left as it is.
 *
 * @example
 * const { paths, processed } = postProcess("/srv/static", ["polls/style.css", "polls/bg.png"], "/static/");
 */
export function postProcess(
  root: string,
  names: readonly string[],
  staticUrl: string | null,
): PostProcessResult {
  const collected = new Set(names);
  const paths: Record<string, string> = {};
  const processed: string[] = [];
  const missing: MissingReference[] = [];

  const hashOf = (name: string, chain: readonly string[]): string | undefined => {
    const known = paths[name];
    if (known !== undefined) return known;
    if (!collected.has(name)) return undefined;
    if (chain.includes(name)) {
      throw new CollectstaticError(
        `The stylesheets ${[...chain.slice(chain.indexOf(name)), name].map((n) => `'${n}'`).join(" -> ")} reference each other in a cycle, so none can be hashed after the others. Remove one of the url() or @import references.`,
      );
    }
    const source = join(root, name);
    let content: string | Buffer = readFileSync(source);
    if (isCss(name)) {
      const rewritten = rewriteCss(
        name,
        content.toString("utf8"),
        (target) => hashOf(target, [...chain, name]),
        staticUrl,
      );
      for (const reference of rewritten.missing) missing.push({ file: name, reference });
      content = rewritten.css;
    }
    const hashed = hashedName(name, fileHash(content));
    paths[name] = hashed;
    const destination = join(root, hashed);
    if (!existsSync(destination)) {
      if (typeof content === "string") writeFileSync(destination, content);
      else copyFileSync(source, destination);
      processed.push(name);
    }
    return hashed;
  };

  for (const name of names) hashOf(name, []);
  return { paths, processed, missing };
}
