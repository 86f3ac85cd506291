import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dimensionsOf, getImageDimensions } from "./image-dimensions.js";
import { imageFixtures } from "./image-fixtures.test.helpers.js";

describe("getImageDimensions", () => {
  it.each(Object.entries(imageFixtures()))("reads %s", async (_kind, [bytes, width, height]) => {
    expect(dimensionsOf(bytes)).toEqual({ width, height });
    expect(await getImageDimensions(bytes)).toEqual({ width, height });
  });

  it("reads a file by path, and a JPEG whose SOF sits past 64 KiB", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tango-img-"));
    try {
      writeFileSync(join(dir, "a.png"), imageFixtures().png[0]!);
      expect(await getImageDimensions(join(dir, "a.png"))).toEqual({ width: 3, height: 2 });
      const jpeg = imageFixtures().jpeg[0]!;
      const app1 = new Uint8Array(4 + 65_000);
      app1.set([0xff, 0xe1, 0xfd, 0xea]); // APP1 of 65002 bytes of padding
      const big = new Uint8Array([
        ...jpeg.subarray(0, 2),
        ...app1,
        ...app1.subarray(0, 0),
        ...jpeg.subarray(2),
      ]);
      writeFileSync(join(dir, "big.jpg"), big);
      expect(await getImageDimensions(join(dir, "big.jpg"))).toEqual({ width: 5, height: 4 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is undefined for other or truncated content", () => {
    expect(dimensionsOf(new TextEncoder().encode("hello, world"))).toBeUndefined();
    expect(dimensionsOf(imageFixtures().png[0]!.subarray(0, 18))).toBeUndefined();
    expect(dimensionsOf(new Uint8Array())).toBeUndefined();
  });
});
