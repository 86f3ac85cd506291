import { loadSettings, runWithSettings } from "@tango/core";
import { describe, expect, it } from "vitest";
import { djangoToNunjucks } from "./django-syntax.js";
import { TemplateEngine } from "./engine.js";

const settings = loadSettings({ SECRET_KEY: "k", TEMPLATES: [{ APP_DIRS: false }] }, {});
const engine = new TemplateEngine(settings);
const r = (source: string, context: Record<string, unknown> = {}) =>
  runWithSettings(settings, () => engine.renderString(source, context));

describe("djangoToNunjucks", () => {
  it.each([
    ["{{ forloop.counter }}", "{{ loop.index }}"],
    ["{{ forloop.counter0 }}", "{{ loop.index0 }}"],
    [
      "{{ forloop.revcounter }}{{ forloop.revcounter0 }}",
      "{{ loop.revindex }}{{ loop.revindex0 }}",
    ],
    ["{% if forloop.first or forloop.last %}", "{% if loop.first or loop.last %}"],
    ["{{ forloop.parentloop.counter }}", "{{ loop.parentloop.index }}"],
    ["{{ x|add:forloop.counter }}", "{{ x|add(loop.index) }}"],
    ['{{ "forloop.counter" }}', '{{ "forloop.counter" }}'],
    ["{{ my_forloop.counter }}{{ a.forloop }}", "{{ my_forloop.counter }}{{ a.forloop }}"],
    ["forloop.counter outside tags", "forloop.counter outside tags"],
    ['{{ when|date:"Y" }}', '{{ when|date("Y") }}'],
    ["{% for x in xs %}{% empty %}{% endfor %}", "{% for x in xs %}{% else %}{% endfor %}"],
  ])("rewrites %s", (source, expected) => {
    expect(djangoToNunjucks(source)).toBe(expected);
  });
});

describe("forloop in {% for %}", () => {
  it("counts as Django's forloop does", async () => {
    const source =
      "{% for x in xs %}{{ forloop.counter }}/{{ forloop.counter0 }}/{{ forloop.revcounter }}/{{ forloop.revcounter0 }}{% if forloop.first %} first{% endif %}{% if forloop.last %} last{% endif %};{% endfor %}";
    expect(await r(source, { xs: ["a", "b", "c"] })).toBe("1/0/3/2 first;2/1/2/1;3/2/1/0 last;");
  });

  it("works in nested loops, with parentloop", async () => {
    const source = [
      "{% for row in rows %}",
      "{% for cell in row %}",
      "{{ forloop.parentloop.counter }}.{{ forloop.counter }}={{ cell }}",
      "{% if not forloop.last %},{% endif %}",
      "{% endfor %}",
      "{% if not forloop.last %}|{% endif %}",
      "{% endfor %}",
    ].join("");
    expect(await r(source, { rows: [["a", "b"], ["c"]] })).toBe("1.1=a,1.2=b|2.1=c");
  });

  it("gives an empty parentloop outside nested loops", async () => {
    expect(
      await r(
        "{% for x in xs %}[{{ forloop.parentloop.counter }}]{% if forloop.parentloop %}in{% endif %}{% endfor %}",
        {
          xs: [1],
        },
      ),
    ).toBe("[]");
  });

  it("keeps parentloop right after an inner loop ends", async () => {
    const source =
      "{% for a in outer %}{% for b in inner %}{% for c in inner %}{{ forloop.parentloop.parentloop.counter }}{% endfor %}{% endfor %}{{ forloop.counter }};{% endfor %}";
    expect(await r(source, { outer: [1, 2], inner: [1] })).toBe("11;22;");
  });

  it("works over an object's key/value pairs", async () => {
    const source =
      "{% for x in xs %}{% for k, v in d %}{{ forloop.parentloop.counter }}{{ forloop.counter }}{{ k }}={{ v }} {% endfor %}{% endfor %}";
    expect(await r(source, { xs: [1], d: { a: 1, b: 2 } })).toBe("11a=1 12b=2 ");
  });
});
