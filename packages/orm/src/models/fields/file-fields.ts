/** FileField and ImageField: a `varchar` column holding the stored file's name, a FieldFile on the instance. */
import { defaultStorage, type FileContent, type Storage, storages } from "@tango/core";
import { instanceValues, type Model } from "../model.js";
import { FieldFile, isUploadLike, storedImageDimensions, type UploadLike } from "./field-file.js";
import { CharFieldImpl, type CharFieldOptions } from "./text-fields.js";

/**
 * Where uploads go: a folder (with strftime-like `%Y/%m/%d`) or a function of the instance.
 *
 * @example
 * const to: UploadTo = (doc, name) => `docs/${doc.pk}/${name}`;
 */
export type UploadTo = string | ((instance: Model, filename: string) => string);

/**
 * FileField's options.
 *
 * @example
 * ```ts
 * @FileField({ uploadTo: "docs/%Y/", storage: "archive" }) declare file: string;
 * ```
 */
export interface FileFieldOptions extends CharFieldOptions {
  uploadTo?: UploadTo;
  /** A Storage, a STORAGES alias, or a function returning one (default: the "default" storage). */
  storage?: Storage | string | (() => Storage);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Fills `%Y %m %d %H %M %S` (and `%%`) in an `uploadTo` folder, as Python's strftime. */
function strftime(pattern: string, now: Date): string {
  const parts: Record<string, string> = {
    Y: String(now.getFullYear()),
    m: pad(now.getMonth() + 1),
    d: pad(now.getDate()),
    H: pad(now.getHours()),
    M: pad(now.getMinutes()),
    S: pad(now.getSeconds()),
    "%": "%",
  };
  return pattern.replace(/%([YmdHMS%])/g, (_m, key: string) => parts[key] ?? "");
}

/**
 * A file reference: the column stores the name the storage gave the file
 * (`"uploads/2026/a.pdf"`); the instance property is a {@link FieldFile}. Assign an upload
 * (an UploadedFile) and `save()` the instance to store it first (Django's pre_save).
 *
 * @example
 * class Doc extends Model { @FileField({ uploadTo: "docs/%Y/" }) declare file: FieldFile; }
 * doc.file = upload; await doc.save(); // stores docs/2026/a.pdf, INSERT INTO "app_doc" ("file") VALUES ($1)
 */
export class FileFieldImpl extends CharFieldImpl {
  override readonly internalType: string = "FileField";
  readonly uploadTo: UploadTo;
  /** The `storage` option as given (a plain property: `clone()` copies own properties only). */
  readonly storageOption: FileFieldOptions["storage"];

  constructor(options: FileFieldOptions = {}) {
    super(options, 100);
    if (options.primaryKey) {
      throw new TypeError("FileField does not accept primaryKey; use a CharField key instead.");
    }
    this.uploadTo = options.uploadTo ?? "";
    this.storageOption = options.storage;
  }

  /** The storage files go to. */
  get storage(): Storage {
    const given = this.storageOption;
    if (given === undefined) return defaultStorage();
    if (typeof given === "string") return storages.get(given);
    return typeof given === "function" ? given() : given;
  }

  /**
   * The name to store an upload under: `uploadTo` (dates filled in) joined with the file's
   * base name, or what the `uploadTo` function returns. The storage cleans it when saving.
   *
   * @example
   * field.generateFilename(doc, "report.pdf"); // "docs/2026/report.pdf"
   */
  generateFilename(instance: Model, filename: string, now: Date = new Date()): string {
    const base = filename.split(/[\\/]/).pop() ?? filename;
    if (typeof this.uploadTo === "function") return this.uploadTo(instance, base);
    const folder = strftime(this.uploadTo, now);
    if (!folder) return base;
    return folder.endsWith("/") ? `${folder}${base}` : `${folder}/${base}`;
  }

  /**
   * The instance property's value: the stored value wrapped in a FieldFile (once, then kept),
   * as Django's FileDescriptor does.
   *
   * @example
   * field.attributeValue(doc, "docs/a.pdf").url; // "/media/docs/a.pdf"
   */
  attributeValue(instance: Model, raw: unknown): FieldFile {
    if (raw instanceof FieldFile && raw.instance === instance && raw.field === this) return raw;
    let file: FieldFile;
    if (raw instanceof FieldFile) {
      file = new FieldFile(instance, this, raw.storedName);
    } else if (isUploadLike(raw)) {
      file = new FieldFile(instance, this, raw.name, raw);
    } else if (raw === null || raw === undefined) {
      file = new FieldFile(instance, this, null);
    } else if (typeof raw === "string") {
      file = new FieldFile(instance, this, raw);
    } else {
      throw new TypeError(
        `Cannot assign ${String(raw)} to ${String(this)}: assign a file name, a FieldFile, or an upload with a name and chunks().`,
      );
    }
    instanceValues(instance)[this.attname] = file;
    return file;
  }

  /** Stores an assigned upload before the row is written (Django's `pre_save`). */
  async preSave(current: unknown, _adding: boolean, instance?: Model): Promise<unknown> {
    if (!instance) return current;
    const file = this.attributeValue(instance, current);
    if (!file.committed) await file.commit();
    return file;
  }

  /** Called after `FieldFile.save()` stored content; ImageField reads the size here. */
  async fileSaved(
    _instance: Model,
    _file: FieldFile,
    _content: FileContent | UploadLike,
  ): Promise<void> {}

  /** Called after `FieldFile.delete()`; ImageField clears the size here. */
  fileDeleted(_instance: Model): void {}

  override toJs(value: unknown): string | null {
    // Django's get_prep_value: str(field_file), so an emptied file stores "".
    if (value instanceof FieldFile) return value.name;
    if (isUploadLike(value)) return value.name;
    return super.toJs(value);
  }

  override toDb(value: unknown): unknown {
    return this.toJs(value);
  }
}

/**
 * ImageField's options: properties that receive the image's size.
 *
 * @example
 * ```ts
 * @ImageField({ uploadTo: "photos/", widthField: "width", heightField: "height" }) declare photo: FieldFile;
 * ```
 */
export interface ImageFieldOptions extends FileFieldOptions {
  widthField?: string;
  heightField?: string;
}

/**
 * A FileField for images: saving a file fills `widthField` / `heightField` from its header
 * (PNG, GIF, JPEG, WebP, BMP); forms check the upload is an image.
 *
 * @example
 * class Photo extends Model { @ImageField({ uploadTo: "photos/", widthField: "width" }) declare image: FieldFile; }
 */
export class ImageFieldImpl extends FileFieldImpl {
  override readonly internalType: string = "ImageField";
  readonly widthField: string | undefined;
  readonly heightField: string | undefined;

  constructor(options: ImageFieldOptions = {}) {
    super(options);
    this.widthField = options.widthField;
    this.heightField = options.heightField;
  }

  override async fileSaved(
    instance: Model,
    file: FieldFile,
    content: FileContent | UploadLike,
  ): Promise<void> {
    if (!this.widthField && !this.heightField) return;
    const size = await storedImageDimensions(file, content);
    setDimensions(this, instance, size?.width ?? null, size?.height ?? null);
  }

  override fileDeleted(instance: Model): void {
    setDimensions(this, instance, null, null);
  }
}

function setDimensions(
  field: ImageFieldImpl,
  instance: Model,
  width: number | null,
  height: number | null,
): void {
  const target = instance as unknown as Record<string, unknown>;
  if (field.widthField) target[field.widthField] = width;
  if (field.heightField) target[field.heightField] = height;
}
