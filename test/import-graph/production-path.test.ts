// Proves the production adapters and the libraries views use never load development-only code.
//
// DESIGN.md: "No production package depends on devserver, cli, testing or a file watcher".
// The built entry points (dist/, what `node dist/server.js` loads) are the real proof; the
// source graph (the `tango:source` condition, what tests and the dev server load) is checked
// too, so a mistake shows up before anyone builds.

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import {
  buildModuleGraph,
  findImportChain,
  formatChain,
  type ImportEdge,
  type ModuleGraph,
  resolveSpecifier,
} from "./module-graph.js";

const repo = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const packagesDir = join(repo, "packages");
const ENTRY_PACKAGES = ["adapter-node", "adapter-fetch"] as const;
/** What production views import besides the adapters' request path. */
const LIBRARY_PACKAGES = ["orm", "templates", "views", "staticfiles"] as const;
const CHECKED_PACKAGES = [...ENTRY_PACKAGES, ...LIBRARY_PACKAGES];

const DIST_CONDITIONS = ["node", "import"];
const SOURCE_CONDITIONS = ["tango:source", "node", "import"];

/** Development-only modules, with the reason shown when one is reached. */
const FORBIDDEN: Array<{ reason: string; matches: (id: string, via: ImportEdge) => boolean }> = [
  { reason: "the dev server", matches: (id) => isInPackage(id, "devserver") },
  { reason: "the manage CLI", matches: (id) => isInPackage(id, "cli") },
  { reason: "the test client", matches: (id) => isInPackage(id, "testing") },
  {
    reason: "a ./testing subpath (test helpers)",
    matches: (_id, via) => /^@tango\/[^/]+\/testing(\/|$)/.test(via.specifier),
  },
  { reason: "the chokidar file watcher", matches: (id) => isNpm(id, "chokidar") },
  { reason: "the tsx TypeScript loader", matches: (id) => isNpm(id, "tsx") },
];

function isInPackage(id: string, name: string): boolean {
  return id.startsWith(join(packagesDir, name) + sep);
}

function isNpm(id: string, name: string): boolean {
  return id === `npm:${name}` || id.startsWith(`npm:${name}/`);
}

function isHttpDebug(id: string): boolean {
  const http = join(packagesDir, "http") + sep;
  return (
    id.startsWith(`${http}dist${sep}debug${sep}`) || id.startsWith(`${http}src${sep}debug${sep}`)
  );
}

function entryOf(pkg: string, conditions: string[]): string {
  const entry = resolveSpecifier(`@tango/${pkg}`, join(repo, "package.json"), conditions);
  if (entry === null) {
    throw new Error(
      `Cannot resolve @tango/${pkg} with conditions [${conditions.join(", ")}]. ` +
        `Check "exports" in packages/${pkg}/package.json and run "npm run build".`,
    );
  }
  return entry;
}

function describeProblems(graph: ModuleGraph): string[] {
  const problems: string[] = [];
  for (const forbidden of FORBIDDEN) {
    const chain = findImportChain(graph, forbidden.matches, { staticOnly: false });
    if (chain) {
      problems.push(
        `The production path reaches ${forbidden.reason}:\n${formatChain(chain, repo)}\n` +
          "Move that import behind a package the production path does not load.",
      );
    }
  }
  const debugChain = findImportChain(graph, (id) => isHttpDebug(id), { staticOnly: true });
  if (debugChain) {
    problems.push(
      `The production path statically imports @tango/http's debug pages:\n` +
        `${formatChain(debugChain, repo)}\n` +
        "Load src/debug/ with a dynamic import() only when DEBUG is on.",
    );
  }
  for (const miss of graph.unresolved) {
    problems.push(
      `${relative(repo, miss.from)}:${miss.line} imports "${miss.specifier}", which does not resolve.`,
    );
  }
  return problems;
}

function reachedFiles(graph: ModuleGraph): string[] {
  return [...graph.edges.keys()].map((file) => relative(repo, file));
}

describe.each([
  { mode: "built dist/", conditions: DIST_CONDITIONS, folder: "dist" },
  { mode: "source with tango:source", conditions: SOURCE_CONDITIONS, folder: "src" },
])("the production import graph ($mode)", ({ conditions, folder }) => {
  const graphs = new Map<string, ModuleGraph>();

  beforeAll(() => {
    if (folder === "dist") buildAdapters();
    for (const pkg of CHECKED_PACKAGES) {
      graphs.set(
        pkg,
        buildModuleGraph(entryOf(pkg, conditions), { conditions, roots: [packagesDir] }),
      );
    }
  }, 300_000);

  it.each(CHECKED_PACKAGES)("@tango/%s loads no development-only module", (pkg) => {
    const graph = graphs.get(pkg)!;
    expect(graph.entry).toBe(
      join(packagesDir, pkg, folder, folder === "dist" ? "index.js" : "index.ts"),
    );
    const problems = describeProblems(graph);
    expect(problems, problems.join("\n\n")).toEqual([]);
  });

  it.each(ENTRY_PACKAGES)(
    "@tango/%s reaches the request path through @tango/http and @tango/core",
    (pkg) => {
      // A walk that stopped at the entry would pass the check above vacuously.
      const files = reachedFiles(graphs.get(pkg)!);
      expect(files).toContain(
        join("packages", "http", folder, folder === "dist" ? "index.js" : "index.ts"),
      );
      expect(files).toContain(
        join("packages", "core", folder, folder === "dist" ? "index.js" : "index.ts"),
      );
    },
  );

  it("@tango/http loads its debug pages, when it does, by dynamic import", () => {
    const graph = graphs.get("adapter-node")!;
    const anyChain = findImportChain(graph, (id) => isHttpDebug(id), { staticOnly: false });
    expect(
      anyChain,
      "No import of packages/http/*/debug/ was found at all: the Handler is expected to " +
        'load its technical 404/500 pages with import("./debug/...") when DEBUG is on.',
    ).not.toBeNull();
    expect(anyChain!.at(-1)!.kind).toBe("dynamic");
  });
});

/**
 * Builds the adapters and their references; incremental, so cheap when dist/ is current. Type
 * errors elsewhere do not stop the check (tsc -b still emits, and `npm run build` reports them);
 * a missing entry point does.
 */
function buildAdapters(): void {
  const tsc = join(repo, "node_modules", ".bin", "tsc");
  const args = ["-b", ...CHECKED_PACKAGES.map((pkg) => join("packages", pkg))];
  let failure = "";
  try {
    execFileSync(tsc, args, { cwd: repo, stdio: "pipe", timeout: 280_000 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    failure = [stdout, stderr].filter(Boolean).join("\n").trim() || String(error);
  }
  for (const pkg of CHECKED_PACKAGES) {
    const entry = join(packagesDir, pkg, "dist", "index.js");
    if (!existsSync(entry)) {
      throw new Error(
        `"tsc ${args.join(" ")}" did not produce ${relative(repo, entry)}:\n${failure}`,
      );
    }
  }
}
