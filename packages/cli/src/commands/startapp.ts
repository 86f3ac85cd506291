/** `manage startapp <name> [directory]`: creates the folder of a new app with its starter modules. */
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { defineCommand } from "../command.js";
import { CommandError } from "../errors.js";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set([
  "break",
  "case",
  "catch",
  "class",
  "const",
  "continue",
  "debugger",
  "default",
  "delete",
  "do",
  "else",
  "enum",
  "export",
  "extends",
  "false",
  "finally",
  "for",
  "function",
  "if",
  "import",
  "in",
  "instanceof",
  "new",
  "null",
  "return",
  "super",
  "switch",
  "this",
  "throw",
  "true",
  "try",
  "typeof",
  "var",
  "void",
  "while",
  "with",
  "let",
  "static",
  "yield",
  "await",
  "tango",
  "test",
]);

/**
 * The files of a new app, by path relative to its folder (folders end with "/").
 *
 * @example
 * Object.keys(appFiles("polls")); // ["models.ts", "views.ts", "urls.ts", "polls.test.ts", "migrations/", ...]
 */
export function appFiles(name: string): Record<string, string> {
  return {
    "models.ts": `/** The models of the ${name} app. */
import { Model } from "@tango/orm";

// Create your models here, then run 'manage makemigrations ${name}'. For example:
// export class Item extends Model {
//   @CharField({ maxLength: 200 }) declare name: string;
// }
`,
    "views.ts": `/** The views of the ${name} app. */
import { HttpResponse, type HttpRequest } from "@tango/http";

/** The app's index page. */
export function index(_request: HttpRequest): HttpResponse {
  return new HttpResponse("Hello from ${name}.");
}
`,
    "urls.ts": `/** The URLs of the ${name} app: include them from the root URLconf with include(() => import("../${name}/urls.js")). */
import type { Pattern } from "@tango/urls";

export const appName = "${name}";

export const urlpatterns: Pattern[] = [
  // path("", views.index, { name: "index" }),
];
`,
    [`${name}.test.ts`]: `/** Tests of the ${name} app: \`npm test\` (manage test) runs them. */
import { describe, expect, it } from "vitest";
import { appName, urlpatterns } from "./urls.js";

describe("${name}", () => {
  it("has its URL namespace", () => {
    expect(appName).toBe("${name}");
    expect(Array.isArray(urlpatterns)).toBe(true);
  });
});
`,
    "migrations/": "",
    [`templates/${name}/`]: "",
    [`static/${name}/`]: "",
  };
}

/** Why `name` cannot name an app, or undefined when it can. */
export function invalidAppName(name: string): string | undefined {
  if (!IDENTIFIER.test(name)) {
    return `'${name}' is not a valid app name. Please make sure the name is a valid identifier: letters, digits and underscores, not starting with a digit.`;
  }
  if (RESERVED.has(name)) {
    return `'${name}' cannot be used as an app name, as it is a reserved word or conflicts with a name Tango uses. Please try another name.`;
  }
  return undefined;
}

/** The built-in `startapp` command. */
export const startappCommand = defineCommand({
  help: `Create a new app in the project.

Writes src/<name>/ (under BASE_DIR, or into [directory]) with models.ts, views.ts, urls.ts,
a starter test, and the migrations/, templates/<name>/ and static/<name>/ folders.
Add the app to INSTALLED_APPS to use it.`,
  args: [
    { name: "name", help: "The app's name: a valid identifier, as in 'polls'.", required: true },
    { name: "directory", help: "An existing folder to create the app's files in." },
  ],
  requiresSystemChecks: false,
  handle({ args, project, stdout, style }) {
    const problem = invalidAppName(args.name);
    if (problem) throw new CommandError(problem);
    if (!project) throw new CommandError("startapp needs a project: run it inside one.");
    let target: string;
    if (args.directory === undefined) {
      target = join(project.baseDir, args.name);
      if (existsSync(target)) {
        const where = relative(project.root, project.baseDir) || ".";
        throw new CommandError(
          `A folder named '${args.name}' already exists in ${where}/. Choose another name, or pass a directory.`,
        );
      }
    } else {
      target = resolve(args.directory);
      if (!existsSync(target) || !statSync(target).isDirectory()) {
        throw new CommandError(
          `Destination directory '${target}' does not exist, please create it first.`,
        );
      }
      if (existsSync(join(target, "models.ts"))) {
        throw new CommandError(
          `'${target}' already contains an app (models.ts exists). Choose an empty directory.`,
        );
      }
    }
    for (const [file, text] of Object.entries(appFiles(args.name))) {
      const path = join(target, file);
      if (file.endsWith("/")) mkdirSync(path, { recursive: true });
      else {
        mkdirSync(join(path, ".."), { recursive: true });
        writeFileSync(path, text);
      }
    }
    const shown = relative(project.root, target) || ".";
    stdout.line(style.success(`Created the app '${args.name}' in ${shown}/.`));
    stdout.line(`Add '${args.name}' to INSTALLED_APPS in your settings to use it.`);
    return 0;
  },
});
