/** FileSystemStorage: files under MEDIA_ROOT (or a given folder), written atomically and served under MEDIA_URL. */
import { randomBytes } from "node:crypto";
import { constants, createWriteStream } from "node:fs";
import {
  chmod,
  copyFile,
  link,
  mkdir,
  open,
  readdir,
  rename,
  stat,
  unlink,
} from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { getSettings, settingsConfigured } from "../current-settings.js";
import { SuspiciousFileOperation } from "../errors.js";
import { currentScope } from "../request-scope.js";
import {
  checkRelativeName,
  type FileContent,
  StorageBase,
  type StorageSaveOptions,
} from "./storage.js";

/**
 * FileSystemStorage's options; each defaults to its setting, read when used.
 *
 * @example
 * new FileSystemStorage({ location: "/srv/private", baseUrl: "/private/" });
 */
export interface FileSystemStorageOptions {
  /** The folder files go in (default MEDIA_ROOT, relative to BASE_DIR). */
  location?: string;
  /** The URL prefix of the files (default MEDIA_URL). */
  baseUrl?: string;
  /** The mode of saved files (default FILE_UPLOAD_PERMISSIONS); null leaves the umask's. */
  filePermissions?: number | null;
}

const MAX_ATTEMPTS = 100;

function isMovable(content: FileContent): content is { readonly path: string } {
  return (
    typeof (content as { path?: unknown }).path === "string" && !(content instanceof Uint8Array)
  );
}

/**
 * Stores files on the local disk. `save()` writes a temporary file beside the target, then
 * links it to the chosen name, which fails when that name was taken meanwhile: two uploads
 * racing for one name both succeed, under different names, and no file is ever overwritten
 * or seen half-written.
 *
 * @example
 * const storage = new FileSystemStorage();
 * const name = await storage.save("avatars/ada.png", bytes); // "avatars/ada.png"
 * storage.url(name); // "/media/avatars/ada.png"
 */
export class FileSystemStorage extends StorageBase {
  readonly #location: string | undefined;
  readonly #baseUrl: string | undefined;
  readonly #permissions: number | null | undefined;

  constructor(options: FileSystemStorageOptions = {}) {
    super();
    this.#location = options.location;
    this.#baseUrl = options.baseUrl;
    this.#permissions = options.filePermissions;
  }

  /** The absolute folder files are stored in. */
  get location(): string {
    if (this.#location !== undefined && isAbsolute(this.#location)) return resolve(this.#location);
    const settings = getSettings();
    return resolve(settings.BASE_DIR, this.#location ?? settings.MEDIA_ROOT);
  }

  /** The URL prefix, ending in `/`. */
  get baseUrl(): string {
    const base = this.#baseUrl ?? getSettings().MEDIA_URL;
    return base === "" || base.endsWith("/") ? base : `${base}/`;
  }

  /**
   * The absolute path of `name`; SuspiciousFileOperation when it would leave the location.
   *
   * @example
   * storage.path("a/b.txt"); // "/srv/media/a/b.txt"
   */
  path(name: string): string {
    const root = this.location;
    const full = resolve(root, checkRelativeName(name));
    const rel = relative(root, full);
    if (rel === "" || rel.split(sep)[0] === ".." || isAbsolute(rel)) {
      throw new SuspiciousFileOperation(
        `The joined path (${full}) is located outside of the base path component (${root}). Pass a name relative to the storage.`,
      );
    }
    return full;
  }

  async save(
    name: string,
    content: FileContent,
    options: StorageSaveOptions = {},
  ): Promise<string> {
    const wanted = this.generateFilename(checkRelativeName(name));
    let candidate = await this.getAvailableName(wanted, options.maxLength);
    const firstPath = this.path(candidate);
    await mkdir(dirname(firstPath), { recursive: true });
    const temp = join(dirname(firstPath), `.${randomBytes(8).toString("hex")}.upload`);
    await writeTemp(temp, content);
    try {
      for (let attempt = 0; ; attempt++) {
        const target = this.path(candidate);
        await mkdir(dirname(target), { recursive: true });
        if (await claim(temp, target)) break;
        if (attempt >= MAX_ATTEMPTS) {
          throw new SuspiciousFileOperation(
            `Could not save '${name}': every name tried was taken. Clear old files from ${this.location}.`,
          );
        }
        candidate = await this.getAvailableName(candidate, options.maxLength);
      }
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    const mode =
      this.#permissions !== undefined
        ? this.#permissions
        : settingsConfigured()
          ? getSettings().FILE_UPLOAD_PERMISSIONS
          : 0o644;
    if (mode !== null) await chmod(this.path(candidate), mode);
    return candidate;
  }

  async open(name: string): Promise<Readable> {
    const handle = await open(this.path(name), "r");
    return handle.createReadStream();
  }

  async delete(name: string): Promise<void> {
    if (!name) throw new TypeError("The name must be given to delete().");
    await unlink(this.path(name)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
  }

  async exists(name: string): Promise<boolean> {
    return stat(this.path(name)).then(
      () => true,
      () => false,
    );
  }

  async size(name: string): Promise<number> {
    return (await stat(this.path(name))).size;
  }

  /**
   * MEDIA_URL (under the script prefix when it is relative) joined with the name, each
   * segment percent-encoded.
   *
   * @example
   * storage.url("photos/my cat.png"); // "/media/photos/my%20cat.png"
   */
  url(name: string): string {
    const encoded = checkRelativeName(name).split("/").map(encodeURIComponent).join("/");
    const base = this.baseUrl;
    if (base.startsWith("/") || /^[a-z][a-z0-9+.-]*:\/\//i.test(base)) return `${base}${encoded}`;
    const prefix = currentScope()?.scriptPrefix ?? "/";
    return `${prefix.endsWith("/") ? prefix : `${prefix}/`}${base}${encoded}`;
  }

  async listdir(path: string): Promise<[string[], string[]]> {
    const folder = path === "" || path === "." ? this.location : this.path(path);
    const entries = await readdir(folder, { withFileTypes: true });
    const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name);
    const files = entries
      .filter((e) => !e.isDirectory() && !e.name.endsWith(".upload"))
      .map((e) => e.name);
    return [dirs, files];
  }
}

async function writeTemp(temp: string, content: FileContent): Promise<void> {
  if (isMovable(content)) {
    await rename(content.path, temp).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== "EXDEV" && error.code !== "EPERM") throw error;
      await copyFile(content.path, temp, constants.COPYFILE_EXCL);
      await unlink(content.path);
    });
    return;
  }
  const out = createWriteStream(temp, { flags: "wx" });
  const source =
    content instanceof Uint8Array
      ? (async function* () {
          yield content;
        })()
      : content;
  await pipeline(source, out);
}

/** Gives the temporary file the name `target` unless it exists; false when it does. */
async function claim(temp: string, target: string): Promise<boolean> {
  try {
    await link(temp, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EXDEV") throw error;
  }
  // No hard links on this file system: an exclusive copy still never overwrites.
  try {
    await copyFile(temp, target, constants.COPYFILE_EXCL);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}
