import { beforeAll, expect, it } from "vitest";
import { CASCADE, CharField, ForeignKey, Model, type Related } from "../models/index.js";
import { createModels } from "../models/schema-editor.js";
import { describeEachDatabase } from "../testing/index.js";
import { captureContext } from "./command-context.test.helpers.js";
import { createFlushCommand, type FlushOptions } from "./flush.js";

class Question extends Model {
  static override meta = { app: "flushes" };
  @CharField({ maxLength: 200 }) declare questionText: string;
}

class Choice extends Model {
  static override meta = { app: "flushes" };
  @ForeignKey(() => Question, { onDelete: CASCADE }) declare question: Related<Question>;
}

interface Terminal {
  tty: boolean;
  answer: string;
  asked: string[];
}

function flush(options: Partial<FlushOptions>, terminal: Terminal) {
  const command = createFlushCommand(
    async (question) => {
      terminal.asked.push(question);
      return terminal.answer;
    },
    () => terminal.tty,
  );
  const run = captureContext<FlushOptions, Record<string, never>>(
    { noInput: false, database: "default", ...options },
    {},
    2,
  );
  return command.handle(run.ctx).then((code) => ({ code, out: run.all() }));
}

describeEachDatabase("manage flush", (db) => {
  beforeAll(async () => {
    await createModels(db.kysely, [Question, Choice]);
  });

  async function seed(): Promise<void> {
    const q = await db.kysely
      .insertInto("flushes_question")
      .values({ question_text: "Why?" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.kysely.insertInto("flushes_choice").values({ question_id: q.id }).execute();
  }

  const count = async (table: string) =>
    (await db.kysely.selectFrom(table).selectAll().execute()).length;

  it("empties every table with --no-input and restarts the ids", async () => {
    await seed();
    const terminal = { tty: false, answer: "", asked: [] };
    const { code, out } = await flush({ noInput: true }, terminal);
    expect(code).toBe(0);
    expect(out).toContain("  Emptied flushes_choice\n");
    expect(out).toContain("  Emptied flushes_question\n");
    expect(terminal.asked).toEqual([]);
    expect(await count("flushes_question")).toBe(0);
    expect(await count("flushes_choice")).toBe(0);
    const q = await db.kysely
      .insertInto("flushes_question")
      .values({ question_text: "Again" })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(Number(q.id)).toBe(1);
  });

  it("asks Django's question on a terminal and does nothing unless the answer is yes", async () => {
    await seed();
    const terminal = { tty: true, answer: "no", asked: [] as string[] };
    expect((await flush({}, terminal)).out).toBe("Flush cancelled.\n");
    expect(terminal.asked[0]).toContain(
      "You have requested a flush of the database.\nThis will IRREVERSIBLY DESTROY all data currently in the",
    );
    expect(terminal.asked[0]).toMatch(/Type 'yes' to continue, or 'no' to cancel: $/);
    expect(await count("flushes_question")).toBe(1);
    terminal.answer = "yes";
    await flush({}, terminal);
    expect(await count("flushes_question")).toBe(0);
  });

  it("refuses without a terminal unless --no-input is given", async () => {
    await seed();
    await expect(flush({}, { tty: false, answer: "yes", asked: [] })).rejects.toThrow(
      "manage flush needs confirmation, and there is no terminal to ask on. Pass --no-input to flush without asking.",
    );
    expect(await count("flushes_question")).toBe(1);
  });
});
