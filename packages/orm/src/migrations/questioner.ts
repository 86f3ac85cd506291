/** Questioner: what makemigrations asks the developer (renames, one-off defaults), or assumes. */

import { createInterface, type Interface } from "node:readline/promises";
import type { Readable, Writable } from "node:stream";
import type { FieldSpec } from "./field-specs.js";
import type { ModelState } from "./state.js";

/**
 * How to fill existing rows when a column becomes NOT NULL: a one-off default, stop, or
 * (alterations only) go on and let the developer fix the NULL rows by hand.
 *
 * @example
 * const answer: NotNullAnswer = { kind: "default", value: 0 };
 */
export type NotNullAnswer =
  | { readonly kind: "default"; readonly value: unknown }
  | { readonly kind: "abort" }
  | { readonly kind: "ignore" };

/**
 * The questions the autodetector asks when the models alone do not say what happened.
 *
 * @example
 * const yes: MigrationQuestioner = {
 *   askRenameModel: async () => true,
 *   askRenameField: async () => true,
 *   askNotNullAddition: async () => ({ kind: "default", value: 0 }),
 *   askNotNullAlteration: async () => ({ kind: "ignore" }),
 * };
 */
export interface MigrationQuestioner {
  askRenameModel(from: ModelState, to: ModelState): Promise<boolean>;
  askRenameField(
    model: ModelState,
    oldName: string,
    newName: string,
    spec: FieldSpec,
  ): Promise<boolean>;
  askNotNullAddition(model: ModelState, fieldName: string): Promise<NotNullAnswer>;
  askNotNullAlteration(model: ModelState, fieldName: string): Promise<NotNullAnswer>;
}

/**
 * The questioner of `makemigrations --no-input`: no renames (a removal and an addition) and no
 * guessed defaults (the autodetector stops with NotNullFieldError).
 *
 * @example
 * new Autodetector(from, to, new NonInteractiveQuestioner());
 */
export class NonInteractiveQuestioner implements MigrationQuestioner {
  /**
   * The possible renames it declined ("choice.votes to choice.count"): `makemigrations`
   * warns about each, since a removal and an addition lose the column's data.
   */
  readonly declinedRenames: string[] = [];

  async askRenameModel(from: ModelState, to: ModelState): Promise<boolean> {
    this.declinedRenames.push(`model ${from.label} to ${to.label}`);
    return false;
  }

  async askRenameField(model: ModelState, oldName: string, newName: string): Promise<boolean> {
    const owner = model.name.toLowerCase();
    this.declinedRenames.push(`field ${owner}.${oldName} to ${owner}.${newName}`);
    return false;
  }

  async askNotNullAddition(): Promise<NotNullAnswer> {
    return { kind: "abort" };
  }

  async askNotNullAlteration(): Promise<NotNullAnswer> {
    return { kind: "abort" };
  }
}

/**
 * Asks on a terminal (or any pair of streams), with Django's wording.
 *
 * @example
 * const questioner = new InteractiveQuestioner({ input: process.stdin, output: process.stdout });
 * // Was choice.votes renamed to choice.count (a IntegerField)? [y/N]
 */
export class InteractiveQuestioner implements MigrationQuestioner {
  readonly #input: Readable;
  readonly #output: Writable;
  #lines: AsyncIterator<string> | undefined;
  #readline: Interface | undefined;

  constructor(streams: { input: Readable; output: Writable }) {
    this.#input = streams.input;
    this.#output = streams.output;
  }

  async askRenameModel(from: ModelState, to: ModelState): Promise<boolean> {
    return this.#yesNo(`Was the model ${from.app}.${from.name} renamed to ${to.name}? [y/N] `);
  }

  async askRenameField(
    model: ModelState,
    oldName: string,
    newName: string,
    spec: FieldSpec,
  ): Promise<boolean> {
    const m = model.name.toLowerCase();
    return this.#yesNo(`Was ${m}.${oldName} renamed to ${m}.${newName} (a ${spec.type})? [y/N] `);
  }

  async askNotNullAddition(model: ModelState, fieldName: string): Promise<NotNullAnswer> {
    const choice = await this.#choice(
      `It is impossible to add a non-nullable field '${fieldName}' to ${model.name.toLowerCase()} without specifying a default. This is because the database needs something to populate existing rows.`,
      [
        "Provide a one-off default now (will be set on all existing rows with a null value for this column)",
        "Quit and manually define a default value in models.ts.",
      ],
    );
    return choice === 1 ? this.#askDefault() : { kind: "abort" };
  }

  async askNotNullAlteration(model: ModelState, fieldName: string): Promise<NotNullAnswer> {
    const choice = await this.#choice(
      `It is impossible to change a nullable field '${fieldName}' on ${model.name.toLowerCase()} to non-nullable without providing a default. This is because the database needs something to populate existing rows.`,
      [
        "Provide a one-off default now (will be set on all existing rows with a null value for this column)",
        "Ignore for now. Existing rows that contain NULL values will have to be handled manually, for example with a RunCode or RunSQL operation.",
        "Quit and manually define a default value in models.ts.",
      ],
    );
    if (choice === 1) return this.#askDefault();
    return choice === 2 ? { kind: "ignore" } : { kind: "abort" };
  }

  /**
   * Stops reading the input stream: call it once makemigrations has asked everything, or
   * an open `process.stdin` keeps the process alive.
   */
  close(): void {
    this.#readline?.close();
    this.#readline = undefined;
    this.#lines = undefined;
  }

  #write(text: string): void {
    this.#output.write(text);
  }

  /** The next line of input; undefined at the end of the input. */
  async #line(): Promise<string | undefined> {
    if (!this.#lines) {
      // On a terminal, readline echoes and edits the line; on pipes it only splits lines.
      const terminal = (this.#input as { isTTY?: boolean }).isTTY === true;
      this.#readline = terminal
        ? createInterface({ input: this.#input, output: this.#output, terminal })
        : createInterface({ input: this.#input, terminal });
      this.#lines = this.#readline[Symbol.asyncIterator]();
    }
    const next = await this.#lines.next();
    return next.done ? undefined : next.value;
  }

  async #yesNo(question: string): Promise<boolean> {
    this.#write(question);
    for (;;) {
      const answer = (await this.#line())?.trim().toLowerCase();
      if (answer === undefined || answer === "") return false;
      if (answer[0] === "y") return true;
      if (answer[0] === "n") return false;
      this.#write("Please answer yes or no: ");
    }
  }

  async #choice(message: string, options: readonly string[]): Promise<number> {
    const listed = options.map((option, i) => ` ${i + 1}) ${option}`).join("\n");
    this.#write(`${message}\nPlease select a fix:\n${listed}\nSelect an option: `);
    for (;;) {
      const answer = await this.#line();
      if (answer === undefined) return options.length;
      const n = Number(answer.trim());
      if (Number.isInteger(n) && n >= 1 && n <= options.length) return n;
      this.#write("Please select a valid option: ");
    }
  }

  async #askDefault(): Promise<NotNullAnswer> {
    this.#write(
      `Please enter the default value as valid JavaScript (a literal: 0, "text", true, null, or new Date()):\nType 'exit' to exit this prompt\n>>> `,
    );
    for (;;) {
      const answer = await this.#line();
      if (answer === undefined || answer.trim() === "exit") return { kind: "abort" };
      if (answer.trim() === "") {
        this.#write("Please enter some code, or 'exit' (without quotes) to exit.\n>>> ");
        continue;
      }
      const parsed = parseLiteral(answer);
      if (parsed.ok) return { kind: "default", value: parsed.value };
      this.#write(`Invalid input: ${parsed.error}\n>>> `);
    }
  }
}

/**
 * A default typed at the prompt, read without evaluating code: JSON literals, numbers
 * (and `123n`), single- or double-quoted strings, true/false/null, `new Date()` and
 * `new Date("2025-01-01")`.
 *
 * @example
 * parseLiteral("new Date()"); // { ok: true, value: <now> }
 * parseLiteral("process.exit()"); // { ok: false, error: "..." }
 */
export function parseLiteral(
  text: string,
): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string } {
  const source = text.trim();
  if (/^new\s+Date\s*\(\s*\)$/.test(source)) return { ok: true, value: new Date() };
  const date = /^new\s+Date\s*\(\s*(.+?)\s*\)$/.exec(source);
  if (date) {
    const arg = parseLiteral(date[1] as string);
    if (!arg.ok || (typeof arg.value !== "string" && typeof arg.value !== "number")) {
      return {
        ok: false,
        error: 'new Date() takes a string or a number, such as new Date("2025-01-01").',
      };
    }
    const value = new Date(arg.value);
    return Number.isNaN(value.getTime())
      ? { ok: false, error: `${date[1]} is not a valid date.` }
      : { ok: true, value };
  }
  if (/^-?\d+n$/.test(source)) return { ok: true, value: BigInt(source.slice(0, -1)) };
  if (/^'(?:[^'\\]|\\.)*'$/.test(source)) {
    const inner = source.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"');
    return parseJson(`"${inner}"`, source);
  }
  return parseJson(source, source);
}

function parseJson(
  json: string,
  source: string,
): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string } {
  try {
    return { ok: true, value: JSON.parse(json) };
  } catch {
    return {
      ok: false,
      error: `${source} is not a literal. Enter a number, a quoted string, true, false, null, a JSON array or object, or new Date().`,
    };
  }
}
