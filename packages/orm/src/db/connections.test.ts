import { AppRegistry, configureSettings, loadSettings, Project, resetSettings } from "@tango/core";
import { afterEach, describe, expect, it } from "vitest";
import { OperationalError } from "../errors.js";
import { closeConnectionsOnClose, configureDatabases, connections } from "./connections.js";
import { raw } from "./raw.js";

const SECRET_KEY = "test-secret-key-".repeat(4);

describe("db: connections from settings", () => {
  afterEach(async () => {
    await configureDatabases(undefined);
    resetSettings();
  });

  it("reads DATABASES from the settings, and defaults to PGlite in BASE_DIR/../.tango/db", () => {
    configureSettings(
      loadSettings(
        {
          SECRET_KEY,
          BASE_DIR: "/srv/site/src",
          DATABASES: { default: { URL: "postgres://h/site" } },
        },
        {},
      ),
    );
    expect(connections.resolve("default")).toMatchObject({
      engine: "postgres",
      pool: { connectionString: "postgres://h/site" },
    });
    configureSettings(
      loadSettings({ SECRET_KEY, BASE_DIR: "/srv/site/src", TIME_ZONE: "Europe/Paris" }, {}),
    );
    expect(connections.resolve("default")).toEqual({
      engine: "pglite",
      alias: "default",
      dataDir: "/srv/site/.tango/db",
      timeZone: "Europe/Paris",
    });
  });

  it("takes DATABASE_URL from the environment through the settings", () => {
    configureSettings(loadSettings({ SECRET_KEY }, { DATABASE_URL: "postgres://env-host/db" }));
    expect(connections.get().engine).toBe("postgres");
    expect(connections.resolve("default")).toMatchObject({ label: "postgres://env-host/db" });
  });

  it("explains what to do when nothing is configured", () => {
    expect(() => connections.get()).toThrow(
      /No databases are configured: settings are not set up\. Call setup\(settings\)/,
    );
  });

  it("checks an explicit configuration at once", async () => {
    await expect(configureDatabases({ default: { ENGINE: "postgres" } })).rejects.toThrow(
      /DATABASES\['default'\] uses ENGINE 'postgres' without URL or NAME/,
    );
  });

  it("reports a server it cannot reach, or a missing database, as OperationalError", async () => {
    await configureDatabases({
      default: {
        URL: "postgres://postgres@127.0.0.1:1/x",
        OPTIONS: { connectionTimeoutMillis: 2000 },
      },
      missing: { URL: `${new URL("/tango_no_such_db", process.env.TEST_DATABASE_URL).href}` },
    });
    const refused = await raw("select 1").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OperationalError);
    expect((refused as Error).message).toMatch(
      /ECONNREFUSED.*\[database 'default'\]\. Check that the server is running and DATABASES\['default'\]/,
    );
    const missing = await raw.using("missing")`select 1`.catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(OperationalError);
    expect(missing).toMatchObject({ sqlState: "3D000", alias: "missing" });
  });

  it("closes the connections when the project closes", async () => {
    await configureDatabases({ default: { ENGINE: "pglite", NAME: ":memory:" } });
    const project = new Project(loadSettings({ SECRET_KEY }, {}), new AppRegistry());
    closeConnectionsOnClose(project);
    const connection = connections.get();
    expect(await raw("select 1 as one")).toEqual([{ one: 1 }]);
    await project.close();
    expect(connection.closed).toBe(true);
    expect(connections.opened()).toEqual([]);
  });
});
