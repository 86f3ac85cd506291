/** The project-level files of a new project: package.json, tsconfig, settings, URLconf, entry, deploy sample. */
import { packageName } from "../names.js";
import type { FileTree, ProjectSpec } from "../options.js";

/** The project's package.json: the `manage` scripts, and where its settings live. */
function packageJson(spec: ProjectSpec): string {
  const manifest = {
    name: packageName(spec.name),
    version: "0.1.0",
    private: true,
    type: "module",
    engines: { node: ">=20.19" },
    tango: { settings: `src/${spec.name}/settings.ts` },
    scripts: {
      dev: "manage migrate && manage runserver",
      build: "tsc && node scripts/copy-assets.mjs && manage collectstatic --built --no-input",
      start: "node dist/server.js",
      test: "manage test",
      migrate: "manage migrate",
      makemigrations: "manage makemigrations",
      check: "manage check",
    },
    dependencies: spec.dependencies.dependencies,
    devDependencies: spec.dependencies.devDependencies,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2023",
    "lib": ["ES2023"],
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "types": ["node"],
    "strict": true,
    "experimentalDecorators": true,
    "useDefineForClassFields": false,
    "verbatimModuleSyntax": true,
    "isolatedModules": true,
    "skipLibCheck": true,
    "sourceMap": true,
    "rootDir": "src",
    "outDir": "dist"
  },
  "include": ["src"]
}
`;

const GITIGNORE = `node_modules/
dist/
# The embedded PGlite database of development.
.tango/
# Written by manage collectstatic, uploaded by users: neither belongs in git.
staticfiles/
media/
.env
`;

const COPY_ASSETS = `// Copies what tsc does not emit, each app's templates/ and static/ folders, from src/ to dist/,
// so the built project finds them beside the compiled apps: \`node scripts/copy-assets.mjs\`.
import { cpSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

for (const app of readdirSync("src", { withFileTypes: true })) {
  if (!app.isDirectory()) continue;
  for (const folder of ["templates", "static"]) {
    const from = join("src", app.name, folder);
    const to = join("dist", app.name, folder);
    rmSync(to, { recursive: true, force: true }); // a file deleted from src/ leaves dist/ too
    try {
      cpSync(from, to, { recursive: true });
    } catch (error) {
      if (error.code !== "ENOENT") throw error;
    }
  }
}
`;

function databasesSetting(spec: ProjectSpec): string {
  if (spec.db === "pglite") {
    return `  // No DATABASES: the embedded PGlite database (PostgreSQL compiled to WebAssembly) in
  // .tango/db, created on first use. Set DATABASE_URL=postgres://user:password@host:5432/${spec.name}
  // in the environment to use a PostgreSQL server instead, as you should in production.
`;
  }
  return `  // PostgreSQL on this machine. DATABASE_URL=postgres://user:password@host:5432/${spec.name} in
  // the environment replaces it. Create the database first: createdb ${spec.name}
  DATABASES: {
    default: { ENGINE: "postgres", NAME: "${spec.name}", USER: "postgres", HOST: "127.0.0.1", PORT: 5432 },
  },
`;
}

function settings(spec: ProjectSpec): string {
  const apps = spec.template === "polls" ? `"home", "polls"` : `"home"`;
  return `/** Settings of the ${spec.name} project: development values here, production ones from the environment. */
import { fileURLToPath } from "node:url";
import { defineSettings } from "@tango/core";

export default defineSettings({
  // The folder that holds the apps: src/ when running TypeScript, dist/ once built.
  BASE_DIR: fileURLToPath(new URL("..", import.meta.url)),

  // SECURITY WARNING: keep the secret key used in production secret! This one is for
  // development: in production set SECRET_KEY in the environment, which replaces it.
  SECRET_KEY: "${spec.secretKey}",

  // SECURITY WARNING: don't run with debug turned on in production! The production entry
  // (src/server.ts) sets NODE_ENV=production; DEBUG=true/false in the environment overrides it.
  DEBUG: process.env.NODE_ENV !== "production",

  // The host names this site answers to. ALLOWED_HOSTS=example.com,www.example.com in the
  // environment replaces them.
  ALLOWED_HOSTS: ["localhost", "127.0.0.1", "[::1]"],

  // Your apps, each a folder under src/. "@tango/staticfiles" gives {% static %} the hashed
  // names that collectstatic writes, once DEBUG is off.
  INSTALLED_APPS: ["@tango/staticfiles", ${apps}],
  ROOT_URLCONF: "${spec.name}.urls",

  // Templates are found in each installed app's templates/ folder (src/home/templates/home/...).
  TEMPLATES: [{ DIRS: [], APP_DIRS: true }],

${databasesSetting(spec)}
  // Static files: each app's static/ folder, served by runserver while DEBUG is on. For
  // production, \`npm run build\` collects them into staticfiles/, which nginx serves.
  STATIC_URL: "static/",
  STATIC_ROOT: "../staticfiles",

  // Files your users upload, served under /media/ by runserver in DEBUG and by nginx in production.
  MEDIA_URL: "media/",
  MEDIA_ROOT: "../media",

  TIME_ZONE: "UTC",
  USE_TZ: true,
});
`;
}

function rootUrls(spec: ProjectSpec): string {
  const polls =
    spec.template === "polls"
      ? `\n  path("polls/", include(import("../polls/urls.js"), { namespace: "polls" })),`
      : "";
  return `/**
 * The URLconf of ${spec.name}: the list \`urlpatterns\` routes URLs to views.
 * Include an app's URLs: path("blog/", include(import("../blog/urls.js"), { namespace: "blog" }))
 */
import { include, path } from "@tango/urls";

export const urlpatterns = [
  path("", include(import("../home/urls.js"), { namespace: "home" })),${polls}
];
`;
}

function server(spec: ProjectSpec): string {
  return `/**
 * The production entry: \`npm run build\`, then \`npm start\` runs this compiled file with node,
 * behind nginx (see deploy/nginx.conf). PORT and HOST choose where it listens (default
 * 127.0.0.1:8000); under systemd socket activation it takes the socket it is given.
 */
process.env.NODE_ENV ??= "production";

const { serve } = await import("@tango/adapter-node");
const { createApplication } = await import("@tango/http");
const { default: settings } = await import("./${spec.name}/settings.js");

const app = await createApplication(settings);
await serve(app, { host: process.env.HOST ?? "127.0.0.1" });
`;
}

function nginx(spec: ProjectSpec): string {
  return `# nginx in front of ${spec.name}: serves the collected static files and uploads itself and
# passes everything else to the node server (npm start) on 127.0.0.1:8000.
# Copy to /etc/nginx/sites-available/${spec.name}, fix the paths and server_name, link it into
# sites-enabled, then: nginx -t && systemctl reload nginx

upstream ${spec.name}_app {
    server 127.0.0.1:8000;
    keepalive 32;
}

server {
    listen 80;
    server_name example.com;

    client_max_body_size 10m;

    # npm run build writes hashed names (style.4e8a1c2b.css): they never change, cache them for ever.
    location /static/ {
        alias /srv/${spec.name}/staticfiles/;
        expires max;
        add_header Cache-Control "public, immutable";
        access_log off;
    }

    location /media/ {
        alias /srv/${spec.name}/media/;
    }

    location / {
        proxy_pass http://${spec.name}_app;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
    }
}
`;
}

function readme(spec: ProjectSpec): string {
  const url = `\`DATABASE_URL=postgres://user:password@host:5432/${spec.name}\``;
  const db =
    spec.db === "pglite"
      ? `The database is PGlite, PostgreSQL embedded in the process, kept in \`.tango/db\`. Set\n${url} to use a PostgreSQL server instead.`
      : `The database is PostgreSQL: create it first with \`createdb ${spec.name}\`, or set\n${url}.`;
  return `# ${spec.name}

A [Tango](https://github.com/tango-framework/tango) project.

## Develop

\`\`\`sh
npm install
npm run dev          # migrates the database, then serves http://127.0.0.1:8000/
npm test             # manage test: your tests, on a fresh test database
\`\`\`

${db}

The \`manage\` tool does the rest: \`npx manage help\` lists its commands.

\`\`\`sh
npx manage startapp blog         # a new app in src/blog/ (then add "blog" to INSTALLED_APPS)
npx manage makemigrations        # after changing models
npx manage migrate
npx manage shell                 # a REPL with your models and settings loaded
\`\`\`

## Layout

- \`src/${spec.name}/settings.ts\`: the settings; \`src/${spec.name}/urls.ts\`: the root URLconf.
- \`src/home/\`: the starter app (\`views.ts\`, \`urls.ts\`, \`models.ts\`, \`migrations/\`,
  \`templates/home/\`, \`static/home/\`, \`views.test.ts\`).${spec.template === "polls" ? "\n- `src/polls/`: the polls app of the tutorial." : ""}
- \`src/server.ts\`: the production entry.
- \`deploy/nginx.conf\`: a sample nginx site for production.

## Production

\`\`\`sh
npm run build                     # compiles to dist/ and collects static files into staticfiles/
SECRET_KEY=... ALLOWED_HOSTS=example.com npx manage migrate --built
SECRET_KEY=... ALLOWED_HOSTS=example.com npm start
\`\`\`

\`npm start\` runs \`dist/server.js\` with node, without DEBUG, on 127.0.0.1:8000 (\`PORT\`,
\`HOST\`). Put nginx in front (\`deploy/nginx.conf\`) to serve \`staticfiles/\` and \`media/\`, and
run \`npx manage check --deploy\` before you go live.
`;
}

/**
 * The files of a new project outside its apps.
 *
 * @example
 * Object.keys(projectFiles(spec)); // ["package.json", "tsconfig.json", ".gitignore", ...]
 */
export function projectFiles(spec: ProjectSpec): FileTree {
  return {
    "package.json": packageJson(spec),
    "tsconfig.json": TSCONFIG,
    ".gitignore": GITIGNORE,
    "README.md": readme(spec),
    "scripts/copy-assets.mjs": COPY_ASSETS,
    "deploy/nginx.conf": nginx(spec),
    "src/server.ts": server(spec),
    [`src/${spec.name}/settings.ts`]: settings(spec),
    [`src/${spec.name}/urls.ts`]: rootUrls(spec),
  };
}
