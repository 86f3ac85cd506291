// Model formsets and inline formsets against real databases (PGlite and PostgreSQL).
import { ImproperlyConfigured } from "@tango/core";
import {
  CASCADE,
  CharField,
  createModels,
  ForeignKey,
  IntegerField,
  type Manager,
  Model,
  type Related,
} from "@tango/orm";
import { describeEachDatabase } from "@tango/orm/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { FormNotValidated } from "./errors.js";
import { modelformsetFactory } from "./model-formset.js";
import { inlineformsetFactory } from "./model-formset-inline.js";

class Author extends Model {
  static override meta = { app: "mfstest", ordering: ["name"] };
  declare static objects: Manager<Author>;
  @CharField({ maxLength: 50, unique: true }) declare name: string;
  override toString(): string {
    return this.name;
  }
}

class Poll extends Model {
  static override meta = { app: "mfstest" };
  declare static objects: Manager<Poll>;
  @CharField({ maxLength: 100 }) declare title: string;
}

class Option extends Model {
  static override meta = { app: "mfstest" };
  declare static objects: Manager<Option>;
  @ForeignKey(() => Poll, { onDelete: CASCADE }) declare poll: Related<Poll>;
  @CharField({ maxLength: 100 }) declare text: string;
  @IntegerField({ default: 0 }) declare votes: number;
}

class Pair extends Model {
  static override meta = { app: "mfstest" };
  @ForeignKey(() => Poll, { onDelete: CASCADE, relatedName: "firsts" }) declare a: Related<Poll>;
  @ForeignKey(() => Poll, { onDelete: CASCADE, relatedName: "seconds" }) declare b: Related<Poll>;
}

/** Management form plus per-form data, as a browser would post it. */
function post(
  prefix: string,
  initial: number,
  forms: readonly Record<string, string>[],
): Record<string, string> {
  const data: Record<string, string> = {
    [`${prefix}-TOTAL_FORMS`]: String(forms.length),
    [`${prefix}-INITIAL_FORMS`]: String(initial),
    [`${prefix}-MIN_NUM_FORMS`]: "0",
    [`${prefix}-MAX_NUM_FORMS`]: "1000",
  };
  forms.forEach((form, i) => {
    for (const [k, v] of Object.entries(form)) data[`${prefix}-${i}-${k}`] = v;
  });
  return data;
}

describe("inlineformsetFactory", () => {
  it("finds the foreign key or asks for it", () => {
    expect(inlineformsetFactory(Poll, Option, { fields: ["text"] }).fk.name).toBe("poll");
    expect(() => inlineformsetFactory(Poll, Pair, { fields: "__all__" })).toThrow(
      "has more than one ForeignKey to 'mfstest.Poll'",
    );
    expect(inlineformsetFactory(Poll, Pair, { fields: "__all__", fk: "b" }).fk.name).toBe("b");
    expect(() => inlineformsetFactory(Author, Option, { fields: ["text"] })).toThrow(
      ImproperlyConfigured,
    );
  });
});

describeEachDatabase("model formsets", (ctx) => {
  beforeAll(async () => {
    await createModels(ctx.kysely, [Author, Poll, Option, Pair]);
  });

  const AuthorFormSet = modelformsetFactory(Author, { fields: ["name"], canDelete: true });

  it("renders one form per row plus extra after prepare()", async () => {
    const a = await Author.objects.create({ name: "Borges" });
    await Author.objects.create({ name: "Austen" });
    expect(() => new AuthorFormSet().forms).toThrow(FormNotValidated);
    const formset = await new AuthorFormSet().prepare();
    expect(formset.forms).toHaveLength(3);
    expect(formset.forms[0]?.instance.name).toBe("Austen");
    expect(formset.forms[1]?.instance.pk).toBe(a.pk);
    const html = formset.toHtml();
    expect(html).toContain('name="form-INITIAL_FORMS" value="2"');
    expect(html).toContain(`name="form-1-id" value="${a.pk}"`);
    expect(html).toContain('name="form-1-name" value="Borges"');
    expect(html).toContain('name="form-2-name"');
  });

  it("creates, updates and deletes rows on save()", async () => {
    const austen = await Author.objects.create({ name: "Austen" });
    const borges = await Author.objects.create({ name: "Borges" });
    const formset = new AuthorFormSet({
      data: post("form", 2, [
        { id: String(austen.pk), name: "Jane Austen" },
        { id: String(borges.pk), name: "Borges", DELETE: "on" },
        { name: "Calvino" },
      ]),
    });
    expect(await formset.isValid()).toBe(true);
    const saved = await formset.save();
    expect(saved.map((a) => a.name)).toEqual(["Jane Austen", "Calvino"]);
    expect(formset.newObjects.map((a) => a.name)).toEqual(["Calvino"]);
    expect(formset.changedObjects.map(([a, names]) => [a.name, names])).toEqual([
      ["Jane Austen", ["name"]],
    ]);
    expect(formset.deletedObjects.map((a) => a.name)).toEqual(["Borges"]);
    const names = (await Author.objects.all().toArray()).map((a) => a.name);
    expect(names).toEqual(["Calvino", "Jane Austen"]);
  });

  it("leaves unchanged and empty extra forms alone, respects the queryset", async () => {
    const a = await Author.objects.create({ name: "A" });
    await Author.objects.create({ name: "B" });
    const formset = new AuthorFormSet({
      queryset: Author.objects.filter({ name: "A" }),
      data: post("form", 1, [{ id: String(a.pk), name: "A" }, { name: "" }]),
    });
    expect(await formset.isValid()).toBe(true);
    expect(await formset.save()).toEqual([]);
    expect(await Author.objects.count()).toBe(2);
  });

  it("refuses rows outside the queryset and duplicates across forms", async () => {
    const a = await Author.objects.create({ name: "A" });
    const b = await Author.objects.create({ name: "B" });
    const outside = new AuthorFormSet({
      queryset: Author.objects.filter({ name: "A" }),
      data: post("form", 1, [{ id: String(b.pk), name: "B2" }]),
    });
    expect(await outside.isValid()).toBe(false);
    expect(outside.forms[0]?.errors.get("id")?.messages).toEqual([
      "Select a valid choice. That choice is not one of the available choices.",
    ]);
    const dupes = new AuthorFormSet({
      data: post("form", 2, [
        { id: String(a.pk), name: "A" },
        { id: String(b.pk), name: "B" },
        { name: "Z" },
        { name: "Z" },
      ]),
    });
    expect(await dupes.isValid()).toBe(false);
    expect(dupes.nonFormErrors().messages).toEqual(["Please correct the duplicate data for name."]);
    expect(dupes.forms[3]?.nonFieldErrors().messages).toEqual([
      "Please correct the duplicate values below.",
    ]);
    // Against the database: the model's unique check.
    const taken = new AuthorFormSet({
      data: post("form", 2, [
        { id: String(a.pk), name: "A" },
        { id: String(b.pk), name: "B" },
        { name: "A" },
      ]),
    });
    expect(await taken.isValid()).toBe(false);
    expect(taken.forms[2]?.errors.get("name")?.messages).toEqual([
      "Author with this Name already exists.",
    ]);
    await expect(taken.save()).rejects.toThrow(FormNotValidated);
  });

  it("commit false returns unsaved instances", async () => {
    const formset = new AuthorFormSet({ data: post("form", 0, [{ name: "New" }]) });
    expect(await formset.isValid()).toBe(true);
    const [author] = await formset.save({ commit: false });
    expect(author?.pk).toBeNull();
    await author?.save();
    await formset.saveM2M();
    expect(await Author.objects.count()).toBe(1);
  });

  const OptionFormSet = inlineformsetFactory(Poll, Option, { fields: ["text", "votes"] });

  it("inline formsets edit a parent's children and set the key on new ones", async () => {
    const poll = await Poll.objects.create({ title: "P" });
    const other = await Poll.objects.create({ title: "Other" });
    const yes = await Option.objects.create({ poll, text: "Yes" });
    await Option.objects.create({ poll: other, text: "Elsewhere" });
    const unbound = await new OptionFormSet({ instance: poll }).prepare();
    expect(unbound.prefix).toBe("optionSet");
    expect(unbound.forms).toHaveLength(4);
    expect(unbound.forms[0]?.instance.text).toBe("Yes");
    expect(Object.keys(unbound.forms[0]?.fields ?? {})).toEqual(["text", "votes", "DELETE", "id"]);
    const formset = new OptionFormSet({
      instance: poll,
      data: post("optionSet", 1, [
        { id: String(yes.pk), text: "Yes!", votes: "2" },
        { text: "No", votes: "0" },
        { text: "", votes: "0" },
        { text: "", votes: "0" },
      ]),
    });
    expect(await formset.isValid(), JSON.stringify(formset.errors)).toBe(true);
    await formset.save();
    const options = await Option.objects.filter({ poll: poll.pk }).orderBy("text").toArray();
    expect(options.map((o) => [o.text, o.votes])).toEqual([
      ["No", 0],
      ["Yes!", 2],
    ]);
    expect(await Option.objects.filter({ poll: other.pk }).count()).toBe(1);
  });

  it("inline formsets for a new parent start empty and save after the parent", async () => {
    const poll = new Poll({ title: "Fresh" });
    const formset = new OptionFormSet({
      instance: poll,
      data: post("optionSet", 0, [{ text: "A", votes: "1" }]),
    });
    expect(await formset.isValid()).toBe(true);
    await poll.save();
    const [option] = await formset.save();
    expect(option?.poll.pk).toBe(poll.pk);
    expect(await Option.objects.filter({ poll: poll.pk }).count()).toBe(1);
  });
});
