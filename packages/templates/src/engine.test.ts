import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppConfig, apps, loadSettings, type SettingsInput } from "@tango/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TemplateEngine } from "./engine.js";
import {
  TemplateDoesNotExist,
  TemplateRenderError,
  TemplateSyntaxError,
  UnevaluatedIterable,
} from "./errors.js";

let root: string;

function write(path: string, text: string): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
}

function engine(extra: SettingsInput = {}): TemplateEngine {
  return new TemplateEngine(
    loadSettings(
      {
        SECRET_KEY: "k",
        BASE_DIR: root,
        TEMPLATES: [{ DIRS: ["templates"], APP_DIRS: true }],
        ...extra,
      },
      {},
    ),
  );
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "tango-templates-"));
  write(join(root, "templates/base.html"), "<title>{% block title %}Site{% endblock %}</title>");
  write(join(root, "templates/polls/override.html"), "project wins");
  write(
    join(root, "polls/templates/polls/index.html"),
    '{% extends "base.html" %}{% block title %}{{ question }}{% endblock %}',
  );
  write(join(root, "polls/templates/polls/override.html"), "app loses");
  write(
    join(root, "polls/templatetags.ts"),
    'import { Library } from "../../../work/main/packages/templates/src/library.ts";\n',
  );
  write(join(root, "templates/broken.html"), "line one\n{% if %}\nline three\n");
  write(join(root, "templates/boom.html"), "one\ntwo {{ fail() }}\nthree\n");
  write(
    join(root, "templates/loop.html"),
    "{% for c in choices %}{{ c }}{% empty %}none{% endfor %}",
  );
  await apps.populate([new AppConfig("polls", join(root, "polls"))], root);
});

afterAll(() => apps.reset());

describe("TemplateEngine", () => {
  it("finds app templates, extends project ones, and autoescapes", async () => {
    expect(await engine().render("polls/index.html", { question: "<b>Why?</b>" })).toBe(
      "<title>&lt;b&gt;Why?&lt;/b&gt;</title>",
    );
  });

  it("gives DIRS precedence over app folders", async () => {
    expect(await engine().render("polls/override.html")).toBe("project wins");
  });

  it("picks the first existing template of a list", async () => {
    expect(await engine().render(["nope.html", "polls/override.html"])).toBe("project wins");
  });

  it("lists every path tried when no template exists", async () => {
    const error = await engine()
      .render("polls/missing.html")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateDoesNotExist);
    const message = (error as Error).message;
    expect(message).toContain(`${join(root, "templates/polls/missing.html")} (does not exist)`);
    expect(message).toContain(
      `${join(root, "polls/templates/polls/missing.html")} (does not exist)`,
    );
    expect(message).toContain("INSTALLED_APPS");
  });

  it("reports syntax errors with the template, the line and the source", async () => {
    const error = (await engine()
      .render("broken.html")
      .catch((e: unknown) => e)) as TemplateSyntaxError;
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect(error.code).toBe("templates.TemplateSyntaxError");
    expect(error.templateName).toBe("broken.html");
    expect(error.line).toBe(2);
    expect(error.templateDebug?.source).toContain("{% if %}");
    expect(error.message).toContain(">  2 | {% if %}".replace(">  2", "> 2"));
  });

  it("reports render errors with their line and cause", async () => {
    const fail = () => {
      throw new RangeError("no choices");
    };
    const error = (await engine()
      .render("boom.html", { fail })
      .catch((e: unknown) => e)) as TemplateRenderError;
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect(error.line).toBe(2);
    expect(error.cause).toBeInstanceOf(RangeError);
  });

  it("awaits top-level thenables and refuses to loop over nested ones", async () => {
    expect(await engine().render("loop.html", { choices: Promise.resolve(["a", "b"]) })).toBe("ab");
    expect(await engine().render("loop.html", { choices: [] })).toBe("none");
    // biome-ignore lint/suspicious/noThenProperty: stands for an unevaluated QuerySet
    const lazy = { choices: { all: { then: () => undefined } } };
    const error = await engine()
      .renderString("{% for c in q.all %}{{ c }}{% endfor %}", { q: lazy.choices })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnevaluatedIterable);
  });

  it("re-reads changed templates in DEBUG, and caches them otherwise", async () => {
    const file = join(root, "templates/live.html");
    write(file, "v1");
    const debug = engine({ DEBUG: true });
    const prod = engine();
    expect(await debug.render("live.html")).toBe("v1");
    expect(await prod.render("live.html")).toBe("v1");
    write(file, "v2");
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(await debug.render("live.html")).toBe("v2");
    expect(await prod.render("live.html")).toBe("v1");
  });
});
