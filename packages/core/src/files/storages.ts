/** The storages registry: `storages.get("default")`, built from the STORAGES setting (Django 4.2's). */
import { getSettings } from "../current-settings.js";
import { ImproperlyConfigured } from "../errors.js";
import { loadExport } from "../module-loader.js";
import type { Settings } from "../settings.js";
import { FileSystemStorage } from "./file-system-storage.js";
import type { Storage } from "./storage.js";

/**
 * A storage class as STORAGES names it: constructed with the entry's OPTIONS.
 *
 * @example
 * const backend: StorageClass = FileSystemStorage;
 */
export type StorageClass = new (options?: Record<string, unknown>) => Storage;

interface StorageEntry {
  BACKEND?: string | StorageClass;
  OPTIONS?: Record<string, unknown>;
}

/** What a STORAGES string ("module#export") loaded to, per string. */
const loadedBackends = new Map<string, StorageClass>();

function entriesOf(settings: Settings): Record<string, StorageEntry> {
  const configured = (settings as { STORAGES?: Record<string, StorageEntry> }).STORAGES ?? {};
  return { default: { BACKEND: FileSystemStorage as StorageClass }, ...configured };
}

function entryFor(settings: Settings, alias: string): StorageEntry {
  const entries = entriesOf(settings);
  const entry = entries[alias];
  if (!entry) {
    throw new ImproperlyConfigured(
      `Could not find config for '${alias}' in STORAGES. Add STORAGES = { ${alias}: { BACKEND: ... } } to your settings; configured aliases: ${Object.keys(entries).join(", ")}.`,
    );
  }
  return entry;
}

/**
 * The configured storages, one instance per alias and settings object (so
 * `overrideSettings({ STORAGES })` and `MEDIA_ROOT` changes in tests are honoured).
 * A BACKEND given as a string is imported by `await storages.load()` (or `resolve()`).
 *
 * @example
 * const media = storages.get("default");
 * await media.save("hello.txt", new TextEncoder().encode("hi"));
 */
export class StorageRegistry {
  #instances = new WeakMap<Settings, Map<string, Storage>>();

  /**
   * The storage for `alias`; ImproperlyConfigured when its BACKEND is a module string not
   * loaded yet (await `load()` at start-up, or use `resolve()`).
   *
   * @example
   * storages.get("default").url("a.txt"); // "/media/a.txt"
   */
  get(alias = "default"): Storage {
    const settings = getSettings();
    const cache = this.#cacheFor(settings);
    const cached = cache.get(alias);
    if (cached) return cached;
    const entry = entryFor(settings, alias);
    const backend = entry.BACKEND ?? (FileSystemStorage as StorageClass);
    const cls = typeof backend === "string" ? loadedBackends.get(backend) : backend;
    if (!cls) {
      throw new ImproperlyConfigured(
        `The storage '${alias}' (BACKEND '${String(backend)}') is not loaded yet. Call \`await storages.load()\` at start-up, or use \`await storages.resolve("${alias}")\`.`,
      );
    }
    const storage = new cls(entry.OPTIONS ?? {});
    cache.set(alias, storage);
    return storage;
  }

  /**
   * {@link get}, importing the BACKEND module first when it is a string.
   *
   * @example
   * const s3 = await storages.resolve("archive");
   */
  async resolve(alias = "default"): Promise<Storage> {
    const settings = getSettings();
    const backend = entryFor(settings, alias).BACKEND;
    if (typeof backend === "string") await loadBackend(backend, settings, alias);
    return this.get(alias);
  }

  /**
   * Imports every BACKEND named as a string in STORAGES, so `get()` can build them.
   *
   * @example
   * await storages.load();
   */
  async load(): Promise<void> {
    const settings = getSettings();
    for (const [alias, entry] of Object.entries(entriesOf(settings))) {
      if (typeof entry.BACKEND === "string") await loadBackend(entry.BACKEND, settings, alias);
    }
  }

  /**
   * Forgets the instances and loaded backends (for tests).
   *
   * @example
   * storages.reset();
   */
  reset(): void {
    this.#instances = new WeakMap();
    loadedBackends.clear();
  }

  #cacheFor(settings: Settings): Map<string, Storage> {
    let cache = this.#instances.get(settings);
    if (!cache) {
      cache = new Map();
      this.#instances.set(settings, cache);
    }
    return cache;
  }
}

async function loadBackend(ref: string, settings: Settings, alias: string): Promise<void> {
  if (loadedBackends.has(ref)) return;
  const cls = await loadExport<StorageClass>(ref, settings.BASE_DIR, {
    setting: `STORAGES.${alias}.BACKEND`,
  });
  if (typeof cls !== "function") {
    throw new ImproperlyConfigured(
      `STORAGES.${alias}.BACKEND '${ref}' is not a class. Name a storage class, as 'module#ClassName'.`,
    );
  }
  loadedBackends.set(ref, cls);
}

/**
 * The project's storages (Django's `django.core.files.storage.storages`).
 *
 * @example
 * storages.get("default");
 */
export const storages: StorageRegistry = new StorageRegistry();

/**
 * The "default" storage (Django's `default_storage`).
 *
 * @example
 * await defaultStorage().exists("avatars/ada.png");
 */
export function defaultStorage(): Storage {
  return storages.get("default");
}
