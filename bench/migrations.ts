// `npm run bench:migrations`: makemigrations and migrate on a generated project of 50 models, as
// a user runs them (`manage` in a child process), beside the baseline of `manage check` (the
// start-up every command pays: Node, tsx, settings, apps, models).
//
//   npm run bench:migrations                 # embedded PGlite (the default database)
//   npm run bench:migrations -- --postgres   # the PostgreSQL server of TEST_DATABASE_URL
//   npm run bench:migrations -- --models 200
import { spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const repo = fileURLToPath(new URL("..", import.meta.url));
const manageBin = join(repo, "packages/cli/bin/manage.js");

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : undefined;
}

const MODELS = Number(option("models") ?? 50);
const APPS = 5;
const usePostgres = process.argv.includes("--postgres");

/** One app's models: each with a few fields, a foreign key to the previous model and one to another app. */
function modelsSource(app: number, perApp: number): string {
  const lines = [
    `import { BooleanField, CASCADE, CharField, DateTimeField, DecimalField, ForeignKey, IntegerField, Model, type Related, SET_NULL, TextField } from "@tango/orm";`,
  ];
  if (app > 0) lines.push(`import { App0Model0 } from "../app0/models.js";`);
  for (let i = 0; i < perApp; i++) {
    const name = `App${app}Model${i}`;
    lines.push(`
export class ${name} extends Model {
  static override meta = { ordering: ["-created"] };
  @CharField({ maxLength: 100, dbIndex: ${i % 3 === 0} }) declare title: string;
  @TextField({ blank: true }) declare body: string;
  @IntegerField({ default: 0 }) declare rank: number;
  @DecimalField({ maxDigits: 10, decimalPlaces: 2, default: "0.00" }) declare price: string;
  @BooleanField({ default: true }) declare active: boolean;
  @DateTimeField({ autoNowAdd: true }) declare created: Date;${
    i > 0
      ? `\n  @ForeignKey(() => App${app}Model${i - 1}, { onDelete: CASCADE }) declare parent: Related<App${app}Model${i - 1}>;`
      : ""
  }${
    app > 0 && i === 0
      ? `\n  @ForeignKey(() => App0Model0, { onDelete: SET_NULL, null: true, relatedName: "+" }) declare origin: Related<App0Model0> | null;`
      : ""
  }
}`);
  }
  return `${lines.join("\n")}\n`;
}

function createProject(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "tango-bench-migrations-")));
  symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"), "dir");
  const perApp = Math.ceil(MODELS / APPS);
  const apps = Array.from({ length: APPS }, (_, i) => `app${i}`);
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({
      name: "bench",
      private: true,
      type: "module",
      tango: { settings: "src/site/settings.ts" },
    }),
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { experimentalDecorators: true, module: "NodeNext", strict: true },
    }),
  );
  mkdirSync(join(dir, "src/site"), { recursive: true });
  writeFileSync(
    join(dir, "src/site/settings.ts"),
    `import { fileURLToPath } from "node:url";
import { defineSettings } from "@tango/core";
export default defineSettings({
  BASE_DIR: fileURLToPath(new URL("..", import.meta.url)),
  SECRET_KEY: "bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789",
  INSTALLED_APPS: ${JSON.stringify(apps)},
  ROOT_URLCONF: "site.urls",
});
`,
  );
  writeFileSync(join(dir, "src/site/urls.ts"), "export const urlpatterns = [];\n");
  apps.forEach((app, i) => {
    mkdirSync(join(dir, "src", app), { recursive: true });
    writeFileSync(join(dir, "src", app, "models.ts"), modelsSource(i, perApp));
  });
  return dir;
}

function manage(dir: string, env: Record<string, string | undefined>, ...args: string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [manageBin, ...args], {
    cwd: dir,
    env,
    encoding: "utf8",
  });
  const ms = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(
      `manage ${args.join(" ")} failed (${result.status}):\n${result.stdout}${result.stderr}`,
    );
  }
  return ms;
}

const dir = createProject();
const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1" };
delete env.NODE_ENV;
let admin: pg.Client | undefined;
const dbName = `tango_bench_mig_${process.pid}`;
if (usePostgres) {
  const server = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(server);
  url.pathname = `/${dbName}`;
  env.DATABASE_URL = url.toString();
} else delete env.DATABASE_URL;

try {
  console.log(
    `${MODELS} models in ${APPS} apps, on ${usePostgres ? "PostgreSQL" : "PGlite"} (${dir})`,
  );
  // The first command of a fresh PGlite project also creates the database (initdb); keep that apart.
  manage(dir, env, "showmigrations");
  const baseline = manage(dir, env, "check");
  const make = manage(dir, env, "makemigrations", "--no-input");
  const written = Array.from({ length: APPS }, (_, i) =>
    readdirSync(join(dir, "src", `app${i}`, "migrations")),
  ).flat().length;
  const migrate = manage(dir, env, "migrate");
  const noop = manage(dir, env, "makemigrations", "--check", "--no-input");
  const noopMigrate = manage(dir, env, "migrate");
  const row = (label: string, ms: number) =>
    console.log(
      `${label.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(6)} s   ${(ms / baseline).toFixed(2)}x manage check`,
    );
  row("manage check (baseline start-up)", baseline);
  row(`makemigrations (wrote ${written} files)`, make);
  row(`migrate (${MODELS} models, from empty)`, migrate);
  row("makemigrations --check (no-op)", noop);
  row("migrate (nothing to apply)", noopMigrate);
} finally {
  rmSync(dir, { recursive: true, force: true });
  if (admin) {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}
