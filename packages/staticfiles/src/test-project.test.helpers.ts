/** Builds throw-away Tango projects on disk for the staticfiles tests. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { apps, type Project, resetSettings, type SettingsInput, setup } from "@tango/core";

/** A temporary project folder: write files into it, set it up, remove it. */
export class TempProject {
  readonly root = realpathSync(mkdtempSync(join(tmpdir(), "tango-staticfiles-")));

  write(path: string, content: string | Uint8Array = path): string {
    const file = join(this.root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  }

  setup(settings: SettingsInput = {}): Promise<Project> {
    apps.reset();
    return setup(
      { SECRET_KEY: "test", ...settings, BASE_DIR: this.root },
      { runChecks: false, env: {} },
    );
  }

  remove(): void {
    apps.reset();
    resetSettings();
    rmSync(this.root, { recursive: true, force: true });
  }
}
