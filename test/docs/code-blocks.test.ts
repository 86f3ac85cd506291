// Every TypeScript block in the docs and the package READMEs compiles against the packages' sources.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { dependencySpecs, projectTree } from "@tango/create-app";
import { afterAll, describe, expect, it } from "vitest";
import { buildPageProject, buildSeriesProject, type GeneratedFile } from "./doc-project.js";
import { docPages } from "./markdown-blocks.js";

const repo = join(import.meta.dirname, "../..");

const pages = docPages(repo).map((path) => relative(repo, path).split(sep).join("/"));

const read = (path: string) => readFileSync(join(repo, path), "utf8");
const TUTORIAL = "docs/tutorial/";

/**
 * The tutorial's parts build one project, in order, from what `create-app mysite` writes: each
 * part's blocks are checked with the files the earlier parts wrote.
 */
function tutorialProject() {
  const parts = pages.filter((page) => page.startsWith(TUTORIAL));
  const tree = projectTree({
    name: "mysite",
    db: "pglite",
    template: "minimal",
    secretKey: "tango-insecure-docs-check",
    dependencies: dependencySpecs(undefined),
  });
  const seed = Object.fromEntries(Object.entries(tree).filter(([path]) => path.endsWith(".ts")));
  const series = parts.map((page) => ({ page, markdown: read(page) }));
  return { page: TUTORIAL, ...buildSeriesProject(series, "tutorial", read, seed) };
}

const projects = [
  ...pages
    .filter((page) => !page.startsWith(TUTORIAL))
    .map((page, index) => ({ page, ...buildPageProject(page, read(page), `p${index}`, read) })),
  tutorialProject(),
];
const files = projects.flatMap((project) => project.files);

/** The compiler options of tsconfig.base.json, checking only, against the packages' `src/`. */
const TSCONFIG = {
  extends: "../tsconfig.base.json",
  compilerOptions: {
    rootDir: ".",
    noEmit: true,
    composite: false,
    incremental: false,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    moduleDetection: "force",
    customConditions: ["tango:source"],
  },
  include: ["**/*.ts"],
};

interface Diagnostic {
  readonly where: string;
  readonly message: string;
}

/** Writes every generated file into one folder and runs the repository's `tsc` once over them. */
function typeCheck(all: readonly GeneratedFile[]): Diagnostic[] {
  const dir = mkdtempSync(join(repo, ".tmp-doccheck-"));
  cleanups.push(dir);
  writeFileSync(join(dir, "package.json"), '{ "type": "module", "private": true }\n');
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));
  const byPath = new Map<string, GeneratedFile>();
  for (const file of all) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.text);
    byPath.set(file.path, file);
  }
  const tsc = spawnSync(join(repo, "node_modules/.bin/tsc"), ["-p", dir, "--pretty", "false"], {
    cwd: dir,
    encoding: "utf8",
  });
  return parseDiagnostics(`${tsc.stdout}${tsc.stderr}`, byPath);
}

const DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\): error (TS\d+: .*)$/;

function parseDiagnostics(output: string, byPath: Map<string, GeneratedFile>): Diagnostic[] {
  const diagnostics: { where: string; message: string[] }[] = [];
  for (const line of output.split("\n")) {
    const match = DIAGNOSTIC.exec(line);
    if (match) {
      const [, path = "", row = "", , message = ""] = match;
      const file = byPath.get(path.split(sep).join("/"));
      diagnostics.push({ where: file ? origin(file, Number(row)) : path, message: [message] });
    } else if (line.startsWith(" ") && diagnostics.length > 0) {
      diagnostics.at(-1)?.message.push(line.trim());
    } else if (line.trim() !== "") {
      diagnostics.push({ where: "tsc", message: [line] });
    }
  }
  const unique = new Map(
    diagnostics.map(({ where, message }) => [
      `${where} ${message.join(" ")}`,
      { where, message: message.join("\n  ") },
    ]),
  );
  return [...unique.values()];
}

/** The markdown page and line a generated line comes from. */
function origin(file: GeneratedFile, row: number): string {
  const segment = file.segments.findLast((s) => s.start <= row) ?? file.segments[0];
  if (!segment) return file.path;
  return `${segment.page}:${segment.line + row - segment.start}`;
}

const cleanups: string[] = [];
afterAll(() => {
  for (const dir of cleanups) rmSync(dir, { recursive: true, force: true });
});

describe("TypeScript blocks in the docs", () => {
  it("finds the blocks of every page, new pages included", () => {
    const checked = projects.reduce((sum, project) => sum + project.checked, 0);
    expect(checked).toBeGreaterThan(150);
    expect(pages).toContain("docs/topics/queries.md");
  });

  it("gives every skipped block a reason", () => {
    const unexplained = projects.flatMap((project) =>
      project.skipped
        .filter((skip) => skip.reason === "")
        .map((skip) => `${project.page}:${skip.line}`),
    );
    expect(unexplained, "write why after nocheck: ```ts nocheck signatures only").toEqual([]);
  });

  it("compile with the repository's TypeScript", () => {
    const report = typeCheck(files).map((d) => `${d.where}: ${d.message}`);
    expect(report, "fix the docs to match the API (docs/internals/docs-checks.md)").toEqual([]);
  }, 120_000);
});
