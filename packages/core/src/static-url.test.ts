import { afterEach, describe, expect, it } from "vitest";
import { runWithSettings } from "./current-settings.js";
import { currentScope, RequestScope, runInScope } from "./request-scope.js";
import { loadSettings } from "./settings.js";
import { plainStaticUrl, setStaticUrlResolver, staticUrl } from "./static-url.js";

const settings = (STATIC_URL: string | null) =>
  loadSettings({ SECRET_KEY: "x".repeat(60), ALLOWED_HOSTS: ["a"], STATIC_URL }, {});

afterEach(() => setStaticUrlResolver(undefined));

describe("staticUrl", () => {
  it("joins STATIC_URL and the path, absolute from the site root", () => {
    runWithSettings(settings("static/"), () => {
      expect(staticUrl("polls/style.css")).toBe("/static/polls/style.css");
      expect(staticUrl("/polls/style.css")).toBe("/static/polls/style.css");
    });
    runWithSettings(settings("https://cdn.example.com/s/"), () => {
      expect(staticUrl("a.css")).toBe("https://cdn.example.com/s/a.css");
    });
  });

  it("puts a relative STATIC_URL under the request's script prefix", () => {
    runWithSettings(settings("static/"), () => {
      const scope = new RequestScope({ scriptPrefix: "/app/" }, currentScope());
      expect(runInScope(scope, () => staticUrl("a.css"))).toBe("/app/static/a.css");
    });
  });

  it("delegates to the installed resolver", () => {
    setStaticUrlResolver((path) => `/static/${path.replace(".css", ".abc123.css")}`);
    runWithSettings(settings("static/"), () => {
      expect(staticUrl("a.css")).toBe("/static/a.abc123.css");
      expect(plainStaticUrl("a.css")).toBe("/static/a.css");
    });
  });

  it("says what to set when STATIC_URL is not set", () => {
    runWithSettings(settings(null), () => {
      expect(() => staticUrl("a.css")).toThrow("STATIC_URL is not set");
    });
  });
});
