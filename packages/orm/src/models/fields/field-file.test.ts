import { mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { text } from "node:stream/consumers";
import { deflateSync } from "node:zlib";
import {
  configureSettings,
  FileSystemStorage,
  loadSettings,
  resetSettings,
  storages,
} from "@tango/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../../testing/index.js";
import { decorator, IntegerField } from "../decorators.js";
import { Model } from "../model.js";
import { createModels } from "../schema-editor.js";
import { FieldFile, type UploadLike } from "./field-file.js";
import {
  FileFieldImpl,
  type FileFieldOptions,
  ImageFieldImpl,
  type ImageFieldOptions,
} from "./file-fields.js";

// decorators.ts types FileField properties as string; these type them as FieldFile.
const FileProp = (o: FileFieldOptions = {}) => decorator<FieldFile>(() => new FileFieldImpl(o));
const ImageProp = (o: ImageFieldOptions = {}) => decorator<FieldFile>(() => new ImageFieldImpl(o));

let root = "";
const roots: string[] = [];
const bytes = (s: string) => new TextEncoder().encode(s);
const archive = () => join(root, "elsewhere");

class Doc extends Model {
  static override meta = { app: "filetest" };
  @FileProp({ uploadTo: "docs/%Y/" }) declare file: FieldFile;
  @FileProp({
    uploadTo: (doc, name) => `by-fn/${(doc as Doc).file.hasFile ? "x" : "y"}/${name}`,
    blank: true,
  })
  declare extra: FieldFile;
}

class Photo extends Model {
  static override meta = { app: "filetest" };
  @ImageProp({ uploadTo: "photos/", widthField: "width", heightField: "height" })
  declare image: FieldFile;
  @IntegerField({ null: true }) declare width: number | null;
  @IntegerField({ null: true }) declare height: number | null;
}

class Archived extends Model {
  static override meta = { app: "filetest" };
  @FileProp({ storage: () => new FileSystemStorage({ location: archive(), baseUrl: "/archive/" }) })
  declare file: FieldFile;
}

function upload(name: string, content: string | Uint8Array): UploadLike {
  const data = typeof content === "string" ? bytes(content) : content;
  return {
    name,
    size: data.length,
    async *chunks() {
      yield data;
    },
  };
}

function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
const be = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const le = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];
function pngChunk(type: string, data: Uint8Array): number[] {
  const typed = new Uint8Array([...Buffer.from(type), ...data]);
  return [...be(data.length), ...typed, ...be(crc32(typed))];
}
/** A real 3x2 grey PNG. */
const png = new Uint8Array([
  0x89,
  0x50,
  0x4e,
  0x47,
  0x0d,
  0x0a,
  0x1a,
  0x0a,
  ...pngChunk("IHDR", new Uint8Array([...be(3), ...be(2), 8, 0, 0, 0, 0])),
  ...pngChunk("IDAT", deflateSync(new Uint8Array(8))),
  ...pngChunk("IEND", new Uint8Array()),
]);
const webpVp8x = (() => {
  const body = [...Buffer.from("WEBPVP8X"), ...le(10), 0x10, 0, 0, 0, 43, 1, 0, 199, 0, 0];
  return new Uint8Array([...Buffer.from("RIFF"), ...le(body.length), ...body]);
})();
const fixtures: [string, Uint8Array, number, number][] = [
  ["a.png", png, 3, 2],
  [
    "b.gif",
    Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64"),
    1,
    1,
  ],
  [
    "c.jpg",
    new Uint8Array([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00,
      0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x04, 0x00, 0x05, 0x01,
      0x01, 0x11, 0x00, 0xff, 0xd9,
    ]),
    5,
    4,
  ],
  ["d.webp", Buffer.from("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==", "base64"), 1, 1],
  ["e.webp", webpVp8x, 300, 200],
];

afterAll(() => {
  resetSettings();
  storages.reset();
  for (const folder of roots) rmSync(folder, { recursive: true, force: true });
});

describeEachDatabase("FileField and FieldFile", (ctx) => {
  beforeAll(async () => {
    // A fresh MEDIA_ROOT per database, so names chosen on one run do not collide on the next.
    root = realpathSync(mkdtempSync(join(tmpdir(), "tango-fieldfile-")));
    roots.push(root);
    configureSettings(
      loadSettings({ SECRET_KEY: "x".repeat(60), MEDIA_ROOT: root, MEDIA_URL: "/media/" }, {}),
    );
    await createModels(ctx.kysely, [Doc, Photo, Archived]);
  });

  it("stores an assigned upload on save(), then the name in the row", async () => {
    const doc = new Doc({ file: upload("my report.txt", "hello") });
    expect(doc.file).toBeInstanceOf(FieldFile);
    expect(doc.file.committed).toBe(false);
    expect(await doc.file.size).toBe(5);
    await doc.save();
    const year = new Date().getFullYear();
    const name = `docs/${year}/my_report.txt`;
    expect(doc.file.name).toBe(name);
    expect(doc.file.committed).toBe(true);
    expect(doc.file.hasFile).toBe(true);
    expect(doc.file.url).toBe(`/media/${name}`);
    expect(doc.file.path).toBe(join(root, name));
    expect(readFileSync(doc.file.path, "utf8")).toBe("hello");
    expect(doc.extra.hasFile).toBe(false);
    const row = await ctx.kysely
      .selectFrom("filetest_doc")
      .select(["file", "extra"])
      .where("id", "=", doc.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ file: name, extra: "" });

    const again = new Doc({ file: upload("my report.txt", "second") });
    await again.save();
    expect(again.file.name).toMatch(new RegExp(`^docs/${year}/my_report_[A-Za-z0-9]{7}\\.txt$`));

    const loaded = Doc.fromDb({ id: doc.id, ...row });
    expect(loaded.file.name).toBe(name);
    expect(await text((await loaded.file.open()) as AsyncIterable<Uint8Array> as never)).toBe(
      "hello",
    );
    expect(await loaded.file.size).toBe(5);
    expect(String(loaded.file)).toBe(name);
    expect(JSON.parse(JSON.stringify({ f: loaded.file }))).toEqual({ f: name });
  });

  it("saves and deletes through FieldFile, with uploadTo functions", async () => {
    const doc = new Doc({ file: "docs/existing.txt" });
    await doc.save();
    await doc.extra.save("note.txt", bytes("n"));
    expect(doc.extra.name).toBe("by-fn/x/note.txt");
    await doc.refreshFromDb();
    expect(doc.extra.name).toBe("by-fn/x/note.txt");
    const path = doc.extra.path;
    expect(readFileSync(path, "utf8")).toBe("n");

    await doc.extra.delete();
    expect(doc.extra.hasFile).toBe(false);
    expect(() => readFileSync(path)).toThrow();
    await doc.refreshFromDb();
    expect(doc.extra.name).toBe("");
    expect(() => doc.extra.url).toThrow("has no file associated with it");

    await doc.extra.save("kept.txt", bytes("k"), { save: false });
    expect(doc.extra.name).toBe("by-fn/x/kept.txt");
    await doc.refreshFromDb();
    expect(doc.extra.name).toBe("");
  });

  it("copies another instance's file by name, and takes a name string", async () => {
    const a = new Doc({ file: upload("shared.txt", "s") });
    await a.save();
    const b = new Doc({ file: "x" });
    b.file = a.file;
    expect(b.file.instance).toBe(b);
    expect(b.file.name).toBe(a.file.name);
    b.file = "docs/other.txt" as never;
    expect(b.file.name).toBe("docs/other.txt");
    b.file = 42 as never;
    expect(() => b.file).toThrow("Cannot assign 42");
  });

  it("fills ImageField's width and height from PNG, GIF, JPEG and WebP", async () => {
    for (const [name, data, width, height] of fixtures) {
      const photo = new Photo({ image: upload(name, data) });
      await photo.save();
      expect([photo.image.name, photo.width, photo.height]).toEqual([
        `photos/${name}`,
        width,
        height,
      ]);
      await photo.refreshFromDb();
      expect([photo.width, photo.height]).toEqual([width, height]);
      await photo.image.delete();
      expect([photo.width, photo.height]).toEqual([null, null]);
    }
    const photo = new Photo({});
    await photo.image.save("direct.png", png);
    expect([photo.width, photo.height]).toEqual([3, 2]);
    await photo.image.save("text.png", bytes("not a png"));
    expect([photo.width, photo.height]).toEqual([null, null]);
  });

  it("uses the storage given to the field", async () => {
    const item = new Archived({});
    await item.file.save("a b.txt", bytes("x"));
    expect(item.file.url).toBe("/archive/a_b.txt");
    expect(readFileSync(join(archive(), "a_b.txt"), "utf8")).toBe("x");
  });
});
