import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeSegments } from "./safe-path.js";
import { StaticFinder } from "./static-finder.js";

let root: string;

function write(path: string, text: string): string {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), "tango-static-")));
  write("project-static/site.css", "site");
  write("app-a/static/a/style.css", "a");
  write("app-b/static/a/style.css", "shadowed");
  write("app-b/static/b/logo.svg", "<svg/>");
  write("secret.txt", "secret");
  symlinkSync(join(root, "secret.txt"), join(root, "app-a/static/a/escape.txt"));
  symlinkSync(join(root, "app-a/static/a/style.css"), join(root, "app-a/static/a/alias.css"));
  symlinkSync(root, join(root, "app-a/static/up"));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("safeSegments", () => {
  it("splits an ordinary path and decodes escapes", () => {
    expect(safeSegments("a/style.css")).toEqual(["a", "style.css"]);
    expect(safeSegments("a/my%20file.css")).toEqual(["a", "my file.css"]);
  });

  it.each([
    ["../secret.txt"],
    ["a/../../secret.txt"],
    ["%2e%2e/secret.txt"],
    ["%2E%2E%2Fsecret.txt"],
    ["a/%2e%2e/%2e%2e/secret.txt"],
    ["./a/style.css"],
    ["/etc/passwd"],
    ["%2fetc%2fpasswd"],
    ["C:/Windows/win.ini"],
    ["a\\..\\..\\secret.txt"],
    ["a%5c..%5csecret.txt"],
    ["a/style.css%00.png"],
    ["a//style.css"],
    ["a/"],
    [""],
    ["%E0%A4%A"],
  ])("refuses %s", (path) => {
    expect(safeSegments(path)).toBeNull();
  });
});

describe("StaticFinder", () => {
  const finder = () =>
    new StaticFinder([
      join(root, "project-static"),
      join(root, "app-a/static"),
      join(root, "app-b/static"),
      join(root, "missing"),
    ]);

  it("finds files in order: the first folder that has the file wins", async () => {
    const found = await finder().find("a/style.css");
    expect(found?.path).toBe(join(root, "app-a/static/a/style.css"));
    expect(found?.stats.size).toBe(1);
    expect((await finder().find("b/logo.svg"))?.path).toBe(join(root, "app-b/static/b/logo.svg"));
    expect((await finder().find("site.css"))?.path).toBe(join(root, "project-static/site.css"));
  });

  it("answers null for missing files and folders", async () => {
    expect(await finder().find("a/nope.css")).toBeNull();
    expect(await finder().find("a")).toBeNull();
  });

  it("refuses traversal and symbolic links that leave the folder", async () => {
    expect(await finder().find("../secret.txt")).toBeNull();
    expect(await finder().find("%2e%2e/%2e%2e/secret.txt")).toBeNull();
    expect(await finder().find("a/escape.txt")).toBeNull();
    expect(await finder().find("up/secret.txt")).toBeNull();
  });

  it("serves from a folder created after the server started (MEDIA_ROOT on the first upload)", async () => {
    const media = join(root, "media-created-later");
    const later = new StaticFinder([media]);
    expect(await later.find("avatars/me.png")).toBeNull();
    write("media-created-later/avatars/me.png", "png");
    expect((await later.find("avatars/me.png"))?.path).toBe(join(media, "avatars/me.png"));
    expect(await later.find("../secret.txt")).toBeNull();
  });

  it("follows symbolic links that stay inside", async () => {
    expect((await finder().find("a/alias.css"))?.path).toBe(join(root, "app-a/static/a/style.css"));
  });
});
