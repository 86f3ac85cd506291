// The files of the small project the `manage test` end-to-end test writes: one app with a
// model, its migration, a view and tests that use `new Client()` and the per-test rollback.

/** The settings module, with DATABASES given as a literal. */
export function settingsFile(databases: string): string {
  return `import { fileURLToPath } from "node:url";
import { defineSettings } from "@tango/core";

export default defineSettings({
  BASE_DIR: fileURLToPath(new URL("..", import.meta.url)),
  DEBUG: true,
  SECRET_KEY: "manage-test-e2e-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
  ALLOWED_HOSTS: ["localhost"],
  INSTALLED_APPS: ["polls"],
  ROOT_URLCONF: "mysite.urls",
  DATABASES: ${databases},
});
`;
}

/** Every other file of the project, by path. */
export const PROJECT_FILES: Record<string, string> = {
  "tsconfig.json": JSON.stringify({
    compilerOptions: {
      target: "ES2023",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      experimentalDecorators: true,
      useDefineForClassFields: false,
      verbatimModuleSyntax: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
    },
    include: ["src"],
  }),
  "src/mysite/urls.ts": `import { path } from "@tango/urls";
import { home } from "../polls/views.js";

export const urlpatterns = [path("", home, { name: "home" })];
`,
  "src/polls/models.ts": `import { CharField, type Manager, Model } from "@tango/orm";

export class Question extends Model {
  declare static objects: Manager<Question>;
  @CharField({ maxLength: 200 }) declare questionText: string;
}
`,
  "src/polls/views.ts": `import { type HttpRequest, HttpResponse } from "@tango/http";
import { Question } from "./models.js";

export async function home(_request: HttpRequest): Promise<HttpResponse> {
  const count = await Question.objects.count();
  return new HttpResponse(\`<h1>Welcome</h1><p>\${count} questions</p>\`);
}
`,
  "src/polls/migrations/0001_initial.ts": `import { fields, Migration, operations } from "@tango/orm/migrations";

export default new Migration({
  initial: true,
  dependencies: [],
  operations: [
    operations.CreateModel({
      name: "Question",
      fields: { id: fields.BigAutoField(), questionText: fields.CharField({ maxLength: 200 }) },
    }),
  ],
});
`,
  "src/polls/views.test.ts": `import { assertContains, Client, testApplication } from "@tango/testing";
import { describe, expect, it } from "vitest";
import { Question } from "./models.js";

describe("home page", () => {
  it("greets", async () => {
    const response = await new Client().get("/");
    expect(response.status).toBe(200);
    assertContains(response, "Welcome");
    assertContains(response, "0 questions");
  });

  it("sees the test's rows, with DEBUG off", async () => {
    await Question.objects.create({ questionText: "Why?" });
    assertContains(await new Client().get("/"), "1 questions");
    expect(testApplication().settings.DEBUG).toBe(false);
  });
});
`,
  "src/polls/models.test.ts": `import { describe, expect, it } from "vitest";
import { Question } from "./models.js";

describe("Question", () => {
  it("creates one", async () => {
    await Question.objects.create({ questionText: "Why?" });
    expect(await Question.objects.count()).toBe(1);
  });

  it("starts empty again: the previous test was rolled back", async () => {
    expect(await Question.objects.count()).toBe(0);
    await Question.objects.create({ questionText: "How?" });
    expect(await Question.objects.count()).toBe(1);
  });
});
`,
};

/** A test file that fails. */
export const FAILING_TEST = `import { expect, it } from "vitest";
import { Question } from "./models.js";

it("expects a question that is not there", async () => {
  expect(await Question.objects.count()).toBe(1);
});
`;

/** A migration that cannot be applied. */
export const BROKEN_MIGRATION = `import { Migration, operations } from "@tango/orm/migrations";

export default new Migration({
  dependencies: [["polls", "0001_initial"]],
  operations: [operations.RunSQL({ sql: "select * from no_such_table" })],
});
`;
