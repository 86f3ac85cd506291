import { join } from "node:path";
import { apps, staticUrl } from "@tango/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StaticFilesConfig } from "./app-config.js";
import { MissingManifestEntry } from "./errors.js";
import {
  clearManifestCache,
  installStaticUrls,
  loadManifest,
  manifestData,
  manifestStaticUrl,
  uninstallStaticUrls,
} from "./manifest.js";
import { TempProject } from "./test-project.test.helpers.js";

let project: TempProject;

function writeManifest(paths: Record<string, string>): void {
  project.write("collected/staticfiles.json", JSON.stringify(manifestData(paths)));
}

beforeEach(() => {
  project = new TempProject();
  writeManifest({ "polls/style.css": "polls/style.4e8a1c2b9f3d.css" });
});

afterEach(() => {
  uninstallStaticUrls();
  project.remove();
});

describe("manifestStaticUrl", () => {
  it("gives the hashed URL with DEBUG off, keeping a query or fragment", async () => {
    await project.setup({ DEBUG: false, STATIC_ROOT: "collected", STATIC_URL: "/static/" });
    expect(manifestStaticUrl("polls/style.css")).toBe("/static/polls/style.4e8a1c2b9f3d.css");
    expect(manifestStaticUrl("/polls/style.css?v=2")).toBe(
      "/static/polls/style.4e8a1c2b9f3d.css?v=2",
    );
  });

  it("gives the plain URL with DEBUG on", async () => {
    await project.setup({ DEBUG: true, STATIC_ROOT: "collected", STATIC_URL: "/static/" });
    expect(manifestStaticUrl("polls/style.css")).toBe("/static/polls/style.css");
    expect(manifestStaticUrl("polls/missing.css")).toBe("/static/polls/missing.css");
  });

  it("throws a clear error for a path the manifest lacks", async () => {
    await project.setup({ DEBUG: false, STATIC_ROOT: "collected" });
    expect(() => manifestStaticUrl("x.css")).toThrow(MissingManifestEntry);
    expect(() => manifestStaticUrl("x.css")).toThrow(
      "Missing staticfiles manifest entry for 'x.css'. Run manage collectstatic, or check the path.",
    );
  });

  it("names the manifest file when there is none", async () => {
    await project.setup({ DEBUG: false, STATIC_ROOT: "elsewhere" });
    expect(() => manifestStaticUrl("polls/style.css")).toThrow(
      `The manifest ${join(project.root, "elsewhere/staticfiles.json")} does not exist.`,
    );
  });

  it("reads the manifest once per settings, until the cache is cleared", async () => {
    await project.setup({ DEBUG: false, STATIC_ROOT: "collected" });
    expect(loadManifest().paths.size).toBe(1);
    writeManifest({ "a.css": "a.111111111111.css", "b.css": "b.222222222222.css" });
    expect(loadManifest().paths.size).toBe(1);
    clearManifestCache();
    expect(loadManifest().paths.size).toBe(2);
  });
});

describe("the core resolver", () => {
  it("makes staticUrl() print hashed URLs once installed", async () => {
    await project.setup({ DEBUG: false, STATIC_ROOT: "collected", STATIC_URL: "/static/" });
    expect(staticUrl("polls/style.css")).toBe("/static/polls/style.css");
    installStaticUrls();
    expect(staticUrl("polls/style.css")).toBe("/static/polls/style.4e8a1c2b9f3d.css");
    uninstallStaticUrls();
    expect(staticUrl("polls/style.css")).toBe("/static/polls/style.css");
  });

  it("is installed by the app config when DEBUG is off and the manifest exists", async () => {
    const config = () => new StaticFilesConfig("@tango/staticfiles", project.root);
    await project.setup({
      DEBUG: true,
      STATIC_ROOT: "collected",
      STATIC_URL: "/static/",
      INSTALLED_APPS: [config()],
    });
    expect(apps.isInstalled("staticfiles")).toBe(true);
    expect(staticUrl("polls/style.css")).toBe("/static/polls/style.css");
    await project.setup({ DEBUG: false, STATIC_ROOT: "nowhere", INSTALLED_APPS: [config()] });
    expect(staticUrl("polls/style.css")).toBe("/static/polls/style.css");
    await project.setup({
      DEBUG: false,
      STATIC_ROOT: "collected",
      STATIC_URL: "/static/",
      INSTALLED_APPS: [config()],
    });
    expect(staticUrl("polls/style.css")).toBe("/static/polls/style.4e8a1c2b9f3d.css");
  });
});

describe("manifestData", () => {
  it("sorts the paths and hashes them as Django does", () => {
    const data = manifestData({ "b.css": "b.2.css", "a.css": "a.1.css" });
    expect(Object.keys(data.paths)).toEqual(["a.css", "b.css"]);
    expect(data.version).toBe("1.1");
    expect(data.hash).toMatch(/^[0-9a-f]{12}$/);
  });
});
