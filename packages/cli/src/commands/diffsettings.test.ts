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

describe("manage diffsettings", () => {
  beforeAll(() => {
    write(
      "src/site/settings.ts",
      `export default {
  SECRET_KEY: "very-secret",
  DEBUG: true,
  INSTALLED_APPS: ["polls"],
  DATABASES: { default: { URL: "postgres://app:hunter2@db.example.com:5432/site" } },
};\n`,
    );
    write("src/polls/models.ts", "export {};\n");
  });

  it("prints only what differs from the defaults, sorted, with secrets hidden", async () => {
    const { code, out } = await manage(["diffsettings"]);
    expect(code).toBe(0);
    expect(out).toContain("DEBUG = true\n");
    expect(out).toContain('INSTALLED_APPS = ["polls"]\n');
    expect(out).toContain('SECRET_KEY = "********"\n');
    expect(out).toContain("postgres://app:********@db.example.com:5432/site");
    expect(out).not.toContain("hunter2");
    expect(out).not.toContain("very-secret");
    expect(out).not.toMatch(/^APPEND_SLASH = /m);
    const names = out
      .trim()
      .split("\n")
      .map((line) => line.split(" = ")[0]);
    expect(names).toEqual([...names].sort());
  });

  it("prints every setting with --all", async () => {
    const { out } = await manage(["diffsettings", "--all"]);
    expect(out).toMatch(/^APPEND_SLASH = true$/m);
    expect(out).toContain("DEBUG = true\n");
    expect(out).not.toContain("hunter2");
  });

  it("shows what the environment changes", async () => {
    const { out } = await manage(["diffsettings"], { SECRET_KEY: "from-env" });
    expect(out).toContain('SECRET_KEY = "********"\n');
    expect(out).not.toContain("from-env");
  });
});
