// Loads the QuerySet layer, so historical models have managers.
import "../../index.js";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { SchemaEditor } from "../../models/schema-editor.js";
import { describeEachDatabase } from "../../testing/describe-each-database.js";
import { fields } from "../field-specs.js";
import type { Operation, SchemaContext } from "../operation.js";
import { ModelState, ProjectState } from "../state.js";
import {
  AlterModelOptions,
  AlterModelTable,
  AlterUniqueTogether,
  CreateModel,
  DeleteModel,
  operations,
  RenameModel,
} from "./index.js";

const APP = "opm";

const questionFields = {
  id: fields.BigAutoField(),
  questionText: fields.CharField({ maxLength: 200 }),
  tags: fields.ManyToManyField(`${APP}.Tag`),
};

function baseState(): ProjectState {
  return new ProjectState([
    new ModelState(APP, "Tag", { id: fields.BigAutoField() }),
    new ModelState(APP, "Question", questionFields, { ordering: ["questionText"] }),
    new ModelState(APP, "Choice", {
      id: fields.BigAutoField(),
      question: fields.ForeignKey(`${APP}.Question`, { onDelete: "CASCADE" }),
      choiceText: fields.CharField({ maxLength: 200 }),
    }),
    new ModelState(APP, "Survey", {
      id: fields.BigAutoField(),
      questions: fields.ManyToManyField(`${APP}.Question`),
    }),
  ]);
}

const CLASSES = {
  CreateModel,
  DeleteModel,
  RenameModel,
  AlterModelTable,
  AlterModelOptions,
  AlterUniqueTogether,
} as unknown as Record<string, new (o: unknown) => Operation>;

describe("model operations (state, text, deconstruct)", () => {
  it("RenameModel renames the model and repoints relations to it", () => {
    const state = baseState();
    new RenameModel({ oldName: "Question", newName: "Poll" }).stateForwards(APP, state);
    expect(state.hasModel(APP, "Question")).toBe(false);
    expect(state.getModel(APP, "Poll").name).toBe("Poll");
    expect(state.getModel(APP, "Choice").getField("question").to).toBe(`${APP}.Poll`);
    expect(state.getModel(APP, "Survey").getField("questions").to).toBe(`${APP}.Poll`);
    expect(state.apps().getModel(APP, "Poll")._meta.dbTable).toBe("opm_poll");
  });

  it("AlterModelOptions sets the options it names and removes the others", () => {
    const state = baseState();
    new AlterModelOptions({ name: "Question", options: { getLatestBy: "id" } }).stateForwards(
      APP,
      state,
    );
    expect(state.getModel(APP, "Question").options).toEqual({ getLatestBy: "id" });
  });

  it("AlterModelTable and AlterUniqueTogether set their option", () => {
    const state = baseState();
    new AlterModelTable({ name: "Question", table: "polls" }).stateForwards(APP, state);
    new AlterUniqueTogether({
      name: "Choice",
      uniqueTogether: [["question", "choiceText"]],
    }).stateForwards(APP, state);
    expect(state.getModel(APP, "Question").dbTable).toBe("polls");
    expect(state.getModel(APP, "Choice").options.uniqueTogether).toEqual([
      ["question", "choiceText"],
    ]);
    new AlterModelTable({ name: "Question", table: null }).stateForwards(APP, state);
    expect(state.getModel(APP, "Question").dbTable).toBe("opm_question");
  });

  it("describes, names and deconstructs as Django", () => {
    const cases: [Operation, string, string][] = [
      [
        operations.CreateModel({ name: "Question", fields: questionFields }),
        "Create model Question",
        "question",
      ],
      [operations.DeleteModel({ name: "Question" }), "Delete model Question", "delete_question"],
      [
        operations.RenameModel({ oldName: "Question", newName: "Poll" }),
        "Rename model Question to Poll",
        "rename_question_poll",
      ],
      [
        operations.AlterModelTable({ name: "Question", table: "polls_poll" }),
        "Rename table for question to polls_poll",
        "alter_question_table",
      ],
      [
        operations.AlterModelOptions({ name: "Question", options: { ordering: ["-id"] } }),
        "Change Meta options on question",
        "alter_question_options",
      ],
      [
        operations.AlterUniqueTogether({ name: "Choice", uniqueTogether: [["a", "b"]] }),
        "Alter unique_together for choice (1 constraint(s))",
        "alter_choice_unique_together",
      ],
    ];
    for (const [op, text, fragment] of cases) {
      expect(op.describe()).toBe(text);
      expect(op.migrationNameFragment).toBe(fragment);
      const { kind, options } = op.deconstruct();
      expect(new (CLASSES[kind] as new (o: unknown) => Operation)(options)).toEqual(op);
    }
    expect(operations.CreateModel({ name: "Q", fields: {} }).deconstruct()).toEqual({
      kind: "CreateModel",
      options: { name: "Q", fields: {} },
    });
  });
});

describeEachDatabase("model operations (database)", (db) => {
  const context = (): SchemaContext => ({
    editor: new SchemaEditor(db.kysely),
    alias: db.alias,
    collectOnly: false,
  });

  async function forwards(op: Operation, before: ProjectState): Promise<ProjectState> {
    const after = before.clone();
    op.stateForwards(APP, after);
    await op.databaseForwards(APP, context(), before, after);
    return after;
  }

  async function backwards(op: Operation, before: ProjectState, after: ProjectState) {
    await op.databaseBackwards(APP, context(), after, before);
  }

  async function tables(): Promise<string[]> {
    const { rows } = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_name like 'opm%' order by 1
    `.execute(db.kysely);
    return rows.map((r) => r.name);
  }

  async function columnNames(table: string): Promise<string[]> {
    const { rows } = await sql<{ name: string }>`
      select column_name as name from information_schema.columns
      where table_name = ${table} and table_schema = current_schema() order by 1
    `.execute(db.kysely);
    return rows.map((r) => r.name);
  }

  async function uniqueConstraints(table: string): Promise<string[]> {
    const { rows } = await sql<{ name: string }>`
      select c.conname as name from pg_constraint c join pg_class t on t.oid = c.conrelid
      where t.relname = ${table} and c.contype = 'u' order by 1
    `.execute(db.kysely);
    return rows.map((r) => r.name);
  }

  async function createAll(): Promise<ProjectState> {
    let state = new ProjectState();
    for (const model of baseState().models.values()) {
      state = await forwards(
        new CreateModel({
          name: model.name,
          fields: Object.fromEntries(model.fields),
          options: model.options,
        }),
        state,
      );
    }
    return state;
  }

  it("CreateModel creates the table and its join tables; backwards drops them", async () => {
    const empty = new ProjectState([new ModelState(APP, "Tag", { id: fields.BigAutoField() })]);
    await forwards(
      new CreateModel({ name: "Tag", fields: { id: fields.BigAutoField() } }),
      new ProjectState(),
    );
    const op = new CreateModel({ name: "Question", fields: questionFields });
    const after = await forwards(op, empty);
    expect(await tables()).toEqual(["opm_question", "opm_question_tags", "opm_tag"]);
    expect(await columnNames("opm_question")).toEqual(["id", "question_text"]);
    await backwards(op, empty, after);
    expect(await tables()).toEqual(["opm_tag"]);
  });

  it("DeleteModel drops the table; backwards recreates it", async () => {
    const before = await createAll();
    const op = new DeleteModel({ name: "Choice" });
    const after = await forwards(op, before);
    expect(await tables()).not.toContain("opm_choice");
    await backwards(op, before, after);
    expect(await columnNames("opm_choice")).toEqual(["choice_text", "id", "question_id"]);
  });

  it("RenameModel renames the table, join tables and their key columns; backwards undoes it", async () => {
    const before = await createAll();
    await sql`insert into opm_question (question_text) values ('q')`.execute(db.kysely);
    const op = new RenameModel({ oldName: "Question", newName: "Poll" });
    const after = await forwards(op, before);
    expect(await tables()).toEqual([
      "opm_choice",
      "opm_poll",
      "opm_poll_tags",
      "opm_survey",
      "opm_survey_questions",
      "opm_tag",
    ]);
    expect(await columnNames("opm_poll_tags")).toEqual(["id", "poll_id", "tag_id"]);
    expect(await columnNames("opm_survey_questions")).toEqual(["id", "poll_id", "survey_id"]);
    // The historical model of the new state reads the renamed table.
    const Poll = after.apps().getModel(APP, "Poll");
    expect(await Poll.objects.count()).toBe(1);
    await backwards(op, before, after);
    expect(await tables()).toContain("opm_question_tags");
    expect(await columnNames("opm_survey_questions")).toEqual(["id", "question_id", "survey_id"]);
  });

  it("AlterModelTable renames the table and join tables; null goes back to the default", async () => {
    const before = await createAll();
    const op = new AlterModelTable({ name: "Question", table: "opm_poll" });
    const after = await forwards(op, before);
    expect(await tables()).toContain("opm_poll");
    expect(await tables()).toContain("opm_poll_tags");
    const back = await forwards(new AlterModelTable({ name: "Question", table: null }), after);
    expect(back.getModel(APP, "Question").dbTable).toBe("opm_question");
    expect(await tables()).toContain("opm_question_tags");
    await forwards(op, back);
    await backwards(op, before, after);
    expect(await tables()).toContain("opm_question");
  });

  it("AlterUniqueTogether adds and drops the constraints", async () => {
    const before = await createAll();
    const op = new AlterUniqueTogether({
      name: "Choice",
      uniqueTogether: [["question", "choiceText"]],
    });
    const after = await forwards(op, before);
    expect(await uniqueConstraints("opm_choice")).toEqual([
      expect.stringMatching(/^opm_choice_question_id_choice_text_[0-9a-f]{8}_uniq$/),
    ]);
    await backwards(op, before, after);
    expect(await uniqueConstraints("opm_choice")).toEqual([]);
  });

  it("AlterModelOptions runs no SQL", async () => {
    const before = await createAll();
    const editor = new SchemaEditor(db.kysely);
    const op = new AlterModelOptions({ name: "Question", options: {} });
    const after = before.clone();
    op.stateForwards(APP, after);
    await op.databaseForwards(APP, { editor, alias: db.alias, collectOnly: false }, before, after);
    expect(editor.executed).toEqual([]);
  });
});
