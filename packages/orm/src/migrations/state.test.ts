import { describe, expect, it } from "vitest";
import { CASCADE, CharField, ForeignKey, IntegerField, Model, type Related } from "../index.js";
import type { ManyToManyFieldImpl } from "../models/fields/related-fields.js";
import { modelRegistry } from "../models/registry.js";
import { fields } from "./field-specs.js";
import { ModelState, ProjectState } from "./state.js";

class Author extends Model {
  static override meta = { app: "statetest" };
  @CharField({ maxLength: 100, verboseName: "full name" }) declare name: string;
}
class Book extends Model {
  static override meta = { app: "statetest", ordering: ["title"] };
  @CharField({ maxLength: 200 }) declare title: string;
  @ForeignKey(() => Author, { onDelete: CASCADE, relatedName: "books" })
  declare author: Related<Author>;
  @IntegerField({ default: 0 }) declare pages: number;
}

describe("ProjectState", () => {
  it("records a model's fields as specs, leaving out what needs no migration", () => {
    const state = ModelState.fromModel(Book);
    expect([...state.fields.keys()]).toEqual(["id", "title", "author", "pages"]);
    expect(state.fields.get("id")).toEqual({ type: "BigAutoField", options: {} });
    expect(state.fields.get("author")).toEqual({
      type: "ForeignKey",
      to: "statetest.Author",
      options: { onDelete: "CASCADE", relatedName: "books" },
    });
    expect(ModelState.fromModel(Author).fields.get("name")).toEqual({
      type: "CharField",
      options: { maxLength: 100 },
    });
    expect(state.options).toEqual({ ordering: ["title"] });
  });

  it("renders historical models in a registry of their own", () => {
    const state = ProjectState.fromModels([Author, Book]);
    const apps = state.apps();
    const HBook = apps.getModel("statetest", "Book");
    const HAuthor = apps.getModel("statetest.author");
    expect(HBook).not.toBe(Book);
    expect(HBook._meta.dbTable).toBe("statetest_book");
    expect(HBook._meta.getField("author").remoteField?.model).toBe(HAuthor);
    expect(HAuthor._meta.relatedObjects.map((r) => r.accessorName)).toEqual(["books"]);
    expect(modelRegistry.findModel("statetest", "book")).toBe(Book);
    expect(ModelState.fromModel(HBook).fields).toEqual(ModelState.fromModel(Book).fields);
  });

  it("renders many-to-many fields with their automatic tables", () => {
    const state = new ProjectState([
      new ModelState("st2", "Tag", {
        id: fields.BigAutoField(),
        name: fields.CharField({ maxLength: 20 }),
      }),
      new ModelState("st2", "Post", {
        id: fields.BigAutoField(),
        tags: fields.ManyToManyField("st2.Tag"),
      }),
    ]);
    const Post = state.apps().getModel("st2", "Post");
    const field = Post._meta.getField("tags") as ManyToManyFieldImpl;
    expect(field.throughModel?._meta.dbTable).toBe("st2_post_tags");
  });

  it("refuses a state whose relation has no target", () => {
    const state = new ProjectState([
      new ModelState("st3", "Post", {
        id: fields.BigAutoField(),
        author: fields.ForeignKey("st3.Author", { onDelete: "CASCADE" }),
      }),
    ]);
    expect(() => state.apps()).toThrow(/Post.author refers to a model that does not exist/);
  });
});
