// ModelChoiceField and ModelMultipleChoiceField against real databases (PGlite and PostgreSQL).
import { CharField as CharColumn, createModels, type Manager, Model } from "@tango/orm";
import { assertNumQueries, describeEachDatabase } from "@tango/orm/testing";
import { assertHTMLEqual } from "@tango/testing";
import { beforeAll, expect, it } from "vitest";
import { Form } from "../form.js";
import { ModelChoiceField, ModelMultipleChoiceField } from "./model-choice-fields.js";

class Writer extends Model {
  static override meta = { app: "formstest" };
  declare static objects: Manager<Writer>;
  @CharColumn({ maxLength: 50 }) declare name: string;

  override toString(): string {
    return this.name;
  }
}

describeEachDatabase("model choice fields", (ctx) => {
  beforeAll(async () => {
    await createModels(ctx.kysely, [Writer]);
  });

  async function seed(): Promise<[Writer, Writer]> {
    const a = await Writer.objects.create({ name: "Le Guin" });
    const b = await Writer.objects.create({ name: "Borges & Co" });
    return [a, b];
  }

  it("cleans a pk to the instance with one query", async () => {
    const [a] = await seed();
    const field = new ModelChoiceField(Writer.objects.all());
    const found = await assertNumQueries(1, () => field.clean(String(a.pk)));
    expect(found).toBeInstanceOf(Writer);
    expect(found.pk).toBe(a.pk);
  });

  it("refuses unknown and malformed keys with Django's message", async () => {
    await seed();
    const field = new ModelChoiceField(Writer.objects.all());
    await expect(field.clean("999999")).rejects.toThrow(
      "Select a valid choice. That choice is not one of the available choices.",
    );
    await expect(field.clean("abc")).rejects.toThrow("Select a valid choice.");
    await expect(field.clean("")).rejects.toThrow("This field is required.");
    expect(
      await new ModelChoiceField(Writer.objects.all(), { required: false }).clean(""),
    ).toBeNull();
  });

  it("respects the queryset's filter", async () => {
    const [a, b] = await seed();
    const field = new ModelChoiceField(Writer.objects.filter({ name__startswith: "Le" }));
    expect((await field.clean(String(a.pk))).pk).toBe(a.pk);
    await expect(field.clean(String(b.pk))).rejects.toThrow("Select a valid choice.");
  });

  it("renders choices after prepare(), labels from String(instance), escaped", async () => {
    const [a, b] = await seed();
    class BookForm extends Form.with({
      author: new ModelChoiceField(Writer.objects.orderBy("name")),
    }) {}
    const form = await new BookForm({ initial: { author: b } }).prepare();
    assertHTMLEqual(
      String(form.author),
      `<select name="author" required id="id_author">
        <option value="">---------</option>
        <option value="${b.pk}" selected>Borges &amp; Co</option>
        <option value="${a.pk}">Le Guin</option>
      </select>`,
    );
    expect(form.field("author").hasChanged()).toBe(true);
  });

  it("a bound form cleans to a typed instance", async () => {
    const [a] = await seed();
    class BookForm extends Form.with({ author: new ModelChoiceField(Writer.objects.all()) }) {}
    const form = new BookForm({ data: { author: String(a.pk) } });
    expect(await form.isValid()).toBe(true);
    expect(form.cleanedData.author.name).toBe("Le Guin");
  });

  it("ModelMultipleChoiceField cleans several keys with one query", async () => {
    const [a, b] = await seed();
    const field = new ModelMultipleChoiceField(Writer.objects.all());
    const rows = await assertNumQueries(1, () => field.clean([String(a.pk), String(b.pk)]));
    expect(rows.map((r) => r.pk).sort()).toEqual([a.pk, b.pk].sort());
    await expect(field.clean([String(a.pk), "999999"])).rejects.toThrow(
      "Select a valid choice. 999999 is not one of the available choices.",
    );
    await expect(field.clean(["x"])).rejects.toThrow("“x” is not a valid value.");
    await expect(field.clean("1")).rejects.toThrow("Enter a list of values.");
    await expect(field.clean([])).rejects.toThrow("This field is required.");
  });
});
