// Reads the tutorial (docs/tutorial/part*.md) as the steps a reader takes: commands to run,
// files to write or edit, and pages to check over HTTP.

/** One command of a ```console block: `$ command`, the `>>> ` lines typed into it, its output. */
export interface CommandStep {
  readonly kind: "command";
  readonly command: string;
  /** Lines typed at the command's prompt (`manage shell`), without the `>>> `. */
  readonly input: readonly string[];
  /** Output lines the page shows; each must appear in the real output. */
  readonly expected: readonly string[];
  /** The exit code the page expects (`<!-- e2e: exit 1 -->`), 0 by default. */
  readonly exitCode: number;
  /** `<!-- e2e: output varies -->`: the shown output is an example, not checked. */
  readonly outputVaries: boolean;
  readonly where: string;
}

/** A block whose first line names its file: the whole file, as the page shows it. */
export interface WriteStep {
  readonly kind: "write";
  readonly path: string;
  readonly text: string;
  readonly where: string;
}

/** `<!-- e2e: edit <path> -->` before a block: each line replaces the file's line with the same key. */
export interface EditStep {
  readonly kind: "edit";
  readonly path: string;
  readonly lines: readonly string[];
  readonly where: string;
}

/** `<!-- e2e: GET /polls/ contains "text" -->`, `status 404`, `POST ... redirects /to/`. */
export interface HttpStep {
  readonly kind: "http";
  readonly method: "GET" | "POST";
  readonly path: string;
  /** Form fields of a POST (`choice=1`); the CSRF token is added from the form's page. */
  readonly form: Readonly<Record<string, string>>;
  readonly expect:
    | { readonly contains: string }
    | { readonly status: number }
    | { readonly redirects: string };
  readonly where: string;
}

export type TutorialStep = CommandStep | WriteStep | EditStep | HttpStep;

/** The comment that names a file on a block's first line, per language. */
const PATH_LINE: Record<string, RegExp> = {
  ts: /^\/\/ (src\/\S+\.ts)$/,
  html: /^\{# (src\/\S+\.html) #\}$/,
  css: /^\/\* (src\/\S+\.css) \*\/$/,
};

const HTTP =
  /^(GET|POST) (\S+)((?: [\w-]+=\S*)*) (contains "((?:[^"\\]|\\.)*)"|status (\d{3})|redirects (\S+))$/;

/**
 * The steps of one tutorial page, in reading order.
 *
 * @example
 * tutorialSteps("docs/tutorial/part1.md", markdown)[0]; // { kind: "command", command: "node --version", ... }
 */
export function tutorialSteps(page: string, markdown: string): TutorialStep[] {
  const steps: TutorialStep[] = [];
  const lines = markdown.split("\n");
  let annotations: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const where = `${page}:${i + 1}`;
    const comment = /^<!-- e2e: (.*) -->$/.exec(line);
    if (comment) {
      const body = comment[1] as string;
      const http = HTTP.exec(body);
      if (http) steps.push(httpStep(http, where));
      else annotations.push(body);
      continue;
    }
    if (line.startsWith("<!--") && !line.includes("-->")) {
      // A comment over several lines (`<!-- check: wrap ...`): not text between the two.
      while (i < lines.length && !(lines[i] as string).includes("-->")) i++;
      continue;
    }
    const fence = /^```(\w*)/.exec(line);
    if (!fence) {
      if (line.trim() !== "" && !line.startsWith("<!--") && !/^\s/.test(line)) annotations = [];
      continue;
    }
    const lang = fence[1] as string;
    const body: string[] = [];
    for (i++; i < lines.length && !(lines[i] as string).startsWith("```"); i++) {
      body.push(lines[i] as string);
    }
    if (lang === "console") steps.push(...commandSteps(body, annotations, where));
    const edit = annotations.find((a) => a.startsWith("edit "));
    if (edit) {
      steps.push({ kind: "edit", path: edit.slice(5).trim(), lines: body, where });
    } else {
      const path = PATH_LINE[lang]?.exec(body[0] ?? "")?.[1];
      if (path) steps.push({ kind: "write", path, text: `${body.slice(1).join("\n")}\n`, where });
    }
    annotations = [];
  }
  return steps;
}

function commandSteps(body: string[], annotations: string[], where: string): CommandStep[] {
  const exit = annotations.find((a) => a.startsWith("exit "));
  const steps: CommandStep[] = [];
  for (const line of body) {
    if (line.startsWith("$ ")) {
      steps.push({
        kind: "command",
        command: line.slice(2),
        input: [],
        expected: [],
        exitCode: exit ? Number(exit.slice(5)) : 0,
        outputVaries: annotations.includes("output varies"),
        where,
      });
      continue;
    }
    const step = steps.at(-1);
    if (!step) throw new Error(`${where}: a console block must start with a '$ ' command line.`);
    const target = line.startsWith(">>> ") ? step.input : step.expected;
    (target as string[]).push(line.startsWith(">>> ") ? line.slice(4) : line.trim());
  }
  return steps.map((step) => ({ ...step, expected: step.expected.filter((l) => l !== "") }));
}

function httpStep(match: RegExpExecArray, where: string): HttpStep {
  const [, method, path = "", fields = "", , contains, status, redirects] = match;
  const form = Object.fromEntries(
    fields
      .trim()
      .split(" ")
      .filter((f) => f !== "")
      .map((f) => f.split("=") as [string, string]),
  );
  const expect =
    contains !== undefined
      ? { contains: contains.replace(/\\(.)/g, "$1") }
      : status !== undefined
        ? { status: Number(status) }
        : { redirects: redirects as string };
  return { kind: "http", method: method as "GET" | "POST", path, form, expect, where };
}

/**
 * A file with the edit's lines in place: each replaces the line that starts with the same key
 * (what comes before its first `:` or `=`, or the whole trimmed line).
 *
 * @example
 * applyEdit('  A: 1,\n  B: 2,\n', ["  B: 3,"]); // "  A: 1,\n  B: 3,\n"
 */
export function applyEdit(text: string, edit: readonly string[], where = "edit"): string {
  const lines = text.split("\n");
  for (const replacement of edit) {
    const key = keyOf(replacement);
    const at = lines.findIndex((line) => keyOf(line) === key);
    if (at === -1) throw new Error(`${where}: no line of the file starts with '${key}'.`);
    lines[at] = replacement;
  }
  return lines.join("\n");
}

function keyOf(line: string): string {
  const trimmed = line.trim();
  const at = trimmed.search(/[:=]/);
  return at === -1 ? trimmed : trimmed.slice(0, at).trim();
}
