import { mkdirSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { loadSettings } from "@tango/core";
import { HttpRequest, type HttpResponse, StreamingHttpResponse } from "@tango/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { etagFor } from "./file-validators.js";
import { serveStatic } from "./serve-static.js";
import { TempProject } from "./test-project.test.helpers.js";

let project: TempProject;
let root: string;
const settings = loadSettings({ SECRET_KEY: "test", ALLOWED_HOSTS: ["testserver"] }, {});

function request(method = "GET", headers: Record<string, string> = {}): HttpRequest {
  return new HttpRequest({
    method,
    url: "/static/x",
    headers: { host: "testserver", ...headers },
    settings,
  });
}

async function body(response: HttpResponse): Promise<string> {
  if (!(response instanceof StreamingHttpResponse)) return response.content.toString("utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of response.streamingContent) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

beforeAll(() => {
  project = new TempProject();
  root = join(project.root, "public");
  project.write("public/css/site.css", "body { color: red; }\n");
  project.write("public/data.bin", "\0\x01\x02");
  project.write("secret.txt", "top secret");
  project.write("public-other/x.txt", "sibling");
  symlinkSync(join(project.root, "secret.txt"), join(root, "escape.txt"));
  symlinkSync(project.root, join(root, "up"));
  symlinkSync(join(root, "css/site.css"), join(root, "alias.css"));
  mkdirSync(join(root, "empty"));
});

afterAll(() => project.remove());

describe("serveStatic", () => {
  it("streams the file with its type, length and validators", async () => {
    const response = (await serveStatic(request(), root, "css/site.css")) as HttpResponse;
    const stats = statSync(join(root, "css/site.css"));
    expect(response.status).toBe(200);
    expect(response).toBeInstanceOf(StreamingHttpResponse);
    expect(response.headers.get("Content-Type")).toBe("text/css; charset=utf-8");
    expect(response.headers.get("Content-Length")).toBe("21");
    expect(response.headers.get("ETag")).toBe(etagFor(stats));
    expect(response.headers.get("Last-Modified")).toBe(stats.mtime.toUTCString());
    expect(response.headers.get("Cache-Control")).toBe("no-cache");
    expect(await body(response)).toBe("body { color: red; }\n");
    const bin = (await serveStatic(request(), root, "data.bin")) as HttpResponse;
    expect(bin.headers.get("Content-Type")).toBe("application/octet-stream");
  });

  it("takes Cache-Control as a value or per path", async () => {
    const fixed = await serveStatic(request(), root, "data.bin", { cacheControl: "public" });
    expect(fixed?.headers.get("Cache-Control")).toBe("public");
    const perPath = await serveStatic(request(), root, "data.bin", {
      cacheControl: (path) => `private, path=${path}`,
    });
    expect(perPath?.headers.get("Cache-Control")).toBe("private, path=data.bin");
  });

  it("answers 304 to a matching If-None-Match or a recent If-Modified-Since", async () => {
    const first = (await serveStatic(request(), root, "css/site.css")) as HttpResponse;
    const etag = first.headers.get("ETag") as string;
    const lastModified = first.headers.get("Last-Modified") as string;
    const byEtag = await serveStatic(
      request("GET", { "If-None-Match": etag }),
      root,
      "css/site.css",
    );
    expect(byEtag?.status).toBe(304);
    expect(byEtag?.headers.get("ETag")).toBe(etag);
    const byDate = await serveStatic(
      request("GET", { "If-Modified-Since": lastModified }),
      root,
      "css/site.css",
    );
    expect(byDate?.status).toBe(304);
    const other = await serveStatic(
      request("GET", { "If-None-Match": 'W/"other"', "If-Modified-Since": lastModified }),
      root,
      "css/site.css",
    );
    expect(other?.status).toBe(200);
    const old = await serveStatic(
      request("GET", { "If-Modified-Since": "Thu, 01 Jan 1970 00:00:00 GMT" }),
      root,
      "css/site.css",
    );
    expect(old?.status).toBe(200);
  });

  it("answers 405 to methods other than GET and HEAD", async () => {
    const post = await serveStatic(request("POST"), root, "css/site.css");
    expect(post?.status).toBe(405);
    expect(post?.headers.get("Allow")).toBe("GET, HEAD");
    expect((await serveStatic(request("HEAD"), root, "css/site.css"))?.status).toBe(200);
  });

  it("follows symbolic links that stay inside", async () => {
    expect((await serveStatic(request(), root, "alias.css"))?.status).toBe(200);
  });

  it.each([
    ["../secret.txt"],
    ["css/../../secret.txt"],
    ["..\\secret.txt"],
    ["css\\..\\..\\secret.txt"],
    ["/etc/passwd"],
    [`${"/"}${"tmp"}`],
    ["C:/Windows/win.ini"],
    ["css/site.css\0.png"],
    ["escape.txt"],
    ["up/secret.txt"],
    ["../public-other/x.txt"],
    ["css//site.css"],
    ["./css/site.css"],
    ["css"],
    ["empty"],
    [""],
    ["missing.css"],
  ])("answers null (a 404) for %j", async (path) => {
    expect(await serveStatic(request(), root, path)).toBeNull();
  });

  it("answers null when the folder does not exist", async () => {
    expect(await serveStatic(request(), join(project.root, "nowhere"), "a.css")).toBeNull();
  });
});
