// Follows the tutorial (docs/tutorial/part1.md to part5.md) literally in a temporary folder:
// every command it shows, every file it writes, every page it visits. A step that does not
// work as written fails the test, with the page and line of the step.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  type BackgroundProcess,
  type CommandResult,
  freePort,
  runCommand,
  startProcess,
  userEnv,
} from "../support/child-processes.js";
import {
  applyEdit,
  type CommandStep,
  type HttpStep,
  type TutorialStep,
  tutorialSteps,
} from "./tutorial-steps.js";

const repo = join(import.meta.dirname, "../..");
const createApp = join(repo, "packages/create-app/bin/create-app.js");
const parts = readdirSync(join(repo, "docs/tutorial"))
  .filter((file) => /^part\d+\.md$/.test(file))
  .sort();

const work = mkdtempSync(join(tmpdir(), "tango-tutorial-"));
const servers: BackgroundProcess[] = [];

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  rmSync(work, { recursive: true, force: true });
});

/** Removes colours and carriage returns, as a terminal shows the text. */
function plain(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");
}

/** Runs `command` at a terminal (a pseudo-terminal from `script`), typing `input` at its prompt. */
async function atTerminal(
  command: string,
  input: readonly string[],
  cwd: string,
): Promise<CommandResult> {
  const result = await runCommand("script", ["-qec", command, "/dev/null"], {
    cwd,
    env: userEnv(),
    timeout: 90_000,
    input: `${[...input, ".exit"].join("\n")}\n`,
  });
  return { ...result, output: plain(result.output) };
}

class Reader {
  cwd = work;
  port = 0;
  server: BackgroundProcess | undefined;
  cookies = new Map<string, string>();

  async run(step: TutorialStep): Promise<void> {
    switch (step.kind) {
      case "command":
        return this.command(step);
      case "write": {
        const path = join(this.cwd, step.path);
        writeFileSync(path, step.text);
        return;
      }
      case "edit": {
        const path = join(this.cwd, step.path);
        writeFileSync(path, applyEdit(readFileSync(path, "utf8"), step.lines, step.where));
        return;
      }
      case "http":
        return this.visit(step);
    }
  }

  async command(step: CommandStep): Promise<void> {
    const { command } = step;
    if (command.startsWith("cd ")) {
      this.cwd = join(this.cwd, command.slice(3).trim());
      return;
    }
    let output: string;
    if (command === "npm run dev") {
      this.port = await freePort();
      this.server = startProcess("npm", ["run", "dev", "--", `127.0.0.1:${this.port}`], {
        cwd: this.cwd,
        env: userEnv(),
      });
      servers.push(this.server);
      await this.server.waitFor(/Quit the server with/, 120_000);
      output = plain(this.server.output());
    } else {
      let result: CommandResult;
      if (step.input.length > 0) {
        result = await atTerminal(command, step.input, this.cwd);
      } else {
        const real = command.replace(/^npx create-app /, `node ${createApp} `);
        const args = real === "npm install" ? ["-c", `${real} --no-audit --no-fund`] : ["-c", real];
        result = await runCommand("sh", args, { cwd: this.cwd, env: userEnv(), timeout: 180_000 });
        result = { ...result, output: plain(result.output) };
      }
      expect(
        result.code,
        `${step.where}: $ ${command} exited with ${result.code}:\n${result.output}`,
      ).toBe(step.exitCode);
      output = result.output;
    }
    if (step.outputVaries) return;
    for (const line of step.expected) {
      const wanted = line.replaceAll("127.0.0.1:8000", `127.0.0.1:${this.port}`);
      expect(output, `${step.where}: $ ${command} should print '${wanted}'`).toContain(wanted);
    }
  }

  /** Visits a page until it shows what the tutorial says (the dev server reloads after each save). */
  async visit(step: HttpStep): Promise<void> {
    const base = `http://127.0.0.1:${this.port}`;
    const deadline = Date.now() + 45_000;
    let last = "";
    for (;;) {
      try {
        const response =
          step.method === "GET" ? await this.get(base + step.path) : await this.post(base, step);
        const body = await response.text();
        last = `${response.status} ${response.headers.get("location") ?? ""}\n${body.slice(0, 2000)}`;
        if (this.satisfied(step, response, body)) return;
      } catch (error) {
        last = String(error);
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${step.where}: ${step.method} ${step.path} should ${JSON.stringify(step.expect)}; it answered:\n${last}\n\nServer output:\n${this.server?.output().slice(-3000)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  satisfied(step: HttpStep, response: Response, body: string): boolean {
    const expected = step.expect;
    if ("status" in expected) return response.status === expected.status;
    if ("redirects" in expected) {
      return response.status === 302 && response.headers.get("location") === expected.redirects;
    }
    return response.status < 400 && body.includes(expected.contains);
  }

  async get(url: string): Promise<Response> {
    const response = await fetch(url, { headers: this.cookieHeader(), redirect: "manual" });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const at = pair.indexOf("=");
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  }

  /** Posts a form as a browser does: from the page that shows it, with its CSRF token. */
  async post(base: string, step: HttpStep): Promise<Response> {
    const formPage = await (await this.get(base + step.path.replace(/vote\/$/, ""))).text();
    const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(formPage)?.[1] ?? "";
    return fetch(base + step.path, {
      method: "POST",
      headers: {
        ...this.cookieHeader(),
        "content-type": "application/x-www-form-urlencoded",
        origin: base,
      },
      body: new URLSearchParams({ csrfmiddlewaretoken: token, ...step.form }).toString(),
      redirect: "manual",
    });
  }

  cookieHeader(): Record<string, string> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    return cookie ? { cookie } : {};
  }
}

/** The files under `dir`, by relative path. */
function filesOf(dir: string, base = dir): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      for (const [file, text] of filesOf(path, base)) files.set(file, text);
    } else {
      files.set(relative(base, path), readFileSync(path, "utf8"));
    }
  }
  return files;
}

describe("the tutorial, followed literally", () => {
  const reader = new Reader();
  const steps = parts.flatMap((part) =>
    tutorialSteps(`docs/tutorial/${part}`, readFileSync(join(repo, "docs/tutorial", part), "utf8")),
  );

  it("has the steps of five parts", () => {
    expect(parts).toEqual(["part1.md", "part2.md", "part3.md", "part4.md", "part5.md"]);
    expect(steps.filter((s) => s.kind === "http").length).toBeGreaterThan(10);
    expect(steps.filter((s) => s.kind === "write").length).toBeGreaterThan(15);
  });

  it("works as written, step by step", async () => {
    for (const step of steps) await reader.run(step);
  }, 900_000);

  it("ends with the project that create-app --template polls writes", async () => {
    const finished = join(work, "mysite");
    const reference = join(work, "reference");
    const made = await runCommand("node", [createApp, "mysite", reference, "--template", "polls"], {
      cwd: work,
      env: userEnv(),
    });
    expect(made.code, made.output).toBe(0);
    const secret = /SECRET_KEY: ".*"/;
    const ours = filesOf(join(finished, "src"));
    const theirs = filesOf(join(reference, "src"));
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [file, text] of theirs) {
      expect(ours.get(file)?.replace(secret, ""), `src/${file}`).toBe(text.replace(secret, ""));
    }
  });
});
