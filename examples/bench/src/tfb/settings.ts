/** Settings of the tfb project: production-like by default (DEBUG off), the database from DATABASE_URL. */
import { fileURLToPath } from "node:url";
import { defineSettings } from "@tango/core";

export default defineSettings({
  // The folder that holds the apps: src/ when running TypeScript, dist/ once built.
  BASE_DIR: fileURLToPath(new URL("..", import.meta.url)),

  // A benchmark measures the production path: off unless DEBUG=true is set in the environment.
  DEBUG: false,

  // This project is only ever benchmarked, never deployed: a fixed key keeps `npm start` one
  // command. Set SECRET_KEY in the environment if you expose it anywhere.
  SECRET_KEY:
    process.env.SECRET_KEY ?? "bench-only-insecure-tfb-key-6d0f3b8a2c4e4f1a9b7d5c3e1f0a2b4c",

  // The benchmark's load generator may use any host name.
  ALLOWED_HOSTS: ["*"],

  INSTALLED_APPS: ["world"],
  ROOT_URLCONF: "tfb.urls",

  // Nunjucks, with each app's templates/ folder (src/world/templates/fortunes.html).
  TEMPLATES: [{ BACKEND: "nunjucks", APP_DIRS: true }],

  // No DATABASES: the ORM reads DATABASE_URL (postgres://user:password@host:5432/hello_world),
  // as TechEmpower's PostgreSQL runs do; without it, an embedded PGlite database in .tango/db.
  TIME_ZONE: "UTC",
  USE_TZ: true,
});
