import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempProject } from "./temp-project.test.helpers.js";

const project = createTempProject();
const root = project.root;
const write = project.write;
const manage = project.manage;

afterAll(() => project.remove());

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
