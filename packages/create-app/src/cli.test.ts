import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CreateAppIO, HELP, main } from "./cli.js";

const repo = fileURLToPath(new URL("../../..", import.meta.url)).replace(/\/$/, "");

let work: string;
beforeEach(() => {
  work = realpathSync(mkdtempSync(join(tmpdir(), "create-app-cli-")));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** Runs main() in `cwd` (default: the temporary folder), capturing its output. */
async function run(argv: string[], cwd = work) {
  let stdout = "";
  let stderr = "";
  const io: CreateAppIO = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

function manifest(dir: string): { devDependencies: Record<string, string> } {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
}

describe("create-app --help", () => {
  it.each([["--help"], ["-h"], ["mysite", "--help"]])(
    "prints the usage for %s and exits 0",
    async (...argv) => {
      const result = await run(argv);
      expect(result).toEqual({ code: 0, stdout: HELP, stderr: "" });
      expect(existsSync(join(work, "mysite"))).toBe(false);
    },
  );

  it("lists every option", () => {
    for (const option of [
      "--db <pglite|postgres>",
      "--template <minimal|polls>",
      "--link",
      "--no-link",
      "-h, --help",
    ]) {
      expect(HELP).toContain(option);
    }
  });
});

describe("create-app: usage mistakes exit 2", () => {
  it("asks for a name", async () => {
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`create-app: name the project, as in: create-app mysite\n\n${HELP}`);
  });

  it("refuses extra arguments", async () => {
    const result = await run(["mysite", "here", "there", "again"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`create-app: unexpected arguments: there again\n\n${HELP}`);
    expect(existsSync(join(work, "here"))).toBe(false);
  });

  it("refuses an unknown option, and an option without its value", async () => {
    const unknown = await run(["mysite", "--database", "postgres"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^create-app: .*'--database'/);
    expect(unknown.stderr).toContain(HELP);
    const missing = await run(["mysite", "--db"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^create-app: .*--db/);
  });

  it.each([
    [
      "--db",
      "mysql",
      "--db must be one of pglite, postgres; got 'mysql'. For example: --db pglite",
    ],
    [
      "--template",
      "blog",
      "--template must be one of minimal, polls; got 'blog'. For example: --template minimal",
    ],
  ])("refuses %s %s, naming the choices", async (option, value, message) => {
    const result = await run(["mysite", option, value]);
    expect(result).toEqual({ code: 2, stdout: "", stderr: `create-app: ${message}\n` });
    expect(existsSync(join(work, "mysite"))).toBe(false);
  });
});

describe("create-app: errors exit 1", () => {
  it("refuses a name that is not an identifier", async () => {
    const result = await run(["my-site"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "create-app: 'my-site' is not a valid project name. Please make sure the name is a valid identifier: letters, digits and underscores, not starting with a digit (for example mysite or my_site).\n",
    );
    expect(existsSync(join(work, "my-site"))).toBe(false);
  });

  it("refuses a folder that is not empty", async () => {
    mkdirSync(join(work, "mysite"));
    writeFileSync(join(work, "mysite", "keep.txt"), "");
    const result = await run(["mysite"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `create-app: '${join(work, "mysite")}' already exists and is not empty. Choose another name or directory, or empty it first.\n`,
    );
  });

  it("refuses a --link that is not a checkout, relative to the working directory", async () => {
    mkdirSync(join(work, "nothing"));
    const result = await run(["mysite", "--link", "nothing"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `create-app: '${join(work, "nothing")}' is not a Tango checkout (it has no packages/core). Pass the folder of the Tango repository to --link.\n`,
    );
    expect(existsSync(join(work, "mysite"))).toBe(false);
  });
});

describe("create-app: success exits 0", () => {
  it("writes ./<name> relative to the working directory, linked to this checkout, and says what to do next", async () => {
    const result = await run(["mysite"]);
    expect(result).toEqual({
      code: 0,
      stderr: "",
      stdout: `Created the mysite project in mysite (minimal template, embedded PGlite database; @tango/* linked from ${repo}).

Next:
  cd mysite
  npm install
  npm run dev             # then open http://127.0.0.1:8000/

`,
    });
    expect(existsSync(join(work, "mysite", "src", "mysite", "settings.ts"))).toBe(true);
    expect(manifest(join(work, "mysite")).devDependencies.vitest).toBe(
      `file:${repo}/node_modules/vitest`,
    );
  });

  it("writes into [directory], with the polls app on PostgreSQL and published packages", async () => {
    const result = await run([
      "mysite",
      "sites/one",
      "--db",
      "postgres",
      "--template",
      "polls",
      "--no-link",
    ]);
    expect(result.code).toBe(0);
    expect(
      result.stdout,
    ).toBe(`Created the mysite project in sites/one (polls template, PostgreSQL database; @tango/* from the npm registry).

Next:
  cd sites/one
  createdb mysite          # the database the settings name
  npm install
  npm run dev             # then open http://127.0.0.1:8000/

`);
    expect(existsSync(join(work, "sites", "one", "src", "polls", "models.ts"))).toBe(true);
    expect(manifest(join(work, "sites", "one")).devDependencies.vitest).toMatch(/^\^/);
  });

  it("writes into the working directory itself with '.', when it is empty", async () => {
    const here = join(work, "here");
    mkdirSync(here);
    const result = await run(["mysite", "."], here);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Created the mysite project in . (");
    expect(result.stdout).not.toContain("cd ");
    expect(existsSync(join(here, "package.json"))).toBe(true);
  });

  it("links a relative --link from the working directory; --no-link wins over it", async () => {
    const linked = await run(["mysite", "a", "--link", relative(work, repo)]);
    expect(linked.code).toBe(0);
    expect(linked.stdout).toContain(`@tango/* linked from ${repo})`);
    expect(manifest(join(work, "a")).devDependencies["@tango/cli"]).toBe(
      `file:${repo}/packages/cli`,
    );

    const published = await run(["mysite", "b", "--link", repo, "--no-link"]);
    expect(published.code).toBe(0);
    expect(published.stdout).toContain("@tango/* from the npm registry");
  });
});
