/** What a new project is made with. */
import type { DependencySpecs } from "./dependencies.js";

/** The database a new project starts on. */
export type DatabaseChoice = "pglite" | "postgres";
/** What the project holds: a starter home page, or Django's polls tutorial app as well. */
export type TemplateChoice = "minimal" | "polls";

export const DATABASE_CHOICES: readonly DatabaseChoice[] = ["pglite", "postgres"];
export const TEMPLATE_CHOICES: readonly TemplateChoice[] = ["minimal", "polls"];

/** Everything the file generators need to know. */
export interface ProjectSpec {
  /** The project's name: the folder of its settings (src/<name>/), as Django's. */
  readonly name: string;
  readonly db: DatabaseChoice;
  readonly template: TemplateChoice;
  readonly secretKey: string;
  readonly dependencies: DependencySpecs;
}

/** A project's files, by path relative to its folder; a path ending in "/" is an empty folder. */
export type FileTree = Record<string, string>;
