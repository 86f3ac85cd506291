import { describe, expect, it } from "vitest";
import type { Model } from "../model.js";
import { FieldFile } from "./field-file.js";
import { FileFieldImpl, ImageFieldImpl } from "./file-fields.js";

describe("FileField names", () => {
  it("fills strftime-like patterns in uploadTo", () => {
    const at = new Date(2026, 2, 5, 7, 8, 9);
    const field = new FileFieldImpl({ uploadTo: "docs/%Y/%m/%d/%H%M%S/%%/" });
    expect(field.generateFilename({} as never, "report.pdf", at)).toBe(
      "docs/2026/03/05/070809/%/report.pdf",
    );
    expect(new FileFieldImpl({ uploadTo: "flat" }).generateFilename({} as never, "a.txt")).toBe(
      "flat/a.txt",
    );
    expect(new FileFieldImpl().generateFilename({} as never, "C:\\Users\\x\\a.txt")).toBe("a.txt");
  });

  it("calls an uploadTo function with the instance and the base name", () => {
    const seen: unknown[] = [];
    const field = new FileFieldImpl({
      uploadTo: (instance, name) => {
        seen.push(instance, name);
        return `users/7/${name}`;
      },
    });
    const instance = {} as never;
    expect(field.generateFilename(instance, "../x/avatar.png")).toBe("users/7/avatar.png");
    expect(seen).toEqual([instance, "avatar.png"]);
  });

  it("keeps the varchar(100) column and converts FieldFiles and uploads to names", () => {
    const field = new ImageFieldImpl({ uploadTo: "p/" });
    expect(field.dbType()).toBe("varchar(100)");
    expect(field.maxLength).toBe(100);
    const upload = { name: "a.png", chunks: async function* () {} };
    expect(field.toDb(upload)).toBe("a.png");
    expect(field.toDb(new FieldFile({} as Model, field, "p/b.png"))).toBe("p/b.png");
    expect(field.toDb(new FieldFile({} as Model, field, null))).toBe("");
    expect(field.toDb(null)).toBeNull();
    expect(field.toDb("p/c.png")).toBe("p/c.png");
  });

  it("survives clone() with its storage option", () => {
    const storage = "archive";
    const field = new FileFieldImpl({ storage });
    expect(field.clone().storageOption).toBe("archive");
  });
});
