import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileSystemStorage, loadSettings, runWithSettings, type Settings } from "@tango/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createColours } from "./colours.js";
import { devListener } from "./dev-listener.js";
import { staticMounts } from "./static-mounts.js";

let base: string;
let project: string;
let server: Server;
let settings: Settings;

/** GET with the path exactly as given: fetch() would normalise "%2e%2e" away before sending. */
function rawGet(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/`, { path }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  project = realpathSync(mkdtempSync(join(tmpdir(), "tango-media-")));
  writeFileSync(join(project, "secret.txt"), "outside MEDIA_ROOT");
  settings = loadSettings(
    {
      DEBUG: true,
      SECRET_KEY: "x".repeat(60),
      BASE_DIR: project,
      MEDIA_ROOT: "media",
      MEDIA_URL: "/media/",
    },
    {},
  );
  const app = (_req: unknown, res: import("node:http").ServerResponse) => {
    res.writeHead(200, { "Content-Type": "text/plain" });
    res.end("from the app");
  };
  server = createServer(
    devListener(app, {
      bootId: "boot-media",
      // MEDIA_ROOT does not exist yet: the first upload creates it.
      mounts: staticMounts(settings, []),
      colours: createColours(false),
      log: () => undefined,
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(project, { recursive: true, force: true });
});

describe("the development server's MEDIA_URL", () => {
  it("serves what the default storage saved, under its URL", async () => {
    const storage = new FileSystemStorage();
    const { name, url } = await runWithSettings(settings, async () => {
      const saved = await storage.save("avatars/ada lovelace.txt", new TextEncoder().encode("hi"));
      return { name: saved, url: storage.url(saved) };
    });
    expect(name).toBe("avatars/ada_lovelace.txt");
    expect(url).toBe("/media/avatars/ada_lovelace.txt");
    const response = await fetch(`${base}${url}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await response.text()).toBe("hi");
  });

  it("answers 404 for missing files and paths leaving MEDIA_ROOT", async () => {
    expect((await fetch(`${base}/media/avatars/nope.txt`)).status).toBe(404);
    expect(await rawGet("/media/../secret.txt")).toBe(404);
    expect(await rawGet("/media/%2e%2e/secret.txt")).toBe(404);
    expect(await rawGet("/media/..%2fsecret.txt")).toBe(404);
    expect(await rawGet("/media/avatars/ada_lovelace.txt%00.png")).toBe(404);
    expect(await rawGet(`/media/${encodeURIComponent(join(project, "secret.txt"))}`)).toBe(404);
  });

  it("mounts nothing for media without MEDIA_ROOT, or when asked not to", () => {
    const bare = loadSettings({ DEBUG: true, SECRET_KEY: "x".repeat(60), BASE_DIR: project }, {});
    expect(staticMounts(bare, []).map((m) => m.prefix)).toEqual(["/static/"]);
    expect(staticMounts(settings, [], { media: false }).map((m) => m.prefix)).toEqual(["/static/"]);
    expect(staticMounts(settings, []).map((m) => m.prefix)).toEqual(["/static/", "/media/"]);
  });
});
