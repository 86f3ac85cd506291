/** The starter app of a new project: a home page with its template, stylesheet and test. */
import type { FileTree, ProjectSpec } from "../options.js";

function views(spec: ProjectSpec): string {
  return `/** The views of the home app. */
import type { HttpRequest, HttpResponse } from "@tango/http";
import { render } from "@tango/views";

/** The site's front page: GET / */
export function index(request: HttpRequest): Promise<HttpResponse> {
  return render(request, "home/index.html", { project: "${spec.name}" });
}
`;
}

const URLS = `/** The URLs of the home app, included by the root URLconf under the "home" namespace. */
import { path } from "@tango/urls";
import { index } from "./views.js";

export const appName = "home";

export const urlpatterns = [path("", index, { name: "index" })];
`;

const MODELS = `/** The models of the home app: declare them here, then run \`npx manage makemigrations\`. */
export {};
`;

function test(spec: ProjectSpec): string {
  return `/** Tests of the home app: \`npm test\` runs them (manage test) on a fresh test database. */
import { assertContains, Client } from "@tango/testing";
import { reverse } from "@tango/urls";
import { describe, expect, it } from "vitest";

describe("home page", () => {
  it("welcomes the visitor", async () => {
    const response = await new Client().get(reverse("home:index"));
    expect(response.status).toBe(200);
    assertContains(response, "<h1>Welcome to ${spec.name}</h1>", { html: true });
  });
});
`;
}

function baseTemplate(spec: ProjectSpec): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{% block title %}${spec.name}{% endblock %}</title>
  <link rel="stylesheet" href="{% static 'home/style.css' %}">
</head>
<body>
  <main>
  {% block content %}{% endblock %}
  </main>
</body>
</html>
`;
}

const INDEX_TEMPLATE = `{% extends "home/base.html" %}

{% block content %}
<h1>Welcome to {{ project }}</h1>
<p>The install worked. This page is the starter <code>home</code> app: edit
  <code>src/home/templates/home/index.html</code> and reload.</p>
<ul>
  <li>Add an app: <code>npx manage startapp blog</code>, then list it in <code>INSTALLED_APPS</code>.</li>
  <li>Declare models in <code>models.ts</code>, then <code>npx manage makemigrations</code> and <code>npx manage migrate</code>.</li>
  <li>Run the tests: <code>npm test</code>.</li>
</ul>
{% endblock %}
`;

const STYLE = `/* The home app's stylesheet, served from /static/home/style.css. */
body {
  font-family: system-ui, sans-serif;
  line-height: 1.5;
  max-width: 42rem;
  margin: 3rem auto;
  padding: 0 1rem;
}

h1 {
  color: #1b5e20;
}

code {
  background: #f3f3f3;
  padding: 0 0.25rem;
}
`;

/**
 * The files of the starter `home` app.
 *
 * @example
 * Object.keys(homeApp(spec)); // ["src/home/views.ts", "src/home/urls.ts", ...]
 */
export function homeApp(spec: ProjectSpec): FileTree {
  return {
    "src/home/views.ts": views(spec),
    "src/home/urls.ts": URLS,
    "src/home/models.ts": MODELS,
    "src/home/views.test.ts": test(spec),
    "src/home/migrations/": "",
    "src/home/commands/": "",
    "src/home/templates/home/base.html": baseTemplate(spec),
    "src/home/templates/home/index.html": INDEX_TEMPLATE,
    "src/home/static/home/style.css": STYLE,
  };
}
