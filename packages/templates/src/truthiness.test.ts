import { loadSettings, runWithSettings } from "@tango/core";
import { describe, expect, it } from "vitest";
import { TemplateEngine } from "./engine.js";
import { UnevaluatedIterable } from "./errors.js";
import { markSafe } from "./safe-string.js";
import { templateTruthy } from "./truthiness.js";

const settings = loadSettings({ SECRET_KEY: "k", TEMPLATES: [{ APP_DIRS: false }] }, {});
const engine = new TemplateEngine(settings);
const r = (source: string, context: Record<string, unknown> = {}) =>
  runWithSettings(settings, () => engine.renderString(source, context));
const ifElse = "{% if v %}T{% else %}F{% endif %}";

class Point {
  x = 0;
}
class Empty {}

/** Stands for the ORM's FieldFile, whose truthiness is its `hasFile`. */
class StoredFile {
  constructor(readonly hasFile: boolean) {}
}

describe("{% if %} with Python's truthiness", () => {
  it.each<[string, unknown]>([
    ["an empty array", []],
    ["an empty plain object (dict)", {}],
    ["an object without a prototype", Object.create(null)],
    ["an empty string", ""],
    ["an empty safe string", markSafe("")],
    ["0", 0],
    ["0.0", 0.0],
    ["NaN", Number.NaN],
    ["0n", 0n],
    ["null (None)", null],
    ["undefined (missing)", undefined],
    ["false", false],
    ["an empty Map", new Map()],
    ["an empty Set", new Set()],
    ["an empty typed array", new Uint8Array(0)],
    ["a file field with no file (hasFile false)", new StoredFile(false)],
  ])("is false for %s", async (_label, v) => {
    expect(await r(ifElse, { v })).toBe("F");
  });

  it.each<[string, unknown]>([
    ["a non-empty array", [0]],
    ["a non-empty object", { a: null }],
    ["a string", "0"],
    ["a number", -1],
    ["true", true],
    ["a Map", new Map([[1, 1]])],
    ["a Set", new Set([0])],
    ["a class instance", new Point()],
    ["a class instance without fields", new Empty()],
    ["a Date", new Date(0)],
    ["a file field with a file", new StoredFile(true)],
    ["a function", () => 0],
  ])("is true for %s", async (_label, v) => {
    expect(await r(ifElse, { v })).toBe("T");
  });

  it("follows Python in elif, not, and, or", async () => {
    const source = "{% if a %}a{% elif b %}b{% elif not c %}not-c{% else %}else{% endif %}";
    expect(await r(source, { a: [], b: {}, c: "" })).toBe("not-c");
    expect(await r(source, { a: [], b: { k: 1 }, c: "" })).toBe("b");
    expect(await r(source, { a: [], b: {}, c: [1] })).toBe("else");
    expect(await r("{% if not items %}none{% endif %}", { items: [] })).toBe("none");
    expect(await r("{% if not items %}none{% endif %}", { items: [1] })).toBe("");
    expect(await r("{% if a and b %}both{% else %}no{% endif %}", { a: [1], b: [] })).toBe("no");
    expect(await r("{% if a or b %}one{% else %}none{% endif %}", { a: [], b: {} })).toBe("none");
    expect(await r("{% if a or b %}one{% else %}none{% endif %}", { a: [], b: [2] })).toBe("one");
    expect(await r("{% if (a or b) and not c %}y{% endif %}", { a: [], b: "x", c: 0 })).toBe("y");
    expect(await r("{% if not a == b %}diff{% endif %}", { a: 1, b: 2 })).toBe("diff");
    expect(await r("{% if x not in items %}out{% endif %}", { x: 3, items: [1] })).toBe("out");
  });

  it("returns Python's values from and/or", async () => {
    expect(await r('{{ items or "none" }}', { items: [] })).toBe("none");
    expect(await r('{{ name or "anonymous" }}', { name: "ann" })).toBe("ann");
    expect(await r('{{ a and "yes" }}|{{ b and "yes" }}', { a: [1], b: 0 })).toBe("yes|0");
    expect(await r("{{ a and b or c }}", { a: {}, b: "b", c: "c" })).toBe("c");
  });

  it("tests the inline if the same way", async () => {
    expect(await r('{{ "some" if items else "none" }}', { items: [] })).toBe("none");
    expect(await r('{{ "some" if items else "none" }}', { items: [1] })).toBe("some");
    expect(await r('[{{ "some" if items }}]', { items: {} })).toBe("[]");
  });

  it("keeps {% empty %} and {% for %}...{% else %} for empty lists", async () => {
    const source = "{% for i in items %}{{ i }}{% empty %}none{% endfor %}";
    expect(await r(source, { items: [] })).toBe("none");
    expect(await r(source, { items: [1, 2] })).toBe("12");
  });

  it("raises UnevaluatedIterable for a promise or a QuerySet-like thenable", async () => {
    await expect(r(ifElse, { v: { nested: Promise.resolve([]) } })).resolves.toBe("T");
    await expect(
      r("{% if v.nested %}T{% endif %}", { v: { nested: Promise.resolve([]) } }),
    ).rejects.toThrow(/a Promise.*await queryset/);
    class QuerySet {
      // biome-ignore lint/suspicious/noThenProperty: stands for an unevaluated QuerySet
      then(resolve: (rows: unknown[]) => void): void {
        resolve([]);
      }
    }
    await expect(r("{% if v.rows %}T{% endif %}", { v: { rows: new QuerySet() } })).rejects.toThrow(
      /unevaluated QuerySet/,
    );
    expect(() => templateTruthy(new QuerySet())).toThrow(UnevaluatedIterable);
  });
});
