// A throwaway project for command tests: inside the repository (.tmp-* is ignored by git), so
// its modules can import @tango/*, with `manage` run in-process against it.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../main.js";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

/** What a `manage` run printed, and its exit code. */
export interface ManageRun {
  code: number;
  out: string;
  err: string;
}

/**
 * A project folder with a package.json naming `src/site/settings.ts`; `write()` adds files,
 * `manage()` runs a command in it, `remove()` deletes it.
 *
 * @example
 * const project = createTempProject();
 * project.write("src/site/settings.ts", "export default { SECRET_KEY: 'x' };");
 * const { code, out } = await project.manage(["diffsettings"]);
 */
export function createTempProject() {
  const root = realpathSync(mkdtempSync(join(REPO, ".tmp-cli-")));
  const write = (path: string, text: string): void => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  write(
    "package.json",
    JSON.stringify({
      name: "site",
      private: true,
      type: "module",
      tango: { settings: "src/site/settings.ts" },
    }),
  );
  return {
    root,
    write,
    async manage(argv: string[], env: Record<string, string> = {}): Promise<ManageRun> {
      let out = "";
      let err = "";
      const code = await main(argv, {
        cwd: root,
        env,
        stdout: { write: (chunk: string) => (out += chunk), isTTY: false },
        stderr: { write: (chunk: string) => (err += chunk), isTTY: false },
      });
      return { code, out, err };
    },
    remove(): void {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
