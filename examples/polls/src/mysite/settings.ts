/** Settings of the mysite project: development defaults here, production values from the environment. */
import { fileURLToPath } from "node:url";
import { defineSettings } from "@tango/core";

const production = process.env.NODE_ENV === "production";

export default defineSettings({
  // The folder that holds the apps: src/ when running TypeScript, dist/ once built.
  BASE_DIR: fileURLToPath(new URL("..", import.meta.url)),

  // On while developing, off in production. DEBUG=true/false in the environment overrides it.
  DEBUG: !production,

  // DEVELOPMENT ONLY: this fallback key is public, so anyone could forge your signed cookies with
  // it. In production set SECRET_KEY in the environment; without it the server refuses to start.
  SECRET_KEY:
    process.env.SECRET_KEY ??
    (production ? "" : "dev-insecure-polls-example-3e9a1c7b5d2f4a6e8c0b9d7f5e3a1c2b"),

  // The host names this site answers to. ALLOWED_HOSTS=a.com,b.com in the environment overrides it.
  ALLOWED_HOSTS: ["localhost", "127.0.0.1", "[::1]"],

  // "@tango/staticfiles" gives {% static %} the hashed names collectstatic writes, once DEBUG is off.
  INSTALLED_APPS: ["@tango/staticfiles", "polls", "gallery"],
  ROOT_URLCONF: "mysite.urls",

  // Templates are found in each installed app's templates/ folder (src/polls/templates/polls/...).
  TEMPLATES: [
    {
      DIRS: [],
      APP_DIRS: true,
      OPTIONS: {
        contextProcessors: [
          "@tango/templates#csrf",
          "@tango/templates#request",
          "@tango/templates#debug",
          "@tango/templates#static",
          "@tango/templates#media",
        ],
      },
    },
  ],

  // Static files: each app's static/ folder, served by runserver while DEBUG is on. In
  // production `manage collectstatic` copies them to STATIC_ROOT (examples/polls/staticfiles/,
  // relative to BASE_DIR, which is src/ or dist/), where nginx serves them under /static/.
  STATIC_URL: "static/",
  STATIC_ROOT: "../staticfiles",

  // Uploaded files (the gallery's photos): examples/polls/media/, served under /media/ by the
  // dev server in DEBUG and by nginx in production.
  MEDIA_URL: "media/",
  MEDIA_ROOT: "../media",

  // No DATABASES: the ORM keeps an embedded PGlite database in .tango/db next to src/ (created
  // on first use, ignored by git). Set DATABASE_URL=postgres://user:password@host:5432/mysite
  // in the environment to use PostgreSQL instead, as you should in production.

  // Dates are stored as UTC timestamps (timestamptz) and compared in UTC.
  TIME_ZONE: "UTC",
  USE_TZ: true,
});
