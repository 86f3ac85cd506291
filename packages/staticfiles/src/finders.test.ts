import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findStatic, listStatic, staticLocations } from "./finders.js";
import { DEFAULT_IGNORE_PATTERNS } from "./ignore-patterns.js";
import { StaticFinder } from "./static-finder.js";
import { TempProject } from "./test-project.test.helpers.js";

let project: TempProject;

beforeEach(() => {
  project = new TempProject();
  project.write("static/site.css", "site");
  project.write("static/polls/style.css", "from STATICFILES_DIRS");
  project.write("polls/static/polls/style.css", "from polls");
  project.write("polls/static/polls/logo.svg", "<svg/>");
  project.write("polls/static/polls/.hidden", "x");
  project.write("polls/static/polls/backup.css~", "x");
  project.write("blog/static/polls/logo.svg", "shadowed by polls");
  project.write("blog/static/blog/app.js", "js");
  project.write("vendor/jquery.js", "jquery");
});

afterEach(() => project.remove());

describe("staticLocations", () => {
  it("puts STATICFILES_DIRS first (relative to BASE_DIR or absolute), then the apps in order", () => {
    const locations = staticLocations(
      { BASE_DIR: "/srv/site", STATICFILES_DIRS: ["static", "/opt/assets"] },
      [{ path: "/srv/site/polls" }, { path: "/srv/site/blog" }],
    );
    expect(locations).toEqual([
      { root: "/srv/site/static" },
      { root: "/opt/assets" },
      { root: "/srv/site/polls/static" },
      { root: "/srv/site/blog/static" },
    ]);
  });

  it("accepts Django's [prefix, folder] pairs", () => {
    const settings = { BASE_DIR: "/srv/site", STATICFILES_DIRS: [["vendor", "assets/vendor"]] };
    expect(staticLocations(settings as never, [])).toEqual([
      { root: "/srv/site/assets/vendor", prefix: "vendor" },
    ]);
  });
});

describe("findStatic", () => {
  it("finds in STATICFILES_DIRS first, then in the apps in INSTALLED_APPS order", async () => {
    await project.setup({ INSTALLED_APPS: ["polls", "blog"], STATICFILES_DIRS: ["static"] });
    expect(findStatic("polls/style.css")).toBe(join(project.root, "static/polls/style.css"));
    expect(findStatic("polls/logo.svg")).toBe(join(project.root, "polls/static/polls/logo.svg"));
    expect(findStatic("blog/app.js")).toBe(join(project.root, "blog/static/blog/app.js"));
    expect(findStatic("/site.css")).toBe(join(project.root, "static/site.css"));
    expect(findStatic("polls/missing.css")).toBeUndefined();
    expect(findStatic("../static/site.css")).toBeUndefined();
  });

  it("follows the order of INSTALLED_APPS", async () => {
    await project.setup({ INSTALLED_APPS: ["blog", "polls"] });
    expect(findStatic("polls/logo.svg")).toBe(join(project.root, "blog/static/polls/logo.svg"));
  });

  it("serves a prefixed folder under its prefix only", () => {
    const finder = new StaticFinder([{ root: join(project.root, "vendor"), prefix: "vendor" }]);
    expect(finder.findSync("vendor/jquery.js")).toBe(join(project.root, "vendor/jquery.js"));
    expect(finder.findSync("jquery.js")).toBeUndefined();
    expect(finder.findSync("vendor")).toBeUndefined();
    expect([...finder.list()]).toEqual([
      { path: "vendor/jquery.js", absolute: join(project.root, "vendor/jquery.js") },
    ]);
  });
});

describe("listStatic", () => {
  it("lists each path once, the copy findStatic picks, without the default ignores", async () => {
    await project.setup({ INSTALLED_APPS: ["polls", "blog"], STATICFILES_DIRS: ["static"] });
    const listed = [...listStatic()];
    expect(listed.map((e) => e.path).sort()).toEqual([
      "blog/app.js",
      "polls/logo.svg",
      "polls/style.css",
      "site.css",
    ]);
    for (const entry of listed) expect(findStatic(entry.path)).toBe(entry.absolute);
  });

  it("leaves out the files matching the patterns given instead of the defaults", async () => {
    await project.setup({ INSTALLED_APPS: ["polls", "blog"] });
    const listed = [...listStatic([...DEFAULT_IGNORE_PATTERNS, "*.svg", "blog/*"])];
    expect(listed.map((e) => e.path)).toEqual(["polls/style.css"]);
    const all = [...listStatic([])].map((e) => e.path);
    expect(all).toContain("polls/.hidden");
    expect(all).toContain("polls/backup.css~");
  });
});
