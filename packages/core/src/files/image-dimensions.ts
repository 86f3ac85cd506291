/** getImageDimensions(): the width and height of a PNG, GIF, JPEG, WebP or BMP, read from its header. */
import { open } from "node:fs/promises";

/**
 * An image's size in pixels.
 *
 * @example
 * const size: ImageDimensions = { width: 640, height: 480 };
 */
export interface ImageDimensions {
  width: number;
  height: number;
}

const HEAD_BYTES = 64 * 1024;

/**
 * The width and height of a PNG, GIF, JPEG (from its SOF marker), WebP (VP8, VP8L, VP8X) or
 * BMP, from bytes or a file path; undefined for anything else or a truncated header.
 * Pure TypeScript: no native dependency.
 *
 * @example
 * await getImageDimensions("/srv/media/photos/cat.png"); // { width: 640, height: 480 }
 * await getImageDimensions(new Uint8Array([1, 2, 3])); // undefined
 */
export async function getImageDimensions(
  source: Uint8Array | string,
): Promise<ImageDimensions | undefined> {
  if (typeof source !== "string") return dimensionsOf(source);
  const handle = await open(source, "r");
  try {
    const head = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
    const found = dimensionsOf(head.subarray(0, bytesRead));
    if (found || bytesRead < HEAD_BYTES || !isJpeg(head)) return found;
    // A JPEG whose metadata (EXIF, thumbnails) pushes the SOF marker further in.
    return dimensionsOf(new Uint8Array(await handle.readFile()));
  } finally {
    await handle.close();
  }
}

/**
 * {@link getImageDimensions} for bytes already in memory, synchronously.
 *
 * @example
 * dimensionsOf(pngBytes); // { width: 1, height: 1 }
 */
export function dimensionsOf(bytes: Uint8Array): ImageDimensions | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
      return sized(view.getUint32(16), view.getUint32(20));
    }
    if (ascii(bytes, 0, 4) === "GIF8") {
      return sized(view.getUint16(6, true), view.getUint16(8, true));
    }
    if (isJpeg(bytes)) return jpeg(bytes, view);
    if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") return webp(bytes, view);
    if (ascii(bytes, 0, 2) === "BM") {
      const header = view.getUint32(14, true);
      if (header === 12) return sized(view.getUint16(18, true), view.getUint16(20, true));
      return sized(Math.abs(view.getInt32(18, true)), Math.abs(view.getInt32(22, true)));
    }
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
  return undefined;
}

function sized(width: number, height: number): ImageDimensions | undefined {
  return width > 0 && height > 0 ? { width, height } : undefined;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

function isJpeg(bytes: Uint8Array): boolean {
  return bytes[0] === 0xff && bytes[1] === 0xd8;
}

// Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) do not.
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpeg(bytes: Uint8Array, view: DataView): ImageDimensions | undefined {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] as number;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined;
    const length = view.getUint16(at + 2);
    if (SOF.has(marker)) return sized(view.getUint16(at + 7), view.getUint16(at + 5));
    at += 2 + length;
  }
  return undefined;
}

function webp(bytes: Uint8Array, view: DataView): ImageDimensions | undefined {
  const chunk = ascii(bytes, 12, 4);
  if (chunk === "VP8 ") {
    // Frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height.
    if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return undefined;
    return sized(view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff);
  }
  if (chunk === "VP8L") {
    if (bytes[20] !== 0x2f) return undefined;
    const bits = view.getUint32(21, true);
    return sized((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === "VP8X") {
    const width = 1 + (view.getUint16(24, true) | ((bytes[26] as number) << 16));
    const height = 1 + (view.getUint16(27, true) | ((bytes[29] as number) << 16));
    return sized(width, height);
  }
  return undefined;
}
