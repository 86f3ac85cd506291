import { describe, expect, it } from "vitest";
import { cssReferences, referencedPath, rewriteCss } from "./css-references.js";

const hashed: Record<string, string> = {
  "img/bg.png": "img/bg.111111111111.png",
  "polls/bg.png": "polls/bg.222222222222.png",
  "polls/fonts/a.woff2": "polls/fonts/a.333333333333.woff2",
  "polls/base.css": "polls/base.444444444444.css",
};
const lookup = (path: string) => hashed[path];

describe("referencedPath", () => {
  it("resolves relative references against the stylesheet", () => {
    expect(referencedPath("polls/style.css", "bg.png", "/static/")).toBe("polls/bg.png");
    expect(referencedPath("polls/css/style.css", "../../img/bg.png", "/static/")).toBe(
      "img/bg.png",
    );
    expect(referencedPath("polls/style.css", "/static/img/bg.png", "/static/")).toBe("img/bg.png");
  });

  it.each([
    ["data:image/png;base64,AAAA"],
    ["https://cdn.example.com/a.png"],
    ["http://example.com/a.png"],
    ["//cdn.example.com/a.png"],
    ["/media/a.png"],
    ["../../../etc/passwd"],
  ])("leaves %s alone", (url) => {
    expect(referencedPath("polls/style.css", url, "/static/")).toBeNull();
  });
});

describe("rewriteCss", () => {
  it("rewrites url() in every quoting, keeping relative folders, queries and fragments", () => {
    const css = [
      "a { background: url(bg.png); }",
      "b { background: url('bg.png?v=2'); }",
      'c { background: url( "../img/bg.png#top" ); }',
      "d { src: url(fonts/a.woff2?#iefix) format('woff2'); }",
      "e { background: url(/static/img/bg.png); }",
    ].join("\n");
    const result = rewriteCss("polls/style.css", css, lookup, "/static/");
    expect(result.css).toBe(
      [
        'a { background: url("bg.222222222222.png"); }',
        'b { background: url("bg.222222222222.png?v=2"); }',
        'c { background: url("../img/bg.111111111111.png#top"); }',
        "d { src: url(\"fonts/a.333333333333.woff2?#iefix\") format('woff2'); }",
        'e { background: url("/static/img/bg.111111111111.png"); }',
      ].join("\n"),
    );
    expect(result.references).toEqual([
      "polls/bg.png",
      "polls/bg.png",
      "img/bg.png",
      "polls/fonts/a.woff2",
      "img/bg.png",
    ]);
  });

  it("rewrites @import with a string and with url()", () => {
    const css = '@import "base.css";\n@import url("base.css") screen;';
    expect(rewriteCss("polls/style.css", css, lookup, "/static/").css).toBe(
      '@import url("base.444444444444.css");\n@import url("base.444444444444.css") screen;',
    );
  });

  it("leaves external, data, fragment, comment and unknown references as written", () => {
    const css = [
      "a { background: url(data:image/gif;base64,R0lGOD); }",
      "b { background: url(https://cdn.example.com/x.png); }",
      "c { filter: url(#shadow); }",
      "/* d { background: url(bg.png); } */",
      "e { background: url(missing.png); }",
    ].join("\n");
    const result = rewriteCss("polls/style.css", css, lookup, "/static/");
    expect(result.css).toBe(css);
    expect(result.missing).toEqual(["polls/missing.png"]);
  });

  it("lists what a stylesheet references", () => {
    expect(
      cssReferences("polls/style.css", "@import 'base.css'; a{b:url(x.png)}", "/static/"),
    ).toEqual(["polls/base.css", "polls/x.png"]);
  });
});
