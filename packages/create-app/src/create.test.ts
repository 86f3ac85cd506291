import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createProject, projectTree } from "./create.js";
import { dependencySpecs } from "./dependencies.js";
import { CreateAppError } from "./errors.js";
import type { ProjectSpec } from "./options.js";

const repo = fileURLToPath(new URL("../../..", import.meta.url)).replace(/\/$/, "");
const KEY = "tango-insecure-0123456789abcdefghijklmnopqrstuvwxyz!@#%^&*(-_=+)abcd";

const MINIMAL_FILES = [
  ".gitignore",
  "README.md",
  "deploy/nginx.conf",
  "package.json",
  "scripts/copy-assets.mjs",
  "src/home/commands/",
  "src/home/migrations/",
  "src/home/models.ts",
  "src/home/static/home/style.css",
  "src/home/templates/home/base.html",
  "src/home/templates/home/index.html",
  "src/home/urls.ts",
  "src/home/views.test.ts",
  "src/home/views.ts",
  "src/mysite/settings.ts",
  "src/mysite/urls.ts",
  "src/server.ts",
  "tsconfig.json",
];

const POLLS_FILES = [
  "src/polls/migrations/0001_initial.ts",
  "src/polls/models.ts",
  "src/polls/polls.test.ts",
  "src/polls/static/polls/style.css",
  "src/polls/templates/polls/detail.html",
  "src/polls/templates/polls/index.html",
  "src/polls/templates/polls/results.html",
  "src/polls/urls.ts",
  "src/polls/views.ts",
];

/** Every file and folder under `dir`, relative, folders with a trailing "/" when empty. */
function listTree(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = listTree(path, base);
      out.push(...(inner.length > 0 ? inner : [`${relative(base, path)}/`]));
    } else {
      out.push(relative(base, path));
    }
  }
  return out.sort();
}

let work: string;
beforeEach(() => {
  work = realpathSync(mkdtempSync(join(tmpdir(), "create-app-")));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function read(dir: string, file: string): string {
  return readFileSync(join(dir, file), "utf8");
}

describe("createProject: refusals, before anything is written", () => {
  it("refuses a name that is not an identifier", () => {
    const directory = join(work, "my-site");
    expect(() => createProject({ name: "my-site", directory })).toThrow(
      new CreateAppError(
        "'my-site' is not a valid project name. Please make sure the name is a valid identifier: letters, digits and underscores, not starting with a digit (for example mysite or my_site).",
      ),
    );
    expect(existsSync(directory)).toBe(false);
  });

  it("refuses a reserved name", () => {
    const directory = join(work, "polls");
    expect(() => createProject({ name: "polls", directory })).toThrow(/'polls' cannot be used/);
    expect(existsSync(directory)).toBe(false);
  });

  it("refuses a folder that is not empty, and leaves it as it was", () => {
    const directory = join(work, "mysite");
    mkdirSync(directory);
    writeFileSync(join(directory, "notes.txt"), "mine");
    expect(() => createProject({ name: "mysite", directory, link: false })).toThrow(
      new CreateAppError(
        `'${directory}' already exists and is not empty. Choose another name or directory, or empty it first.`,
      ),
    );
    expect(readdirSync(directory)).toEqual(["notes.txt"]);
    expect(read(directory, "notes.txt")).toBe("mine");
  });

  it("refuses a file in the way", () => {
    const directory = join(work, "mysite");
    writeFileSync(directory, "a file");
    expect(() => createProject({ name: "mysite", directory, link: false })).toThrow(
      new CreateAppError(`'${directory}' exists and is not a folder. Choose another place.`),
    );
    expect(statSync(directory).isFile()).toBe(true);
  });

  it("refuses a --link that is not a Tango checkout", () => {
    const directory = join(work, "mysite");
    const notCheckout = join(work, "elsewhere");
    mkdirSync(notCheckout);
    expect(() => createProject({ name: "mysite", directory, link: notCheckout })).toThrow(
      new CreateAppError(
        `'${notCheckout}' is not a Tango checkout (it has no packages/core). Pass the folder of the Tango repository to --link.`,
      ),
    );
    expect(existsSync(directory)).toBe(false);
  });

  it("writes into an empty folder that already exists", () => {
    const directory = join(work, "mysite");
    mkdirSync(directory);
    createProject({ name: "mysite", directory, link: false });
    expect(listTree(directory)).toEqual(MINIMAL_FILES);
  });
});

describe("createProject: the files", () => {
  it("writes the minimal PGlite project: settings without DATABASES, the home app", () => {
    const directory = join(work, "mysite");
    const created = createProject({ name: "mysite", directory, link: false, secretKey: KEY });
    expect(created.directory).toBe(directory);
    expect(created.files).toEqual(MINIMAL_FILES);
    expect(listTree(directory)).toEqual(MINIMAL_FILES);
    expect(created.spec).toMatchObject({ name: "mysite", db: "pglite", template: "minimal" });
    expect(created.linkedTo).toBeUndefined();

    const settings = read(directory, "src/mysite/settings.ts");
    expect(settings).toContain(`SECRET_KEY: "${KEY}",`);
    expect(settings).toContain(`INSTALLED_APPS: ["@tango/staticfiles", "home"],`);
    expect(settings).toContain(`ROOT_URLCONF: "mysite.urls",`);
    expect(settings).not.toMatch(/^\s*DATABASES: \{/m);
    expect(settings).toContain("the embedded PGlite database");
    expect(read(directory, "src/mysite/urls.ts")).not.toContain("polls");
    expect(read(directory, "src/home/views.ts")).toContain(`{ project: "mysite" }`);
    expect(read(directory, "src/home/views.test.ts")).toContain("<h1>Welcome to mysite</h1>");
    expect(read(directory, "src/server.ts")).toContain(`import("./mysite/settings.js")`);
    expect(read(directory, "README.md")).toContain("PGlite");
  });

  it("writes the polls project on PostgreSQL: DATABASES, both apps, the polls URLs", () => {
    const directory = join(work, "site");
    const created = createProject({
      name: "mysite",
      directory,
      db: "postgres",
      template: "polls",
      link: false,
      secretKey: KEY,
    });
    expect(created.files).toEqual([...MINIMAL_FILES, ...POLLS_FILES].sort());
    expect(listTree(directory)).toEqual(created.files);

    const settings = read(directory, "src/mysite/settings.ts");
    expect(settings).toContain(`INSTALLED_APPS: ["@tango/staticfiles", "home", "polls"],`);
    expect(settings).toContain(
      `default: { ENGINE: "postgres", NAME: "mysite", USER: "postgres", HOST: "127.0.0.1", PORT: 5432 },`,
    );
    expect(settings.match(/^\s*DATABASES: \{/gm)).toHaveLength(1);
    expect(read(directory, "src/mysite/urls.ts")).toContain(
      `path("polls/", include(import("../polls/urls.js"), { namespace: "polls" })),`,
    );
    expect(read(directory, "README.md")).toContain("createdb mysite");
  });

  it.each([
    ["pglite", "minimal"],
    ["postgres", "minimal"],
    ["pglite", "polls"],
  ] as const)("DATABASES is in the settings only for postgres (%s, %s)", (db, template) => {
    const directory = join(work, `${db}-${template}`);
    createProject({ name: "mysite", directory, db, template, link: false });
    const settings = read(directory, "src/mysite/settings.ts");
    expect(/^\s*DATABASES: \{/m.test(settings)).toBe(db === "postgres");
  });

  it("generates a new SECRET_KEY into the settings of each project", () => {
    const keys = ["one", "two"].map((dir) => {
      const created = createProject({ name: "mysite", directory: join(work, dir), link: false });
      const key = /SECRET_KEY: "(tango-insecure-[^"]{50})",/.exec(
        read(created.directory, "src/mysite/settings.ts"),
      )?.[1];
      expect(key).toBe(created.spec.secretKey);
      return key;
    });
    expect(keys[0]).not.toBe(keys[1]);
  });

  it("writes package.json: the name, the settings, the scripts, published dependencies", () => {
    const directory = join(work, "my_site");
    createProject({ name: "My_Site", directory, link: false });
    const manifest = JSON.parse(read(directory, "package.json"));
    expect(manifest).toMatchObject({
      name: "my-site",
      private: true,
      type: "module",
      tango: { settings: "src/My_Site/settings.ts" },
      scripts: {
        dev: "manage migrate && manage runserver",
        build: "tsc && node scripts/copy-assets.mjs && manage collectstatic --built --no-input",
        start: "node dist/server.js",
        test: "manage test",
      },
    });
    const published = dependencySpecs(undefined);
    expect(manifest.dependencies).toEqual(published.dependencies);
    expect(manifest.devDependencies).toEqual(published.devDependencies);
  });

  it("links the packages of this checkout when run from it, and of --link when given", () => {
    const mine = createProject({ name: "mysite", directory: join(work, "a") });
    expect(mine.linkedTo).toBe(repo);
    expect(JSON.parse(read(mine.directory, "package.json")).dependencies["@tango/core"]).toBe(
      `file:${repo}/packages/core`,
    );

    const linked = createProject({ name: "mysite", directory: join(work, "b"), link: repo });
    expect(linked.linkedTo).toBe(repo);
    expect(linked.spec.dependencies).toEqual(dependencySpecs(repo));
  });

  it("makes a relative --link absolute: package.json is read from the project's folder", () => {
    const relativeLink = relative(process.cwd(), repo) || ".";
    const created = createProject({
      name: "mysite",
      directory: join(work, "c"),
      link: relativeLink,
    });
    expect(created.linkedTo).toBe(repo);
    const manifest = JSON.parse(read(created.directory, "package.json"));
    expect(manifest.devDependencies.vitest).toBe(`file:${repo}/node_modules/vitest`);
  });
});

describe("projectTree", () => {
  const spec: ProjectSpec = {
    name: "blog",
    db: "pglite",
    template: "minimal",
    secretKey: KEY,
    dependencies: dependencySpecs(undefined),
  };

  it("names the settings folder after the project", () => {
    const files = Object.keys(projectTree(spec));
    expect(files).toContain("src/blog/settings.ts");
    expect(files).toContain("src/blog/urls.ts");
    expect(files.some((file) => file.startsWith("src/polls/"))).toBe(false);
  });

  it("writes the nginx sample for the project", () => {
    const nginx = projectTree(spec)["deploy/nginx.conf"] as string;
    expect(nginx).toContain("upstream blog_app {");
    expect(nginx).toContain("alias /srv/blog/staticfiles/;");
  });
});
