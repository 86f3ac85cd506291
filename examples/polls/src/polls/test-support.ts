/** Test helpers of the polls app: an application on a migrated test database, and question factories. */
import type { Application } from "@tango/http";
import { MigrationExecutor } from "@tango/orm/migrations";
import { createTestApplication } from "@tango/testing";
import settings from "../mysite/settings.js";
import { Question } from "./models.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The test application, with the project's real migrations applied to the test database
 * (which `describeEachDatabase` has configured): a migration that does not match the models
 * fails the tests that query them.
 *
 * @example
 * beforeAll(async () => { app = await migratedTestApplication(); });
 */
export async function migratedTestApplication(): Promise<Application> {
  const app = await createTestApplication(settings);
  const executor = await MigrationExecutor.create();
  await executor.migrate(executor.targetsForApps());
  return app;
}

/**
 * A question published `days` days from now (negative: in the past, positive: not yet published).
 *
 * @example
 * await createQuestion("Past question.", -30);
 */
export function createQuestion(questionText: string, days: number): Promise<Question> {
  return Question.objects.create({ questionText, pubDate: new Date(Date.now() + days * DAY_MS) });
}
