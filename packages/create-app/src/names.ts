/** What a project may be called: its name is a folder under src/ and an npm package name. */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** JavaScript's reserved words, and names that would clash with the project's own folders. */
const RESERVED = new Set([
  ...[
    "await",
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
    "let",
    "new",
    "null",
    "return",
    "static",
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
    "yield",
  ],
  // Folders and packages of a project, and the starter apps.
  ...["tango", "test", "node_modules", "dist", "src", "media", "staticfiles", "home", "polls"],
]);

/**
 * Why `name` cannot name a project, or undefined when it can: it becomes the folder of the
 * settings and root URLconf (`src/<name>/`), so it must be an identifier, like Django's.
 *
 * @example
 * invalidProjectName("mysite"); // undefined
 * invalidProjectName("my-site"); // "'my-site' is not a valid project name. ..."
 */
export function invalidProjectName(name: string): string | undefined {
  if (!IDENTIFIER.test(name)) {
    return `'${name}' is not a valid project name. Please make sure the name is a valid identifier: letters, digits and underscores, not starting with a digit (for example mysite or my_site).`;
  }
  if (RESERVED.has(name.toLowerCase())) {
    return `'${name}' cannot be used as a project name, as it is a reserved word or the name of a folder or app that Tango projects use. Please try another name.`;
  }
  return undefined;
}

/**
 * The npm package name of a project: lower case, underscores as dashes.
 *
 * @example
 * packageName("My_Site"); // "my-site"
 */
export function packageName(name: string): string {
  return name.toLowerCase().replaceAll("_", "-");
}
