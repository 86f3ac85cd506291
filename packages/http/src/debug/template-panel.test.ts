import { path } from "@tango/urls";
import { describe, expect, it } from "vitest";
import { makeApp, send, text } from "../handler.test.helpers.js";
import { findTemplateDebug, renderTemplateText } from "./template-panel.js";

class FakeTemplateError extends Error {
  readonly templateDebug = {
    name: "polls/index.html",
    line: 2,
    source: "<ul>\n{% for q in <b> %}\n</ul>",
  };
}

describe("the template section of the technical 500 page", () => {
  it("finds templateDebug on the error or its cause", () => {
    const inner = new FakeTemplateError("bad");
    expect(findTemplateDebug(new Error("outer", { cause: inner }))?.name).toBe("polls/index.html");
    expect(findTemplateDebug(new Error("plain"))).toBeUndefined();
    expect(renderTemplateText(findTemplateDebug(inner))).toContain(">    2 | {% for q in <b> %}");
  });

  it("shows the template name and the highlighted, escaped line", async () => {
    const app = await makeApp(
      [
        path("t/", () => {
          throw new FakeTemplateError("bad template");
        }),
      ],
      { DEBUG: true },
    );
    const html = text(await send(app, "/t/", { headers: { accept: "text/html" } }));
    expect(html).toContain("<h2>Template error</h2>");
    expect(html).toContain("<code>polls/index.html</code>, error at line 2");
    expect(html).toContain(
      '<li class="current"><span class="ln">2</span>{% for q in &lt;b&gt; %}</li>',
    );
  });
});
