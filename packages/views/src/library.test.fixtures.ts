/** Test fixtures of @tango/views: a small library app (Author, Book) and a JSON view of template contexts. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type HttpResponse, JsonResponse } from "@tango/http";
import {
  CASCADE,
  CharField,
  ForeignKey,
  IntegerField,
  type Manager,
  Model,
  type Related,
  SlugField,
} from "@tango/orm";
import { Page } from "./page.js";
import { Paginator } from "./paginator.js";
import type { TemplateResponseView } from "./template-response-view.js";

export class Author extends Model {
  static override meta = { app: "library" };
  declare static objects: Manager<Author>;
  @CharField({ maxLength: 100 }) declare name: string;

  getAbsoluteUrl(): string {
    return `/authors/${this.id}/`;
  }
}

export class Book extends Model {
  static override meta = { app: "library", verboseName: "book" };
  declare static objects: Manager<Book>;
  @CharField({ maxLength: 200 }) declare title: string;
  @SlugField() declare slug: string;
  @IntegerField({ default: 0 }) declare year: number;
  @ForeignKey(() => Author, { onDelete: CASCADE, null: true })
  declare author: Related<Author> | null;
  declare authorId: number | null;
}

function summarise(value: unknown): unknown {
  if (value instanceof Model) return `${value.constructor.name}:${String(value.pk)}`;
  if (Array.isArray(value)) return value.map(summarise);
  if (value instanceof Page) return String(value);
  if (value instanceof Paginator) return { count: value.count, numPages: value.numPages };
  if (value !== null && typeof value === "object" && "dispatch" in value) return "<view>";
  return value;
}

/**
 * What a template view would render, as JSON (`{ templates, context }`), so tests check it
 * without a template engine: call it from an overridden `renderToResponse()`.
 *
 * @example
 * class Books extends ListView<Book> {
 *   override model = Book;
 *   override async renderToResponse(context: Record<string, unknown>) { return jsonContext(this, context); }
 * }
 */
export function jsonContext(
  view: TemplateResponseView,
  context: Record<string, unknown>,
): HttpResponse {
  const summary: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context)) summary[key] = summarise(value);
  return new JsonResponse({ templates: view.getTemplateNames(), context: summary });
}

/**
 * Writes `files` (name -> source) into a fresh temporary folder and returns it, for TEMPLATES DIRS.
 *
 * @example
 * const dir = templateDir({ "library/book_list.html": "{% for b in object_list %}{{ b.title }}{% endfor %}" });
 */
export function templateDir(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "tango-views-"));
  for (const [name, source] of Object.entries(files)) {
    const file = join(root, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, source);
  }
  return root;
}
