import { describe, expect, it } from "vitest";
import { CASCADE, CharField, ForeignKey, IntegerField, Model, type Related } from "../index.js";
import { CheckConstraint, Index, UniqueConstraint } from "../models/meta-options.js";
import { Q } from "../query/q.js";
import { suggestName } from "./autodetector/migration-list.js";
import { Autodetector, nextMigrationNumber } from "./autodetector.js";
import { NotNullFieldError } from "./autodetector-errors.js";
import { type FieldSpec, fields } from "./field-specs.js";
import type { Migration } from "./migration.js";
import { operations, RunSQL } from "./operations/index.js";
import type { MigrationQuestioner, NotNullAnswer } from "./questioner.js";
import { ModelState, type ModelStateOptions, ProjectState } from "./state.js";

const id = fields.BigAutoField();
const fk = (to: string, options: Record<string, unknown> = {}): FieldSpec =>
  fields.ForeignKey(to, { onDelete: "CASCADE", ...options });

function model(
  label: string,
  specs: Record<string, FieldSpec>,
  options: ModelStateOptions = {},
): ModelState {
  const [app = "", name = ""] = label.split(".");
  return new ModelState(app, name, { id, ...specs }, options);
}

const question = model("polls.Question", {
  questionText: fields.CharField({ maxLength: 200 }),
  pubDate: fields.DateTimeField(),
});
const choice = model("polls.Choice", {
  question: fk("polls.Question"),
  choiceText: fields.CharField({ maxLength: 200 }),
});

/** A questioner with fixed answers that records what it was asked. */
class FakeQuestioner implements MigrationQuestioner {
  readonly asked: string[] = [];
  constructor(
    readonly answers: { rename?: boolean; notNull?: NotNullAnswer; alter?: NotNullAnswer } = {},
  ) {}
  async askRenameModel(from: ModelState, to: ModelState): Promise<boolean> {
    this.asked.push(`model ${from.label} -> ${to.name}`);
    return this.answers.rename ?? false;
  }
  async askRenameField(m: ModelState, oldName: string, newName: string): Promise<boolean> {
    this.asked.push(`field ${m.name}.${oldName} -> ${newName}`);
    return this.answers.rename ?? false;
  }
  async askNotNullAddition(m: ModelState, name: string): Promise<NotNullAnswer> {
    this.asked.push(`add ${m.name}.${name}`);
    return this.answers.notNull ?? { kind: "abort" };
  }
  async askNotNullAlteration(m: ModelState, name: string): Promise<NotNullAnswer> {
    this.asked.push(`alter ${m.name}.${name}`);
    return this.answers.alter ?? { kind: "abort" };
  }
}

async function detect(
  from: ModelState[],
  to: ModelState[],
  leaves: Record<string, string | undefined> = {},
  questioner: MigrationQuestioner = new FakeQuestioner(),
  extra: { apps?: string[]; name?: string } = {},
): Promise<Map<string, Migration[]>> {
  const detector = new Autodetector(
    new ProjectState(from.map((m) => m.clone())),
    new ProjectState(to.map((m) => m.clone())),
    questioner,
  );
  return detector.changes({ leaves: new Map(Object.entries(leaves)), ...extra });
}

/** `Kind name` lines of a migration's operations. */
function ops(migration: Migration | undefined): string[] {
  return (migration?.operations ?? []).map((op) => {
    const { kind, options } = op.deconstruct();
    const target = [options.model, options.name ?? options.oldName, options.newName]
      .filter((v) => typeof v === "string")
      .join(".");
    return `${kind} ${target}`;
  });
}

function only(changes: Map<string, Migration[]>, app: string): Migration {
  const list = changes.get(app) ?? [];
  expect(list.length).toBe(1);
  return list[0] as Migration;
}

describe("nextMigrationNumber", () => {
  it("counts on from the leaf", () => {
    expect(nextMigrationNumber()).toBe("0001");
    expect(nextMigrationNumber("0001_initial")).toBe("0002");
    expect(nextMigrationNumber("0099_x")).toBe("0100");
    expect(nextMigrationNumber("custom")).toBe("0001");
  });
});

describe("Autodetector: models", () => {
  it("creates an app's first migration, a model before the models pointing at it", async () => {
    const changes = await detect([], [choice, question], { polls: undefined });
    const migration = only(changes, "polls");
    expect(migration.name).toBe("0001_initial");
    expect(migration.app).toBe("polls");
    expect(migration.initial).toBe(true);
    expect(migration.dependencies).toEqual([]);
    expect(ops(migration)).toEqual(["CreateModel Question", "CreateModel Choice"]);
    const create = migration.operations[1]?.deconstruct().options;
    expect(Object.keys(create?.fields as object)).toEqual(["id", "question", "choiceText"]);
  });

  it("finds nothing when nothing changed", async () => {
    expect((await detect([question, choice], [question, choice])).size).toBe(0);
  });

  it("splits out relations of a cycle into AddField after the creations", async () => {
    const a = model("loop.A", { b: fk("loop.B") });
    const b = model("loop.B", { a: fk("loop.A", { null: true }) });
    const migration = only(await detect([], [a, b]), "loop");
    expect(ops(migration)).toEqual(["CreateModel A", "CreateModel B", "AddField A.b"]);
    expect(Object.keys(migration.operations[0]?.deconstruct().options.fields as object)).toEqual([
      "id",
    ]);
  });

  it("creates an explicit through model before the many-to-many field using it", async () => {
    const post = model(
      "blog.Post",
      { tags: fields.ManyToManyField("blog.Tag", { through: "blog.Tagging" }) },
      {
        indexes: [new Index({ fields: ["id"], name: "post_id_idx" })],
      },
    );
    const tag = model("blog.Tag", { name: fields.CharField({ maxLength: 20 }) });
    const tagging = model("blog.Tagging", { post: fk("blog.Post"), tag: fk("blog.Tag") });
    const migration = only(await detect([], [post, tag, tagging]), "blog");
    expect(ops(migration)).toEqual([
      "CreateModel Tag",
      "CreateModel Post",
      "CreateModel Tagging",
      "AddField Post.tags",
      "AddIndex Post",
    ]);
  });

  it("keeps model options, indexes and constraints in CreateModel", async () => {
    const options: ModelStateOptions = {
      ordering: ["-pubDate"],
      indexes: [new Index({ fields: ["-pubDate"], name: "recent_idx" })],
      constraints: [new UniqueConstraint({ fields: ["questionText"], name: "uniq_text" })],
    };
    const q = model(
      "polls.Question",
      { questionText: fields.CharField(), pubDate: fields.DateTimeField() },
      options,
    );
    const migration = only(await detect([], [q]), "polls");
    expect(migration.operations[0]?.deconstruct().options.options).toEqual(options);
  });

  it("deletes a model after the models pointing at it", async () => {
    const migration = only(await detect([question, choice], [], { polls: "0003_x" }), "polls");
    expect(migration.name).toBe("0004_delete_choice_delete_question");
    expect(migration.dependencies).toEqual([["polls", "0003_x"]]);
    expect(ops(migration)).toEqual(["DeleteModel Choice", "DeleteModel Question"]);
  });

  it("removes the relations of a cycle before deleting its models", async () => {
    const a = model("loop.A", { b: fk("loop.B") });
    const b = model("loop.B", { a: fk("loop.A") });
    const migration = only(await detect([a, b], [], { loop: "0001_initial" }), "loop");
    expect(ops(migration)).toEqual([
      "RemoveField A.b",
      "RemoveField B.a",
      "DeleteModel A",
      "DeleteModel B",
    ]);
  });

  it("removes a field pointing at a deleted model before deleting it", async () => {
    const kept = model("polls.Choice", { choiceText: fields.CharField({ maxLength: 200 }) });
    const migration = only(
      await detect([question, choice], [kept], { polls: "0001_initial" }),
      "polls",
    );
    expect(ops(migration)).toEqual(["RemoveField Choice.question", "DeleteModel Question"]);
  });

  it("renames a model when the developer confirms it", async () => {
    const poll = new ModelState("polls", "Poll", question.fields);
    const pointing = model("polls.Choice", {
      question: fk("polls.Poll"),
      choiceText: fields.CharField({ maxLength: 200 }),
    });
    const yes = new FakeQuestioner({ rename: true });
    const migration = only(
      await detect([question, choice], [poll, pointing], { polls: "0001_initial" }, yes),
      "polls",
    );
    expect(yes.asked).toEqual(["model polls.Question -> Poll"]);
    expect(ops(migration)).toEqual(["RenameModel Question.Poll"]);
    expect(migration.name).toBe("0002_rename_question_poll");

    const no = new FakeQuestioner({ rename: false });
    const other = only(
      await detect([question, choice], [poll, pointing], { polls: "0001_initial" }, no),
      "polls",
    );
    expect(ops(other)).toEqual([
      "CreateModel Poll",
      "AlterField Choice.question",
      "DeleteModel Question",
    ]);
  });
});

describe("Autodetector: fields", () => {
  const leaves = { polls: "0001_initial" };

  it("adds a field with a default", async () => {
    const withVotes = model("polls.Choice", {
      ...Object.fromEntries(choice.fields),
      votes: fields.IntegerField({ default: 0 }),
    });
    const migration = only(
      await detect([question, choice], [question, withVotes], leaves),
      "polls",
    );
    expect(migration.name).toBe("0002_choice_votes");
    expect(migration.initial).toBe(false);
    expect(migration.dependencies).toEqual([["polls", "0001_initial"]]);
    expect(migration.operations[0]?.deconstruct()).toEqual({
      kind: "AddField",
      options: { model: "Choice", name: "votes", field: fields.IntegerField({ default: 0 }) },
    });
  });

  it("asks for a one-off default for a NOT NULL field, or stops", async () => {
    const withVotes = model("polls.Choice", {
      ...Object.fromEntries(choice.fields),
      votes: fields.IntegerField(),
    });
    const yes = new FakeQuestioner({ notNull: { kind: "default", value: 0 } });
    const migration = only(
      await detect([choice, question], [withVotes, question], leaves, yes),
      "polls",
    );
    expect(yes.asked).toEqual(["add Choice.votes"]);
    expect(migration.operations[0]?.deconstruct().options).toEqual({
      model: "Choice",
      name: "votes",
      field: fields.IntegerField({ default: 0 }),
      preserveDefault: false,
    });
    const stop = detect([choice, question], [withVotes, question], leaves);
    await expect(stop).rejects.toThrow(NotNullFieldError);
    await expect(detect([choice, question], [withVotes, question], leaves)).rejects.toThrow(
      "It is impossible to add a non-nullable field 'votes' to choice without specifying a default. Give the field a default (default: 0), make it nullable (null: true), or run makemigrations interactively to give a one-off default.",
    );
  });

  it("does not ask for nullable, defaulted, automatic or many-to-many fields", async () => {
    const richer = model("polls.Choice", {
      ...Object.fromEntries(choice.fields),
      note: fields.TextField({ null: true }),
      tags: fields.ManyToManyField("polls.Question"),
    });
    const asker = new FakeQuestioner();
    const migration = only(
      await detect([choice, question], [richer, question], leaves, asker),
      "polls",
    );
    expect(asker.asked).toEqual([]);
    expect(ops(migration)).toEqual(["AddField Choice.note", "AddField Choice.tags"]);
  });

  it("removes and alters fields", async () => {
    const changed = model("polls.Question", { questionText: fields.CharField({ maxLength: 300 }) });
    const migration = only(await detect([question], [changed], leaves), "polls");
    expect(ops(migration)).toEqual([
      "RemoveField Question.pubDate",
      "AlterField Question.questionText",
    ]);
    expect(migration.name).toBe("0002_remove_question_pubdate_alter_question_questiontext");
  });

  it("asks before making a nullable field NOT NULL", async () => {
    const nullable = model("polls.Choice", { votes: fields.IntegerField({ null: true }) });
    const required = model("polls.Choice", { votes: fields.IntegerField() });
    const ignore = new FakeQuestioner({ alter: { kind: "ignore" } });
    const plain = only(await detect([nullable], [required], leaves, ignore), "polls");
    expect(plain.operations[0]?.deconstruct().options).toEqual({
      model: "Choice",
      name: "votes",
      field: required.getField("votes"),
    });
    const fill = new FakeQuestioner({ alter: { kind: "default", value: 1 } });
    const filled = only(await detect([nullable], [required], leaves, fill), "polls");
    expect(filled.operations[0]?.deconstruct().options).toMatchObject({
      field: fields.IntegerField({ default: 1 }),
      preserveDefault: false,
    });
    await expect(detect([nullable], [required], leaves)).rejects.toThrow(
      /impossible to change a nullable field 'votes' on choice to non-nullable/,
    );
  });

  it("renames a field when the developer confirms it", async () => {
    const before = model(
      "polls.Choice",
      { votes: fields.IntegerField({ default: 0 }) },
      { uniqueTogether: [["id", "votes"]] },
    );
    const after = model(
      "polls.Choice",
      { count: fields.IntegerField({ default: 0 }) },
      { uniqueTogether: [["id", "count"]] },
    );
    const yes = new FakeQuestioner({ rename: true });
    const renamed = only(await detect([before], [after], leaves, yes), "polls");
    expect(yes.asked).toEqual(["field Choice.votes -> count"]);
    expect(ops(renamed)).toEqual(["RenameField Choice.votes.count"]);
    const replaced = only(
      await detect([before], [after], leaves, new FakeQuestioner({ rename: false })),
      "polls",
    );
    expect(ops(replaced)).toEqual([
      "AlterUniqueTogether Choice",
      "RemoveField Choice.votes",
      "AddField Choice.count",
      "AlterUniqueTogether Choice",
    ]);
    expect(replaced.operations[0]?.deconstruct().options).toEqual({
      name: "Choice",
      uniqueTogether: [],
    });
  });

  it("replaces a field that becomes many-to-many", async () => {
    const before = model("polls.Choice", { other: fk("polls.Question", { null: true }) });
    const after = model("polls.Choice", { other: fields.ManyToManyField("polls.Question") });
    const migration = only(await detect([question, before], [question, after], leaves), "polls");
    expect(ops(migration)).toEqual(["RemoveField Choice.other", "AddField Choice.other"]);
  });
});

describe("Autodetector: options, indexes and constraints", () => {
  const leaves = { polls: "0001_initial" };

  it("changes the table and the options", async () => {
    const after = new ModelState("polls", "Question", question.fields, {
      dbTable: "questions",
      ordering: ["pubDate"],
    });
    const migration = only(await detect([question], [after], leaves), "polls");
    expect(migration.operations.map((o) => o.deconstruct())).toEqual([
      { kind: "AlterModelTable", options: { name: "Question", table: "questions" } },
      {
        kind: "AlterModelOptions",
        options: { name: "Question", options: { ordering: ["pubDate"] } },
      },
    ]);
    const back = only(await detect([after], [question], leaves), "polls");
    expect(back.operations.map((o) => o.deconstruct())).toEqual([
      { kind: "AlterModelTable", options: { name: "Question", table: null } },
      { kind: "AlterModelOptions", options: { name: "Question", options: {} } },
    ]);
  });

  it("adds, removes and replaces indexes and constraints", async () => {
    const withAll = (indexField: string, check: number) =>
      new ModelState("polls", "Question", question.fields, {
        indexes: [
          new Index({ fields: [indexField], name: "q_idx" }),
          new Index({ fields: ["questionText"], name: "keep_idx" }),
        ],
        constraints: [new CheckConstraint({ check: Q({ id__gte: check }), name: "q_check" })],
      });
    const same = await detect([withAll("-pubDate", 0)], [withAll("-pubDate", 0)], leaves);
    expect(same.size).toBe(0);
    const changed = only(
      await detect([withAll("-pubDate", 0)], [withAll("pubDate", 1)], leaves),
      "polls",
    );
    expect(ops(changed)).toEqual([
      "RemoveIndex Question.q_idx",
      "RemoveConstraint Question.q_check",
      "AddIndex Question",
      "AddConstraint Question",
    ]);
    const added = only(await detect([question], [withAll("pubDate", 1)], leaves), "polls");
    expect(ops(added)).toEqual([
      "AddIndex Question",
      "AddIndex Question",
      "AddConstraint Question",
    ]);
  });
});

describe("Autodetector: apps", () => {
  const user = model("auth.User", { username: fields.CharField({ maxLength: 150 }) });
  const authored = model("polls.Question", { author: fk("auth.User") });

  it("depends on the migration that creates a model of another app", async () => {
    const changes = await detect([], [authored, user]);
    expect(only(changes, "auth").name).toBe("0001_initial");
    const polls = only(changes, "polls");
    expect(polls.dependencies).toEqual([["auth", "0001_initial"]]);
    expect(ops(polls)).toEqual(["CreateModel Question"]);
    expect(Object.keys(polls.operations[0]?.deconstruct().options.fields as object)).toEqual([
      "id",
      "author",
    ]);
  });

  it("depends on another app's leaf, or on its new migration", async () => {
    const unchanged = await detect([user], [user, authored], { auth: "0004_x" });
    expect(only(unchanged, "polls").dependencies).toEqual([["auth", "0004_x"]]);
    const bigger = model("auth.User", { username: fields.CharField({ maxLength: 200 }) });
    const changed = await detect([user], [bigger, authored], { auth: "0004_x" });
    expect(only(changed, "auth").name).toBe("0005_alter_user_username");
    expect(only(changed, "polls").dependencies).toEqual([["auth", "0005_alter_user_username"]]);
  });

  it("splits an app's migration when two new apps point at each other", async () => {
    const x = model("a.X", { y: fk("b.Y") });
    const y = model("b.Y", { x: fk("a.X") });
    const changes = await detect([], [x, y]);
    const [a1, a2] = changes.get("a") ?? [];
    const b1 = only(changes, "b");
    expect([a1?.name, ops(a1)]).toEqual(["0001_initial", ["CreateModel X"]]);
    expect([b1.name, ops(b1), b1.dependencies]).toEqual([
      "0001_initial",
      ["CreateModel Y"],
      [["a", "0001_initial"]],
    ]);
    expect(Object.keys(b1.operations[0]?.deconstruct().options.fields as object)).toEqual([
      "id",
      "x",
    ]);
    expect([a2?.name, ops(a2), a2?.dependencies]).toEqual([
      "0002_initial",
      ["AddField X.y"],
      [
        ["a", "0001_initial"],
        ["b", "0001_initial"],
      ],
    ]);
  });

  it("deletes a model after another app stops pointing at it", async () => {
    const changes = await detect([user, authored], [model("polls.Question", {})], {
      auth: "0001_initial",
      polls: "0001_initial",
    });
    expect(ops(only(changes, "polls"))).toEqual(["RemoveField Question.author"]);
    const auth = only(changes, "auth");
    expect(ops(auth)).toEqual(["DeleteModel User"]);
    expect(auth.dependencies).toEqual([
      ["auth", "0001_initial"],
      ["polls", "0002_remove_question_author"],
    ]);
  });

  it("limits detection to the given apps and uses the given name", async () => {
    const changes = await detect([], [authored, user], {}, undefined, {
      apps: ["auth"],
      name: "users",
    });
    expect([...changes.keys()]).toEqual(["auth"]);
    expect(only(changes, "auth").name).toBe("0001_users");
  });

  it("cuts long names with _and_more, as Django does", async () => {
    const many = model("polls.Question", {
      ...Object.fromEntries(question.fields),
      aRatherLongFieldName: fields.IntegerField({ default: 0 }),
      anotherRatherLongFieldName: fields.IntegerField({ default: 0 }),
    });
    const migration = only(await detect([question], [many], { polls: "0001_initial" }), "polls");
    expect(migration.name).toBe("0002_question_aratherlongfieldname_and_more");
  });

  it("names a migration by date when an operation has no name fragment", () => {
    const sqlOnly = [operations.RunSQL({ sql: "SELECT 1", reverseSql: RunSQL.noop })];
    expect(suggestName(sqlOnly, false, new Date(2026, 10, 21, 9, 5))).toBe("auto_20261121_0905");
  });
});

class Writer extends Model {
  static override meta = { app: "detecttest" };
  @CharField({ maxLength: 100 }) declare name: string;
}
class Article extends Model {
  static override meta = { app: "detecttest", ordering: ["-rank"] };
  @ForeignKey(() => Writer, { onDelete: CASCADE }) declare writer: Related<Writer>;
  @IntegerField({ default: 0 }) declare rank: number;
}

describe("Autodetector on decorated models", () => {
  it("writes the initial migration of the current models", async () => {
    const to = ProjectState.fromModels([Article, Writer]);
    const detector = new Autodetector(new ProjectState(), to);
    const migration = only(await detector.changes({ leaves: new Map() }), "detecttest");
    expect(ops(migration)).toEqual(["CreateModel Writer", "CreateModel Article"]);
    expect(migration.operations[1]?.deconstruct().options).toEqual({
      name: "Article",
      fields: {
        id: fields.BigAutoField(),
        writer: fk("detecttest.Writer"),
        rank: fields.IntegerField({ default: 0 }),
      },
      options: { ordering: ["-rank"] },
    });
    const applied = new ProjectState();
    migration.app = "detecttest";
    migration.mutateState(applied);
    const again = await new Autodetector(applied, to).changes({
      leaves: new Map([["detecttest", "0001_initial"]]),
    });
    expect(again.size).toBe(0);
  });
});

describe("Autodetector: applying what it detects", () => {
  const a = model("loop.A", { b: fk("loop.B") });
  const b = model("loop.B", { a: fk("loop.A", { null: true }) });
  const post = model("blog.Post", {
    tags: fields.ManyToManyField("blog.Tag", { through: "blog.Tagging" }),
  });
  const tag = model("blog.Tag", { name: fields.CharField({ maxLength: 20 }) });
  const tagging = model("blog.Tagging", { post: fk("blog.Post"), tag: fk("blog.Tag") });
  const x = model("a.X", { y: fk("b.Y") });
  const y = model("b.Y", { x: fk("a.X") });
  const indexed = new ModelState("polls", "Question", question.fields, {
    dbTable: "qs",
    ordering: ["pubDate"],
    uniqueTogether: [["questionText", "pubDate"]],
    indexes: [new Index({ fields: ["-pubDate"], name: "recent_idx" })],
    constraints: [new CheckConstraint({ check: Q({ id__gte: 0 }), name: "q_check" })],
  });
  const renamedPoll = new ModelState("polls", "Poll", question.fields, {
    indexes: [new Index({ fields: ["pubDate"], name: "p_idx" })],
  });
  const votes = model(
    "polls.Choice",
    { question: fk("polls.Question"), votes: fields.IntegerField({ default: 0 }) },
    {
      uniqueTogether: [["question", "votes"]],
      indexes: [new Index({ fields: ["-votes"], name: "v_idx" })],
    },
  );
  const count = model(
    "polls.Choice",
    { question: fk("polls.Poll"), count: fields.IntegerField({ default: 0 }) },
    {
      uniqueTogether: [["question", "count"]],
      indexes: [new Index({ fields: ["-count"], name: "v_idx" })],
    },
  );
  const cases: [string, ModelState[], ModelState[], boolean?][] = [
    ["renames", [question, votes], [renamedPoll, count], true],
    ["refused renames", [question, votes], [renamedPoll, count], false],
    ["creations with cycles", [], [a, b, post, tag, tagging, x, y, question, choice]],
    ["deletions with cycles", [a, b, post, tag, tagging, x, y, question, choice], []],
    ["option changes", [question, choice], [indexed, choice]],
    ["option removals", [indexed, choice], [question, choice]],
  ];
  for (const [title, from, to, rename] of cases) {
    it(`leaves nothing to detect after ${title}`, async () => {
      const changes = await detect(
        from,
        to,
        {},
        new FakeQuestioner({ rename, notNull: { kind: "default", value: 0 } }),
      );
      const state = new ProjectState(from.map((m) => m.clone()));
      const applied = new Set<string>();
      const all = [...changes.values()].flat();
      while (applied.size < all.length) {
        const next = all.find(
          (m) =>
            !applied.has(m.label) &&
            m.dependencies.every(([app, name]) => applied.has(`${app}.${name}`)),
        );
        expect(next, "a migration whose dependencies are applied").toBeDefined();
        next?.mutateState(state);
        applied.add(next?.label ?? "");
      }
      expect(() => state.apps()).not.toThrow();
      const again = await new Autodetector(
        state,
        new ProjectState(to.map((m) => m.clone())),
      ).changes({
        leaves: new Map(),
      });
      expect([...again.values()].flat().flatMap(ops)).toEqual([]);
    });
  }
});
