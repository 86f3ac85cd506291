import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempProject } from "./temp-project.test.helpers.js";

const project = createTempProject();
const write = project.write;
const manage = project.manage;

afterAll(() => project.remove());

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
