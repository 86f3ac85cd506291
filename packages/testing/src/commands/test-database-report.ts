/** How `manage test` reports its test databases, in Django's words, and names the migration that failed. */
import type { CommandContextLike } from "@tango/core";
import type { TestDatabaseEvent } from "@tango/orm/testing";
import { TestDatabaseSetupFailed } from "../errors.js";

type Output = Pick<CommandContextLike<unknown>, "stdout" | "style" | "verbosity">;

/**
 * Prints the test databases' progress and remembers the migration being applied, so that a
 * failure can name it.
 *
 * @example
 * const report = new TestDatabaseReport(ctx);
 * await prepareTestDatabases({ progress: (e) => report.event(e) }).catch((e) => { throw report.explain(e); });
 */
export class TestDatabaseReport {
  readonly #ctx: Output;
  #applying: { alias: string; migration: string } | undefined;

  constructor(ctx: Output) {
    this.#ctx = ctx;
  }

  /** Handles one event of prepareTestDatabases(). */
  event(event: TestDatabaseEvent): void {
    const { stdout, style, verbosity } = this.#ctx;
    if (event.type === "migrate") {
      this.#applying = { alias: event.alias, migration: event.migration };
      if (verbosity >= 2) stdout.line(`  Applying ${event.migration}...`);
      return;
    }
    if (event.type === "migrated") {
      this.#applying = undefined;
      return;
    }
    if (verbosity < 1) return;
    const where =
      verbosity >= 2 ? ` (${event.engine === "pglite" ? "PGlite, in memory" : event.name})` : "";
    if (event.type === "create") {
      const verb = event.reused ? "Using existing" : "Creating";
      stdout.line(style.notice(`${verb} test database for alias '${event.alias}'${where}...`));
    } else {
      const verb = event.kept ? "Preserving" : "Destroying";
      stdout.line(style.notice(`${verb} test database for alias '${event.alias}'${where}...`));
    }
  }

  /** The error to report for a failure of prepareTestDatabases(): migrations are named. */
  explain(error: unknown): unknown {
    const applying = this.#applying;
    if (!applying) return error;
    const message = (error as Error)?.message ?? String(error);
    return new TestDatabaseSetupFailed(
      `Applying migration ${applying.migration} to the test database of '${applying.alias}' failed: ${message.replace(/\.?\s*$/, ".")} Fix that migration (or the models it was made from, then run 'manage makemigrations'), and run 'manage test' again.`,
      { cause: error },
    );
  }
}
