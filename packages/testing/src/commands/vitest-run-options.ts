/** The Vitest configuration `manage test` runs with: the project's test files, the Tango setup file, and Django's options mapped to Vitest's. */
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { InlineConfig, startVitest } from "vitest/node";

/** Vitest's CLI options, as `startVitest()` takes them. */
export type VitestCliOptions = NonNullable<Parameters<typeof startVitest>[2]>;
/** The Vite/Vitest configuration `startVitest()` merges over the project's. */
export type VitestOverrides = NonNullable<Parameters<typeof startVitest>[3]> & {
  test?: InlineConfig;
};

/** The options of `manage test` that shape the Vitest run. */
export interface TestRunOptions {
  /** The project's root (its package.json folder): Vitest's root. */
  root: string;
  /** BASE_DIR: where the test files are (src/, or the build output when built). */
  baseDir: string;
  /** Whether the project runs from its compiled JavaScript. */
  built: boolean;
  /** The environment the workers get (the run's configuration). */
  env: Record<string, string>;
  failfast: boolean;
  pattern: string | undefined;
  parallel: number | undefined;
  shuffle: boolean;
  verbosity: number;
}

const CONFIG_FILES = [
  "vitest.config.ts",
  "vitest.config.mts",
  "vitest.config.js",
  "vitest.config.mjs",
];

// This module runs from src/ (TypeScript, under manage's loader) or from dist/ (compiled).
const FROM_SOURCE = import.meta.url.endsWith(".ts");

/**
 * The setup file Vitest loads before each test file, next to this package's other modules:
 * `src/manage-test-setup.ts` when this package runs from source, `dist/...js` when built.
 *
 * @example
 * setupFile(); // "/srv/mysite/node_modules/@tango/testing/dist/manage-test-setup.js"
 */
export function setupFile(): string {
  return fileURLToPath(
    new URL(`../manage-test-setup.${FROM_SOURCE ? "ts" : "js"}`, import.meta.url),
  );
}

/**
 * The project's own Vitest configuration file, if it has one (its plugins and aliases apply).
 *
 * @example
 * projectVitestConfig("/srv/mysite"); // "/srv/mysite/vitest.config.ts" or undefined
 */
export function projectVitestConfig(root: string): string | undefined {
  return CONFIG_FILES.map((name) => join(root, name)).find((file) => existsSync(file));
}

function reporterFor(verbosity: number): string {
  if (verbosity <= 0) return "dot";
  return verbosity >= 2 ? "verbose" : "default";
}

/**
 * Vitest's CLI options and configuration overrides for a run. `@tango/*` packages are
 * processed by Vite (never handed to Node as is), so that the models and views they import
 * for the app registry are the very modules the tests import. When this package runs from
 * its TypeScript sources (manage's development mode), so do the other `@tango/*` packages,
 * through their `tango:source` condition, as under `manage runserver`.
 *
 * @example
 * const { options, overrides } = vitestRunOptions({ root, baseDir: join(root, "src"), ... });
 * await startVitest("test", filters, options, overrides);
 */
export function vitestRunOptions(run: TestRunOptions): {
  options: VitestCliOptions;
  overrides: VitestOverrides;
} {
  const folder = relative(run.root, run.baseDir).split("\\").join("/") || ".";
  const extensions = run.built ? "{js,mjs}" : "{ts,mts}";
  const conditions = ["tango:source", "module", "node", "development|production"];
  const options: VitestCliOptions = {
    root: run.root,
    config: projectVitestConfig(run.root) ?? false,
    run: true,
    watch: false,
    passWithNoTests: false,
    bail: run.failfast ? 1 : 0,
    reporters: [reporterFor(run.verbosity)],
    ...(run.pattern !== undefined ? { testNamePattern: run.pattern } : {}),
    ...(run.parallel !== undefined
      ? { maxWorkers: run.parallel, fileParallelism: run.parallel > 1 }
      : {}),
    ...(run.shuffle ? { sequence: { shuffle: true } } : {}),
  };
  const overrides: VitestOverrides = {
    ...(FROM_SOURCE
      ? {
          resolve: { conditions },
          ssr: { resolve: { conditions, externalConditions: ["tango:source"] } },
        }
      : {}),
    test: {
      include: [`${folder}/**/*.test.${extensions}`],
      exclude: ["**/node_modules/**", ...(run.built ? [] : ["**/dist/**"])],
      setupFiles: [setupFile()],
      env: run.env,
      server: { deps: { inline: [/@tango\//] } },
    },
  };
  return { options, overrides };
}
