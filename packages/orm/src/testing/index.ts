/**
 * @tango/orm/testing: test databases, per-test isolation and query assertions.
 *
 * How a test file uses it (run with TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres):
 *
 * ```ts
 * import { beforeAll, expect, it } from "vitest";
 * import { assertNumQueries, describeEachDatabase } from "@tango/orm/testing"; // in the repo: "../testing/index.js"
 * import { createModels } from "../models/schema-editor.js";
 *
 * describeEachDatabase("polls: filter", (ctx) => {
 *   // Runs once per engine ("polls: filter [pglite]", "polls: filter [postgres]"), each on a
 *   // fresh database: in-memory PGlite loaded from a template, or tango_test_<pid>_<rand> on
 *   // TEST_DATABASE_URL's server (unset or unreachable: the postgres half fails).
 *   // connections.get("default") points at it, so managers and QuerySets use it too.
 *   beforeAll(async () => {
 *     await createModels(ctx.kysely, [Question, Choice]);   // committed: lives for the file
 *   });
 *
 *   it("finds by text", async () => {
 *     // Each test runs in a transaction rolled back after it (Django's TestCase): rows it (or
 *     // a beforeEach) inserts are gone for the next test. atomic() inside becomes a savepoint;
 *     // onCommit() callbacks never run. A statement that fails outside atomic() (an expected
 *     // IntegrityError) is rolled back alone, so the test goes on as in autocommit mode.
 *     // ctx.kysely / ctx.db is the test's Kysely instance.
 *     await ctx.kysely.insertInto("polls_question").values({ question_text: "Why?" }).execute();
 *     const rows = await assertNumQueries(1, () => Question.objects.filter({ questionText: "Why?" }));
 *     expect(rows).toHaveLength(1);
 *   });
 * });
 * ```
 *
 * Read `ctx.kysely` inside hooks and tests (it is a getter), not while the suite is collected.
 * Pass `{ isolate: false }` for suites about transactions (they clean up themselves),
 * `{ aliases: ["default", "other"] }` for several databases, `{ engines: ["pglite"] }` to
 * run on one engine.
 */
export { assertNumQueries, captureQueries, type QueryRecord } from "../db/query-log.js";
export { startTestTransaction } from "../db/test-transaction.js";
export { type CaptureOnCommitOptions, captureOnCommitCallbacks } from "./capture-on-commit.js";
export {
  type DatabaseTestContext,
  type DescribeEachDatabaseOptions,
  describeEachDatabase,
} from "./describe-each-database.js";
export {
  cloneTestDatabases,
  type PreparedTestDatabases,
  type PrepareTestDatabasesOptions,
  prepareTestDatabases,
  type TestDatabaseEvent,
  type TestDatabaseTemplate,
  type TestDatabaseTemplates,
} from "./migrated-test-databases.js";
export { pgliteTemplate } from "./pglite-template.js";
export {
  setupTestDatabases,
  type TestDatabases,
  type TestDatabasesOptions,
  type TestEngine,
} from "./test-databases.js";
