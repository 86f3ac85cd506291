/** FieldFile: what a FileField gives an instance (Django's FieldFile): the stored name plus its storage. */
import type { Readable } from "node:stream";
import type { FileContent, Storage } from "@tango/core";
import { getImageDimensions } from "@tango/core";
import { instanceValues, type Model } from "../model.js";
import type { FileFieldImpl } from "./file-fields.js";

/**
 * A file to store that is not yet in a storage: `@tango/http`'s UploadedFile fits (the ORM
 * reads it through this shape, never importing http), as does any object with a name and
 * `chunks()` or `stream()`.
 *
 * @example
 * doc.file = request.FILES.get("file") as UploadLike;
 * await doc.save(); // stores the file, then the row
 */
export interface UploadLike {
  readonly name: string;
  readonly size?: number;
  chunks?(): AsyncIterable<Uint8Array>;
  stream?(): AsyncIterable<Uint8Array>;
}

/**
 * Options of `FieldFile.save()` and `FieldFile.delete()`.
 *
 * @example
 * await doc.file.save("a.txt", bytes, { save: false });
 */
export interface FieldFileSaveOptions {
  /** Save the instance afterwards (default true). */
  save?: boolean;
}

/**
 * Whether `value` is an upload a FileField can store: a name and `chunks()` or `stream()`.
 *
 * @example
 * isUploadLike(request.FILES.get("file")); // true
 */
export function isUploadLike(value: unknown): value is UploadLike {
  if (typeof value !== "object" || value === null || value instanceof FieldFile) return false;
  const v = value as Partial<UploadLike>;
  return (
    typeof v.name === "string" && (typeof v.chunks === "function" || typeof v.stream === "function")
  );
}

function contentOf(content: FileContent | UploadLike): FileContent {
  if (content instanceof Uint8Array) return content;
  const upload = content as UploadLike;
  if (typeof upload.chunks === "function") return upload.chunks();
  if (typeof upload.stream === "function") return upload.stream();
  return content as FileContent;
}

/**
 * The value of a FileField on an instance: the name the storage gave the file, with `url`,
 * `path`, `size`, `open()`, `save()` and `delete()` going through the field's storage.
 * `hasFile` is Django's truthiness (`if doc.file:`).
 *
 * @example
 * await doc.file.save("report.pdf", bytes); // stores docs/2026/report.pdf, then UPDATE "app_doc" SET "file" = $1 ...
 * doc.file.url; // "/media/docs/2026/report.pdf"
 */
export class FieldFile {
  readonly instance: Model;
  readonly field: FileFieldImpl;
  #name: string | null;
  #pending: UploadLike | undefined;

  constructor(instance: Model, field: FileFieldImpl, name: string | null, pending?: UploadLike) {
    this.instance = instance;
    this.field = field;
    this.#name = name;
    this.#pending = pending;
  }

  /** The stored name ("" when there is no file). */
  get name(): string {
    return this.#name ?? "";
  }

  set name(value: string) {
    this.#name = value;
    this.#pending = undefined;
  }

  /** The column value: the name, or null when the field held null. */
  get storedName(): string | null {
    return this.#name;
  }

  /** Whether a file is associated (Django's `bool(field_file)`). */
  get hasFile(): boolean {
    return this.name !== "";
  }

  /** Whether the file is in the storage (false for an assigned upload until the instance is saved). */
  get committed(): boolean {
    return this.#pending === undefined;
  }

  /** The field's storage. */
  get storage(): Storage {
    return this.field.storage;
  }

  /** The file's URL. */
  get url(): string {
    return this.storage.url(this.#requireName("url"));
  }

  /** The file's absolute path, for storages on the local file system. */
  get path(): string {
    const name = this.#requireName("path");
    if (typeof this.storage.path !== "function") {
      throw new TypeError(
        `The storage of ${String(this.field)} has no local paths. Use open() or url instead of path.`,
      );
    }
    return this.storage.path(name);
  }

  /** The size in bytes (an assigned upload's own size until it is stored). */
  get size(): Promise<number> {
    if (this.#pending?.size !== undefined) return Promise.resolve(this.#pending.size);
    return Promise.resolve().then(() => this.storage.size(this.#requireName("size")));
  }

  /** A readable stream of the content. */
  async open(): Promise<Readable | AsyncIterable<Uint8Array>> {
    const pending = this.#pending;
    if (pending) return contentOf(pending) as AsyncIterable<Uint8Array>;
    return this.storage.open(this.#requireName("open"));
  }

  /**
   * Stores `content` under the field's `uploadTo` and `name` (made unique by the storage),
   * sets the field, and saves the instance unless `{ save: false }`.
   *
   * @example
   * await photo.image.save("cat.png", bytes); // "photos/cat.png", width and height set
   */
  async save(
    name: string,
    content: FileContent | UploadLike,
    options: FieldFileSaveOptions = {},
  ): Promise<void> {
    const wanted = this.field.generateFilename(this.instance, name);
    this.#name = await this.storage.save(wanted, contentOf(content), {
      maxLength: this.field.maxLength,
    });
    this.#pending = undefined;
    instanceValues(this.instance)[this.field.attname] = this;
    await this.field.fileSaved(this.instance, this, content);
    if (options.save !== false) await this.instance.save();
  }

  /**
   * Removes the file from the storage, empties the field, and saves the instance unless
   * `{ save: false }`.
   *
   * @example
   * await doc.file.delete(); // unlinks the file, then UPDATE "app_doc" SET "file" = $1 ...
   */
  async delete(options: FieldFileSaveOptions = {}): Promise<void> {
    if (!this.hasFile) return;
    if (this.committed) await this.storage.delete(this.name);
    this.#name = null;
    this.#pending = undefined;
    instanceValues(this.instance)[this.field.attname] = this;
    this.field.fileDeleted(this.instance);
    if (options.save !== false) await this.instance.save();
  }

  /**
   * Stores an assigned upload (FileField's pre-save step); nothing when already stored.
   *
   * @example
   * await doc.file.commit(); // what doc.save() does first
   */
  async commit(): Promise<void> {
    const pending = this.#pending;
    if (pending) await this.save(pending.name, pending, { save: false });
  }

  toString(): string {
    return this.name;
  }

  toJSON(): string | null {
    return this.#name;
  }

  #requireName(what: string): string {
    if (!this.hasFile) {
      throw new TypeError(
        `The '${this.field.name}' attribute has no file associated with it, so it has no ${what}. Check file.hasFile first.`,
      );
    }
    return this.name;
  }
}

/**
 * The width and height of stored image content: from the bytes when they are at hand, else
 * from the stored file.
 *
 * @example
 * await storedImageDimensions(file, bytes); // { width: 3, height: 2 }
 */
export async function storedImageDimensions(
  file: FieldFile,
  content: FileContent | UploadLike,
): Promise<{ width: number; height: number } | undefined> {
  if (content instanceof Uint8Array) return getImageDimensions(content);
  const storage = file.storage;
  if (typeof storage.path === "function") return getImageDimensions(storage.path(file.name));
  const parts: Uint8Array[] = [];
  for await (const chunk of await storage.open(file.name)) parts.push(chunk as Uint8Array);
  return getImageDimensions(new Uint8Array(Buffer.concat(parts)));
}
