// Turns a page's TypeScript blocks into the files of a virtual project, remembering where each line came from.
import { type CheckDirective, type FencedBlock, parseMarkdown } from "./markdown-blocks.js";

/** Consecutive lines of a generated file that come from one place in a markdown page. */
interface Segment {
  readonly start: number;
  readonly count: number;
  readonly page: string;
  readonly line: number;
}

/** A generated TypeScript file: its path in the check folder, its text and its line origins. */
export interface GeneratedFile {
  readonly path: string;
  readonly text: string;
  readonly segments: readonly Segment[];
}

/** The outcome for one page: its files and the blocks it asks to skip. */
export interface PageProject {
  readonly files: GeneratedFile[];
  checked: number;
  readonly skipped: { line: number; reason: string }[];
}

const CHECKED = new Set(["ts", "typescript"]);
/** Where blocks without a path live: in the polls app, so `./models.js` is its models. */
const SNIPPETS = "src/polls";
const PATH_COMMENT = /^\/\/\s*([\w./-]+\.ts)(?=$|[\s:,(])/;

interface Piece {
  readonly text: string;
  readonly line: number;
  /** The page the piece comes from, when not the project's first (a series of pages). */
  readonly page?: string;
}

class FileDraft {
  readonly pieces: Piece[] = [];
  constructor(readonly path: string) {}
}

/**
 * The virtual project of `page` (a repository-relative markdown path), in folder `dir`.
 *
 * A block whose first line is a path comment (`// src/polls/models.ts`) is that file of the
 * project; writing a path again starts a new copy of the project, so each block is checked
 * against the files as the page shows them at that point. Other blocks are modules of their
 * own, after the current prelude. `<!-- check: ... -->` comments are described in
 * docs/internals/docs-checks.md.
 *
 * @example
 * buildPageProject("docs/topics/urls.md", markdown, "p03", (path) => readFileSync(path, "utf8")).files.map((file) => file.path)
 * // ["p03/g0/src/polls/urls.ts", "p03/g0/src/polls/views.ts", "p03/g0/block-113.ts", ...]
 */
export function buildPageProject(
  page: string,
  markdown: string,
  dir: string,
  read: (repoPath: string) => string,
): PageProject {
  return buildSeriesProject([{ page, markdown }], dir, read);
}

/**
 * One virtual project for pages that build on each other, read in order (the tutorial's
 * parts), starting from `seed` files (path -> text): a block of a later page sees the files
 * that earlier pages wrote.
 *
 * @example
 * buildSeriesProject([{ page: "docs/tutorial/part1.md", markdown }], "t", read, { "src/mysite/urls.ts": "..." });
 */
export function buildSeriesProject(
  pages: readonly { page: string; markdown: string }[],
  dir: string,
  read: (repoPath: string) => string,
  seed: Readonly<Record<string, string>> = {},
): PageProject {
  const builder = new PageBuilder(pages[0]?.page ?? "", dir, read);
  for (const [path, text] of Object.entries(seed)) builder.seed(path, text);
  for (const { page, markdown } of pages) {
    builder.page = page;
    for (const item of parseMarkdown(markdown)) {
      if (item.kind === "directive") builder.directive(item);
      else if (CHECKED.has(item.lang)) builder.block(item);
    }
  }
  return builder.finish();
}

class PageBuilder {
  readonly #result: PageProject = { files: [], checked: 0, skipped: [] };
  #generation = 0;
  #current = new Map<string, FileDraft>();
  #loose: FileDraft[] = [];
  #prelude: Piece[] = [];
  #module: FileDraft | undefined;
  #wrap: [Piece, Piece] | undefined;
  #together = false;

  constructor(
    public page: string,
    readonly dir: string,
    readonly read: (repoPath: string) => string,
  ) {}

  /** A file the project starts with, not shown on any page. */
  seed(path: string, text: string): void {
    this.#setFile(path, [{ text: text.trimEnd(), line: 1, page: `(seed) ${path}` }], false);
  }

  directive(item: CheckDirective): void {
    const piece = { text: item.body, line: item.bodyLine, page: this.page };
    const where = `${this.page}:${item.line}`;
    switch (item.name) {
      case "prelude":
        this.#prelude = item.body.trim() === "" ? [] : [...this.#prelude, piece];
        return;
      case "wrap":
        this.#wrap = splitWrapper(piece, where);
        return;
      case "file": {
        // `file <path>` takes the comment's body; `file <path> from <repo file>` a shared fixture.
        const [path = "", from, source] = item.argument.split(/\s+/);
        const text = from === "from" && source ? this.read(source) : undefined;
        const content =
          text === undefined ? piece : { text: text.trimEnd(), line: item.line, page: this.page };
        this.#setFile(checkPath(path, where), [content], false);
        return;
      }
      case "module":
        this.#module = new FileDraft(`${SNIPPETS}/module-${item.line}.ts`);
        this.#module.pieces.push(...this.#prelude);
        this.#loose.push(this.#module);
        return;
      case "end-module":
        this.#module = undefined;
        return;
      case "together":
        // The next file shown changes with the one before it (a view and its URLconf): check
        // them as one version of the project, not the first without the second.
        this.#together = true;
        return;
      default:
        throw new Error(
          `${where}: unknown comment '<!-- check: ${item.name}'. Use prelude, wrap, file, module, end-module or together (docs/internals/docs-checks.md).`,
        );
    }
  }

  block(item: FencedBlock): void {
    const skip = item.flags.indexOf("nocheck");
    if (skip !== -1) {
      this.#result.skipped.push({ line: item.line, reason: item.flags.slice(skip + 1).join(" ") });
      return;
    }
    this.#result.checked++;
    const block = { text: item.code, line: item.line, page: this.page };
    const pieces = this.#wrap ? [this.#wrap[0], block, this.#wrap[1]] : [block];
    this.#wrap = undefined;
    const path = PATH_COMMENT.exec(item.code)?.[1];
    if (path !== undefined) {
      const where = `${this.page}:${item.line}`;
      this.#setFile(checkPath(path, where), pieces, item.flags.includes("continued"));
    } else if (this.#module) {
      this.#module.pieces.push(...pieces);
    } else {
      const draft = new FileDraft(`${SNIPPETS}/block-${item.line}.ts`);
      draft.pieces.push(...giveWay(this.#prelude, item.code), ...pieces);
      this.#loose.push(draft);
    }
    // A block marked `prelude` (an import list, say) also starts each block after it.
    if (item.flags.includes("prelude")) this.#prelude = [...this.#prelude, block];
  }

  finish(): PageProject {
    this.#flush();
    return this.#result;
  }

  #setFile(path: string, pieces: Piece[], append: boolean): void {
    const existing = this.#current.get(path);
    if (existing && append) {
      existing.pieces.push(...pieces);
      return;
    }
    if (existing && this.#together) {
      this.#together = false;
    } else if (existing) {
      // The page shows a new version of the file: check it in a copy of the project.
      this.#flush();
      this.#generation++;
      this.#current = new Map(this.#current);
      this.#loose = [];
      this.#module = undefined;
    }
    const draft = new FileDraft(path);
    draft.pieces.push(...pieces);
    this.#current.set(path, draft);
  }

  #flush(): void {
    const root = `${this.dir}/g${this.#generation}`;
    for (const draft of [...this.#current.values(), ...this.#loose]) {
      this.#result.files.push(render(`${root}/${draft.path}`, draft, this.page));
    }
  }
}

const DECLARED =
  /^(?:export\s+)?(?:declare\s+)?(?:async\s+)?(?:const|let|var|function|class)\s+(\w+)/gm;

/** The names `code` declares or imports at its top level. */
function declaredNames(code: string): Set<string> {
  const names = [...code.matchAll(DECLARED)].map((match) => match[1] as string);
  for (const match of code.matchAll(
    /^import\s+(?:type\s+)?(?:\*\s+as\s+)?(\w+)?[\s,]*(?:\{([^}]*)\})?\s*from\s/gm,
  )) {
    if (match[1] && match[1] !== "type") names.push(match[1]);
    names.push(
      ...(match[2] ?? "")
        .split(",")
        .filter((n) => n.trim() !== "")
        .map(localName),
    );
  }
  return new Set(names);
}

/** The prelude without the `declare` lines of names that `code` declares itself. */
function giveWay(prelude: readonly Piece[], code: string): Piece[] {
  const own = declaredNames(code);
  return prelude.map((piece) => ({
    ...piece,
    text: piece.text
      .split("\n")
      .map((line) => {
        const name = /^declare\s+(?:const|let|var|function|class)\s+(\w+)/.exec(line)?.[1];
        if (name !== undefined) return own.has(name) ? "" : line;
        const whole = /^import\s+(?:\*\s+as\s+)?(\w+)\s+from\s/.exec(line)?.[1];
        if (whole !== undefined) return own.has(whole) ? "" : line;
        return line.replace(
          IMPORT,
          (_statement, typeOnly: string | undefined, names: string, from: string) => {
            const kept = names.split(",").filter((n) => n.trim() !== "" && !own.has(localName(n)));
            return kept.length === 0
              ? ""
              : `import ${typeOnly ?? ""}{ ${kept.join(", ")} } from ${from};`;
          },
        );
      })
      .join("\n"),
  }));
}

/** A wrap comment's code before and after its `...` line. */
function splitWrapper(piece: Piece, where: string): [Piece, Piece] {
  const lines = piece.text.split("\n");
  const at = lines.findIndex((line) => line.trim() === "...");
  if (at === -1) {
    throw new Error(
      `${where}: a '<!-- check: wrap' comment needs a line '...' where the block goes.`,
    );
  }
  return [
    { ...piece, text: lines.slice(0, at).join("\n") },
    { ...piece, text: lines.slice(at + 1).join("\n"), line: piece.line + at + 1 },
  ];
}

function checkPath(path: string, where: string): string {
  const clean = path.replace(/^\.\//, "");
  if (clean === "" || clean.startsWith("/") || clean.split("/").includes("..")) {
    throw new Error(
      `${where}: the file path '${path}' must stay inside the project; write it relative, as 'src/polls/models.ts'.`,
    );
  }
  return clean;
}

function render(path: string, draft: FileDraft, page: string): GeneratedFile {
  const segments: Segment[] = [];
  const texts: string[] = [];
  let start = 1;
  for (const piece of mergeImports(draft.pieces)) {
    const count = piece.text.split("\n").length;
    segments.push({ start, count, page: piece.page ?? page, line: piece.line });
    texts.push(piece.text);
    start += count;
  }
  return { path, text: `${texts.join("\n")}\n`, segments };
}

/** The name an import specifier binds: `b` for `type a as b`. */
function localName(specifier: string): string {
  return (
    specifier
      .trim()
      .replace(/^type\s+/, "")
      .split(/\s+as\s+/)
      .pop() ?? ""
  );
}

const IMPORT = /^import\s+(type\s+)?\{([^}]*)\}\s+from\s+("[^"]+");?[ \t]*$/gm;

/**
 * Drops named imports that an earlier piece of the same file already made, so that a prelude
 * and a block, or a file and its continuation, may both import what they use.
 */
function mergeImports(pieces: readonly Piece[]): Piece[] {
  const isType = (typeOnly: string | undefined, name: string) =>
    typeOnly !== undefined || /^type\s/.test(name);
  // Imports are hoisted, so a value import anywhere wins over type-only ones of the same name.
  const values = new Set<string>();
  for (const piece of pieces) {
    for (const [, typeOnly, names = "", from] of piece.text.matchAll(IMPORT)) {
      for (const name of names.split(",").filter((n) => n.trim() !== "")) {
        if (!isType(typeOnly, name.trim())) values.add(`${from} ${localName(name)}`);
      }
    }
  }
  const seen = new Set<string>();
  return pieces.map((piece) => ({
    ...piece,
    text: piece.text.replace(
      IMPORT,
      (statement, typeOnly: string | undefined, names: string, from: string) => {
        const kept = names
          .split(",")
          .map((name) => name.trim())
          .filter((name) => name !== "")
          .filter((name) => {
            const key = `${from} ${localName(name)}`;
            if (seen.has(key) || (isType(typeOnly, name) && values.has(key))) return false;
            seen.add(key);
            return true;
          });
        if (kept.length === 0) return statement.replace(/[^\n]+/g, "");
        // Keep the statement's line count, so that error lines still map to the page.
        const lines = statement.split("\n").length;
        return `import ${typeOnly ?? ""}{ ${kept.join(", ")} } from ${from};${"\n".repeat(lines - 1)}`;
      },
    ),
  }));
}
