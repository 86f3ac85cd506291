// The new user's journey with create-app, in a folder outside the repository: create a project,
// `npm install` it offline (create-app links this checkout's packages and tools), type-check it,
// run its tests with `manage test`, serve it with the dev server, build it and serve it in
// production; then the polls template on a PostgreSQL database of its own.
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BackgroundProcess,
  type CommandResult,
  fetchWhenUp,
  freePort,
  runCommand,
  startProcess,
  userEnv,
} from "../support/child-processes.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const createAppBin = join(repo, "packages/create-app/bin/create-app.js");
const STEP = 60_000;
const DEV_SERVER = /Starting development server at (http:\/\/\S+?)\/?\n/;

/** A project's commands, run as its user runs them, in `dir` with `env`. */
function projectShell(dir: () => string, env: () => NodeJS.ProcessEnv) {
  const running: BackgroundProcess[] = [];
  return {
    run: (command: string, ...args: string[]): Promise<CommandResult> =>
      runCommand(command, args, { cwd: dir(), env: env() }),
    start(command: string, ...args: string[]): BackgroundProcess {
      const child = startProcess(command, args, { cwd: dir(), env: env() });
      running.push(child);
      return child;
    },
    stopAll: () => Promise.all(running.splice(0).map((child) => child.stop())),
  };
}

/** Asserts a command succeeded, showing its output when it did not. */
function expectSuccess(result: CommandResult): void {
  expect(result.code, result.output).toBe(0);
}

async function createAndInstall(root: string, args: string[], env: NodeJS.ProcessEnv) {
  const created = await runCommand(process.execPath, [createAppBin, ...args], { cwd: root, env });
  expectSuccess(created);
  const dir = join(root, args[0] as string);
  const installed = await runCommand("npm", ["install", "--offline", "--no-audit", "--no-fund"], {
    cwd: dir,
    env,
  });
  expectSuccess(installed);
  return { created, dir };
}

describe("create-app mysite: the minimal project on PGlite", () => {
  let root = "";
  let dir = "";
  const shell = projectShell(
    () => dir,
    () => userEnv(),
  );

  beforeAll(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), "tango-create-app-")));
  });

  afterAll(async () => {
    await shell.stopAll();
    rmSync(root, { recursive: true, force: true });
  });

  it(
    "creates the project, linked to this checkout, and installs it offline",
    async () => {
      const result = await createAndInstall(root, ["mysite"], userEnv());
      dir = result.dir;
      expect(result.created.output).toContain(
        "Created the mysite project in mysite (minimal template, embedded PGlite database",
      );
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      expect(manifest.dependencies["@tango/core"]).toBe(`file:${join(repo, "packages/core")}`);
      expect(existsSync(join(dir, "node_modules/.bin/manage"))).toBe(true);
    },
    STEP,
  );

  it("type-checks", async () => expectSuccess(await shell.run("npx", "tsc", "--noEmit")), STEP);

  it(
    "passes its own tests: npm test (manage test)",
    async () => {
      const result = await shell.run("npm", "test");
      expectSuccess(result);
      expect(result.output).toMatch(/1 passed/);
    },
    STEP,
  );

  it(
    "npm run dev migrates, then serves the home page and its stylesheet",
    async () => {
      const dev = shell.start("npm", "run", "dev", "--", "127.0.0.1:0");
      const [, base] = await dev.waitFor(DEV_SERVER);
      const page = await fetch(`${base}/`);
      const html = await page.text();
      expect(page.status, html).toBe(200);
      expect(html).toContain("<h1>Welcome to mysite</h1>");
      expect(html).toContain(`<link rel="stylesheet" href="/static/home/style.css">`);
      const css = await fetch(`${base}/static/home/style.css`);
      expect(css.status).toBe(200);
      expect(css.headers.get("content-type")).toMatch(/^text\/css/);
      expect(await css.text()).toBe(
        readFileSync(join(dir, "src/home/static/home/style.css"), "utf8"),
      );
      await dev.stop();
    },
    STEP,
  );

  it(
    "npm run build, then npm start serves the compiled project without DEBUG",
    async () => {
      expectSuccess(await shell.run("npm", "run", "build"));
      expect(existsSync(join(dir, "dist/server.js"))).toBe(true);
      const port = await freePort();
      const server = startProcess("npm", ["start"], {
        cwd: dir,
        env: userEnv({ PORT: String(port) }),
      });
      try {
        const page = await fetchWhenUp(`http://127.0.0.1:${port}/`, server.output);
        const html = await page.text();
        expect(page.status, html).toBe(200);
        expect(html).toContain("<h1>Welcome to mysite</h1>");
        // DEBUG is off: {% static %} names the hashed copy that collectstatic wrote.
        const href =
          /<link rel="stylesheet" href="\/static\/(home\/style\.[0-9a-f]{8,}\.css)">/.exec(
            html,
          )?.[1];
        expect(href, html).toBeDefined();
        expect(existsSync(join(dir, "staticfiles", href as string))).toBe(true);
        const missing = await fetch(`http://127.0.0.1:${port}/no-such-page/`);
        expect(missing.status).toBe(404);
        expect(await missing.text()).not.toContain("Using the URLconf");
      } finally {
        await server.stop();
      }
    },
    STEP,
  );

  it(
    "manage check --deploy warns about the generated development SECRET_KEY",
    async () => {
      const result = await shell.run("npx", "manage", "check", "--deploy");
      expect(result.output).toMatch(/\(security\.W009\)/);
    },
    STEP,
  );
});

describe("create-app mysite --template polls --db postgres", () => {
  let root = "";
  let dir = "";
  let admin: pg.Client | undefined;
  const database = `tango_create_app_${process.pid}`;
  let databaseUrl = "";
  const env = () => userEnv({ DATABASE_URL: databaseUrl });
  const shell = projectShell(() => dir, env);

  beforeAll(async () => {
    root = realpathSync(mkdtempSync(join(tmpdir(), "tango-create-app-")));
    admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(process.env.TEST_DATABASE_URL as string);
    url.pathname = `/${database}`;
    databaseUrl = url.toString();
  });

  afterAll(async () => {
    await shell.stopAll();
    if (admin) {
      for (const name of [database, `test_${database}`]) {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
      await admin.end();
    }
    rmSync(root, { recursive: true, force: true });
  });

  it(
    "creates and installs the project, migrates, and has no missing migrations",
    async () => {
      const result = await createAndInstall(
        root,
        ["mysite", "--template", "polls", "--db", "postgres"],
        env(),
      );
      dir = result.dir;
      expect(result.created.output).toContain("(polls template, PostgreSQL database");
      const migrated = await shell.run("npx", "manage", "migrate");
      expectSuccess(migrated);
      expect(migrated.output).toContain("Applying polls.0001_initial... OK");
      expectSuccess(await shell.run("npx", "manage", "makemigrations", "--check"));
    },
    STEP,
  );

  it(
    "passes the polls tests of the tutorial: npm test",
    async () => {
      const result = await shell.run("npm", "test");
      expectSuccess(result);
      expect(result.output).toMatch(/Tests\s+\d+ passed/);
      expect(result.output).not.toMatch(/\d+ failed/);
    },
    STEP,
  );

  it(
    "serves /polls/ from the dev server",
    async () => {
      const dev = shell.start("npx", "manage", "runserver", "127.0.0.1:0");
      const [, base] = await dev.waitFor(DEV_SERVER);
      const page = await fetch(`${base}/polls/`);
      const html = await page.text();
      expect(page.status, html).toBe(200);
      expect(html).toContain("No polls are available.");
      expect(html).toContain(`href="/static/polls/style.css"`);
      await dev.stop();
    },
    STEP,
  );
});
