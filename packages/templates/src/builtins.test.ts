import { loadSettings, runWithSettings } from "@tango/core";
import { path, setUrlconf } from "@tango/urls";
import { describe, expect, it } from "vitest";
import { TemplateEngine } from "./engine.js";
import { Library } from "./library.js";

const shout = new Library();
shout.filter("shout", (v) => `${String(v).toUpperCase()}!`);
shout.simpleTag(
  "greet",
  (name, kw) => `Hi <${String(name)}>${(kw as { p?: string } | undefined)?.p ?? ""}`,
);

const settings = loadSettings(
  {
    SECRET_KEY: "k",
    TEMPLATES: [{ APP_DIRS: false, OPTIONS: { libraries: [shout] } }],
  },
  {},
);
const engine = new TemplateEngine(settings);
const r = (source: string, context: Record<string, unknown> = {}) =>
  runWithSettings(settings, () => engine.renderString(source, context));

describe("Django's filters", () => {
  it.each([
    ['{{ d|date:"D d M Y" }}', { d: new Date("2008-01-09T12:00:00Z") }, "Wed 09 Jan 2008"],
    ["{{ d|date }}", { d: new Date("2008-01-09T12:00:00Z") }, "Jan. 9, 2008"],
    ['{{ d|date("jS \\\\o\\\\f F") }}', { d: new Date("2008-01-02T12:00:00Z") }, "2nd of January"],
    ['{{ d|time:"H:i" }}', { d: new Date("2008-01-09T14:05:00Z") }, "14:05"],
    ['{{ v|default:"nothing" }}', { v: "" }, "nothing"],
    ['{{ v|default_if_none:"nothing" }}', { v: null }, "nothing"],
    ['{{ v|default_if_none:"nothing" }}', { v: 0 }, "0"],
    ["vote{{ n|pluralize }}", { n: 2 }, "votes"],
    ['walrus{{ n|pluralize:"es" }}', { n: 2 }, "walruses"],
    ['cherr{{ n|pluralize:"y,ies" }}', { n: 1 }, "cherry"],
    ["{{ v|truncatechars:7 }}", { v: "Joel is a slug" }, "Joel i…"],
    ["{{ v|truncatewords:2 }}", { v: "Joel is a slug" }, "Joel is …"],
    ["{{ v|slugify }}", { v: " Joel is a slug " }, "joel-is-a-slug"],
    ["{{ v|floatformat }}", { v: 34.23234 }, "34.2"],
    ["{{ v|floatformat }}", { v: 34.0 }, "34"],
    ["{{ v|floatformat:3 }}", { v: 34.0 }, "34.000"],
    ['{{ v|floatformat:"-3" }}', { v: 34.26 }, "34.260"],
    ['{{ v|floatformat:"2g" }}', { v: 34232.34 }, "34,232.34"],
    ['{{ v|yesno:"yeah,no,maybe" }}', { v: null }, "maybe"],
    ["{{ v|filesizeformat }}", { v: 123456789 }, "117.7\u00a0MB"],
    ["{{ v|linebreaksbr }}", { v: "a<b>\nc" }, "a&lt;b&gt;<br>c"],
    ["{{ v|linebreaks }}", { v: "a\nb\n\nc" }, "<p>a<br>b</p>\n\n<p>c</p>"],
    [
      "{{ v|urlize }}",
      { v: "See www.djangoproject.com." },
      'See <a href="http://www.djangoproject.com" rel="nofollow">www.djangoproject.com</a>.',
    ],
    [
      '{{ v|json_script:"hello-data" }}',
      { v: { hello: "</script>&" } },
      '<script id="hello-data" type="application/json">{"hello": "\\u003C/script\\u003E\\u0026"}</script>',
    ],
    ['{{ v|join:" // " }}', { v: ["a", "<b>"] }, "a // &lt;b&gt;"],
    ["{{ v|length }}", { v: [1, 2, 3] }, "3"],
    ["{{ v|title }}", { v: "my FIRST post" }, "My First Post"],
    ["{{ v|capfirst }}", { v: "django" }, "Django"],
    ["{{ v|add:2 }}", { v: 4 }, "6"],
    ['{{ v|cut:" " }}', { v: "String with spaces" }, "Stringwithspaces"],
    [
      "{{ v|striptags }}",
      { v: "<b>Joel</b> <button>is</button> a <span>slug</span>" },
      "Joel is a slug",
    ],
    ["{{ v|wordcount }}", { v: "Joel is a slug" }, "4"],
    [
      "{{ a|timesince(b) }}",
      { a: new Date("2006-06-01T08:00:00Z"), b: new Date("2006-06-01T10:00:00Z") },
      "2\u00a0hours",
    ],
    [
      "{{ b|timeuntil(a) }}",
      { a: new Date("2006-06-22T00:00:00Z"), b: new Date("2006-06-29T00:00:00Z") },
      "1\u00a0week",
    ],
    ["{{ v }}", { v: "<script>" }, "&lt;script&gt;"],
  ])("%s", async (source, context, expected) => {
    expect(await r(source, context)).toBe(expected);
  });
});

describe("tags and libraries", () => {
  it("reverses URLs with {% url %}, positional, keyword and as var", async () => {
    setUrlconf([path("polls/<int:id>/", () => null, { name: "detail" })]);
    expect(await r('{% url "detail" 7 %}')).toBe("/polls/7/");
    expect(await r('{% url "detail" id=8 %}')).toBe("/polls/8/");
    expect(await r('{% url "detail" 9 as u %}[{{ u }}]')).toBe("[/polls/9/]");
  });

  it("prints static URLs and the CSRF input", async () => {
    expect(await r('{% load static %}{% static "polls/style.css" %}')).toBe(
      "/static/polls/style.css",
    );
    expect(await r("{% csrf_token %}", { csrf_token: () => "t<k" })).toBe(
      '<input type="hidden" name="csrfmiddlewaretoken" value="t&lt;k">',
    );
    expect(await r("{% csrf_token %}")).toBe("");
  });

  it("installs libraries from OPTIONS, escaping simple tag output", async () => {
    expect(await r("{{ 'hi'|shout }}")).toBe("HI!");
    expect(await r('{% greet "x" p="!" %}')).toBe("Hi &lt;x&gt;!");
  });
});
