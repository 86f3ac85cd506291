import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { runWithSettings } from "../current-settings.js";
import { ImproperlyConfigured } from "../errors.js";
import type { SettingsInput } from "../settings.js";
import { loadSettings } from "../settings.js";
import { FileSystemStorage } from "./file-system-storage.js";
import { defaultStorage, storages } from "./storages.js";

const base = realpathSync(mkdtempSync(join(tmpdir(), "tango-storages-")));
const settings = (extra: SettingsInput = {}) =>
  loadSettings({ SECRET_KEY: "x".repeat(60), ALLOWED_HOSTS: ["a"], BASE_DIR: base, ...extra }, {});

afterEach(() => storages.reset());
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe("storages", () => {
  it("defaults to a FileSystemStorage on MEDIA_ROOT, one per settings", () => {
    const s = settings({ MEDIA_ROOT: "uploads" });
    runWithSettings(s, () => {
      const storage = defaultStorage();
      expect(storage).toBeInstanceOf(FileSystemStorage);
      expect(storage).toBe(storages.get("default"));
      expect((storage as FileSystemStorage).location).toBe(join(base, "uploads"));
    });
    runWithSettings(settings(), () =>
      expect(defaultStorage()).not.toBe(runWithSettings(s, defaultStorage)),
    );
  });

  it("builds a class BACKEND with OPTIONS", () => {
    const s = settings({
      STORAGES: {
        archive: {
          BACKEND: FileSystemStorage,
          OPTIONS: { location: "/srv/archive", baseUrl: "/archive/" },
        },
      },
    });
    runWithSettings(s, () => {
      expect(storages.get("archive").url("a.txt")).toBe("/archive/a.txt");
      expect(() => storages.get("nope")).toThrow(ImproperlyConfigured);
      expect(() => storages.get("nope")).toThrow("configured aliases: default, archive");
    });
  });

  it("loads a 'module#export' BACKEND", async () => {
    writeFileSync(
      join(base, "custom.mjs"),
      `export class Custom { constructor(o) { this.o = o; } url(n) { return "custom:" + this.o.tag + n; } }`,
    );
    const s = settings({
      STORAGES: { default: { BACKEND: "./custom.mjs#Custom", OPTIONS: { tag: "t/" } } },
    });
    await runWithSettings(s, async () => {
      expect(() => storages.get()).toThrow("await storages.load()");
      expect((await storages.resolve()).url("a")).toBe("custom:t/a");
      storages.reset();
      await storages.load();
      expect(defaultStorage().url("b")).toBe("custom:t/b");
    });
  });
});
