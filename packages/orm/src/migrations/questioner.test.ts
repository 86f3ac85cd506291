import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { fields } from "./field-specs.js";
import { InteractiveQuestioner, NonInteractiveQuestioner, parseLiteral } from "./questioner.js";
import { ModelState } from "./state.js";

const choice = new ModelState("polls", "Choice", { id: fields.BigAutoField() });

/** A questioner whose input holds `lines`, and what it wrote. */
function ask(lines: string[]): { questioner: InteractiveQuestioner; written: () => string } {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = "";
  output.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  input.end(lines.map((l) => `${l}\n`).join(""));
  return { questioner: new InteractiveQuestioner({ input, output }), written: () => text };
}

describe("NonInteractiveQuestioner", () => {
  it("assumes no renames, remembering them for a warning, and gives no defaults", async () => {
    const q = new NonInteractiveQuestioner();
    const poll = new ModelState("polls", "Poll", choice.fields);
    expect(await q.askRenameModel(choice, poll)).toBe(false);
    expect(await q.askRenameField(choice, "votes", "count")).toBe(false);
    expect(q.declinedRenames).toEqual([
      "model polls.Choice to polls.Poll",
      "field choice.votes to choice.count",
    ]);
    expect(await q.askNotNullAddition()).toEqual({ kind: "abort" });
    expect(await q.askNotNullAlteration()).toEqual({ kind: "abort" });
  });
});

describe("InteractiveQuestioner", () => {
  it("asks about a field rename as Django does, re-asking until yes or no", async () => {
    const { questioner, written } = ask(["maybe", "Yes"]);
    expect(await questioner.askRenameField(choice, "votes", "count", fields.IntegerField())).toBe(
      true,
    );
    expect(written()).toBe(
      "Was choice.votes renamed to choice.count (a IntegerField)? [y/N] Please answer yes or no: ",
    );
    questioner.close();
  });

  it("takes an empty answer or the end of the input as no", async () => {
    const { questioner, written } = ask([""]);
    const question = new ModelState("polls", "Question", {});
    expect(await questioner.askRenameModel(new ModelState("polls", "Poll", {}), question)).toBe(
      false,
    );
    expect(await questioner.askRenameModel(new ModelState("polls", "Poll", {}), question)).toBe(
      false,
    );
    expect(written()).toContain("Was the model polls.Poll renamed to Question? [y/N] ");
  });

  it("asks for a one-off default when adding a NOT NULL field", async () => {
    const { questioner, written } = ask(["3", "1", "print('x')", "", "42"]);
    expect(await questioner.askNotNullAddition(choice, "votes")).toEqual({
      kind: "default",
      value: 42,
    });
    expect(written()).toBe(
      [
        "It is impossible to add a non-nullable field 'votes' to choice without specifying a default. This is because the database needs something to populate existing rows.",
        "Please select a fix:",
        " 1) Provide a one-off default now (will be set on all existing rows with a null value for this column)",
        " 2) Quit and manually define a default value in models.ts.",
        'Select an option: Please select a valid option: Please enter the default value as valid JavaScript (a literal: 0, "text", true, null, or new Date()):',
        "Type 'exit' to exit this prompt",
        ">>> Invalid input: print('x') is not a literal. Enter a number, a quoted string, true, false, null, a JSON array or object, or new Date().",
        ">>> Please enter some code, or 'exit' (without quotes) to exit.",
        ">>> ",
      ].join("\n"),
    );
  });

  it("quits when asked to, or on 'exit'", async () => {
    expect(await ask(["2"]).questioner.askNotNullAddition(choice, "votes")).toEqual({
      kind: "abort",
    });
    expect(await ask(["1", "exit"]).questioner.askNotNullAddition(choice, "votes")).toEqual({
      kind: "abort",
    });
  });

  it("offers to ignore when a field becomes NOT NULL", async () => {
    const { questioner, written } = ask(["2", "1", 'new Date("2025-01-01")', "3"]);
    expect(await questioner.askNotNullAlteration(choice, "votes")).toEqual({ kind: "ignore" });
    expect(written()).toContain(
      "It is impossible to change a nullable field 'votes' on choice to non-nullable without providing a default.",
    );
    expect(written()).toContain(" 2) Ignore for now.");
    expect(await questioner.askNotNullAlteration(choice, "votes")).toEqual({
      kind: "default",
      value: new Date("2025-01-01"),
    });
    expect(await questioner.askNotNullAlteration(choice, "votes")).toEqual({ kind: "abort" });
  });
});

describe("parseLiteral", () => {
  it("reads literals without evaluating code", () => {
    expect(parseLiteral("0")).toEqual({ ok: true, value: 0 });
    expect(parseLiteral(" -1.5e2 ")).toEqual({ ok: true, value: -150 });
    expect(parseLiteral('"text"')).toEqual({ ok: true, value: "text" });
    expect(parseLiteral("'it\\'s \"x\"'")).toEqual({ ok: true, value: 'it\'s "x"' });
    expect(parseLiteral("true")).toEqual({ ok: true, value: true });
    expect(parseLiteral("null")).toEqual({ ok: true, value: null });
    expect(parseLiteral("12n")).toEqual({ ok: true, value: 12n });
    expect(parseLiteral('{"a": [1]}')).toEqual({ ok: true, value: { a: [1] } });
    const now = parseLiteral("new Date()");
    expect(now.ok && now.value instanceof Date).toBe(true);
    expect(parseLiteral("new Date(0)")).toEqual({ ok: true, value: new Date(0) });
    expect(parseLiteral('new Date("nope")').ok).toBe(false);
    expect(parseLiteral("process.exit(1)").ok).toBe(false);
    expect(parseLiteral("undefined").ok).toBe(false);
  });
});
