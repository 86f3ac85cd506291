/** Tiny image files built in memory for the image-size tests: [bytes, width, height]. */
import { deflateSync } from "node:zlib";

type Fixture = [Uint8Array, number, number];

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function u32be(n: number): number[] {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
}

function u32le(n: number): number[] {
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];
}

function pngChunk(type: string, data: Uint8Array): number[] {
  const typed = new Uint8Array([...Buffer.from(type, "ascii"), ...data]);
  return [...u32be(data.length), ...typed, ...u32be(crc32(typed))];
}

/** A real 3x2 grey PNG. */
export function png(width = 3, height = 2): Uint8Array {
  const ihdr = new Uint8Array([...u32be(width), ...u32be(height), 8, 0, 0, 0, 0]);
  const rows = new Uint8Array(height * (width + 1)); // filter byte 0, then black pixels
  return new Uint8Array([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...pngChunk("IHDR", ihdr),
    ...pngChunk("IDAT", deflateSync(rows)),
    ...pngChunk("IEND", new Uint8Array()),
  ]);
}

/** A real 1x1 GIF. */
export function gif(): Uint8Array {
  return Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64");
}

/** A baseline JPEG header (SOI, JFIF APP0, SOF0 of 5x4, EOI). */
export function jpeg(width = 5, height = 4): Uint8Array {
  return new Uint8Array([
    0xff,
    0xd8,
    0xff,
    0xe0,
    0x00,
    0x10,
    0x4a,
    0x46,
    0x49,
    0x46,
    0x00,
    0x01,
    0x01,
    0x00,
    0x00,
    0x01,
    0x00,
    0x01,
    0x00,
    0x00,
    0xff,
    0xc0,
    0x00,
    0x0b,
    0x08,
    height >> 8,
    height & 255,
    width >> 8,
    width & 255,
    0x01,
    0x01,
    0x11,
    0x00,
    0xff,
    0xd9,
  ]);
}

function riff(chunk: string, data: number[]): Uint8Array {
  const body = [...Buffer.from("WEBP"), ...Buffer.from(chunk), ...u32le(data.length), ...data];
  return new Uint8Array([...Buffer.from("RIFF"), ...u32le(body.length), ...body]);
}

/** Real 1x1 lossless WebP, and VP8 / VP8X headers. */
export function webp(): { vp8l: Uint8Array; vp8: Uint8Array; vp8x: Uint8Array } {
  return {
    vp8l: Buffer.from("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==", "base64"),
    vp8: riff("VP8 ", [0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, 7, 0, 6, 0, 0, 0]),
    vp8x: riff("VP8X", [0x10, 0, 0, 0, ...[299 & 255, 299 >> 8, 0], ...[199, 0, 0]]),
  };
}

/** A 2x3 bottom-up 24-bit BMP. */
export function bmp(): Uint8Array {
  const pixels = new Array(3 * 8).fill(0); // rows padded to 4 bytes
  const header = [
    ...u32le(40),
    ...u32le(2),
    ...u32le(3),
    1,
    0,
    24,
    0,
    ...u32le(0),
    ...u32le(pixels.length),
    ...u32le(2835),
    ...u32le(2835),
    ...u32le(0),
    ...u32le(0),
  ];
  const size = 14 + header.length + pixels.length;
  return new Uint8Array([
    0x42,
    0x4d,
    ...u32le(size),
    0,
    0,
    0,
    0,
    ...u32le(54),
    ...header,
    ...pixels,
  ]);
}

/** Every fixture, by name. */
export function imageFixtures(): Record<"png" | "gif" | "jpeg" | "bmp", Fixture> &
  Record<string, Fixture> {
  const w = webp();
  return {
    png: [png(), 3, 2],
    gif: [gif(), 1, 1],
    jpeg: [jpeg(), 5, 4],
    "webp (VP8L)": [w.vp8l, 1, 1],
    "webp (VP8)": [w.vp8, 7, 6],
    "webp (VP8X)": [w.vp8x, 300, 200],
    bmp: [bmp(), 2, 3],
  };
}
