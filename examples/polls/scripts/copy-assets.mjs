// Copies what tsc does not emit, each app's templates/ and static/ folders, from src/ to dist/,
// so the built project finds them where the compiled apps are: `node scripts/copy-assets.mjs`.
import { cpSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

for (const app of readdirSync("src", { withFileTypes: true })) {
  if (!app.isDirectory()) continue;
  for (const folder of ["templates", "static"]) {
    const from = join("src", app.name, folder);
    const to = join("dist", app.name, folder);
    rmSync(to, { recursive: true, force: true }); // a template deleted from src/ leaves dist/ too
    try {
      cpSync(from, to, { recursive: true });
    } catch (error) {
      if (error.code !== "ENOENT") throw error;
    }
  }
}
