/** The manifest of collectstatic (`staticfiles.json`) and the hashed URLs it gives. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { getSettings, plainStaticUrl, type Settings, setStaticUrlResolver } from "@tango/core";
import { MissingManifestEntry } from "./errors.js";
import { fileHash } from "./hashed-name.js";
import { staticRoot } from "./static-root.js";

/** The name of the manifest file in STATIC_ROOT, as Django's. */
export const MANIFEST_NAME = "staticfiles.json";

/** The manifest format version Django writes. */
export const MANIFEST_VERSION = "1.1";

/** The content of `staticfiles.json`. */
export interface ManifestData {
  /** Original path -> hashed path, both relative to STATIC_ROOT. */
  readonly paths: Readonly<Record<string, string>>;
  readonly version: string;
  /** A hash of `paths`, changing whenever any file does. */
  readonly hash: string;
}

/** A loaded manifest: the file it came from and its paths (empty when it is missing). */
export interface Manifest {
  readonly file: string;
  readonly exists: boolean;
  readonly paths: ReadonlyMap<string, string>;
  /** The hashed names, for telling a hashed file from an original. */
  readonly hashed: ReadonlySet<string>;
}

/**
 * The manifest data for a map of paths, with its keys sorted and Django's hash of them.
 *
 * @example
 * manifestData({ "polls/style.css": "polls/style.4e8a1c2b9f3d.css" });
 */
export function manifestData(paths: Readonly<Record<string, string>>): ManifestData {
  const sorted = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { paths: sorted, version: MANIFEST_VERSION, hash: fileHash(JSON.stringify(sorted)) };
}

/**
 * Reads a manifest file; a missing file is an empty manifest.
 *
 * @example
 * readManifest("/srv/static/staticfiles.json").paths.get("polls/style.css");
 */
export function readManifest(file: string): Manifest {
  if (!existsSync(file)) return { file, exists: false, paths: new Map(), hashed: new Set() };
  const data = JSON.parse(readFileSync(file, "utf8")) as Partial<ManifestData>;
  const paths = new Map(Object.entries(data.paths ?? {}));
  return { file, exists: true, paths, hashed: new Set(paths.values()) };
}

const cache = new WeakMap<Settings, Manifest>();

/**
 * The manifest of the current settings' STATIC_ROOT, read once per settings object.
 *
 * @example
 * loadManifest().paths.size; // 42
 */
export function loadManifest(): Manifest {
  const settings = getSettings();
  const known = cache.get(settings);
  if (known) return known;
  const manifest = readManifest(join(staticRoot(settings), MANIFEST_NAME));
  cache.set(settings, manifest);
  return manifest;
}

/**
 * Forgets the manifests read so far (collectstatic calls it after writing a new one).
 *
 * @example
 * clearManifestCache();
 */
export function clearManifestCache(settings: Settings = getSettings()): void {
  cache.delete(settings);
}

/**
 * The URL of a static file by its hashed name from the manifest:
 * `/static/polls/style.4e8a1c2b9f3d.css`. With DEBUG on, the plain URL (files are served
 * from the apps as they are). With DEBUG off, a path the manifest lacks throws
 * MissingManifestEntry, so a typo fails loudly instead of linking a file that never loads.
 *
 * @example
 * manifestStaticUrl("polls/style.css"); // "/static/polls/style.4e8a1c2b9f3d.css"
 */
export function manifestStaticUrl(path: string): string {
  const settings = getSettings();
  if (settings.DEBUG) return plainStaticUrl(path);
  const [name, suffix = ""] = splitSuffix(path.replace(/^\/+/, ""));
  const manifest = loadManifest();
  const hashed = manifest.paths.get(name);
  if (hashed === undefined) throw new MissingManifestEntry(name, manifest.file, manifest.exists);
  return plainStaticUrl(hashed) + suffix;
}

function splitSuffix(path: string): [string, string?] {
  const cut = path.search(/[?#]/);
  return cut === -1 ? [path] : [path.slice(0, cut), path.slice(cut)];
}

/**
 * Makes core's `staticUrl()` (and so `{% static %}`) answer through {@link manifestStaticUrl}.
 * StaticFilesMiddleware calls it when it is constructed, and the app config calls it at
 * start-up when the manifest exists; call it yourself when you serve STATIC_ROOT another way
 * (nginx, a CDN). `uninstallStaticUrls()` puts the plain STATIC_URL back.
 *
 * @example
 * installStaticUrls();
 * staticUrl("polls/style.css"); // "/static/polls/style.4e8a1c2b9f3d.css"
 */
export function installStaticUrls(): void {
  setStaticUrlResolver(manifestStaticUrl);
}

/**
 * Removes the resolver {@link installStaticUrls} installed (for tests).
 *
 * @example
 * afterEach(() => uninstallStaticUrls());
 */
export function uninstallStaticUrls(): void {
  setStaticUrlResolver(undefined);
}
