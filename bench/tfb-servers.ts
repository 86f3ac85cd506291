// One TechEmpower benchmark server per process: `tango` (examples/bench) or `baseline`
// (node:http + pg + nunjucks), on 127.0.0.1 and a free port, on the database of DATABASE_URL.
//
// Run by bench/tfb.ts as `node --import tsx bench/tfb-servers.ts <kind> <database url> [--source]`
// with DATABASE_URL set to the same URL (the ORM reads it): Tango runs the example's built
// dist/ as deployed (--source, with --conditions=tango:source for node: its src/).
// It reports `{ port }` over IPC once listening, `{ cpu }` when asked, and exits when the
// parent disconnects.

import type { AddressInfo } from "node:net";
import { startBaseline } from "./tfb-baseline.js";

/** examples/bench as its production entry (src/server.ts) starts it, on a port of our choosing. */
async function startTango(): Promise<number> {
  const from = process.argv.includes("--source") ? "src/tfb/settings.ts" : "dist/tfb/settings.js";
  const { default: settings } = await import(`../examples/bench/${from}`);
  const { serve } = await import("@tango/adapter-node");
  const { createApplication } = await import("@tango/http");
  const app = await createApplication(settings);
  const { server } = await serve(app, { port: 0, signals: false });
  return (server.address() as AddressInfo).port;
}

const kind = process.argv[2];
const databaseUrl = process.argv[3];
if ((kind !== "tango" && kind !== "baseline") || !process.send || !databaseUrl) {
  throw new Error(
    `Run as a child of bench/tfb.ts with 'tango' or 'baseline' and a database URL; got '${kind}'.`,
  );
}
const port = kind === "tango" ? await startTango() : await startBaseline(databaseUrl);
process.send({ port });
// The parent asks for CPU time before and after a run: steadier than req/s on a shared machine.
process.on("message", () => process.send?.({ cpu: process.cpuUsage() }));
process.on("disconnect", () => process.exit(0));
