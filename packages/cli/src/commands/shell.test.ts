import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandContext } from "../command.js";
import { ManageSession } from "../manage-session.js";
import { createOutput, createStyle } from "../terminal.js";
import { createShellCommand, runShellCode } from "./shell.js";
import { createTempProject } from "./temp-project.test.helpers.js";

const project = createTempProject();

afterAll(() => project.remove());

/** Runs `manage shell` in-process with `code` piped on its stdin. */
async function shellWithStdin(code: string): Promise<{ code: number; out: string }> {
  let out = "";
  const stdout = createOutput({ write: (t: string) => (out += t) });
  const stderr = createOutput({ write: () => undefined });
  const style = createStyle(false);
  const session = new ManageSession({
    cwd: project.root,
    env: {},
    built: false,
    stdout,
    stderr,
    style,
  });
  const command = createShellCommand(() => Object.assign(Readable.from([code]), { isTTY: false }));
  const ctx = {
    name: "shell",
    options: { command: undefined },
    args: {},
    project: session.location(),
    setup: () => session.setup(),
    stdout,
    stderr,
    style,
    verbosity: 1,
    traceback: false,
    env: {},
  } as CommandContext<NonNullable<typeof command.options>, readonly []>;
  try {
    const result = await command.handle(ctx);
    return { code: typeof result === "number" ? result : 0, out };
  } finally {
    await session.close();
  }
}

describe("manage shell", () => {
  beforeAll(async () => {
    project.write(
      "src/site/settings.ts",
      `export default {
  SECRET_KEY: "shell-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123",
  DEBUG: true,
  INSTALLED_APPS: ["polls"],
  DATABASES: { default: { ENGINE: "pglite", NAME: "../.db" } },
};\n`,
    );
    project.write(
      "src/polls/models.ts",
      `import { CASCADE, CharField, ForeignKey, type Manager, Model, type Related } from "@tango/orm";

export class Question extends Model {
  declare static objects: Manager<Question>;
  @CharField({ maxLength: 200 }) declare questionText: string;
}

export class Choice extends Model {
  declare static objects: Manager<Choice>;
  @ForeignKey(() => Question, { onDelete: CASCADE }) declare question: Related<Question>;
  @CharField({ maxLength: 200 }) declare choiceText: string;
}

export const notAModel = 42;
`,
    );
    project.write("src/polls/migrations/.keep", "");
    project.write(
      "tsconfig.json",
      JSON.stringify({ extends: "../tsconfig.base.json", include: ["src"] }),
    );
    const made = await project.manage(["makemigrations", "polls"]);
    expect(made.err).toBe("");
    const migrated = await project.manage(["migrate"]);
    expect(migrated.code).toBe(0);
  }, 60_000);

  it("runs -c code with the models in scope and prints its value", async () => {
    const created = await project.manage([
      "shell",
      "-c",
      'await Question.objects.create({ questionText: "What\'s up?" }); return Question.objects.count();',
    ]);
    expect(created.err).toBe("");
    expect(created.out).toBe("1\n");
    const listed = await project.manage([
      "shell",
      "-c",
      "(await Question.objects.all()).map((q) => q.questionText)",
    ]);
    expect(listed.out).toBe('[ "What\'s up?" ]\n');
  });

  it("puts settings in scope and prints nothing for undefined", async () => {
    expect((await project.manage(["shell", "-c", "settings.INSTALLED_APPS"])).out).toBe(
      "[ 'polls' ]\n",
    );
    expect((await project.manage(["shell", "-c", "void 0"])).out).toBe("");
  });

  it("lists the imported names at -v 2 (on stderr when scripting)", async () => {
    const { err, out } = await project.manage(["shell", "-v", "2", "-c", "typeof Choice"]);
    expect(out).toBe("'function'\n");
    expect(err).toContain("3 objects imported automatically:\n");
    expect(err).toContain("  from polls.models import Question, Choice\n");
    expect(err).toContain("  from @tango/core import settings\n");
  });

  it("runs code piped on stdin", async () => {
    const { code, out } = await shellWithStdin(
      'const q = await Question.objects.get({ id: 1 });\nawait Choice.objects.create({ question: q, choiceText: "Not much" });\n',
    );
    expect(code).toBe(0);
    expect(out).toBe("");
    expect((await shellWithStdin("await Choice.objects.count()")).out).toBe("1\n");
  });

  it("reports errors of the code as a failure", async () => {
    const { code, err } = await project.manage(["shell", "-c", "await Nope.objects.count()"]);
    expect(code).toBe(1);
    expect(err).toContain("Nope is not defined");
  });
});

describe("runShellCode", () => {
  it("returns an expression's value, and runs statements", async () => {
    expect(await runShellCode("a + 1", { a: 1 })).toBe(2);
    expect(await runShellCode("const b = a * 3; return b;", { a: 2 })).toBe(6);
    expect(await runShellCode("await Promise.resolve(a)", { a: "x" })).toBe("x");
  });
});
