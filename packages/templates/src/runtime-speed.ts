/**
 * Three of nunjucks' runtime helpers, made cheaper without changing what they do: every
 * `{% for %}` iteration sets seven `loop.*` names through `Frame.set`, which splits its name
 * on "." each time; every `{{ obj.attr }}` reads `obj[attr]` twice (a model field's accessor
 * runs twice); and autoescaping runs a regular expression with a callback per character to
 * replace. Installed once per process, as the iteration guard is.
 */
import nunjucks from "nunjucks";

interface Frame {
  variables: Record<string, unknown>;
  resolve(name: string, forWrite: boolean): Frame | undefined;
  set(name: string, value: unknown, resolveUp?: boolean): void;
}

type MemberLookup = ((obj: unknown, name: string | number) => unknown) & { tangoSpeed?: true };
type FrameSet = Frame["set"] & { tangoSpeed?: true };
type Escape = ((value: string) => string) & { tangoSpeed?: true };

/** Names a template sets are few and fixed (its variables, `loop.index`...): split each once. */
const splitNames = new Map<string, readonly string[]>();
const MAX_SPLIT_NAMES = 10_000;

function nameParts(name: string): readonly string[] {
  let parts = splitNames.get(name);
  if (parts === undefined) {
    parts = name.split(".");
    // A template that builds names at run time cannot grow the memo without bound.
    if (splitNames.size < MAX_SPLIT_NAMES) splitNames.set(name, parts);
  }
  return parts;
}

/**
 * nunjucks' `Frame.prototype.set`, with the name's parts memoised: creates the objects of a
 * dotted name (`loop.index`) as needed and, with `resolveUp`, writes to the frame that
 * already holds the name.
 */
const frameSet: FrameSet = function (this: Frame, name, value, resolveUp) {
  const parts = nameParts(name);
  if (resolveUp) {
    const owner = this.resolve(parts[0] as string, true);
    if (owner) {
      owner.set(name, value);
      return;
    }
  }
  let target = this.variables;
  const last = parts.length - 1;
  for (let i = 0; i < last; i++) {
    const part = parts[i] as string;
    if (!target[part]) target[part] = {};
    target = target[part] as Record<string, unknown>;
  }
  target[parts[last] as string] = value;
};
frameSet.tangoSpeed = true;

/**
 * nunjucks' `memberLookup` reading the member once: a method comes back bound to its object,
 * anything else as it is.
 */
const memberLookup: MemberLookup = (obj, name) => {
  if (obj === undefined || obj === null) return undefined;
  const value = (obj as Record<string | number, unknown>)[name];
  if (typeof value === "function")
    return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(obj, args);
  return value;
};
memberLookup.tangoSpeed = true;

const NEEDS_ESCAPE = /[&"'<>\\]/;

/**
 * nunjucks' `lib.escape` (what autoescaping and the `escape` filter run): `&`, `"`, `'`, `<`,
 * `>` and a backslash become `&amp;`, `&quot;`, `&#39;`, `&lt;`, `&gt;` and `&#92;`. Text with none of
 * them comes back as it is; otherwise one pass copies the runs between them. (Pages built by
 * hand use @tango/http's `escapeHtml`, Django's `escape`, which leaves backslashes alone.)
 *
 * @example
 * nunjucksEscape(`<a href="x">`); // "&lt;a href=&quot;x&quot;&gt;"
 */
export const nunjucksEscape: Escape = (value) => {
  const first = value.search(NEEDS_ESCAPE);
  if (first === -1) return value;
  let out = "";
  let from = 0;
  for (let i = first; i < value.length; i++) {
    let replacement: string;
    switch (value.charCodeAt(i)) {
      case 38: // &
        replacement = "&amp;";
        break;
      case 34: // "
        replacement = "&quot;";
        break;
      case 39: // '
        replacement = "&#39;";
        break;
      case 60: // <
        replacement = "&lt;";
        break;
      case 62: // >
        replacement = "&gt;";
        break;
      case 92: // \
        replacement = "&#92;";
        break;
      default:
        continue;
    }
    out += value.slice(from, i) + replacement;
    from = i + 1;
  }
  return out + value.slice(from);
};
nunjucksEscape.tangoSpeed = true;

/**
 * Installs the three into nunjucks' runtime, once per process; templates compiled before and after
 * use them (compiled code and nunjucks' runtime call them by name).
 *
 * @example
 * installRuntimeSpeedups();
 */
export function installRuntimeSpeedups(): void {
  const lib = nunjucks.lib as unknown as { escape: Escape };
  if (!lib.escape.tangoSpeed) lib.escape = nunjucksEscape;
  const runtime = nunjucks.runtime as unknown as {
    memberLookup: MemberLookup;
    Frame: { prototype: { set: FrameSet } };
  };
  if (!runtime.memberLookup.tangoSpeed) runtime.memberLookup = memberLookup;
  if (!runtime.Frame.prototype.set.tangoSpeed) runtime.Frame.prototype.set = frameSet;
}
