import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
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

describe("manage startapp", () => {
  beforeAll(() => {
    write("src/site/settings.ts", `export default { SECRET_KEY: "k", INSTALLED_APPS: [] };\n`);
  });

  it("writes the app's modules and folders under BASE_DIR and says to install it", async () => {
    const { code, out, err } = await manage(["startapp", "polls"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toBe(
      "Created the app 'polls' in src/polls/.\nAdd 'polls' to INSTALLED_APPS in your settings to use it.\n",
    );
    const app = join(root, "src/polls");
    expect(readdirSync(app).sort()).toEqual([
      "migrations",
      "models.ts",
      "polls.test.ts",
      "static",
      "templates",
      "urls.ts",
      "views.ts",
    ]);
    expect(readFileSync(join(app, "models.ts"), "utf8")).toContain(
      'import { Model } from "@tango/orm";',
    );
    expect(readFileSync(join(app, "urls.ts"), "utf8")).toContain('export const appName = "polls";');
    expect(readdirSync(join(app, "migrations"))).toEqual([]);
    expect(existsSync(join(app, "templates/polls"))).toBe(true);
    expect(existsSync(join(app, "static/polls"))).toBe(true);
  });

  it("writes modules that import and route once the app is installed", async () => {
    await manage(["startapp", "blog"]);
    const urls = await import(join(root, "src/blog/urls.ts"));
    expect(urls.appName).toBe("blog");
    expect(urls.urlpatterns).toEqual([]);
    const views = await import(join(root, "src/blog/views.ts"));
    expect(views.index({}).status).toBe(200);
    await import(join(root, "src/blog/models.ts"));
  });

  it("refuses an existing folder and an invalid name, with Django's wording", async () => {
    mkdirSync(join(root, "src/taken"), { recursive: true });
    const taken = await manage(["startapp", "taken"]);
    expect(taken.code).toBe(1);
    expect(taken.err).toContain(
      "A folder named 'taken' already exists in src/. Choose another name, or pass a directory.",
    );
    const bad = await manage(["startapp", "my-app"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(
      "'my-app' is not a valid app name. Please make sure the name is a valid identifier",
    );
    expect((await manage(["startapp", "class"])).err).toContain(
      "'class' cannot be used as an app name",
    );
  });

  it("writes into an existing directory when given one", async () => {
    const dir = join(root, "elsewhere");
    mkdirSync(dir);
    expect((await manage(["startapp", "shop", dir])).code).toBe(0);
    expect(existsSync(join(dir, "models.ts"))).toBe(true);
    expect((await manage(["startapp", "shop2", join(root, "missing")])).err).toContain(
      "does not exist, please create it first.",
    );
  });
});
