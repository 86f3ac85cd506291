import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempProject } from "./temp-project.test.helpers.js";

const project = createTempProject();
const write = project.write;
const manage = project.manage;

afterAll(() => project.remove());

describe("manage showurls", () => {
  beforeAll(() => {
    write(
      "src/site/settings.ts",
      `export default { SECRET_KEY: "k", INSTALLED_APPS: ["polls"], ROOT_URLCONF: "site.urls" };\n`,
    );
    write("src/polls/models.ts", "export {};\n");
    write(
      "src/polls/urls.ts",
      `import { path } from "@tango/urls";
export const appName = "polls";
export function index() {}
export function detail() {}
export function unnamed() {}
export const urlpatterns = [
  path("", index, { name: "index" }),
  path("<int:questionId>/", detail, { name: "detail" }),
  path("raw/", unnamed),
];
`,
    );
    write(
      "src/site/urls.ts",
      `import { include, path, rePath } from "@tango/urls";
export function home() {}
export function archive() {}
export const urlpatterns = [
  path("", home, { name: "home" }),
  path("polls/", include(() => import("../polls/urls.js"))),
  path("other/", include(() => import("../polls/urls.js"), { namespace: "other" })),
  rePath("^archive/(?<year>[0-9]{4})/$", archive, { name: "archive" }),
];
`,
    );
  });

  it("prints each pattern's full path, view and namespaced name, tab-separated", async () => {
    const { code, out, err } = await manage(["showurls"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toBe(
      [
        "/\thome\thome",
        "/polls/\tindex\tpolls:index",
        "/polls/<int:questionId>/\tdetail\tpolls:detail",
        "/polls/raw/\tunnamed\t",
        "/other/\tindex\tother:index",
        "/other/<int:questionId>/\tdetail\tother:detail",
        "/other/raw/\tunnamed\t",
        "/archive/(?<year>[0-9]{4})/$\tarchive\tarchive",
        "",
      ].join("\n"),
    );
  });
});
