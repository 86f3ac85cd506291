// The gallery through the in-process test client, on PGlite and on PostgreSQL: a model form
// uploads a photo into a temporary MEDIA_ROOT, and the list shows it.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import type { Application } from "@tango/http";
import { MigrationExecutor } from "@tango/orm/migrations";
import { describeEachDatabase } from "@tango/orm/testing";
import { assertContains, assertRedirects, Client, createTestApplication } from "@tango/testing";
import { reverse } from "@tango/urls";
import { afterAll, beforeAll, expect, it } from "vitest";
import settings from "../mysite/settings.js";
import { Photo } from "./models.js";

/** A real PNG of `width` x `height` grey pixels. */
function png(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, "latin1");
    Buffer.from(data).copy(out, 8);
    out.writeInt32BE(0, 8 + data.length); // the CRC is not checked by readers of the size
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8);
  const rows = Buffer.alloc((width + 1) * height, 0x80);
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", new Uint8Array()),
  ]);
}

describeEachDatabase("gallery views", () => {
  let app: Application;
  let client: Client;
  let media: string;

  beforeAll(async () => {
    media = mkdtempSync(join(tmpdir(), "tango-gallery-"));
    app = await createTestApplication({ ...settings, MEDIA_ROOT: media });
    const executor = await MigrationExecutor.create();
    await executor.migrate(executor.targetsForApps());
    client = new Client(app);
  });

  afterAll(async () => {
    await app.close();
    rmSync(media, { recursive: true, force: true });
  });

  it("shows the upload form with a file input", async () => {
    const response = await client.get(reverse("gallery:new"));
    expect(response.status).toBe(200);
    assertContains(response, 'enctype="multipart/form-data"');
    assertContains(response, 'type="file" name="image"');
  });

  it("stores an uploaded photo with its size and lists it", async () => {
    const image = png(4, 3);
    const response = await client.post(reverse("gallery:new"), {
      title: "Grey <square>",
      image: { name: "grey.png", content: image, contentType: "image/png" },
    });
    await assertRedirects(response, reverse("gallery:list"));
    const photo = await Photo.objects.get({ title: "Grey <square>" });
    expect([photo.width, photo.height]).toEqual([4, 3]);
    expect(photo.image.name).toMatch(/^photos\/\d{4}\/\d{2}\/grey(_\w{7})?\.png$/);
    const stored = join(media, photo.image.name);
    expect(existsSync(stored)).toBe(true);
    expect(readFileSync(stored).equals(Buffer.from(image))).toBe(true);
    const list = await client.get(reverse("gallery:list"));
    assertContains(list, `src="/media/${photo.image.name}"`);
    assertContains(list, "Grey &lt;square&gt;");
  });

  it("re-shows the form with an error for a file that is not an image", async () => {
    const response = await client.post(reverse("gallery:new"), {
      title: "Not a photo",
      image: { name: "notes.png", content: "just text", contentType: "image/png" },
    });
    expect(response.status).toBe(200);
    assertContains(response, "Upload a valid image.");
    expect(await Photo.objects.filter({ title: "Not a photo" }).exists()).toBe(false);
  });
});
