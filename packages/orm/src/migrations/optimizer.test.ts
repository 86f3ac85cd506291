import { describe, expect, it } from "vitest";
import { Index } from "../models/meta-options.js";
import { fields } from "./field-specs.js";
import type { Operation } from "./operation.js";
import { operations as ops } from "./operations/index.js";
import { optimizeOperations } from "./optimizer.js";

const APP = "polls";
const id = fields.BigAutoField();
const text = fields.CharField({ maxLength: 200 });
const fk = (to: string) => fields.ForeignKey(`${APP}.${to}`, { onDelete: "CASCADE" });

function optimized(operations: Operation[]) {
  return optimizeOperations(operations, APP).map((op) => op.deconstruct());
}

function same(operations: Operation[]) {
  return operations.map((op) => op.deconstruct());
}

describe("optimizeOperations", () => {
  it("CreateModel + DeleteModel: nothing", () => {
    expect(
      optimized([
        ops.CreateModel({ name: "Question", fields: { id } }),
        ops.DeleteModel({ name: "Question" }),
      ]),
    ).toEqual([]);
  });

  it("folds field operations into CreateModel", () => {
    expect(
      optimized([
        ops.CreateModel({ name: "Question", fields: { id, text } }),
        ops.AddField({ model: "Question", name: "votes", field: fields.IntegerField() }),
        ops.AlterField({ model: "Question", name: "text", field: fields.TextField() }),
        ops.RenameField({ model: "Question", oldName: "votes", newName: "count" }),
        ops.AddField({ model: "Question", name: "gone", field: fields.IntegerField() }),
        ops.RemoveField({ model: "Question", name: "gone" }),
      ]),
    ).toEqual(
      same([
        ops.CreateModel({
          name: "Question",
          fields: { id, text: fields.TextField(), count: fields.IntegerField() },
        }),
      ]),
    );
  });

  it("folds RenameModel and the option operations into CreateModel", () => {
    expect(
      optimized([
        ops.CreateModel({ name: "Question", fields: { id, text } }),
        ops.RenameModel({ oldName: "Question", newName: "Poll" }),
        ops.AlterModelOptions({ name: "Poll", options: { ordering: ["text"] } }),
        ops.AlterUniqueTogether({ name: "Poll", uniqueTogether: [["id", "text"]] }),
        ops.AlterModelTable({ name: "Poll", table: "polls_legacy" }),
      ]),
    ).toEqual(
      same([
        ops.CreateModel({
          name: "Poll",
          fields: { id, text },
          options: {
            ordering: ["text"],
            uniqueTogether: [["id", "text"]],
            dbTable: "polls_legacy",
          },
        }),
      ]),
    );
  });

  it("RemoveField in CreateModel drops the field from uniqueTogether", () => {
    expect(
      optimized([
        ops.CreateModel({
          name: "Q",
          fields: { id, text },
          options: { uniqueTogether: [["id", "text"]] },
        }),
        ops.RemoveField({ model: "Q", name: "text" }),
      ]),
    ).toEqual(
      same([ops.CreateModel({ name: "Q", fields: { id }, options: { uniqueTogether: [["id"]] } })]),
    );
  });

  it("AddField absorbs AlterField, RemoveField and RenameField", () => {
    const add = ops.AddField({ model: "Choice", name: "votes", field: fields.IntegerField() });
    expect(
      optimized([
        add,
        ops.AlterField({ model: "Choice", name: "votes", field: fields.BigIntegerField() }),
      ]),
    ).toEqual(
      same([ops.AddField({ model: "Choice", name: "votes", field: fields.BigIntegerField() })]),
    );
    expect(optimized([add, ops.RemoveField({ model: "Choice", name: "votes" })])).toEqual([]);
    expect(
      optimized([add, ops.RenameField({ model: "Choice", oldName: "votes", newName: "count" })]),
    ).toEqual(
      same([ops.AddField({ model: "Choice", name: "count", field: fields.IntegerField() })]),
    );
  });

  it("AlterField + AlterField: the later; AlterField + RemoveField: RemoveField", () => {
    const first = ops.AlterField({ model: "C", name: "v", field: fields.IntegerField() });
    const second = ops.AlterField({ model: "C", name: "v", field: fields.BigIntegerField() });
    const remove = ops.RemoveField({ model: "C", name: "v" });
    expect(optimized([first, second])).toEqual(same([second]));
    expect(optimized([first, remove])).toEqual(same([remove]));
  });

  it("chains RenameField and RenameModel", () => {
    expect(
      optimized([
        ops.RenameField({ model: "C", oldName: "a", newName: "b" }),
        ops.RenameField({ model: "C", oldName: "b", newName: "c" }),
      ]),
    ).toEqual(same([ops.RenameField({ model: "C", oldName: "a", newName: "c" })]));
    expect(
      optimized([
        ops.RenameModel({ oldName: "A", newName: "B" }),
        ops.RenameModel({ oldName: "B", newName: "C" }),
      ]),
    ).toEqual(same([ops.RenameModel({ oldName: "A", newName: "C" })]));
  });

  it("AddIndex + RemoveIndex and AddConstraint + RemoveConstraint: nothing", () => {
    expect(
      optimized([
        ops.AddIndex({ model: "Q", index: new Index({ fields: ["text"], name: "t_idx" }) }),
        ops.RemoveIndex({ model: "Q", name: "t_idx" }),
      ]),
    ).toEqual([]);
  });

  it("moves operations on other models across each other", () => {
    expect(
      optimized([
        ops.CreateModel({ name: "Question", fields: { id } }),
        ops.CreateModel({ name: "Tag", fields: { id } }),
        ops.AddField({ model: "Question", name: "text", field: text }),
        ops.AddField({ model: "Tag", name: "name", field: text }),
      ]),
    ).toEqual(
      same([
        ops.CreateModel({ name: "Question", fields: { id, text } }),
        ops.CreateModel({ name: "Tag", fields: { id, name: text } }),
      ]),
    );
  });

  it("keeps a relation after the creation of its target", () => {
    // CreateModel Question moves right across Tag to take the FK: Tag comes first.
    expect(
      optimized([
        ops.CreateModel({ name: "Question", fields: { id } }),
        ops.CreateModel({ name: "Tag", fields: { id } }),
        ops.AddField({ model: "Question", name: "tag", field: fk("Tag") }),
      ]),
    ).toEqual(
      same([
        ops.CreateModel({ name: "Tag", fields: { id } }),
        ops.CreateModel({ name: "Question", fields: { id, tag: fk("Tag") } }),
      ]),
    );
    // CreateModel Tag cannot move right across Choice (whose FK needs Tag); AddField moves left.
    expect(
      optimized([
        ops.CreateModel({ name: "Tag", fields: { id } }),
        ops.CreateModel({ name: "Choice", fields: { id, tag: fk("Tag") } }),
        ops.AddField({ model: "Tag", name: "name", field: text }),
      ]),
    ).toEqual(
      same([
        ops.CreateModel({ name: "Tag", fields: { id, name: text } }),
        ops.CreateModel({ name: "Choice", fields: { id, tag: fk("Tag") } }),
      ]),
    );
  });

  it("keeps a model whose relation names a renamed model after the rename", () => {
    const operations = [
      ops.CreateModel({ name: "Question", fields: { id } }),
      ops.CreateModel({ name: "Choice", fields: { id, question: fk("Question") } }),
      ops.RenameModel({ oldName: "Question", newName: "Poll" }),
    ];
    expect(optimized(operations)).toEqual(same(operations));
  });

  it("never moves RunSQL/RunCode, nor anything across them", () => {
    const operations = [
      ops.CreateModel({ name: "Question", fields: { id } }),
      ops.RunSQL({ sql: "insert into polls_question default values" }),
      ops.DeleteModel({ name: "Question" }),
      ops.AddField({ model: "Tag", name: "name", field: text }),
      ops.RunCode({ code: () => {} }),
      ops.RemoveField({ model: "Tag", name: "name" }),
    ];
    expect(optimizeOperations(operations, APP)).toEqual(operations);
  });

  it("leaves an already optimal list as it is", () => {
    const operations = [
      ops.AddField({ model: "Choice", name: "votes", field: fields.IntegerField() }),
      ops.AlterField({ model: "Choice", name: "text", field: fields.TextField() }),
    ];
    expect(optimizeOperations(operations, APP)).toEqual(operations);
  });
});
