import { loadSettings, runWithSettings } from "@tango/core";
import nunjucks from "nunjucks";
import { describe, expect, it } from "vitest";
import { TemplateEngine } from "./engine.js";
import { nunjucksEscape } from "./runtime-speed.js";

const settings = loadSettings({ SECRET_KEY: "k", TEMPLATES: [{ APP_DIRS: false }] }, {});
const engine = new TemplateEngine(settings);
const r = (source: string, context: Record<string, unknown> = {}) =>
  runWithSettings(settings, () => engine.renderString(source, context));

/** nunjucks' own escape, as it ships: the reference the faster one must match. */
const reference = (value: string) =>
  value.replace(/[&"'<>\\]/g, (ch) => {
    const map: Record<string, string> = {
      "&": "&amp;",
      '"': "&quot;",
      "'": "&#39;",
      "<": "&lt;",
      ">": "&gt;",
      "\\": "&#92;",
    };
    return map[ch] as string;
  });

describe("nunjucksEscape", () => {
  it.each([
    "",
    "plain text",
    '<script>alert("This should not be displayed in a browser alert box.");</script>',
    "&&&",
    "<",
    "a\\b'c\"d>e<f&g",
    "フレームワークのベンチマーク & more",
    "ends with >",
    "<starts",
    "'\"''\"",
  ])("escapes %j as nunjucks does", (value) => {
    expect(nunjucksEscape(value)).toBe(reference(value));
  });

  it("returns text with nothing to escape unchanged", () => {
    const text = "nothing special here";
    expect(nunjucksEscape(text)).toBe(text);
  });

  it("is what autoescaping and the escape filter run", async () => {
    expect((nunjucks.lib as unknown as { escape: unknown }).escape).toBe(nunjucksEscape);
    expect(await r("{{ v }}|{{ v | escape }}", { v: "<b>&'" })).toBe(
      "&lt;b&gt;&amp;&#39;|&lt;b&gt;&amp;&#39;",
    );
  });
});

describe("Frame.set with memoised names", () => {
  it("keeps loop variables right in nested loops", async () => {
    const out = await r(
      "{% for row in rows %}{% for c in row %}{{ loop.index }}/{{ loop.revindex0 }}/{{ loop.first }}/{{ loop.last }}/{{ loop.length }}/{{ loop.parentloop.index0 }};{% endfor %}{% endfor %}",
      { rows: [["a", "b"], ["c"]] },
    );
    expect(out).toBe("1/1/true/false/2/0;2/0/false/true/2/0;1/0/true/true/1/1;");
  });

  it("writes {% set %} to the frame that holds the name, and dotted names as objects", async () => {
    expect(
      await r(
        "{% set total = 0 %}{% for n in ns %}{% set total = total + n %}{% endfor %}{{ total }}",
        {
          ns: [1, 2, 3],
        },
      ),
    ).toBe("6"); // as stock nunjucks: the loop's {% set %} writes to the outer frame
    type TestFrame = {
      set(name: string, value: unknown, resolveUp?: boolean): void;
      push(): TestFrame;
      lookup(name: string): unknown;
    };
    const { Frame } = nunjucks.runtime as unknown as { Frame: new () => TestFrame };
    const frame = new Frame();
    frame.set("a.b.c", 1);
    frame.set("a.b.d", 2);
    expect(frame.lookup("a")).toEqual({ b: { c: 1, d: 2 } });
    const child = frame.push();
    child.set("a", 3, true);
    expect(frame.lookup("a")).toBe(3);
  });
});

describe("memberLookup", () => {
  it("reads a member once and binds methods to their object", async () => {
    let reads = 0;
    const obj = {
      get value() {
        reads += 1;
        return "v";
      },
      prefix: "+",
      show(this: { prefix: string }, x: string) {
        return `${this.prefix}${x}`;
      },
    };
    expect(
      await r("{{ o.value }}{{ o.show('x') }}{{ o.missing }}{{ n.x }}", { o: obj, n: null }),
    ).toBe("v+x");
    expect(reads).toBe(1);
  });
});
