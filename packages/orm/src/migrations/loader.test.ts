import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  BadMigrationError,
  InconsistentMigrationHistory,
  MigrationConflictError,
  NodeNotFoundError,
} from "./errors.js";
import { MigrationLoader, type MigrationSource } from "./loader.js";
import { Migration } from "./migration.js";

const MIGRATION_MODULE = fileURLToPath(new URL("./migration.ts", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "tango-loader-"));
let counter = 0;

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes each app's migration files (name -> dependencies, or raw source) into a fresh folder. */
function project(
  apps: Record<string, Record<string, string[] | string> | null>,
): MigrationSource[] {
  const base = join(root, `p${counter++}`);
  return Object.entries(apps).map(([app, files]) => {
    const dir = join(base, app, "migrations");
    if (files === null) return { app, dir };
    mkdirSync(dir, { recursive: true });
    for (const [file, content] of Object.entries(files)) {
      const source =
        typeof content === "string"
          ? content
          : `import { Migration } from ${JSON.stringify(MIGRATION_MODULE)};\nexport default new Migration({ dependencies: ${JSON.stringify(content.map((d) => d.split(".")))}, operations: [] });\n`;
      writeFileSync(join(dir, file), source);
    }
    return { app, dir };
  });
}

const load = (sources: MigrationSource[]) => MigrationLoader.load({ sources, readApplied: false });

describe("MigrationLoader", () => {
  it("loads migration files into the graph, naming them after their files", async () => {
    const sources = project({
      polls: {
        "0001_initial.ts": [],
        "0002_votes.ts": ["polls.0001_initial", "auth.0001_initial"],
        "__init__.ts": "export {};",
        "0003_notes.d.ts": "export {};",
        "0003_x.test.ts": "export {};",
        "helpers.ts": "export {};",
      },
      auth: { "0001_initial.ts": [] },
      blog: null,
    });
    const loader = await load(sources);
    expect([...loader.diskMigrations.keys()].sort()).toEqual([
      "auth.0001_initial",
      "polls.0001_initial",
      "polls.0002_votes",
    ]);
    const votes = loader.graph.node(["polls", "0002_votes"]);
    expect(votes).toBeInstanceOf(Migration);
    expect(votes.label).toBe("polls.0002_votes");
    expect(loader.graph.forwardsPlan(["polls", "0002_votes"]).map((k) => k.join("."))).toEqual([
      "auth.0001_initial",
      "polls.0001_initial",
      "polls.0002_votes",
    ]);
    expect([...loader.migratedApps].sort()).toEqual(["auth", "polls"]);
    expect([...loader.unmigratedApps]).toEqual(["blog"]);
    expect(loader.applied.size).toBe(0);
    expect(loader.detectConflicts().size).toBe(0);
    expect([...loader.projectState().models.keys()]).toEqual([]);
  });

  it("takes the .ts file when both x.ts and x.js exist (tests run from source)", async () => {
    const sources = project({
      polls: {
        "0001_initial.ts": [],
        "0001_initial.js": "export default 42;",
        "0002_next.mjs": ["polls.0001_initial"],
      },
    });
    const loader = await load(sources);
    expect([...loader.diskMigrations.keys()]).toEqual(["polls.0001_initial", "polls.0002_next"]);
  });

  it("refuses a file without a default export, or with something else", async () => {
    const missing = project({ polls: { "0001_initial.ts": "export const x = 1;" } });
    await expect(load(missing)).rejects.toThrow(BadMigrationError);
    await expect(load(missing)).rejects.toThrow(
      /0001_initial\.ts has no default export; a migration file ends with export default new Migration\(\{ \.\.\. \}\)/,
    );
    const wrong = project({ polls: { "0001_initial.ts": "export default { operations: [] };" } });
    await expect(load(wrong)).rejects.toThrow(/is not a Migration \(got object\)/);
    const bad = project({
      polls: {
        "0001_initial.ts": `import { Migration } from ${JSON.stringify(MIGRATION_MODULE)};\nexport default new Migration({});\n`,
      },
    });
    await expect(load(bad)).rejects.toThrow(
      /0001_initial\.ts: A migration needs an operations list/,
    );
  });

  it("detects two leaves in one app", async () => {
    const sources = project({
      polls: {
        "0001_initial.ts": [],
        "0002_b.ts": ["polls.0001_initial"],
        "0002_a.ts": ["polls.0001_initial"],
      },
      auth: { "0001_initial.ts": [] },
    });
    const loader = await load(sources);
    expect(loader.detectConflicts()).toEqual(new Map([["polls", ["0002_a", "0002_b"]]]));
    expect(() => loader.ensureNoConflicts()).toThrow(MigrationConflictError);
    expect(() => loader.ensureNoConflicts()).toThrow(
      /0002_a, 0002_b in polls.*makemigrations --merge/,
    );
  });

  it("names a missing dependency, and an app that is not installed", async () => {
    await expect(
      load(project({ polls: { "0001_initial.ts": [], "0002_x.ts": ["polls.0009_gone"] } })),
    ).rejects.toThrow(/polls\.0002_x depends on polls\.0009_gone, which does not exist/);
    const notInstalled = load(project({ polls: { "0001_initial.ts": ["auth.0001_initial"] } }));
    await expect(notInstalled).rejects.toThrow(NodeNotFoundError);
    await expect(
      load(project({ polls: { "0001_initial.ts": ["auth.0001_initial"] } })),
    ).rejects.toThrow(/the app 'auth' is not installed\. Add 'auth' to INSTALLED_APPS/);
    await expect(
      load(project({ polls: { "0001_initial.ts": ["auth.0001_initial"] }, auth: null })),
    ).rejects.toThrow(/the app 'auth' has no migrations folder/);
  });

  it("refuses circular dependencies", async () => {
    const sources = project({
      polls: { "0001_initial.ts": ["polls.0002_x"], "0002_x.ts": ["polls.0001_initial"] },
    });
    await expect(load(sources)).rejects.toThrow(
      /polls\.0001_initial -> polls\.0002_x -> polls\.0001_initial/,
    );
  });

  describe("squashed migrations and applied history", () => {
    const squashed = `import { Migration } from ${JSON.stringify(MIGRATION_MODULE)};
export default new Migration({ replaces: [["polls", "0001_initial"], ["polls", "0002_votes"]], operations: [] });
`;
    const files = {
      "0001_initial.ts": [],
      "0002_votes.ts": ["polls.0001_initial"],
      "0001_squashed_0002_votes.ts": squashed,
      "0003_more.ts": ["polls.0002_votes"],
    };

    // Partly applied squashes need a recorded history: see executor.test.ts.
    it("uses the squashed migration when none is applied", async () => {
      const loader = await load(project({ polls: files }));
      expect(loader.graph.forwardsPlan(["polls", "0003_more"]).map((k) => k[1])).toEqual([
        "0001_squashed_0002_votes",
        "0003_more",
      ]);
      expect(loader.diskMigrations.has("polls.0001_initial")).toBe(true);
      expect(loader.replacements.has("polls.0001_squashed_0002_votes")).toBe(true);
    });

    it("points dependencies on deleted replaced migrations at the squashed one", async () => {
      const loader = await load(
        project({
          polls: { "0001_squashed_0002_votes.ts": squashed, "0003_more.ts": ["polls.0002_votes"] },
          blog: { "0001_initial.ts": ["polls.0001_initial"] },
        }),
      );
      expect(loader.graph.forwardsPlan(["blog", "0001_initial"]).map((k) => k.join("."))).toEqual([
        "polls.0001_squashed_0002_votes",
        "blog.0001_initial",
      ]);
    });
  });

  it("reports an applied migration whose dependency is not applied", async () => {
    const loader = await load(
      project({ polls: { "0001_initial.ts": [], "0002_x.ts": ["polls.0001_initial"] } }),
    );
    loader.applied.set("polls.0002_x", new Date());
    expect(() => loader.checkConsistentHistory()).toThrow(InconsistentMigrationHistory);
    expect(() => loader.checkConsistentHistory()).toThrow(
      /Migration polls\.0002_x is applied before its dependency polls\.0001_initial on database 'default'/,
    );
    loader.applied.set("polls.0001_initial", new Date());
    expect(() => loader.checkConsistentHistory()).not.toThrow();
  });
});
