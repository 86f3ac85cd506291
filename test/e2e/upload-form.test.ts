// A browser fills and submits the gallery's upload form (a model form with a file) through the
// dev server of a copy of examples/polls, on PostgreSQL; the row and the file exist afterwards.
// Headless Chromium is Debian's `chromium` package (.ci/run installs it), driven by playwright-core.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";
import pg from "pg";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const manageBin = join(repo, "packages/cli/bin/manage.js");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const WAIT = 60_000;

/** A real 5 x 4 PNG (grey pixels). */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, "latin1");
    data.copy(out, 8);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(5, 0);
  header.writeUInt32BE(4, 4);
  header.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.alloc(6 * 4, 0x80))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function copyProject(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "tango-e2e-")));
  const source = join(repo, "examples/polls");
  cpSync(source, dir, {
    recursive: true,
    filter: (path) => !/\/(node_modules|dist|\.tango|media|staticfiles)(\/|$)/.test(path),
  });
  symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"), "dir");
  // The example's tsconfig extends the monorepo's; a project of its own says it all itself.
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2023",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        experimentalDecorators: true,
        useDefineForClassFields: false,
        skipLibCheck: true,
        rootDir: "src",
        outDir: "dist",
      },
      include: ["src"],
    }),
  );
  return dir;
}

describe("the gallery's upload form in a browser", () => {
  if (!existsSync(CHROMIUM)) {
    it("needs Chromium", () => {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM}. Install it with \`apt-get install -y chromium\` (CI does this in .ci/run), or set CHROMIUM_PATH.`,
      );
    });
    return;
  }

  let dir: string;
  let server: ChildProcess | undefined;
  let output = "";
  let base = "";
  let browser: Browser | undefined;
  let admin: pg.Client;
  let databaseUrl = "";
  const dbName = `tango_e2e_${process.pid}`;

  beforeAll(async () => {
    dir = copyProject();
    admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    const url = new URL(process.env.TEST_DATABASE_URL as string);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
    const env: Record<string, string | undefined> = {
      ...process.env,
      NO_COLOR: "1",
      DATABASE_URL: databaseUrl,
    };
    delete env.NODE_ENV;
    const migrated = spawnSync(process.execPath, [manageBin, "migrate"], {
      cwd: dir,
      env,
      encoding: "utf8",
    });
    expect(migrated.status, `${migrated.stdout}${migrated.stderr}`).toBe(0);
    server = spawn(
      process.execPath,
      [manageBin, "runserver", "127.0.0.1:0", "--noreload", "--no-typecheck"],
      { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] },
    );
    server.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    server.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + WAIT;
    while (!base) {
      base = /Starting development server at (http:\/\/\S+?)\/?\n/.exec(output)?.[1] ?? "";
      if (Date.now() > deadline) throw new Error(`The dev server did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  }, WAIT * 2);

  afterAll(async () => {
    await browser?.close();
    server?.kill("SIGKILL");
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    "uploads a photo: the row and the file exist, and the list shows it",
    async () => {
      const page = await (browser as Browser).newPage();
      await page.goto(`${base}/gallery/new/`);
      await page.fill('input[name="title"]', "From the browser");
      await page.setInputFiles('input[name="image"]', {
        name: "grey.png",
        mimeType: "image/png",
        buffer: png(),
      });
      await Promise.all([page.waitForURL(`${base}/gallery/`), page.click('input[type="submit"]')]);
      expect(await page.locator('img[alt="From the browser"]').count()).toBe(1);

      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      const { rows } = await client.query(
        "SELECT image, width, height FROM gallery_photo WHERE title = $1",
        ["From the browser"],
      );
      await client.end();
      expect(rows).toHaveLength(1);
      expect([rows[0].width, rows[0].height]).toEqual([5, 4]);
      expect(existsSync(join(dir, "media", rows[0].image))).toBe(true);

      const image = await page.request.get(`${base}/media/${rows[0].image}`);
      expect(image.status()).toBe(200);
      expect(Buffer.from(await image.body()).equals(png())).toBe(true);
      await page.close();
    },
    WAIT,
  );
});
