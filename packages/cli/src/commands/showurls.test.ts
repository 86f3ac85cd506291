import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../main.js";

// Inside the repository (.tmp-* is ignored by git), so the project's modules can import @tango/*.
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
let root: string;

function write(path: string, text: string): void {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

async function manage(argv: string[], env: Record<string, string> = {}) {
  let out = "";
  let err = "";
  const code = await main(argv, {
    cwd: root,
    env,
    stdout: { write: (chunk: string) => (out += chunk), isTTY: false },
    stderr: { write: (chunk: string) => (err += chunk), isTTY: false },
  });
  return { code, out, err };
}

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(REPO, ".tmp-cli-")));
  write(
    "package.json",
    JSON.stringify({
      name: "site",
      private: true,
      type: "module",
      tango: { settings: "src/site/settings.ts" },
    }),
  );
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("manage showurls", () => {
  beforeAll(() => {
    write(
      "src/site/settings.ts",
      `export default { SECRET_KEY: "k", INSTALLED_APPS: ["polls"], ROOT_URLCONF: "site.urls" };\n`,
    );
    write("src/polls/models.ts", "export {};\n");
    write(
      "src/polls/urls.ts",
      `import { path } from "@tango/urls";
export const appName = "polls";
export function index() {}
export function detail() {}
export function unnamed() {}
export const urlpatterns = [
  path("", index, { name: "index" }),
  path("<int:questionId>/", detail, { name: "detail" }),
  path("raw/", unnamed),
];
`,
    );
    write(
      "src/site/urls.ts",
      `import { include, path, rePath } from "@tango/urls";
export function home() {}
export function archive() {}
export const urlpatterns = [
  path("", home, { name: "home" }),
  path("polls/", include(() => import("../polls/urls.js"))),
  path("other/", include(() => import("../polls/urls.js"), { namespace: "other" })),
  rePath("^archive/(?<year>[0-9]{4})/$", archive, { name: "archive" }),
];
`,
    );
  });

  it("prints each pattern's full path, view and namespaced name, tab-separated", async () => {
    const { code, out, err } = await manage(["showurls"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toBe(
      [
        "/\thome\thome",
        "/polls/\tindex\tpolls:index",
        "/polls/<int:questionId>/\tdetail\tpolls:detail",
        "/polls/raw/\tunnamed\t",
        "/other/\tindex\tother:index",
        "/other/<int:questionId>/\tdetail\tother:detail",
        "/other/raw/\tunnamed\t",
        "/archive/(?<year>[0-9]{4})/$\tarchive\tarchive",
        "",
      ].join("\n"),
    );
  });
});
