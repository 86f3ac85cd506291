/** The dependencies a new project gets: published versions, or links into a Tango checkout. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The framework packages a project runs with, and those it develops and tests with. */
export const RUNTIME_PACKAGES = [
  "@tango/adapter-node",
  "@tango/core",
  "@tango/forms",
  "@tango/http",
  "@tango/orm",
  "@tango/staticfiles",
  "@tango/templates",
  "@tango/urls",
  "@tango/views",
] as const;
export const DEVELOPMENT_PACKAGES = ["@tango/cli", "@tango/devserver", "@tango/testing"] as const;

/** The tools of a project, with the versions Tango is developed and tested with. */
export const TOOL_VERSIONS: Readonly<Record<string, string>> = {
  "@types/node": "^20.19.43",
  typescript: "^7.0.2",
  vitest: "^4.1.12",
};

/** The version of the @tango/* packages a published create-app writes. */
export const TANGO_VERSION = "^0.1.0";

/** A package.json's dependencies and devDependencies. */
export interface DependencySpecs {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

/**
 * The Tango checkout this create-app runs from, or undefined when it was installed from the
 * registry: the folder whose package.json is the monorepo's, two levels above this package.
 *
 * @example
 * tangoCheckout(); // "/home/ada/tango" when run as packages/create-app/bin/create-app.js
 */
export function tangoCheckout(from: string = fileURLToPath(import.meta.url)): string | undefined {
  const root = resolve(dirname(from), "..", "..", "..");
  const manifest = join(root, "package.json");
  if (!existsSync(manifest) || !existsSync(join(root, "packages", "core", "package.json"))) {
    return undefined;
  }
  try {
    const data = JSON.parse(readFileSync(manifest, "utf8")) as { workspaces?: unknown };
    return Array.isArray(data.workspaces) ? root : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The dependency specs of a new project. With `checkout`, every dependency is a `file:` link
 * into that Tango checkout (its packages, and the tools in its node_modules), so the project
 * installs offline, before anything is published, and shares one copy of each tool with the
 * framework (one Vitest instance for the tests and `@tango/orm/testing`). Without it, the
 * published versions.
 *
 * @example
 * dependencySpecs("/home/ada/tango").dependencies["@tango/core"]; // "file:/home/ada/tango/packages/core"
 * dependencySpecs(undefined).devDependencies.vitest; // "^4.1.12"
 */
export function dependencySpecs(checkout: string | undefined): DependencySpecs {
  const tango = (name: string) =>
    checkout ? `file:${join(checkout, "packages", name.slice("@tango/".length))}` : TANGO_VERSION;
  const tool = (name: string) =>
    checkout ? `file:${join(checkout, "node_modules", name)}` : (TOOL_VERSIONS[name] as string);
  const dependencies: Record<string, string> = {};
  for (const name of RUNTIME_PACKAGES) dependencies[name] = tango(name);
  const devDependencies: Record<string, string> = {};
  for (const name of DEVELOPMENT_PACKAGES) devDependencies[name] = tango(name);
  for (const name of Object.keys(TOOL_VERSIONS)) devDependencies[name] = tool(name);
  return { dependencies, devDependencies: sortKeys(devDependencies) };
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
