import { HttpResponse } from "@tango/http";
import { path } from "@tango/urls";
import { afterEach, describe, expect, it } from "vitest";
import { Client } from "./client.js";
import {
  hasTestApplication,
  setTestApplication,
  testApplication,
} from "./current-test-application.js";
import { NoTestApplication } from "./errors.js";
import { createTestApplication } from "./test-application.js";
import { readTestRunConfig, TEST_RUN_ENV } from "./test-run-config.js";

const urlpatterns = [path("", () => new HttpResponse("registered app"))];

describe("the test application of manage test", () => {
  afterEach(() => setTestApplication(undefined));

  it("makes new Client() without an application throw, saying how to get one", () => {
    expect(hasTestApplication()).toBe(false);
    expect(() => new Client()).toThrow(NoTestApplication);
    expect(() => new Client()).toThrow(
      "There is no test application: tests get one only when they run under 'manage test'. Run them with 'manage test' (npm test in a new project), or build one yourself: new Client(await createTestApplication(settings)).",
    );
    expect(() => testApplication()).toThrow(NoTestApplication);
  });

  it("is what new Client() drives once registered", async () => {
    const app = await createTestApplication({ ROOT_URLCONF: urlpatterns, MIDDLEWARE: [] });
    try {
      setTestApplication(app);
      expect(testApplication()).toBe(app);
      const client = new Client(undefined, { headers: { "X-Test": "1" } });
      expect(client.app).toBe(app);
      expect((await new Client().get("/")).text()).toBe("registered app");
    } finally {
      await app.close();
    }
  });
});

describe("readTestRunConfig", () => {
  it("is undefined outside manage test", () => {
    expect(readTestRunConfig({})).toBeUndefined();
  });

  it("reads what manage test sets, and refuses anything else", () => {
    const config = { settingsFile: "/srv/site/src/mysite/settings.ts", templates: {} };
    expect(readTestRunConfig({ [TEST_RUN_ENV]: JSON.stringify(config) })).toEqual(config);
    expect(() => readTestRunConfig({ [TEST_RUN_ENV]: "{" })).toThrow(/is not valid JSON/);
    expect(() => readTestRunConfig({ [TEST_RUN_ENV]: "{}" })).toThrow(
      /lacks settingsFile or templates/,
    );
  });
});
