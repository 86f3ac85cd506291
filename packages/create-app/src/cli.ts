/** The `create-app` command line: `create-app <name> [directory] [--db ...] [--template ...]`. */
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createProject } from "./create.js";
import { CreateAppError } from "./errors.js";
import {
  DATABASE_CHOICES,
  type DatabaseChoice,
  TEMPLATE_CHOICES,
  type TemplateChoice,
} from "./options.js";

export const HELP = `Usage: create-app <name> [directory] [options]
       npm create @tango/app <name> -- [options]

Creates a Tango project called <name> in ./<name> (or in [directory], which must be empty):
settings with a new SECRET_KEY, the root URLconf, a starter "home" app with a page, template,
stylesheet and test, the production entry, tsconfig.json, package.json scripts (dev, build,
start, test), .gitignore, README.md and an nginx sample.

Options:
  --db <pglite|postgres>        The database: embedded PGlite (default) or a PostgreSQL server.
  --template <minimal|polls>    The starter home page (default), or with the tutorial's polls app.
  --link <tango-checkout>       Link the @tango/* packages from this Tango repository.
  --no-link                     Use the published @tango/* packages, even when run from a checkout.
  -h, --help                    Show this help.

Run from a Tango repository, create-app links its packages, so the project installs offline.
`;

/** Where create-app writes its output (a seam for tests). */
export interface CreateAppIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

const defaultIO: CreateAppIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
};

function choice<T extends string>(option: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new CreateAppError(
    `--${option} must be one of ${choices.join(", ")}; got '${value}'. For example: --${option} ${choices[0]}`,
  );
}

/**
 * Runs create-app with command-line arguments; answers the exit code (0, 1 on an error, 2 on
 * a usage mistake).
 *
 * @example
 * await main(["mysite", "--db", "postgres"]); // 0, with ./mysite written
 */
export async function main(argv: readonly string[], io: CreateAppIO = defaultIO): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.stderr(`create-app: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(HELP);
    return 0;
  }
  const [name, directory, ...extra] = parsed.positionals;
  if (name === undefined || extra.length > 0) {
    io.stderr(
      name === undefined
        ? `create-app: name the project, as in: create-app mysite\n\n${HELP}`
        : `create-app: unexpected arguments: ${extra.join(" ")}\n\n${HELP}`,
    );
    return 2;
  }
  let db: DatabaseChoice;
  let template: TemplateChoice;
  try {
    db = choice<DatabaseChoice>("db", parsed.values.db ?? "pglite", DATABASE_CHOICES);
    template = choice<TemplateChoice>(
      "template",
      parsed.values.template ?? "minimal",
      TEMPLATE_CHOICES,
    );
  } catch (error) {
    io.stderr(`create-app: ${(error as Error).message}\n`);
    return 2;
  }
  try {
    // Paths on the command line are relative to the working directory, not to the new project.
    const link = parsed.values["no-link"]
      ? false
      : parsed.values.link === undefined
        ? undefined
        : resolve(io.cwd, parsed.values.link);
    const created = createProject({
      name,
      directory: resolve(io.cwd, directory ?? name),
      db,
      template,
      ...(link !== undefined ? { link } : {}),
    });
    const where = relative(io.cwd, created.directory) || ".";
    const linked = created.linkedTo
      ? `; @tango/* linked from ${created.linkedTo}`
      : "; @tango/* from the npm registry";
    const steps = [
      ...(where === "." ? [] : [`cd ${where}`]),
      ...(db === "postgres" ? [`createdb ${name}          # the database the settings name`] : []),
      "npm install",
      "npm run dev             # then open http://127.0.0.1:8000/",
    ];
    io.stdout(
      `Created the ${name} project in ${where} (${template} template, ${db === "pglite" ? "embedded PGlite" : "PostgreSQL"} database${linked}).\n\nNext:\n${steps.map((s) => `  ${s}\n`).join("")}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof CreateAppError) {
      io.stderr(`create-app: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      db: { type: "string" },
      template: { type: "string" },
      link: { type: "string" },
      "no-link": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}
