/** The Storage interface (Django's django.core.files.storage.Storage) and the name rules every storage shares. */
import { randomInt } from "node:crypto";
import type { Readable } from "node:stream";
import { SuspiciousFileOperation } from "../errors.js";

/**
 * What a storage saves: bytes, chunks (an UploadedFile's `chunks()`, a Node stream), or a
 * file on disk to move into place (`{ path }`, a temporary file the storage takes over).
 *
 * @example
 * const content: FileContent = new TextEncoder().encode("hello");
 */
export type FileContent = Uint8Array | AsyncIterable<Uint8Array> | { readonly path: string };

/**
 * Options of `Storage.save()`.
 *
 * @example
 * await storage.save("avatars/ada.png", bytes, { maxLength: 100 });
 */
export interface StorageSaveOptions {
  /** The longest name the caller can store (a FileField's `maxLength`); names are shortened to fit. */
  maxLength?: number;
}

/**
 * A place files live: the local disk (FileSystemStorage) or anything a plug-in provides.
 * Names are relative, with `/` separators ("avatars/ada.png").
 *
 * @example
 * const name = await storage.save("notes/todo.txt", new TextEncoder().encode("milk"));
 * storage.url(name); // "/media/notes/todo.txt"
 */
export interface Storage {
  /** Stores `content` under `name` or, when taken, an available variant; returns the name used. */
  save(name: string, content: FileContent, options?: StorageSaveOptions): Promise<string>;
  /** A readable stream of the file's content. */
  open(name: string): Promise<Readable>;
  /** Removes the file; no error when it is already gone. */
  delete(name: string): Promise<void>;
  exists(name: string): Promise<boolean>;
  /** The size in bytes. */
  size(name: string): Promise<number>;
  /** The URL the file is served at. */
  url(name: string): string;
  /** The file's absolute path, for storages on the local file system. */
  path?(name: string): string;
  /** The folders and files directly inside `path`: `[dirs, files]`. */
  listdir(path: string): Promise<[string[], string[]]>;
  /** A name not taken yet, derived from `name`, at most `maxLength` characters. */
  getAvailableName(name: string, maxLength?: number): Promise<string>;
  /** A clean, relative name for a file the caller named (`"my photo.png"` -> `"my_photo.png"`). */
  generateFilename(name: string): string;
}

const ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/**
 * Django's `get_random_string(length)` over letters and digits.
 *
 * @example
 * randomSuffix(7); // "aB3xZ9q"
 */
export function randomSuffix(length = 7): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

/**
 * Django's `get_valid_filename()`: trims, turns spaces into `_`, drops everything but letters,
 * digits, `-`, `_` and `.`. SuspiciousFileOperation when nothing usable remains.
 *
 * @example
 * validFileName("john's portrait in 2004.jpg"); // "johns_portrait_in_2004.jpg"
 */
export function validFileName(name: string): string {
  const cleaned = name
    .trim()
    .replace(/\s+/g, "_")
    .replace(/[^-\p{L}\p{N}_.]/gu, "");
  if (cleaned === "" || cleaned === "." || cleaned === "..") {
    throw new SuspiciousFileOperation(
      `Could not derive a file name from '${name}'. Give the file a name with letters or digits.`,
    );
  }
  return cleaned;
}

/**
 * Refuses names that could leave the storage: absolute paths, drive letters, `..` segments,
 * backslashes and NUL bytes. Returns the name without `.` segments or doubled slashes.
 *
 * @example
 * checkRelativeName("a/./b.txt"); // "a/b.txt"
 * checkRelativeName("../etc/passwd"); // SuspiciousFileOperation
 */
export function checkRelativeName(name: string): string {
  const bad =
    name.includes("\0") ||
    name.includes("\\") ||
    name.startsWith("/") ||
    /^[a-zA-Z]:/.test(name) ||
    name.split("/").includes("..");
  if (bad) {
    throw new SuspiciousFileOperation(
      `Detected path traversal attempt in '${name.replace(/\0/g, "\\0")}'. Storage names are relative paths without '..', backslashes or NUL bytes; pass the file's own name.`,
    );
  }
  const parts = name.split("/").filter((s) => s !== "" && s !== ".");
  if (parts.length === 0) {
    throw new SuspiciousFileOperation(
      `Could not derive a file name from '${name}'. Give the file a name.`,
    );
  }
  return parts.join("/");
}

/** Splits "dir/archive.tar.gz" into ["dir", "archive", ".tar.gz"] (Python's PurePath.suffixes). */
function splitName(name: string): [string, string, string] {
  const slash = name.lastIndexOf("/");
  const dir = slash >= 0 ? name.slice(0, slash) : "";
  const file = name.slice(slash + 1);
  const dot = file.indexOf(".", 1);
  if (dot < 0 || file.endsWith(".")) return [dir, file, ""];
  return [dir, file.slice(0, dot), file.slice(dot)];
}

function join(dir: string, file: string): string {
  return dir ? `${dir}/${file}` : file;
}

/**
 * The shared half of a storage: Django's `get_available_name()` and `generate_filename()`.
 * Subclasses implement the file operations.
 *
 * @example
 * class MemoryStorage extends StorageBase { ... }
 */
export abstract class StorageBase implements Storage {
  abstract save(name: string, content: FileContent, options?: StorageSaveOptions): Promise<string>;
  abstract open(name: string): Promise<Readable>;
  abstract delete(name: string): Promise<void>;
  abstract exists(name: string): Promise<boolean>;
  abstract size(name: string): Promise<number>;
  abstract url(name: string): string;
  abstract listdir(path: string): Promise<[string[], string[]]>;

  /**
   * `name` when free and short enough; else `root_XXXXXXX.ext` with 7 random letters and
   * digits, shortening the root to fit `maxLength`.
   *
   * @example
   * await storage.getAvailableName("a.txt"); // "a_k3J9xQz.txt" when a.txt exists
   */
  async getAvailableName(name: string, maxLength?: number): Promise<string> {
    const clean = checkRelativeName(name);
    const [dir, initialRoot, ext] = splitName(clean);
    let root = initialRoot;
    let candidate = clean;
    const tooLong = (n: string) => maxLength !== undefined && n.length > maxLength;
    while (tooLong(candidate) || (await this.exists(candidate))) {
      candidate = join(dir, `${root}_${randomSuffix()}${ext}`);
      if (maxLength === undefined) continue;
      const over = candidate.length - maxLength;
      if (over > 0) {
        root = root.slice(0, Math.max(0, root.length - over));
        if (root === "") {
          throw new SuspiciousFileOperation(
            `Storage can not find an available filename for "${candidate}". Make sure the file field allows a longer maxLength (now ${maxLength}), or upload to a shorter folder.`,
          );
        }
        candidate = join(dir, `${root}_${randomSuffix()}${ext}`);
      }
    }
    return candidate;
  }

  /**
   * The folder part checked for traversal, the base name cleaned with {@link validFileName}.
   *
   * @example
   * storage.generateFilename("docs/my report.pdf"); // "docs/my_report.pdf"
   */
  generateFilename(name: string): string {
    const normal = name.replace(/\\/g, "/");
    const slash = normal.lastIndexOf("/");
    const dir = slash >= 0 ? normal.slice(0, slash) : "";
    const file = validFileName(normal.slice(slash + 1));
    return dir ? checkRelativeName(`${dir}/${file}`) : file;
  }
}
