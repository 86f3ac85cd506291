import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import {
  DEVELOPMENT_PACKAGES,
  dependencySpecs,
  RUNTIME_PACKAGES,
  TANGO_VERSION,
  TOOL_VERSIONS,
  tangoCheckout,
} from "./dependencies.js";

const repo = fileURLToPath(new URL("../../..", import.meta.url)).replace(/\/$/, "");

describe("dependencySpecs", () => {
  it("links every package and tool into a checkout, so the project installs offline", () => {
    const specs = dependencySpecs("/opt/tango");
    expect(specs.dependencies).toEqual({
      "@tango/adapter-node": "file:/opt/tango/packages/adapter-node",
      "@tango/core": "file:/opt/tango/packages/core",
      "@tango/forms": "file:/opt/tango/packages/forms",
      "@tango/http": "file:/opt/tango/packages/http",
      "@tango/orm": "file:/opt/tango/packages/orm",
      "@tango/staticfiles": "file:/opt/tango/packages/staticfiles",
      "@tango/templates": "file:/opt/tango/packages/templates",
      "@tango/urls": "file:/opt/tango/packages/urls",
      "@tango/views": "file:/opt/tango/packages/views",
    });
    expect(specs.devDependencies).toEqual({
      "@tango/cli": "file:/opt/tango/packages/cli",
      "@tango/devserver": "file:/opt/tango/packages/devserver",
      "@tango/testing": "file:/opt/tango/packages/testing",
      "@types/node": "file:/opt/tango/node_modules/@types/node",
      typescript: "file:/opt/tango/node_modules/typescript",
      vitest: "file:/opt/tango/node_modules/vitest",
    });
  });

  it("names the published versions without a checkout", () => {
    const specs = dependencySpecs(undefined);
    for (const name of RUNTIME_PACKAGES) expect(specs.dependencies[name]).toBe(TANGO_VERSION);
    for (const name of DEVELOPMENT_PACKAGES)
      expect(specs.devDependencies[name]).toBe(TANGO_VERSION);
    expect(specs.devDependencies).toMatchObject(TOOL_VERSIONS);
    expect(Object.keys(specs.dependencies)).toHaveLength(RUNTIME_PACKAGES.length);
    expect(Object.keys(specs.devDependencies)).toHaveLength(
      DEVELOPMENT_PACKAGES.length + Object.keys(TOOL_VERSIONS).length,
    );
  });

  it("sorts the devDependencies, as npm writes them", () => {
    const names = Object.keys(dependencySpecs(undefined).devDependencies);
    expect(names).toEqual([...names].sort());
  });

  it("links packages that exist in this checkout", () => {
    const specs = dependencySpecs(repo);
    const all = { ...specs.dependencies, ...specs.devDependencies };
    for (const [name, spec] of Object.entries(all)) {
      const folder = spec.slice("file:".length);
      const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
      expect(manifest.name, `${name} -> ${folder}`).toBe(name);
    }
  });
});

describe("TOOL_VERSIONS", () => {
  it("are the versions the monorepo develops with (update both together)", () => {
    const root = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as {
      devDependencies: Record<string, string>;
    };
    const used = Object.fromEntries(
      Object.keys(TOOL_VERSIONS).map((name) => [name, root.devDependencies[name]]),
    );
    expect(TOOL_VERSIONS).toEqual(used);
  });
});

describe("tangoCheckout", () => {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A folder laid out as a checkout; `from` is where create-app's module would sit in it. */
  function fakeCheckout(
    manifest: string | undefined,
    withCore = true,
  ): { root: string; from: string } {
    const root = realpathSync(mkdtempSync(join(tmpdir(), "tango-checkout-")));
    made.push(root);
    mkdirSync(join(root, "packages", "create-app", "src"), { recursive: true });
    if (manifest !== undefined) writeFileSync(join(root, "package.json"), manifest);
    if (withCore) {
      mkdirSync(join(root, "packages", "core"));
      writeFileSync(join(root, "packages", "core", "package.json"), "{}");
    }
    return { root, from: join(root, "packages", "create-app", "src", "dependencies.ts") };
  }

  it("finds the checkout this module runs from", () => {
    expect(tangoCheckout()).toBe(repo);
  });

  it("finds a workspace root with packages/core three levels above the module", () => {
    const { root, from } = fakeCheckout(JSON.stringify({ workspaces: ["packages/*"] }));
    expect(tangoCheckout(from)).toBe(root);
    expect(tangoCheckout(join(root, "packages", "create-app", "dist", "dependencies.js"))).toBe(
      root,
    );
  });

  it("answers undefined for an install from the registry", () => {
    const { root } = fakeCheckout(JSON.stringify({ name: "someone-elses-app" }), false);
    const from = join(root, "node_modules", "@tango", "create-app", "dist", "dependencies.js");
    expect(tangoCheckout(from)).toBeUndefined();
  });

  it("answers undefined without workspaces, without packages/core or with a broken package.json", () => {
    expect(tangoCheckout(fakeCheckout(JSON.stringify({ name: "x" })).from)).toBeUndefined();
    expect(
      tangoCheckout(fakeCheckout(JSON.stringify({ workspaces: ["packages/*"] }), false).from),
    ).toBeUndefined();
    expect(tangoCheckout(fakeCheckout("{ not json").from)).toBeUndefined();
    expect(tangoCheckout(fakeCheckout(undefined).from)).toBeUndefined();
  });
});
