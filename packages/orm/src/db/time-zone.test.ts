// Sessions run in TIME_ZONE on both engines, so date-part lookups extract as Django's do.
import { ImproperlyConfigured } from "@tango/core";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { configureDatabases, connections } from "./connections.js";
import type { DatabasesSettings } from "./database-settings.js";
import { resolveDatabase } from "./database-settings.js";

const ENGINES: Record<string, DatabasesSettings> = {
  pglite: { default: { ENGINE: "pglite", NAME: ":memory:" } },
  postgres: { default: { ENGINE: "postgres", URL: process.env.TEST_DATABASE_URL } },
};

afterAll(async () => {
  await configureDatabases(undefined);
});

describe.each(Object.keys(ENGINES))("the session time zone [%s]", (engine) => {
  async function extractHour(
    timeZone: string | undefined,
  ): Promise<{ zone: string; hour: number }> {
    await configureDatabases(ENGINES[engine], timeZone ? { timeZone } : {});
    const db = connections.get().kysely;
    const zone = await sql<{ TimeZone: string }>`SHOW TimeZone`.execute(db);
    const hour = await sql<{ hour: string }>`
      SELECT EXTRACT(HOUR FROM ${new Date("2026-01-01T03:00:00Z")}::timestamptz)::int AS hour`.execute(
      db,
    );
    return { zone: zone.rows[0]?.TimeZone ?? "", hour: Number(hour.rows[0]?.hour) };
  }

  it("is UTC without settings", async () => {
    expect(await extractHour(undefined)).toEqual({ zone: "UTC", hour: 3 });
  });

  it("follows TIME_ZONE, so 03:00 UTC is 22:00 the day before in New York", async () => {
    expect(await extractHour("America/New_York")).toEqual({ zone: "America/New_York", hour: 22 });
  });
});

describe("TIME_ZONE", () => {
  it("must be a time zone name", () => {
    const entry = { ENGINE: "pglite" as const, NAME: ":memory:" };
    expect(() => resolveDatabase("default", entry, "/srv", "Mars/Olympus")).toThrow(
      ImproperlyConfigured,
    );
    expect(() => resolveDatabase("default", entry, "/srv", "UTC'; DROP TABLE x; --")).toThrow(
      "TIME_ZONE is 'UTC'; DROP TABLE x; --', which is not a time zone name.",
    );
    expect(resolveDatabase("default", entry, "/srv", "Europe/Paris").timeZone).toBe("Europe/Paris");
  });
});
