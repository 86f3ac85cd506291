#!/usr/bin/env node
// The `create-app` executable (also `npm create @tango/app`): writes a new Tango project.
import { existsSync } from "node:fs";

const built = new URL("../dist/cli.js", import.meta.url);
let cli;
if (existsSync(built)) {
  cli = await import(built.href);
} else {
  // A checkout of the Tango repository that has not been built yet: run the TypeScript sources.
  try {
    (await import("tsx/esm/api")).register();
  } catch {
    process.stderr.write(
      "create-app has not been built: run `npm run build` in the Tango repository first.\n",
    );
    process.exit(1);
  }
  cli = await import(new URL("../src/cli.ts", import.meta.url).href);
}
process.exitCode = await cli.main(process.argv.slice(2));
