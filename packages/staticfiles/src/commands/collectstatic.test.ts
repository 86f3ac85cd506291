import { createHash } from "node:crypto";
import { existsSync, readFileSync, utimesSync } from "node:fs";
import { join } from "node:path";
import type { SettingsInput } from "@tango/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CollectstaticError, StaticRootNotSet } from "../errors.js";
import { TempProject } from "../test-project.test.helpers.js";
import { type CollectstaticOptions, collectstaticCommand } from "./collectstatic.js";
import type { CommandOutput, StaticCommandContext } from "./context.js";

let project: TempProject;

const md5 = (text: string) => createHash("md5").update(text).digest("hex").slice(0, 12);

class Captured implements CommandOutput {
  text = "";
  constructor(readonly isTTY = false) {}
  write(text: string): void {
    this.text += text;
  }
  line(text = ""): void {
    this.text += `${text}\n`;
  }
}

const plain = (text: string) => text;

function run(
  options: Partial<CollectstaticOptions> = {},
  extra: { settings?: SettingsInput; tty?: boolean; ask?: (q: string) => Promise<string> } = {},
) {
  const stdout = new Captured(extra.tty);
  const stderr = new Captured();
  const ctx: StaticCommandContext<CollectstaticOptions> = {
    options: {
      clear: false,
      dryRun: false,
      noInput: true,
      ignore: undefined,
      noDefaultIgnore: false,
      noPostProcess: false,
      ...options,
    },
    setup: () =>
      project.setup({ INSTALLED_APPS: ["polls"], STATIC_ROOT: "collected", ...extra.settings }),
    stdout,
    stderr,
    style: {
      enabled: false,
      error: plain,
      success: plain,
      warning: plain,
      notice: plain,
      heading: plain,
      label: plain,
      dim: plain,
    },
    verbosity: 1,
    ...(extra.ask ? { ask: extra.ask } : {}),
  };
  return { done: collectstaticCommand.handle(ctx), stdout, stderr };
}

const BG = "PNG-bytes";
const ICON = "<svg>icon</svg>";
const BASE_CSS = "body { background: url(../../img/bg.png?v=1#top); }\n";

beforeEach(() => {
  project = new TempProject();
  project.write("polls/static/img/bg.png", BG);
  project.write("polls/static/polls/icon.svg", ICON);
  project.write("polls/static/polls/css/base.css", BASE_CSS);
  project.write(
    "polls/static/polls/css/style.css",
    '@import "base.css";\n.icon { background: url("../icon.svg"); }\n.x { background: url(data:image/png;base64,AA); }\n',
  );
  project.write("polls/static/polls/.DS_Store", "junk");
});

afterEach(() => project.remove());

const root = () => join(project.root, "collected");
const read = (path: string) => readFileSync(join(root(), path), "utf8");
const manifest = () =>
  JSON.parse(read("staticfiles.json")) as {
    paths: Record<string, string>;
    version: string;
    hash: string;
  };

describe("manage collectstatic", () => {
  it("refuses to run without STATIC_ROOT", async () => {
    const { done } = run({}, { settings: { STATIC_ROOT: null } });
    await expect(done).rejects.toThrow(StaticRootNotSet);
    await expect(run({}, { settings: { STATIC_ROOT: null } }).done).rejects.toThrow(
      "You're using the staticfiles app without having set the STATIC_ROOT setting to a filesystem path.",
    );
  });

  it("copies the files, hashes them, rewrites CSS references and writes the manifest", async () => {
    const { done, stdout } = run();
    expect(await done).toBe(0);
    const bg = `img/bg.${md5(BG)}.png`;
    const icon = `polls/icon.${md5(ICON)}.svg`;
    const baseCss = BASE_CSS.replace("../../img/bg.png", `../../img/bg.${md5(BG)}.png`).replace(
      /url\((.*?)\)/,
      'url("$1")',
    );
    expect(baseCss).toBe(`body { background: url("../../img/bg.${md5(BG)}.png?v=1#top"); }\n`);
    const base = `polls/css/base.${md5(baseCss)}.css`;
    const styleCss = `@import url("base.${md5(baseCss)}.css");\n.icon { background: url("../icon.${md5(ICON)}.svg"); }\n.x { background: url(data:image/png;base64,AA); }\n`;
    const style = `polls/css/style.${md5(styleCss)}.css`;

    expect(read("img/bg.png")).toBe(BG);
    expect(read(bg)).toBe(BG);
    expect(read(icon)).toBe(ICON);
    expect(read("polls/css/base.css")).toBe(BASE_CSS);
    expect(read(base)).toBe(baseCss);
    expect(read(style)).toBe(styleCss);
    expect(existsSync(join(root(), "polls/.DS_Store"))).toBe(false);

    const data = manifest();
    expect(data.version).toBe("1.1");
    expect(data.paths).toEqual({
      "img/bg.png": bg,
      "polls/css/base.css": base,
      "polls/css/style.css": style,
      "polls/icon.svg": icon,
    });
    expect(data.hash).toBe(md5(JSON.stringify(data.paths)));
    expect(stdout.text).toBe(`4 static files copied to '${root()}', 4 post-processed.\n`);
  });

  it("skips unchanged files on a re-run, and re-hashes what a changed file touches", async () => {
    await run().done;
    const first = manifest();
    const second = run();
    await second.done;
    expect(second.stdout.text).toBe(`0 static files copied to '${root()}', 4 unmodified.\n`);
    expect(manifest()).toEqual(first);

    const bg = project.write("polls/static/img/bg.png", "new bytes!");
    const later = new Date(Date.now() + 5000);
    utimesSync(bg, later, later);
    const third = run();
    await third.done;
    // bg.png changed, so base.css (which references it) and style.css (which imports base.css)
    // get new hashed names too.
    expect(third.stdout.text).toBe(
      `1 static file copied to '${root()}', 3 unmodified, 3 post-processed.\n`,
    );
    expect(manifest().paths["polls/icon.svg"]).toBe(first.paths["polls/icon.svg"]);
    expect(manifest().paths["polls/css/style.css"]).not.toBe(first.paths["polls/css/style.css"]);
  });

  it("deletes what STATIC_ROOT holds first with --clear", async () => {
    await run().done;
    project.write("collected/stale/old.js", "old");
    const { done, stdout } = run({ clear: true });
    await done;
    expect(existsSync(join(root(), "stale/old.js"))).toBe(false);
    expect(read("polls/icon.svg")).toBe(ICON);
    expect(stdout.text).toBe(`4 static files copied to '${root()}', 4 post-processed.\n`);
  });

  it("writes nothing with --dry-run", async () => {
    const { done, stdout } = run({ dryRun: true });
    await done;
    expect(existsSync(root())).toBe(false);
    expect(stdout.text).toContain("Pretending to copy 'polls/icon.svg'");
    expect(stdout.text).toContain(`4 static files copied to '${root()}'.`);
    expect(stdout.text).toContain("Dry run: nothing was written or deleted.");
  });

  it("deletes nothing with --dry-run --clear", async () => {
    await run().done;
    const { done, stdout } = run({ dryRun: true, clear: true });
    await done;
    expect(stdout.text).toContain("Pretending to delete 'staticfiles.json'");
    expect(existsSync(join(root(), "staticfiles.json"))).toBe(true);
  });

  it("leaves out --ignore patterns, and the defaults unless --no-default-ignore", async () => {
    await run({ ignore: ["*.svg", "img/*"], noDefaultIgnore: true }).done;
    expect(Object.keys(manifest().paths).sort()).toEqual([
      "polls/.DS_Store",
      "polls/css/base.css",
      "polls/css/style.css",
    ]);
  });

  it("asks for confirmation unless --no-input, and stops on anything but 'yes'", async () => {
    const questions: string[] = [];
    const no = run(
      { noInput: false },
      {
        ask: async (q) => {
          questions.push(q);
          return "no";
        },
      },
    );
    await expect(no.done).rejects.toThrow(CollectstaticError);
    expect(questions[0]).toContain(
      "You have requested to collect static files at the destination\nlocation as specified in your settings:",
    );
    expect(questions[0]).toContain(root());
    expect(questions[0]).toContain("Type 'yes' to continue, or 'no' to cancel: ");
    expect(existsSync(root())).toBe(false);
    await run({ noInput: false }, { ask: async () => "yes" }).done;
    expect(existsSync(join(root(), "staticfiles.json"))).toBe(true);
  });

  it("draws a progress bar on a terminal for large trees, and clears it", async () => {
    for (let i = 0; i < 120; i++) project.write(`polls/static/many/f${i}.txt`, `file ${i}`);
    const { done, stdout } = run({}, { tty: true });
    await done;
    expect(stdout.text).toContain(`\rCopying files [${".".repeat(30)}] 1/124`);
    expect(stdout.text).toContain(`\rCopying files [${"#".repeat(15)}${".".repeat(15)}] 62/124`);
    expect(stdout.text).toContain(`\rCopying files [${"#".repeat(30)}] 124/124\r`);
    expect(stdout.text).toContain(`124 static files copied to '${root()}', 124 post-processed.`);
  });

  it("warns about references to files that are not collected", async () => {
    project.write("polls/static/polls/broken.css", "a { background: url(nope.png); }");
    const { done, stderr } = run();
    await done;
    expect(stderr.text).toContain(
      "The file 'polls/broken.css' references 'polls/nope.png', which is not among the static files",
    );
    expect(read(manifest().paths["polls/broken.css"] as string)).toBe(
      "a { background: url(nope.png); }",
    );
  });

  it("refuses stylesheets that import each other", async () => {
    project.write("polls/static/a.css", '@import "b.css";');
    project.write("polls/static/b.css", '@import "a.css";');
    await expect(run().done).rejects.toThrow("'a.css' -> 'b.css' -> 'a.css'");
  });
});
