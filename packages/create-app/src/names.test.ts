import { describe, expect, it } from "vitest";
import { invalidProjectName, packageName } from "./names.js";

describe("invalidProjectName", () => {
  it.each(["mysite", "my_site", "_site", "Site2", "MySite", "a"])("accepts %s", (name) => {
    expect(invalidProjectName(name)).toBeUndefined();
  });

  it.each(["my-site", "2site", "my site", "", "site.com", "café", "a/b", "../x"])(
    "refuses '%s' as not an identifier, naming the fix",
    (name) => {
      const message = invalidProjectName(name);
      expect(message).toBe(
        `'${name}' is not a valid project name. Please make sure the name is a valid identifier: letters, digits and underscores, not starting with a digit (for example mysite or my_site).`,
      );
    },
  );

  it.each([
    "class",
    "import",
    "await",
    "static",
    "tango",
    "test",
    "src",
    "dist",
    "node_modules",
    "media",
    "staticfiles",
    "home",
    "polls",
  ])("refuses the reserved name %s", (name) => {
    expect(invalidProjectName(name)).toBe(
      `'${name}' cannot be used as a project name, as it is a reserved word or the name of a folder or app that Tango projects use. Please try another name.`,
    );
  });

  it("refuses reserved names whatever their case", () => {
    expect(invalidProjectName("Home")).toMatch(/^'Home' cannot be used as a project name/);
    expect(invalidProjectName("POLLS")).toMatch(/^'POLLS' cannot be used/);
  });

  it("accepts names that merely contain a reserved word", () => {
    expect(invalidProjectName("homepage")).toBeUndefined();
    expect(invalidProjectName("classy")).toBeUndefined();
  });
});

describe("packageName", () => {
  it("lower-cases the name and turns underscores into dashes", () => {
    expect(packageName("mysite")).toBe("mysite");
    expect(packageName("My_Site")).toBe("my-site");
    expect(packageName("a_b_c")).toBe("a-b-c");
    expect(packageName("Site2")).toBe("site2");
  });
});
