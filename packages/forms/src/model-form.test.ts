// ModelForm against real databases (PGlite and PostgreSQL): field mapping, create/update, model validation, relations, files.
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  configureSettings,
  FieldError,
  ImproperlyConfigured,
  loadSettings,
  resetSettings,
  storages,
  ValidationError,
} from "@tango/core";
import { UploadedFile } from "@tango/http";
import {
  BigIntegerField,
  BooleanField,
  CASCADE,
  CharField,
  createModels,
  DateField,
  DateTimeField,
  DecimalField,
  DurationField,
  EmailField,
  type FieldFile,
  FileField,
  FloatField,
  ForeignKey,
  IntegerField,
  JSONField,
  type Manager,
  ManyToManyField,
  Model,
  PositiveIntegerField,
  type Related,
  type RelatedManager,
  SET_NULL,
  SlugField,
  TextField,
  TimeField,
  UniqueConstraint,
  URLField,
  UUIDField,
} from "@tango/orm";
import { describeEachDatabase } from "@tango/orm/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BooleanField as FormBoolean } from "./fields/boolean-fields.js";
import type { TypedChoiceField } from "./fields/choice-fields.js";
import { ModelChoiceField, ModelMultipleChoiceField } from "./fields/model-choice-fields.js";
import { CharField as FormChar } from "./fields/text-fields.js";
import { ModelForm } from "./model-form.js";
import { Textarea } from "./widgets/inputs.js";

class Tag extends Model {
  static override meta = { app: "mformtest" };
  declare static objects: Manager<Tag>;
  @CharField({ maxLength: 30 }) declare name: string;
  override toString(): string {
    return this.name;
  }
}

class Question extends Model {
  static override meta = { app: "mformtest" };
  declare static objects: Manager<Question>;
  @CharField({ maxLength: 200, unique: true }) declare questionText: string;
  @DateTimeField({ verboseName: "date published" }) declare pubDate: Date;
  @DateTimeField({ autoNowAdd: true }) declare created: Date;
  @IntegerField({ default: 0, editable: false }) declare hits: number;
  @ManyToManyField(() => Tag, { blank: true }) declare tags: RelatedManager<Tag>;
  override toString(): string {
    return this.questionText;
  }
  override clean(): void {
    if (this.questionText?.includes("spam")) throw new ValidationError("No spam, please.");
  }
}

class Everything extends Model {
  static override meta = {
    app: "mformtest",
    constraints: [new UniqueConstraint({ fields: ["slug", "email"], name: "slug_email_uniq" })],
  };
  declare static objects: Manager<Everything>;
  @CharField({ maxLength: 20, helpText: "Short." }) declare title: string;
  @TextField({ blank: true }) declare body: string;
  @EmailField() declare email: string;
  @URLField({ blank: true }) declare site: string;
  @SlugField() declare slug: string;
  @UUIDField({ null: true, blank: true }) declare uuid: string | null;
  @JSONField({ null: true, blank: true }) declare extra: unknown;
  @IntegerField({ default: 3 }) declare count: number;
  @PositiveIntegerField({ null: true, blank: true }) declare positive: number | null;
  @BigIntegerField({ null: true, blank: true }) declare big: bigint | null;
  @FloatField({ null: true, blank: true }) declare ratio: number | null;
  @DecimalField({ maxDigits: 5, decimalPlaces: 2, null: true, blank: true })
  declare price: string | null;
  @BooleanField({ default: false }) declare flag: boolean;
  @DateField({ null: true, blank: true }) declare day: Date | null;
  @TimeField({ null: true, blank: true }) declare at: string | null;
  @DurationField({ null: true, blank: true }) declare took: number | null;
  @CharField({
    maxLength: 1,
    choices: [
      ["S", "Small"],
      ["L", "Large"],
    ],
  })
  declare size: string;
  @ForeignKey(() => Question, { onDelete: SET_NULL, null: true, blank: true })
  declare question: Related<Question> | null;
}

class Doc extends Model {
  static override meta = { app: "mformtest" };
  declare static objects: Manager<Doc>;
  @CharField({ maxLength: 20 }) declare title: string;
  @FileField({ uploadTo: "docs/", blank: true }) declare file: FieldFile;
}

class Choice extends Model {
  static override meta = { app: "mformtest" };
  declare static objects: Manager<Choice>;
  @ForeignKey(() => Question, { onDelete: CASCADE }) declare question: Related<Question>;
  @CharField({ maxLength: 200 }) declare choiceText: string;
  @IntegerField({ default: 0 }) declare votes: number;
}

const MODELS = [Tag, Question, Everything, Doc, Choice];

describe("ModelForm.for", () => {
  it("maps each ORM field type to its form field", () => {
    const EverythingForm = ModelForm.for(Everything, { fields: "__all__" });
    const f = EverythingForm.baseFields as Record<string, unknown>;
    expect(EverythingForm.model).toBe(Everything);
    expect(EverythingForm.fieldNames).toEqual([
      "title",
      "body",
      "email",
      "site",
      "slug",
      "uuid",
      "extra",
      "count",
      "positive",
      "big",
      "ratio",
      "price",
      "flag",
      "day",
      "at",
      "took",
      "size",
      "question",
    ]);
    const kinds = Object.fromEntries(
      Object.entries(f).map(([k, v]) => [k, (v as object).constructor.name]),
    );
    expect(kinds).toEqual({
      title: "CharField",
      body: "CharField",
      email: "EmailField",
      site: "URLField",
      slug: "SlugField",
      uuid: "UUIDField",
      extra: "JSONField",
      count: "IntegerField",
      positive: "IntegerField",
      big: "IntegerField",
      ratio: "FloatField",
      price: "DecimalField",
      flag: "BooleanField",
      day: "DateField",
      at: "TimeField",
      took: "DurationMsField",
      size: "TypedChoiceField",
      question: "ModelChoiceField",
    });
    const title = f.title as FormChar;
    expect(title.maxLength).toBe(20);
    expect(title.required).toBe(true);
    expect(title.label).toBe("Title");
    expect(title.helpText).toBe("Short.");
    expect((f.body as FormChar).widget).toBeInstanceOf(Textarea);
    expect((f.body as FormChar).required).toBe(false);
    expect((f.count as F0).initial).toBe(3);
    expect((f.positive as { minValue: number }).minValue).toBe(0);
    expect((f.price as { maxDigits: number }).maxDigits).toBe(5);
    expect((f.flag as FormBoolean).required).toBe(false);
    expect((f.size as TypedChoiceField).choices).toEqual([
      ["", "---------"],
      ["S", "Small"],
      ["L", "Large"],
    ]);
    expect((f.question as ModelChoiceField<Question>).required).toBe(false);
  });

  it("leaves out non-editable, auto and autoNow fields, labels from verboseName", () => {
    const QuestionForm = ModelForm.for(Question, { fields: "__all__" });
    expect(QuestionForm.fieldNames).toEqual(["questionText", "pubDate", "tags"]);
    const fields = QuestionForm.baseFields;
    expect(fields.pubDate.label).toBe("Date published");
    expect(fields.questionText.label).toBe("Question text");
    expect(fields.tags).toBeInstanceOf(ModelMultipleChoiceField);
    expect(fields.tags.required).toBe(false);
  });

  it("applies fields order, exclude, widgets, labels, help texts, messages and classes", () => {
    class Shout extends FormChar {}
    const QuestionForm = ModelForm.for(Question, {
      fields: ["pubDate", "questionText"],
      widgets: { questionText: Textarea },
      labels: { pubDate: "When" },
      helpTexts: { questionText: "Ask away." },
      errorMessages: { questionText: { required: "Ask something!" } },
      fieldClasses: { questionText: Shout },
    });
    expect(Object.keys(QuestionForm.baseFields)).toEqual(["pubDate", "questionText"]);
    const q = QuestionForm.baseFields.questionText;
    expect(q).toBeInstanceOf(Shout);
    expect(q.widget).toBeInstanceOf(Textarea);
    expect(q.helpText).toBe("Ask away.");
    expect(q.errorMessages.required).toBe("Ask something!");
    expect(QuestionForm.baseFields.pubDate.label).toBe("When");
    const NoTags = ModelForm.for(Question, { exclude: ["tags"] });
    expect(NoTags.fieldNames).toEqual(["questionText", "pubDate"]);
  });

  it("refuses unknown fields, non-editable fields, and a missing fields option", () => {
    expect(() => ModelForm.for(Question, { fields: ["nmae" as "questionText"] })).toThrow(
      FieldError,
    );
    expect(() => ModelForm.for(Question, { fields: ["nmae" as "questionText"] })).toThrow(
      "Unknown field(s) (nmae) specified for Question",
    );
    expect(() => ModelForm.for(Question, { fields: ["hits"] })).toThrow(
      "'hits' cannot be specified for Question model form as it is a non-editable field",
    );
    expect(() => ModelForm.for(Question, {})).toThrow(ImproperlyConfigured);
  });

  it("keeps working with extends and .with()", () => {
    class QuestionForm extends ModelForm.for(Question, { fields: ["questionText"] }) {
      override clean() {
        if (this.cleanedData.questionText === "x") this.addError("questionText", "Not x.");
      }
    }
    const Extended = QuestionForm.with({ note: new FormChar({ required: false }) });
    expect(Object.keys(Extended.baseFields)).toEqual(["questionText", "note"]);
    expect((Extended as unknown as typeof QuestionForm).model).toBe(Question);
  });
});

type F0 = { initial: unknown };

let root = "";
const roots: string[] = [];

afterAll(() => {
  resetSettings();
  storages.reset();
  for (const folder of roots) rmSync(folder, { recursive: true, force: true });
});

describeEachDatabase("ModelForm", (ctx) => {
  beforeAll(async () => {
    root = realpathSync(mkdtempSync(join(tmpdir(), "tango-modelform-")));
    roots.push(root);
    configureSettings(
      loadSettings({ SECRET_KEY: "x".repeat(60), MEDIA_ROOT: root, MEDIA_URL: "/media/" }, {}),
    );
    storages.reset();
    await createModels(ctx.kysely, MODELS);
  });

  const QuestionForm = ModelForm.for(Question, { fields: ["questionText", "pubDate", "tags"] });

  it("creates an instance", async () => {
    const form = new QuestionForm({
      data: { questionText: "What's up?", pubDate: "2026-01-02 03:04:05" },
    });
    expect(await form.isValid()).toBe(true);
    expect(form.cleanedData.questionText).toBe("What's up?");
    const question = await form.save();
    expect(question).toBe(form.instance);
    expect(question.pk).not.toBeNull();
    const read = await Question.objects.get({ pk: question.pk });
    expect(read.questionText).toBe("What's up?");
    expect(read.pubDate.getMinutes()).toBe(4);
    expect(read.created).toBeInstanceOf(Date);
  });

  it("updates an instance and takes its initial values from it", async () => {
    const question = await Question.objects.create({
      questionText: "Old",
      pubDate: new Date(2026, 0, 1),
    });
    const unbound = new QuestionForm({ instance: question });
    expect(unbound.field("questionText").value()).toBe("Old");
    expect(String(unbound.field("questionText"))).toContain('value="Old"');
    const form = new QuestionForm({
      instance: question,
      data: { questionText: "New", pubDate: "2026-02-01 00:00:00" },
    });
    expect(await form.isValid()).toBe(true);
    expect(form.changedData).toContain("questionText");
    await form.save();
    await question.refreshFromDb();
    expect(question.questionText).toBe("New");
    expect(await Question.objects.count()).toBe(1);
  });

  it("maps model validation errors and unique checks onto the form", async () => {
    await Question.objects.create({ questionText: "Taken", pubDate: new Date() });
    const taken = new QuestionForm({ data: { questionText: "Taken", pubDate: "2026-01-01" } });
    expect(await taken.isValid()).toBe(false);
    expect(taken.errors.get("questionText")?.messages).toEqual([
      "Question with this Question text already exists.",
    ]);
    const spam = new QuestionForm({ data: { questionText: "spam here", pubDate: "2026-01-01" } });
    expect(await spam.isValid()).toBe(false);
    expect(spam.nonFieldErrors().messages).toEqual(["No spam, please."]);
    await expect(spam.save()).rejects.toThrow(
      "The Question could not be created because the data didn't validate.",
    );
    // Editing the row itself is no clash.
    const own = await Question.objects.get({ questionText: "Taken" });
    const edit = new QuestionForm({
      instance: own,
      data: { questionText: "Taken", pubDate: "2026-01-01" },
    });
    expect(await edit.isValid()).toBe(true);
  });

  it("checks UniqueConstraints across fields as non-field errors", async () => {
    const EverythingForm = ModelForm.for(Everything, {
      fields: ["title", "email", "slug", "size"],
    });
    const data = { title: "A", email: "a@example.com", slug: "a", size: "S" };
    const first = new EverythingForm({ data });
    expect(await first.isValid()).toBe(true);
    await first.save();
    const second = new EverythingForm({ data });
    expect(await second.isValid()).toBe(false);
    expect(second.nonFieldErrors().messages).toEqual([
      "Everything with this Slug and Email already exists.",
    ]);
  });

  it("round-trips every field type", async () => {
    const question = await Question.objects.create({ questionText: "Q", pubDate: new Date() });
    const EverythingForm = ModelForm.for(Everything, { fields: "__all__" });
    const form = new EverythingForm({
      data: {
        title: "T",
        body: "Long text",
        email: "x@example.com",
        site: "https://example.com",
        slug: "t",
        uuid: "5b9f1d3e-0c4a-4f1e-9a55-0f3c1c2d4e5f",
        extra: '{"a": [1, 2]}',
        count: "7",
        positive: "4",
        big: "9007199254740991",
        ratio: "0.5",
        price: "12.50",
        flag: "on",
        day: "2026-03-04",
        at: "10:30",
        took: "1 02:00:00",
        size: "L",
        question: String(question.pk),
      },
    });
    expect(await form.isValid(), JSON.stringify(form.errors.asData())).toBe(true);
    const saved = await form.save();
    const read = await Everything.objects.get({ pk: saved.pk });
    expect(read.title).toBe("T");
    expect(read.body).toBe("Long text");
    expect(read.extra).toEqual({ a: [1, 2] });
    expect(read.count).toBe(7);
    expect(read.big).toBe(9007199254740991n);
    expect(read.ratio).toBe(0.5);
    expect(read.price).toBe("12.50");
    expect(read.flag).toBe(true);
    expect(read.day?.getDate()).toBe(4);
    expect(read.at).toMatch(/^10:30/);
    expect(read.took).toBe(93_600_000);
    expect(read.size).toBe("L");
    expect(read.question?.pk).toBe(question.pk);
    // The unbound form shows the stored values.
    const edit = new EverythingForm({ instance: read });
    expect(edit.field("took").value()).toBe("1 02:00:00");
    expect(edit.field("question").value()).toBe(question.pk);
  });

  it("keeps model defaults for fields left out of the data, refuses bad choices", async () => {
    const EverythingForm = ModelForm.for(Everything, {
      fields: ["title", "email", "slug", "size", "count"],
    });
    const form = new EverythingForm({
      data: { title: "T", email: "d@example.com", slug: "d", size: "M" },
    });
    expect(await form.isValid()).toBe(false);
    expect(form.errors.get("size")?.messages).toEqual([
      "Select a valid choice. M is not one of the available choices.",
    ]);
    expect(form.errors.get("count")?.messages).toEqual(["This field is required."]);
  });

  it("saves many-to-many after the instance; commit false defers it to saveM2M()", async () => {
    const a = await Tag.objects.create({ name: "a" });
    const b = await Tag.objects.create({ name: "b" });
    const form = new QuestionForm({
      data: { questionText: "Tagged", pubDate: "2026-01-01", tags: [String(a.pk), String(b.pk)] },
    });
    expect(await form.isValid()).toBe(true);
    const question = await form.save({ commit: false });
    expect(question.pk).toBeNull();
    await question.save();
    expect(await question.tags.count()).toBe(0);
    await form.saveM2M();
    expect((await question.tags.orderBy("name").toArray()).map((t) => t.name)).toEqual(["a", "b"]);
    // Editing: the initial value is loaded from the relation; removing one tag.
    const edit = new QuestionForm({
      instance: question,
      data: { questionText: "Tagged", pubDate: "2026-01-01", tags: [String(a.pk)] },
    });
    await edit.prepare();
    expect(edit.field("tags").initial).toHaveLength(2);
    expect(await edit.isValid()).toBe(true);
    expect(edit.changedData).toEqual(["tags"]);
    await edit.save();
    expect((await question.tags.all().toArray()).map((t) => t.name)).toEqual(["a"]);
  });

  it("sets a foreign key from a ModelChoiceField and validates it", async () => {
    const question = await Question.objects.create({ questionText: "FK", pubDate: new Date() });
    const ChoiceForm = ModelForm.for(Choice, { fields: ["question", "choiceText"] });
    expect(ChoiceForm.baseFields.question).toBeInstanceOf(ModelChoiceField);
    const bad = new ChoiceForm({ data: { question: "999999", choiceText: "x" } });
    expect(await bad.isValid()).toBe(false);
    const form = new ChoiceForm({ data: { question: String(question.pk), choiceText: "Yes" } });
    expect(await form.isValid()).toBe(true);
    const choice = await form.save();
    const read = await Choice.objects.get({ pk: choice.pk });
    expect(read.question.pk).toBe(question.pk);
    expect(read.votes).toBe(0);
  });

  it("stores an uploaded file through the storage, keeps it, then clears it", async () => {
    const DocForm = ModelForm.for(Doc, { fields: ["title", "file"] });
    const upload = UploadedFile.fromContent("hello", {
      name: "hello.txt",
      contentType: "text/plain",
    });
    const form = new DocForm({ data: { title: "D" }, files: { file: upload } });
    expect(form.isMultipart()).toBe(true);
    expect(await form.isValid()).toBe(true);
    const doc = await form.save();
    const read = await Doc.objects.get({ pk: doc.pk });
    expect(read.file.name).toBe("docs/hello.txt");
    expect(readFileSync(join(root, "docs/hello.txt"), "utf8")).toBe("hello");
    // No new upload: the stored file is kept.
    const keep = new DocForm({ instance: read, data: { title: "D2" } });
    expect(String(keep.field("file"))).toContain("docs/hello.txt");
    expect(await keep.isValid()).toBe(true);
    await keep.save();
    await read.refreshFromDb();
    expect(read.title).toBe("D2");
    expect(read.file.name).toBe("docs/hello.txt");
    // The clear box empties the field.
    const clear = new DocForm({ instance: read, data: { title: "D2", "file-clear": "on" } });
    expect(await clear.isValid()).toBe(true);
    await clear.save();
    await read.refreshFromDb();
    expect(read.file.hasFile).toBe(false);
    expect(existsSync(join(root, "docs/hello.txt"))).toBe(true);
  });
});
