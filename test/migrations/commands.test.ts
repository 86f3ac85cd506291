// The migration commands end to end, as a user runs them: `manage makemigrations`, `migrate`,
// `showmigrations`, `sqlmigrate`, `squashmigrations` and `makemigrations --merge` in a
// temporary project whose models change between steps, on embedded PGlite and on PostgreSQL.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const manageBin = join(repo, "packages/cli/bin/manage.js");
const tscBin = join(repo, "node_modules/.bin/tsc");

interface Run {
  code: number | null;
  out: string;
}

const SETTINGS = `import { fileURLToPath } from "node:url";
import { defineSettings } from "@tango/core";

export default defineSettings({
  BASE_DIR: fileURLToPath(new URL("..", import.meta.url)),
  DEBUG: true,
  SECRET_KEY: "migrations-e2e-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
  ALLOWED_HOSTS: ["localhost"],
  INSTALLED_APPS: ["polls"],
  ROOT_URLCONF: "mysite.urls",
});
`;

const HEADER = `import { CASCADE, CharField, DateTimeField, ForeignKey, IntegerField, type Manager, Model, type Related } from "@tango/orm";\n`;

const QUESTION = `
export class Question extends Model {
  declare static objects: Manager<Question>;
  @CharField({ maxLength: 200 }) declare questionText: string;
  @DateTimeField() declare pubDate: Date;
}
`;

const CHOICE = `
export class Choice extends Model {
  declare static objects: Manager<Choice>;
  @ForeignKey(() => Question, { onDelete: CASCADE, relatedName: "choices" }) declare question: Related<Question>;
  @CharField({ maxLength: 200 }) declare choiceText: string;
  @IntegerField({ default: 0 }) declare votes: number;
}
`;

function createProject(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "tango-migrations-")));
  symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"), "dir");
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({
      name: "mig-e2e",
      private: true,
      type: "module",
      tango: { settings: "src/mysite/settings.ts" },
    }),
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2023",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        experimentalDecorators: true,
        verbatimModuleSyntax: true,
        skipLibCheck: true,
        noEmit: true,
        types: ["node"],
      },
      include: ["src"],
    }),
  );
  mkdirSync(join(dir, "src/mysite"), { recursive: true });
  mkdirSync(join(dir, "src/polls"), { recursive: true });
  writeFileSync(join(dir, "src/mysite/settings.ts"), SETTINGS);
  writeFileSync(join(dir, "src/mysite/urls.ts"), "export const urlpatterns = [];\n");
  return dir;
}

function writeModels(dir: string, body: string): void {
  writeFileSync(join(dir, "src/polls/models.ts"), HEADER + body);
}

function migrationFiles(dir: string): string[] {
  const folder = join(dir, "src/polls/migrations");
  return existsSync(folder)
    ? readdirSync(folder)
        .filter((f) => f.endsWith(".ts"))
        .sort()
    : [];
}

const ENGINES = [{ engine: "pglite" }, { engine: "postgres" }];

describe.each(ENGINES)("manage migration commands [$engine]", ({ engine }) => {
  let dir: string;
  let databaseUrl: string | undefined;
  let admin: pg.Client | undefined;
  let dbName = "";

  function manage(...args: string[]): Run {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1" };
    delete env.NODE_ENV;
    if (databaseUrl) env.DATABASE_URL = databaseUrl;
    else delete env.DATABASE_URL;
    const result = spawnSync(process.execPath, [manageBin, ...args], {
      cwd: dir,
      env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 60_000,
    });
    return { code: result.status, out: `${result.stdout}${result.stderr}` };
  }

  async function query(sql: string): Promise<Record<string, unknown>[]> {
    if (engine === "postgres") {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        return (await client.query(sql)).rows;
      } finally {
        await client.end();
      }
    }
    const { PGlite } = await import("@electric-sql/pglite");
    const db = new PGlite(join(dir, ".tango/db"));
    try {
      return (await db.query<Record<string, unknown>>(sql)).rows;
    } finally {
      await db.close();
    }
  }

  async function tables(): Promise<string[]> {
    const rows = await query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    return rows.map((r) => String(r.table_name));
  }

  beforeAll(async () => {
    dir = createProject();
    if (engine === "postgres") {
      const server = process.env.TEST_DATABASE_URL as string;
      dbName = `tango_mig_e2e_${process.pid}_${Date.now() % 100000}`;
      admin = new pg.Client({ connectionString: server });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${dbName}`);
      const url = new URL(server);
      url.pathname = `/${dbName}`;
      databaseUrl = url.toString();
    }
  });

  afterAll(async () => {
    if (admin) {
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes the first migration from the models, and then finds nothing to do", () => {
    writeModels(dir, QUESTION);
    const made = manage("makemigrations");
    expect(made.out).toContain("Migrations for 'polls':");
    expect(made.out).toContain("src/polls/migrations/0001_initial.ts");
    expect(made.out).toContain("+ Create model Question");
    expect(made.code).toBe(0);
    const source = readFileSync(join(dir, "src/polls/migrations/0001_initial.ts"), "utf8");
    expect(source).toContain(
      'import { fields, Migration, operations } from "@tango/orm/migrations";',
    );
    expect(source).toContain("questionText: fields.CharField({ maxLength: 200 })");

    const again = manage("makemigrations");
    expect(again.out).toContain("No changes detected");
    expect(manage("makemigrations", "--check").code).toBe(0);
  });

  it("applies it, records it and lists it", async () => {
    const plan = manage("migrate", "--plan");
    expect(plan.out).toContain("polls.0001_initial");
    expect(plan.out).toContain("Create model Question");
    expect(await tables()).not.toContain("polls_question");

    const run = manage("migrate");
    expect(run.out).toContain("Applying polls.0001_initial... OK");
    expect(run.code).toBe(0);
    expect(await tables()).toEqual(expect.arrayContaining(["polls_question", "tango_migrations"]));
    expect(manage("showmigrations").out).toContain("[X] 0001_initial");
    expect(manage("migrate").out).toContain("No migrations to apply.");
  });

  it("migrates a change: --check fails first, then a new migration applies", async () => {
    writeModels(dir, QUESTION + CHOICE);
    const check = manage("makemigrations", "--check");
    expect(check.code).toBe(1);
    expect(migrationFiles(dir)).toEqual(["0001_initial.ts"]);
    const warned = manage("migrate");
    expect(warned.out).toContain("have changes that are not yet reflected in a migration");

    const made = manage("makemigrations");
    expect(made.out).toContain("0002_choice.ts");
    expect(made.out).toContain("+ Create model Choice");
    expect(manage("showmigrations").out).toMatch(/\[X\] 0001_initial\n \[ \] 0002_choice/);

    const sql = manage("sqlmigrate", "polls", "0002");
    expect(sql.out).toContain("BEGIN;");
    expect(sql.out).toContain('create table "polls_choice"');
    expect(sql.out).toContain("COMMIT;");
    expect(await tables()).not.toContain("polls_choice");

    expect(manage("migrate").out).toContain("Applying polls.0002_choice... OK");
    expect(await tables()).toContain("polls_choice");
  });

  it("type-checks the generated migrations with the project's own compiler settings", () => {
    const result = spawnSync(tscBin, ["-p", dir], { encoding: "utf8" });
    expect(`${result.stdout}${result.stderr}`).toBe("");
    expect(result.status).toBe(0);
  });

  it("stops with a fix when a new non-null field has no default", () => {
    writeModels(
      dir,
      QUESTION.replace(
        "declare pubDate: Date;",
        "declare pubDate: Date;\n  @CharField({ maxLength: 20 }) declare slug: string;",
      ) + CHOICE,
    );
    const made = manage("makemigrations", "--no-input");
    expect(made.code).toBe(1);
    expect(made.out).toContain("non-nullable field 'slug'");
    expect(migrationFiles(dir)).toEqual(["0001_initial.ts", "0002_choice.ts"]);
    writeModels(dir, QUESTION + CHOICE);
  });

  it("warns that a possible rename loses data when it cannot ask", () => {
    writeModels(dir, QUESTION + CHOICE.replace("declare votes: number;", "declare count: number;"));
    const made = manage("makemigrations", "--dry-run", "--no-input");
    expect(made.code).toBe(0);
    expect(made.out).toContain("- Remove field votes from choice");
    expect(made.out).toContain("+ Add field count to choice");
    expect(made.out).toContain(
      "Warning: this may be a rename of field choice.votes to choice.count. Without input it is written as a removal and an addition, which loses the data.",
    );
    expect(migrationFiles(dir)).toEqual(["0001_initial.ts", "0002_choice.ts"]);
    writeModels(dir, QUESTION + CHOICE);
  });

  it("unapplies to a target and to zero, and applies again", async () => {
    expect(manage("migrate", "polls", "0001").out).toContain("Unapplying polls.0002_choice... OK");
    expect(await tables()).not.toContain("polls_choice");
    expect(manage("migrate", "polls", "zero").out).toContain("Unapplying polls.0001_initial... OK");
    expect(await tables()).not.toContain("polls_question");
    expect(manage("migrate").code).toBe(0);
    expect(await tables()).toEqual(expect.arrayContaining(["polls_choice", "polls_question"]));
  });

  it("squashes migrations into one that replaces them", () => {
    const squash = manage("squashmigrations", "polls", "0002", "--no-input");
    expect(squash.code, squash.out).toBe(0);
    expect(squash.out).toContain("0001_initial_squashed_0002_choice.ts");
    const source = readFileSync(
      join(dir, "src/polls/migrations/0001_initial_squashed_0002_choice.ts"),
      "utf8",
    );
    expect(source).toContain(
      'replaces: [\n    ["polls", "0001_initial"],\n    ["polls", "0002_choice"],\n  ]',
    );
    expect(manage("showmigrations").out).toContain(
      "0001_initial_squashed_0002_choice (2 squashed migrations)",
    );
    expect(manage("migrate").out).toContain("No migrations to apply.");
    rmSync(join(dir, "src/polls/migrations/0001_initial_squashed_0002_choice.ts"));
  });

  it("refuses to migrate two branches until makemigrations --merge joins them", () => {
    const branch = (name: string, field: string) =>
      writeFileSync(
        join(dir, `src/polls/migrations/${name}.ts`),
        `import { fields, Migration, operations } from "@tango/orm/migrations";

export default new Migration({
  dependencies: [["polls", "0002_choice"]],
  operations: [
    operations.AddField({ model: "Question", name: "${field}", field: fields.IntegerField({ null: true }) }),
  ],
});
`,
      );
    branch("0003_question_a", "a");
    branch("0003_question_b", "b");
    const refused = manage("migrate");
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("Conflicting migrations detected");
    expect(refused.out).toContain("manage makemigrations --merge");

    const merged = manage("makemigrations", "--merge", "--no-input");
    expect(merged.code).toBe(0);
    expect(migrationFiles(dir)).toContain("0004_merge_0003_question_a_0003_question_b.ts");
    const run = manage("migrate");
    expect(run.out).toContain("Applying polls.0004_merge_0003_question_a_0003_question_b... OK");
    expect(run.code).toBe(0);
  });

  it("says what to do for an unknown app or migration", () => {
    const app = manage("migrate", "pols");
    expect(app.code).toBe(1);
    expect(app.out).toContain("No installed app with label 'pols'. Did you mean 'polls'?");
    const name = manage("sqlmigrate", "polls", "0009");
    expect(name.code).toBe(1);
    expect(name.out).toContain("Cannot find a migration matching '0009' in app 'polls'");
  });
});
