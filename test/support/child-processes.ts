// Child processes for end-to-end tests: commands run to completion, long-running servers, and
// each in its own process group, so that `npm run dev` and everything it starts stop together.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

/** What a finished command did. */
export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr, interleaved as they arrived. */
  output: string;
}

export interface SpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Kill the command's process group after this many milliseconds (default 60 s). */
  timeout?: number;
  /** Text written to the command's stdin, which is then closed (default: no stdin). */
  input?: string;
}

/**
 * The environment a user's shell would give a project's commands: this process's, without
 * what Vitest and an enclosing `npm test` add (NODE_ENV=test, VITEST_*, npm_*), and without
 * DATABASE_URL and TEST_DATABASE_URL unless `extra` sets them.
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (
      /^(VITEST|npm_|NODE_ENV$|NODE_OPTIONS$|INIT_CWD$|DATABASE_URL$|TEST_DATABASE_URL$)/.test(name)
    ) {
      continue;
    }
    env[name] = value;
  }
  return { ...env, NO_COLOR: "1", ...extra };
}

/** Sends `signal` to the whole process group of `child` (spawned with `detached: true`). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group has already exited.
  }
}

/** Spawns `command` as the leader of a new process group, passing its stdout and stderr to `onOutput`. */
function spawnGroup(
  command: string,
  args: readonly string[],
  options: Pick<SpawnOptions, "cwd" | "env" | "input">,
  onOutput: (chunk: string) => void,
): ChildProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (chunk: Buffer) => onOutput(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => onOutput(chunk.toString()));
  return child;
}

/**
 * Runs a command to completion in its own process group, which is killed on timeout.
 *
 * @example
 * const { code, output } = await runCommand("npm", ["test"], { cwd, env: userEnv() });
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: SpawnOptions,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    let output = "";
    const child = spawnGroup(command, args, options, (chunk) => {
      output += chunk;
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    const timeout = options.timeout ?? 60_000;
    const timer = setTimeout(() => {
      output += `\n[killed after ${timeout} ms: ${command} ${args.join(" ")}]\n`;
      killGroup(child, "SIGKILL");
    }, timeout);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      // Whatever the command left behind (a server it forgot) goes with it.
      killGroup(child, "SIGKILL");
      resolve({ code, signal, output });
    });
  });
}

/** A long-running child process (a server). */
export interface BackgroundProcess {
  readonly child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects on exit or timeout. */
  waitFor(pattern: RegExp, timeout?: number): Promise<RegExpExecArray>;
  /** Stops the whole process group: SIGTERM, then SIGKILL after `grace` ms. */
  stop(grace?: number): Promise<void>;
}

/**
 * Starts a command in its own process group and leaves it running.
 *
 * @example
 * const dev = startProcess("npm", ["run", "dev", "--", "127.0.0.1:0"], { cwd, env: userEnv() });
 * const [, url] = await dev.waitFor(/Starting development server at (\S+)/);
 * await dev.stop();
 */
export function startProcess(
  command: string,
  args: readonly string[],
  options: Omit<SpawnOptions, "timeout">,
): BackgroundProcess {
  let output = "";
  let exited = false;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  const child = spawnGroup(command, args, options, (chunk) => {
    output += chunk;
    notify();
  });
  const closed = new Promise<void>((resolve) =>
    child.once("close", () => {
      exited = true;
      notify();
      resolve();
    }),
  );
  return {
    child,
    output: () => output,
    waitFor(pattern, timeout = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (match) {
            done();
            resolve(match);
          } else if (exited) {
            done();
            reject(
              new Error(
                `${command} ${args.join(" ")} exited before printing ${pattern}:\n${output}`,
              ),
            );
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(
              `${command} ${args.join(" ")} did not print ${pattern} in ${timeout} ms:\n${output}`,
            ),
          );
        }, timeout);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async stop(grace = 5_000) {
      if (!exited) killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), grace);
      await closed;
      clearTimeout(timer);
      // The group outlives its leader when a grandchild ignores SIGTERM.
      killGroup(child, "SIGKILL");
    },
  };
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

/**
 * Fetches `url` until the server answers (connection refused while it starts), up to `timeout`.
 *
 * @example
 * const response = await fetchWhenUp("http://127.0.0.1:8123/", () => server.output());
 */
export async function fetchWhenUp(
  url: string,
  describe: () => string,
  timeout = 30_000,
): Promise<Response> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(
          `${url} did not answer in ${timeout} ms (${(error as Error).message}):\n${describe()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
