/** ErrorList and ErrorDict: a form's error messages with their codes, printable as HTML, text or JSON. */
import { escapeText } from "@tango/templates";
import { SafeHtml } from "./safe-html.js";

/** One error message and Django's code for it. */
export interface FormErrorEntry {
  readonly message: string;
  readonly code: string;
}

/**
 * The errors of one field (or the non-field errors): renders as `<ul class="errorlist">`.
 *
 * @example
 * form.errors.get("subject")?.asText(); // "* This field is required."
 */
export class ErrorList extends SafeHtml implements Iterable<string> {
  readonly #entries: FormErrorEntry[] = [];
  /** Extra CSS class (`"nonfield"` for non-field errors). */
  readonly errorClass: string;
  /** The `id` of the `<ul>` (`id_subject_error`), referenced by `aria-describedby`. */
  fieldId: string | undefined;

  constructor(entries: readonly FormErrorEntry[] = [], errorClass = "", fieldId?: string) {
    super();
    this.#entries.push(...entries);
    this.errorClass = errorClass;
    this.fieldId = fieldId;
  }

  /** Adds messages. */
  add(...entries: FormErrorEntry[]): void {
    this.#entries.push(...entries);
  }

  override get length(): number {
    return this.#entries.length;
  }

  /** The messages, in order. */
  get messages(): string[] {
    return this.#entries.map((e) => e.message);
  }

  /** `[{ message, code }]`. */
  asData(): FormErrorEntry[] {
    return this.#entries.map((e) => ({ ...e }));
  }

  /** The entries as JSON text. */
  asJson(): string {
    return JSON.stringify(this.asData());
  }

  /** `* message` lines. */
  asText(): string {
    return this.#entries.map((e) => `* ${e.message}`).join("\n");
  }

  /** `<ul class="errorlist">`, or "" when empty. */
  asUl(): string {
    if (this.#entries.length === 0) return "";
    const cls = this.errorClass ? `errorlist ${this.errorClass}` : "errorlist";
    const id = this.fieldId ? ` id="${escapeText(this.fieldId)}"` : "";
    const items = this.#entries.map((e) => `<li>${escapeText(e.message)}</li>`).join("");
    return `<ul class="${cls}"${id}>${items}</ul>`;
  }

  toHtml(): string {
    return this.asUl();
  }

  /** Django's `as_ul` in templates. */
  as_ul(): string {
    return this.asUl();
  }

  /** Django's `as_text` in templates. */
  as_text(): string {
    return this.asText();
  }

  [Symbol.iterator](): Iterator<string> {
    return this.messages[Symbol.iterator]();
  }
}

/**
 * A form's errors by field name; `__all__` holds the non-field errors.
 *
 * @example
 * form.errors.asJson(); // '{"subject":[{"message":"This field is required.","code":"required"}]}'
 */
export class ErrorDict extends SafeHtml implements Iterable<[string, ErrorList]> {
  readonly #lists = new Map<string, ErrorList>();

  /** The list of `field`, or undefined. */
  get(field: string): ErrorList | undefined {
    return this.#lists.get(field);
  }

  /** Whether `field` has errors. */
  has(field: string): boolean {
    return (this.#lists.get(field)?.length ?? 0) > 0;
  }

  /** The list of `field`, created when missing. */
  listFor(field: string, fieldId?: string): ErrorList {
    let list = this.#lists.get(field);
    if (!list) {
      list = new ErrorList([], field === "__all__" ? "nonfield" : "", fieldId);
      this.#lists.set(field, list);
    }
    return list;
  }

  /** Forgets the errors of `field`. */
  delete(field: string): void {
    this.#lists.delete(field);
  }

  /** Field names with errors. */
  keys(): string[] {
    return [...this.#lists.keys()];
  }

  override get length(): number {
    return this.#lists.size;
  }

  /** `{ field: [{ message, code }] }`. */
  asData(): Record<string, FormErrorEntry[]> {
    const out: Record<string, FormErrorEntry[]> = Object.create(null);
    for (const [field, list] of this.#lists) out[field] = list.asData();
    return out;
  }

  /** The errors as JSON text. */
  asJson(): string {
    return JSON.stringify(this.asData());
  }

  /** `* field\n  * message` lines. */
  asText(): string {
    return [...this.#lists]
      .map(([field, list]) => `* ${field}\n${list.messages.map((m) => `  * ${m}`).join("\n")}`)
      .join("\n");
  }

  /** A `<ul class="errorlist">` of fields, each with its own list. */
  asUl(): string {
    if (this.#lists.size === 0) return "";
    const items = [...this.#lists]
      .map(([field, list]) => `<li>${escapeText(field)}${list.asUl()}</li>`)
      .join("");
    return `<ul class="errorlist">${items}</ul>`;
  }

  toHtml(): string {
    return this.asUl();
  }

  [Symbol.iterator](): Iterator<[string, ErrorList]> {
    return this.#lists[Symbol.iterator]();
  }
}
