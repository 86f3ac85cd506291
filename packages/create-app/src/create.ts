/** createProject(): writes a new project's files into its folder. */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { dependencySpecs, tangoCheckout } from "./dependencies.js";
import { CreateAppError } from "./errors.js";
import { homeApp } from "./files/home.js";
import { pollsApp } from "./files/polls.js";
import { projectFiles } from "./files/project.js";
import { invalidProjectName } from "./names.js";
import type { DatabaseChoice, FileTree, ProjectSpec, TemplateChoice } from "./options.js";
import { generateSecretKey } from "./secret.js";

/** Options of {@link createProject}. */
export interface CreateProjectOptions {
  /** The project's name (a valid identifier). */
  name: string;
  /** Where to write it (default: a folder named after the project in the working directory). */
  directory?: string;
  db?: DatabaseChoice;
  template?: TemplateChoice;
  /**
   * The Tango checkout to link the packages from, `false` to use the published packages, or
   * undefined: the checkout this create-app runs from, if any.
   */
  link?: string | false;
  /** The SECRET_KEY to write (default: a new random one). */
  secretKey?: string;
}

/** What {@link createProject} made. */
export interface CreatedProject {
  readonly directory: string;
  readonly spec: ProjectSpec;
  /** The files written, relative to the directory. */
  readonly files: readonly string[];
  /** The checkout the packages are linked from, if any. */
  readonly linkedTo: string | undefined;
}

/**
 * Every file of a project, by relative path.
 *
 * @example
 * Object.keys(projectTree(spec)).includes("src/mysite/settings.ts"); // true
 */
export function projectTree(spec: ProjectSpec): FileTree {
  return {
    ...projectFiles(spec),
    ...homeApp(spec),
    ...(spec.template === "polls" ? pollsApp() : {}),
  };
}

/**
 * Writes a new project. Refuses a name that is not an identifier and a directory that is not
 * empty, before writing anything.
 *
 * @example
 * await createProject({ name: "mysite", db: "pglite", template: "minimal" });
 */
export function createProject(options: CreateProjectOptions): CreatedProject {
  const problem = invalidProjectName(options.name);
  if (problem) throw new CreateAppError(problem);
  const directory = resolve(options.directory ?? options.name);
  if (existsSync(directory)) {
    if (!statSync(directory).isDirectory()) {
      throw new CreateAppError(`'${directory}' exists and is not a folder. Choose another place.`);
    }
    if (readdirSync(directory).length > 0) {
      throw new CreateAppError(
        `'${directory}' already exists and is not empty. Choose another name or directory, or empty it first.`,
      );
    }
  }
  // Absolute, as the project's package.json links are resolved from the project's folder.
  const linkedTo =
    options.link === false ? undefined : options.link ? resolve(options.link) : tangoCheckout();
  if (linkedTo !== undefined && !existsSync(join(linkedTo, "packages", "core", "package.json"))) {
    throw new CreateAppError(
      `'${linkedTo}' is not a Tango checkout (it has no packages/core). Pass the folder of the Tango repository to --link.`,
    );
  }
  const spec: ProjectSpec = {
    name: options.name,
    db: options.db ?? "pglite",
    template: options.template ?? "minimal",
    secretKey: options.secretKey ?? generateSecretKey(),
    dependencies: dependencySpecs(linkedTo),
  };
  const tree = projectTree(spec);
  for (const [file, text] of Object.entries(tree)) {
    const path = join(directory, file);
    if (file.endsWith("/")) {
      mkdirSync(path, { recursive: true });
    } else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text, { flag: "wx" });
    }
  }
  return { directory, spec, files: Object.keys(tree).sort(), linkedTo };
}
