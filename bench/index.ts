// `npm run bench`: every benchmark of the request path, each against its baseline in the same run.
//
//   npm run bench                  # HTTP throughput (Tango vs raw node:http vs Fastify), URL resolution,
//                                  # then the TechEmpower tests (examples/bench vs node:http + pg + nunjucks),
//                                  # form validation (@tango/forms vs zod) and 100 MB uploads (Tango vs busboy)
//   npm run bench -- --duration 10 # longer HTTP rounds
//
// Exits non-zero when a target is missed, and prints one summary line per bench; the form and
// upload benches have no target, so their lines carry no verdict and never decide the exit code.
import { runHttpBench } from "./http.js";

function argument(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : undefined;
}

console.log("== HTTP throughput (autocannon) ==");
const http = await runHttpBench({ duration: argument("duration") ?? 5 });
console.log("\n== URL resolution, 1,000 routes ==");
// Imported only now: the HTTP bench has just built the packages that this one loads from dist/.
const { runUrlBench } = await import("./urls.js");
const urls = runUrlBench({});
console.log("\n== TechEmpower tests: fortunes, db, queries (PostgreSQL) ==");
const { runTfbBench } = await import("./tfb.js");
const tfb = await runTfbBench({ duration: argument("duration") ?? 5 });
console.log("\n== Form validation, 10 fields (@tango/forms vs zod) ==");
const { runFormsBench } = await import("./forms.js");
const forms = await runFormsBench({});
console.log("\n== Upload throughput, 100 MB multipart (Tango vs node:http + busboy) ==");
const { runUploadsBench } = await import("./uploads.js");
const uploads = await runUploadsBench({});

const lines = [
  `${http.target.met ? "PASS" : "FAIL"}  plaintext: Tango ${http.ratios.plaintext.raw}x raw node:http (target >= ${http.target.ratio}x), ${http.ratios.plaintext.fastify}x Fastify; json: ${http.ratios.json.raw}x raw, ${http.ratios.json.fastify}x Fastify`,
  `${urls.target.met ? "PASS" : "FAIL"}  URL resolution: ${urls.ratio.toFixed(2)}x find-my-way's time per lookup (target <= ${urls.target.ratio}x)`,
  `${tfb.target.met ? "PASS" : "FAIL"}  TechEmpower fortunes: Tango ${tfb.ratios.fortunes}x node:http + pg + nunjucks (target >= ${tfb.target.ratio}x); db ${tfb.ratios.db}x, queries(20) ${tfb.ratios.queries}x`,
  `      forms: Tango ${forms.ratios.valid}x zod's validations per second on valid input, ${forms.ratios.invalid}x on invalid (no target)`,
  `      uploads: Tango ${uploads.ratio}x raw node:http + busboy's MB/s on a 100 MB file (no target)`,
];
console.log(`\n== Summary ==\n${lines.join("\n")}`);
process.exitCode = http.target.met && urls.target.met && tfb.target.met ? 0 : 1;
