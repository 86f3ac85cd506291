/** FileField and ImageField: uploads from `request.FILES`, with Django's checks and messages. */
import { UploadedFile } from "@tango/http";
import { ClearableFileInput, FILE_INPUT_CONTRADICTION } from "../widgets/file-inputs.js";
import type { Widget } from "../widgets/widget.js";
import { Field, type FieldOptions, isEmptyValue } from "./field.js";

/**
 * Options of FileField and ImageField.
 *
 * @example
 * new FileField({ maxLength: 100, allowEmptyFile: true, required: false });
 */
export interface FileFieldOptions extends FieldOptions {
  /** The longest file name accepted. */
  readonly maxLength?: number;
  /** Accept zero-byte files (default false: "The submitted file is empty."). */
  readonly allowEmptyFile?: boolean;
}

/**
 * What a file field cleans to: the upload; for an optional field, `null` (nothing sent) or
 * `false` (the "clear" box was checked). With no upload, a bound form keeps the initial value.
 *
 * @example
 * type Avatar = FileValue<{ required: false }>; // UploadedFile | null | false
 */
export type FileValue<O> = O extends { readonly required: false }
  ? UploadedFile | null | false
  : UploadedFile;

/**
 * An uploaded file. Bind the form with `files: request.FILES` and a multipart `<form>`.
 *
 * @example
 * const form = new UploadForm({ data: request.POST, files: request.FILES });
 */
export class FileField<const O extends FileFieldOptions = {}> extends Field<FileValue<O>> {
  maxLength: number | undefined;
  allowEmptyFile: boolean;

  constructor(options?: O) {
    super(options);
    this.maxLength = options?.maxLength;
    this.allowEmptyFile = options?.allowEmptyFile ?? false;
  }

  protected override defaultWidget(): Widget {
    return new ClearableFileInput();
  }

  protected override messages(): Record<string, string> {
    return {
      ...super.messages(),
      invalid: "No file was submitted. Check the encoding type on the form.",
      missing: "No file was submitted.",
      empty: "The submitted file is empty.",
      contradiction: "Please either submit a file or check the clear checkbox, not both.",
    };
  }

  protected override pluralMessages(): Record<string, readonly [string, string, string]> {
    return {
      max_length: [
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
        "max",
      ],
    };
  }

  override toPython(data: unknown): FileValue<O> | null {
    if (isEmptyValue(data)) return null;
    if (!(data instanceof UploadedFile)) throw this.error("invalid");
    if (!data.name) throw this.error("invalid");
    if (this.maxLength !== undefined && data.name.length > this.maxLength)
      throw this.error("max_length", { max: this.maxLength, length: data.name.length });
    if (!this.allowEmptyFile && data.size === 0) throw this.error("empty");
    return data as FileValue<O>;
  }

  /** Django's FileField.clean(data, initial): clear, keep the initial file, or check the upload. */
  override async clean(data: unknown, initial?: unknown): Promise<FileValue<O>> {
    if (data === FILE_INPUT_CONTRADICTION) throw this.error("contradiction");
    if (data === false) {
      if (!this.required) return false as FileValue<O>;
      // A required field cannot be cleared: fall back to the initial file.
      data = null;
    }
    if (!data && initial) return initial as FileValue<O>;
    return super.clean(data);
  }

  override boundData(data: unknown, initial: unknown): unknown {
    if (data === null || data === undefined || data === FILE_INPUT_CONTRADICTION) return initial;
    return data;
  }

  override hasChanged(_initial: unknown, data: unknown): boolean {
    return !this.disabled && data !== null && data !== undefined;
  }
}

const SIGNATURES: readonly (readonly [string, (b: Buffer) => boolean])[] = [
  [
    "PNG",
    (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  ],
  ["GIF", (b) => ["GIF87a", "GIF89a"].includes(b.subarray(0, 6).toString("latin1"))],
  ["JPEG", (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  [
    "WEBP",
    (b) =>
      b.subarray(0, 4).toString("latin1") === "RIFF" &&
      b.subarray(8, 12).toString("latin1") === "WEBP",
  ],
  ["BMP", (b) => b.subarray(0, 2).toString("latin1") === "BM"],
];

/**
 * The image format of `header` (the file's first bytes), from its magic number, or undefined.
 *
 * @example
 * imageFormat(await upload.read()); // "PNG"
 */
export function imageFormat(header: Buffer): string | undefined {
  return SIGNATURES.find(([, test]) => test(header))?.[0];
}

async function readHeader(file: UploadedFile): Promise<Buffer> {
  for await (const chunk of file.chunks(16)) return chunk;
  return Buffer.alloc(0);
}

/**
 * An uploaded image: a FileField whose content must start like a PNG, GIF, JPEG, WebP or BMP.
 *
 * @example
 * const avatar = new ImageField({ required: false });
 */
export class ImageField<const O extends FileFieldOptions = {}> extends FileField<O> {
  protected override messages(): Record<string, string> {
    return {
      ...super.messages(),
      invalid_image:
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",
    };
  }

  override async clean(data: unknown, initial?: unknown): Promise<FileValue<O>> {
    const value = await super.clean(data, initial);
    if (value instanceof UploadedFile && value === data) {
      if (!imageFormat(await readHeader(value))) throw this.error("invalid_image");
    }
    return value;
  }

  protected override defaultWidget(): Widget {
    const widget = new ClearableFileInput();
    widget.attrs.accept = "image/*";
    return widget;
  }
}
