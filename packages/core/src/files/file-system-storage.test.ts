import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWithSettings } from "../current-settings.js";
import { SuspiciousFileOperation } from "../errors.js";
import { currentScope, RequestScope, runInScope } from "../request-scope.js";
import { loadSettings } from "../settings.js";
import { FileSystemStorage } from "./file-system-storage.js";

let root: string;
const bytes = (s: string) => new TextEncoder().encode(s);
const settings = () =>
  loadSettings(
    { SECRET_KEY: "x".repeat(60), ALLOWED_HOSTS: ["a"], MEDIA_ROOT: root, MEDIA_URL: "media/" },
    {},
  );
const withSettings = <T>(fn: () => Promise<T>) => runWithSettings(settings(), fn);

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), "tango-storage-")));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("FileSystemStorage", () => {
  it("saves, opens, sizes, lists and deletes under MEDIA_ROOT", () =>
    withSettings(async () => {
      const storage = new FileSystemStorage();
      const name = await storage.save("notes/todo list.txt", bytes("milk"));
      expect(name).toBe("notes/todo_list.txt");
      expect(storage.path(name)).toBe(join(root, "notes", "todo_list.txt"));
      expect(await text(await storage.open(name))).toBe("milk");
      expect(await storage.size(name)).toBe(4);
      expect(await storage.exists(name)).toBe(true);
      expect(await storage.listdir("notes")).toEqual([[], ["todo_list.txt"]]);
      expect((await storage.listdir(""))[0]).toContain("notes");
      await storage.delete(name);
      expect(await storage.exists(name)).toBe(false);
      await storage.delete(name); // already gone: no error
    }));

  it("saves chunks and moves a file given by path", () =>
    withSettings(async () => {
      const storage = new FileSystemStorage();
      async function* chunks() {
        yield bytes("a");
        yield bytes("b");
      }
      const name = await storage.save("chunks.txt", chunks());
      expect(readFileSync(storage.path(name), "utf8")).toBe("ab");
      const temp = join(root, "upload.tmp");
      writeFileSync(temp, "moved");
      const moved = await storage.save("moved.txt", { path: temp });
      expect(readFileSync(storage.path(moved), "utf8")).toBe("moved");
      expect(() => readFileSync(temp)).toThrow();
    }));

  it("gives a taken name a random suffix, even for two saves racing for one name", () =>
    withSettings(async () => {
      const storage = new FileSystemStorage();
      const first = await storage.save("race/photo.tar.gz", bytes("one"));
      expect(first).toBe("race/photo.tar.gz");
      const [a, b] = await Promise.all([
        storage.save("race/same.txt", bytes("a")),
        storage.save("race/same.txt", bytes("b")),
      ]);
      expect(a).not.toBe(b);
      expect([a, b]).toContain("race/same.txt");
      const other = a === "race/same.txt" ? b : a;
      expect(other).toMatch(/^race\/same_[A-Za-z0-9]{7}\.txt$/);
      expect(
        new Set([readFileSync(storage.path(a), "utf8"), readFileSync(storage.path(b), "utf8")]),
      ).toEqual(new Set(["a", "b"]));
      const again = await storage.save("race/photo.tar.gz", bytes("two"));
      expect(again).toMatch(/^race\/photo_[A-Za-z0-9]{7}\.tar\.gz$/);
      expect((await storage.listdir("race"))[1]).toHaveLength(4);
    }));

  it("shortens the root to fit maxLength, and refuses when nothing fits", () =>
    withSettings(async () => {
      const storage = new FileSystemStorage();
      const long = `${"a".repeat(30)}.txt`;
      const name = await storage.getAvailableName(long, 20);
      expect(name).toMatch(/^a{8}_[A-Za-z0-9]{7}\.txt$/);
      expect(name.length).toBe(20);
      await storage.save("fit.txt", bytes("x"));
      const taken = await storage.getAvailableName("fit.txt", 13);
      expect(taken).toMatch(/^f_[A-Za-z0-9]{7}\.txt$/);
      await expect(storage.getAvailableName("dir/abc.txt", 10)).rejects.toThrow(
        SuspiciousFileOperation,
      );
    }));

  it("refuses names that leave the location", () =>
    withSettings(async () => {
      const storage = new FileSystemStorage();
      for (const bad of ["../escape.txt", "a/../../b.txt", "/etc/passwd", "a\0b.txt", "C:/x"]) {
        expect(() => storage.path(bad)).toThrow(SuspiciousFileOperation);
        await expect(storage.save(bad, bytes("x"))).rejects.toThrow(SuspiciousFileOperation);
      }
      await expect(storage.exists("../x")).rejects.toThrow(SuspiciousFileOperation);
      expect(() => storage.generateFilename("..")).toThrow("Could not derive a file name");
    }));

  it("percent-encodes URLs under MEDIA_URL and the script prefix", () =>
    withSettings(async () => {
      const storage = new FileSystemStorage();
      expect(storage.url("photos/my cat#1.png")).toBe("/media/photos/my%20cat%231.png");
      const scope = new RequestScope({ scriptPrefix: "/app/" }, currentScope());
      expect(runInScope(scope, () => storage.url("a.png"))).toBe("/app/media/a.png");
      const cdn = new FileSystemStorage({ baseUrl: "https://cdn.example.com/m" });
      expect(cdn.url("a b.png")).toBe("https://cdn.example.com/m/a%20b.png");
      expect(() => storage.url("../a.png")).toThrow(SuspiciousFileOperation);
    }));

  it("takes location and permissions as options", () =>
    withSettings(async () => {
      const storage = new FileSystemStorage({
        location: join(root, "private"),
        filePermissions: 0o600,
      });
      const name = await storage.save("secret.txt", bytes("s"));
      expect(storage.path(name)).toBe(join(root, "private", "secret.txt"));
      const { statSync } = await import("node:fs");
      expect(statSync(storage.path(name)).mode & 0o777).toBe(0o600);
    }));
});
