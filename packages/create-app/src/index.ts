/** @tango/create-app: writes a new Tango project (`npx create-app mysite`). */
export { HELP, main } from "./cli.js";
export {
  type CreatedProject,
  type CreateProjectOptions,
  createProject,
  projectTree,
} from "./create.js";
export {
  DEVELOPMENT_PACKAGES,
  type DependencySpecs,
  dependencySpecs,
  RUNTIME_PACKAGES,
  TANGO_VERSION,
  TOOL_VERSIONS,
  tangoCheckout,
} from "./dependencies.js";
export { CreateAppError } from "./errors.js";
export { invalidProjectName, packageName } from "./names.js";
export type { DatabaseChoice, FileTree, ProjectSpec, TemplateChoice } from "./options.js";
export { generateSecretKey } from "./secret.js";
