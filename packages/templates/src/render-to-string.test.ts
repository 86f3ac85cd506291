import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AppConfig } from "@tango/core";
import type { HttpRequest } from "@tango/http";
import { Client, createTestApplication } from "@tango/testing";
import { path } from "@tango/urls";
import { afterAll, describe, expect, it } from "vitest";
import { renderToString } from "./get-engine.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = mkdtempSync(join(tmpdir(), "tango-render-"));

function write(file: string, text: string): void {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
}

write(
  "blog/templates/blog/post.html",
  "{{ title|stars }} {{ request.path }} {{ STATIC_URL }} {{ MEDIA_URL }} {{ site }}",
);
write(
  "blog/templatetags.ts",
  `import { Library } from ${JSON.stringify(join(here, "library.ts"))};\nexport const register = new Library();\nregister.filter("stars", (v) => "*" + String(v) + "*");\n`,
);
write("blog/templates/blog/broken.html", "<h1>ok</h1>\n<p>{{ post.title }</p>\n");

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function app(debug: boolean) {
  return createTestApplication(
    {
      BASE_DIR: root,
      INSTALLED_APPS: [new AppConfig("blog", join(root, "blog"))],
      MIDDLEWARE: [],
      TEMPLATES: [
        {
          APP_DIRS: true,
          OPTIONS: {
            contextProcessors: [
              "@tango/templates#request",
              "@tango/templates#static",
              "@tango/templates#media",
              () => ({ site: "Tango blog" }),
            ],
          },
        },
      ],
      ROOT_URLCONF: [
        path("post/", async (request: HttpRequest) => {
          const { HttpResponse } = await import("@tango/http");
          return new HttpResponse(
            await renderToString("blog/post.html", { title: Promise.resolve("Hi") }, request),
          );
        }),
        path("broken/", async (request: HttpRequest) => {
          await renderToString("blog/broken.html", {}, request);
          return null as never;
        }),
      ],
    },
    { debug, runChecks: false },
  );
}

describe("renderToString through the Handler", () => {
  it("runs context processors and app templatetags", async () => {
    const application = await app(false);
    const response = await new Client(application).get("/post/");
    expect(response.text()).toBe("*Hi* /post/ /static/ /media/ Tango blog");
    await application.close();
  });

  it("shows the template section on the DEBUG 500 page", async () => {
    const application = await app(true);
    const response = await new Client(application, { raiseRequestException: false }).get(
      "/broken/",
      { headers: { accept: "text/html" } },
    );
    expect(response.status).toBe(500);
    const html = response.text();
    expect(html).toContain("TemplateSyntaxError");
    expect(html).toContain("<h2>Template error</h2>");
    expect(html).toContain("<code>blog/broken.html</code>, error at line 2");
    expect(html).toContain(
      '<li class="current"><span class="ln">2</span>&lt;p&gt;{{ post.title }&lt;/p&gt;</li>',
    );
    await application.close();
  });
});
