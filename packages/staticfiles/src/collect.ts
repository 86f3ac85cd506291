/** collectStatic(): copies every static file into STATIC_ROOT, then hashes them and writes the manifest. */
import {
  copyFileSync,
  type Dirent,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { MANIFEST_NAME, type ManifestData, manifestData } from "./manifest.js";
import { type MissingReference, postProcess } from "./post-process.js";
import type { StaticEntry } from "./static-finder.js";

/** What {@link collectStatic} is asked to do. */
export interface CollectOptions {
  /** STATIC_ROOT, absolute. */
  readonly destination: string;
  /** The files to collect (what `listStatic()` gives). */
  readonly files: Iterable<StaticEntry>;
  /** STATIC_URL as a path prefix ("/static/"), to recognise root-absolute references in CSS. */
  readonly staticUrl: string | null;
  /** Delete what STATIC_ROOT holds first. */
  readonly clear?: boolean;
  /** Report what would happen; write and delete nothing. */
  readonly dryRun?: boolean;
  /** Skip hashing and the manifest. */
  readonly noPostProcess?: boolean;
  /** Called after each file is copied or found unmodified. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What {@link collectStatic} did (or, with dryRun, would do). */
export interface CollectResult {
  readonly destination: string;
  readonly deleted: string[];
  readonly copied: string[];
  readonly unmodified: string[];
  readonly postProcessed: string[];
  readonly missingReferences: MissingReference[];
  /** The manifest written; null on a dry run or without post-processing. */
  readonly manifest: ManifestData | null;
}

function listTree(dir: string, prefix = ""): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = `${prefix}${entry.name}`;
    return entry.isDirectory() ? listTree(join(dir, entry.name), `${path}/`) : [path];
  });
}

function clearFolder(root: string, dryRun: boolean): string[] {
  const deleted = listTree(root).sort();
  if (!dryRun) {
    for (const name of safeList(root)) {
      rmSync(join(root, name), { recursive: true, force: true });
    }
  }
  return deleted;
}

function safeList(root: string): string[] {
  try {
    return readdirSync(root);
  } catch {
    return [];
  }
}

function unchanged(source: string, target: string): boolean {
  try {
    const from = statSync(source);
    const to = statSync(target);
    return (
      to.isFile() &&
      to.size === from.size &&
      Math.floor(to.mtimeMs / 1000) >= Math.floor(from.mtimeMs / 1000)
    );
  } catch {
    return false;
  }
}

function copyPreservingTime(source: string, target: string): void {
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(source, target);
  const { atime, mtime } = statSync(source);
  // The copy carries the source's time, so the next run can tell it is unchanged.
  utimesSync(target, atime, mtime);
}

/**
 * Copies each file into `destination` (skipping a file whose copy there has the same size and
 * is not older), then writes a content-hashed copy of each one and `staticfiles.json`.
 * Libraries never print: the result lists what happened, for the command to report.
 *
 * @example
 * const result = await collectStatic({ destination: "/srv/static", files: listStatic(), staticUrl: "/static/" });
 * result.copied.length; // 12
 */
export async function collectStatic(options: CollectOptions): Promise<CollectResult> {
  const { destination, dryRun = false } = options;
  const files = [...options.files];
  const deleted = options.clear ? clearFolder(destination, dryRun) : [];
  const copied: string[] = [];
  const unmodified: string[] = [];
  for (const [index, file] of files.entries()) {
    const target = join(destination, file.path);
    if (!options.clear && unchanged(file.absolute, target)) unmodified.push(file.path);
    else {
      if (!dryRun) copyPreservingTime(file.absolute, target);
      copied.push(file.path);
    }
    options.onProgress?.(index + 1, files.length);
    // Let a progress line reach the terminal on very large trees.
    if (index % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
  }
  if (dryRun || options.noPostProcess) {
    return {
      destination,
      deleted,
      copied,
      unmodified,
      postProcessed: [],
      missingReferences: [],
      manifest: null,
    };
  }
  const names = files.map((f) => f.path);
  const { paths, processed, missing } = postProcess(destination, names, options.staticUrl);
  const manifest = manifestData(paths);
  mkdirSync(destination, { recursive: true });
  writeFileSync(join(destination, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
  return {
    destination,
    deleted,
    copied,
    unmodified,
    postProcessed: processed,
    missingReferences: missing,
    manifest,
  };
}
