import { FieldError, ImproperlyConfigured } from "@tango/core";
import { describe, expect, it } from "vitest";
import { RelationNotLoaded } from "../errors.js";
import { BooleanField, CharField, DateTimeField, IntegerField, SlugField } from "./decorators.js";
import { CASCADE, PROTECT, SET_NULL } from "./deletion-rules.js";
import type { ManyToManyFieldImpl } from "./fields/related-fields.js";
import { Index, type ModelMetaOptions, UniqueConstraint } from "./meta-options.js";
import { ColumnMapping, Model } from "./model.js";
import { modelRegistry } from "./registry.js";
import { isRelated, type Related } from "./related.js";
import { ForeignKey, ManyToManyField, OneToOneField } from "./relation-decorators.js";

class Stamped extends Model {
  static override meta: ModelMetaOptions = { abstract: true, ordering: ["-created"] };
  @DateTimeField({ autoNowAdd: true }) declare created: Date;
}

class MetaQuestion extends Stamped {
  static override meta = { app: "metapolls", indexes: [new Index({ fields: ["-pubDate"] })] };
  @CharField({ maxLength: 200 }) declare questionText: string;
  @DateTimeField({ null: true }) declare pubDate: Date | null;
  @ManyToManyField(() => MetaTag, { relatedName: "questions" }) declare tags: unknown;
}

class MetaChoice extends Model {
  static override meta = {
    app: "metapolls",
    dbTable: "choices",
    constraints: [
      new UniqueConstraint({ fields: ["question", "choiceText"], name: "uniq_choice" }),
    ],
  };
  @ForeignKey(() => MetaQuestion, { onDelete: CASCADE }) declare question: Related<MetaQuestion>;
  declare questionId: number;
  @CharField({ maxLength: 200 }) declare choiceText: string;
  @IntegerField({ default: 0 }) declare votes: number;
}

class MetaTag extends Model {
  static override meta = { app: "metapolls" };
  @SlugField({ primaryKey: true }) declare slug: string;
}

class MetaVote extends Model {
  static override meta = { app: "metapolls" };
  @ForeignKey("MetaChoice", { onDelete: PROTECT, relatedName: "ballots" })
  declare choice: Related<MetaChoice>;
  @ForeignKey("self", { onDelete: SET_NULL, null: true })
  declare previous: Related<MetaVote> | null;
  @OneToOneField("metapolls.MetaTag", { onDelete: CASCADE, null: true })
  declare badge: Related<MetaTag> | null;
  @BooleanField({ default: false }) declare counted: boolean;
}

describe("ModelMeta", () => {
  it("names the table, the label and the model", () => {
    const meta = MetaQuestion._meta;
    expect(meta.label).toBe("metapolls.MetaQuestion");
    expect(meta.modelName).toBe("metaquestion");
    expect(meta.dbTable).toBe("metapolls_metaquestion");
    expect(MetaChoice._meta.dbTable).toBe("choices");
    expect(meta.verboseName).toBe("meta question");
    expect(meta.verboseNamePlural).toBe("meta questions");
  });

  it("adds an implicit id, then abstract bases' fields, then the model's own", () => {
    const meta = MetaQuestion._meta;
    expect(meta.fields.map((f) => f.name)).toEqual(["id", "created", "questionText", "pubDate"]);
    expect(meta.fields.map((f) => f.column)).toEqual([
      "id",
      "created",
      "question_text",
      "pub_date",
    ]);
    expect(meta.pk.internalType).toBe("BigAutoField");
    expect(meta.ordering).toEqual(["-created"]);
    expect(meta.manyToMany.map((f) => f.name)).toEqual(["tags"]);
  });

  it("uses an explicit primary key instead of id", () => {
    expect(MetaTag._meta.pk.name).toBe("slug");
    expect(MetaTag._meta.fields.map((f) => f.name)).toEqual(["slug"]);
  });

  it("finds fields by name, attname and pk; lists names otherwise", () => {
    const meta = MetaChoice._meta;
    expect(meta.getField("questionId")).toBe(meta.getField("question"));
    expect(meta.getField("question").column).toBe("question_id");
    expect(meta.getField("pk")).toBe(meta.pk);
    expect(() => meta.getField("text")).toThrow(FieldError);
    expect(() => meta.getField("text")).toThrow(
      "MetaChoice has no field named 'text'. Choices are: choiceText, id, question, votes.",
    );
  });

  it("gives abstract children their own copies of inherited fields", () => {
    class Other extends Stamped {
      static override meta = { app: "metapolls" };
    }
    const a = MetaQuestion._meta.getField("created");
    const b = Other._meta.getField("created");
    expect(a).not.toBe(b);
    expect(a.model).toBe(MetaQuestion);
    expect(b.model).toBe(Other);
    expect(Stamped._meta.abstract).toBe(true);
    expect(() => new Stamped()).toThrow(/abstract/);
  });

  it("has no manager on an abstract model", () => {
    expect(() => Stamped.objects).toThrow(
      "Manager isn't available; 'Stamped' is abstract. Query a concrete subclass.",
    );
  });

  it("refuses a model outside an app, naming the fix", () => {
    class Loose extends Model {}
    expect(() => Loose._meta).toThrow(ImproperlyConfigured);
    expect(() => Loose._meta).toThrow("set static meta = { app: 'polls' }");
  });

  it("refuses id without primaryKey and a non-abstract parent with fields", () => {
    class BadId extends Model {
      static override meta = { app: "metapolls" };
      @IntegerField() declare id: number;
    }
    expect(() => BadId._meta).toThrow(
      "BadId.id can only be used as a field name if the field also sets primaryKey: true.",
    );
    class Child extends MetaTag {
      static override meta = { app: "metapolls" };
    }
    expect(() => Child._meta).toThrow(/no multi-table inheritance/);
  });

  it("refuses lookup-like field names", () => {
    expect(() => {
      class Bad extends Model {
        @IntegerField() declare vote__count: number;
      }
      return Bad;
    }).toThrow(/cannot be 'pk', 'get', .*contain '__'/);
  });
});

describe("relations", () => {
  it("resolves thunks, 'Model', 'app.Model' and 'self'", () => {
    void MetaVote._meta;
    expect(MetaChoice._meta.getField("question").remoteField?.model).toBe(MetaQuestion);
    expect(MetaVote._meta.getField("choice").remoteField?.model).toBe(MetaChoice);
    expect(MetaVote._meta.getField("previous").remoteField?.model).toBe(MetaVote);
    expect(MetaVote._meta.getField("badge").remoteField?.model).toBe(MetaTag);
  });

  it("types a FK column after its target's key", () => {
    expect(MetaChoice._meta.getField("question").dbType()).toBe("bigint");
    expect(MetaVote._meta.getField("badge").dbType()).toBe("varchar(50)");
    expect(MetaVote._meta.getField("badge").unique).toBe(true);
  });

  it("lists reverse relations with Django's default names", () => {
    void MetaVote._meta;
    const rels = MetaQuestion._meta.relatedObjects.filter((r) => !r.hidden);
    expect(rels.map((r) => [r.relatedModel.name, r.accessorName, r.name])).toEqual([
      ["MetaChoice", "metaChoiceSet", "metaChoice"],
    ]);
    const choiceRels = MetaChoice._meta.relatedObjects;
    expect(choiceRels.map((r) => [r.accessorName, r.onDelete])).toEqual([["ballots", "PROTECT"]]);
    const tagRels = MetaTag._meta.relatedObjects.filter((r) => !r.hidden);
    expect(tagRels.map((r) => [r.accessorName, r.multiple, r.manyToMany])).toEqual([
      ["questions", true, true],
      ["metaVote", false, false],
    ]);
  });

  it("creates the automatic through model", () => {
    const field = MetaQuestion._meta.getField("tags") as ManyToManyFieldImpl;
    const through = field.remoteField.through;
    expect(through?._meta.dbTable).toBe("metapolls_metaquestion_tags");
    expect(through?._meta.autoCreated).toBe(true);
    expect(through?._meta.fields.map((f) => f.column)).toEqual([
      "id",
      "meta_question_id",
      "meta_tag_id",
    ]);
    expect(through?._meta.uniqueTogether).toEqual([["metaQuestion", "metaTag"]]);
    expect(modelRegistry.getModel("metapolls.MetaQuestion_tags")).toBe(through);
  });

  it("uses an explicit through model instead of making one", () => {
    class Club extends Model {
      static override meta = { app: "metapolls" };
      @ManyToManyField(() => MetaTag, { through: "Membership" }) declare members: unknown;
    }
    class Membership extends Model {
      static override meta = { app: "metapolls" };
      @ForeignKey(() => Club, { onDelete: CASCADE }) declare club: Related<Club>;
      @ForeignKey(() => MetaTag, { onDelete: CASCADE }) declare tag: Related<MetaTag>;
    }
    void Membership._meta;
    const field = Club._meta.getField("members") as ManyToManyFieldImpl;
    expect(field.remoteField.through).toBe(Membership);
    expect(modelRegistry.getModels().some((m) => m.name === "Club_members")).toBe(false);
  });

  it("reports an unknown target with a suggestion", () => {
    class Lost extends Model {
      static override meta = { app: "metapolls" };
      @ForeignKey("MetaChoise", { onDelete: CASCADE }) declare choice: Related<Model>;
    }
    expect(() => Lost._meta.getField("choice").remoteField?.model).toThrow(
      /refers to model 'metapolls.MetaChoise', which is not registered. Did you mean 'metapolls.MetaChoice'\?/,
    );
  });

  it("requires onDelete", () => {
    expect(() =>
      ForeignKey(() => MetaQuestion, {} as never)(MetaChoice.prototype as never, "x" as never),
    ).toThrow(/needs an onDelete option/);
  });
});

describe("instances", () => {
  it("applies defaults and accepts values", () => {
    const choice = new MetaChoice({ choiceText: "Yes", questionId: 4 });
    expect(choice.votes).toBe(0);
    expect(choice.choiceText).toBe("Yes");
    expect(choice.questionId).toBe(4);
    expect(choice.pk).toBeNull();
    expect(choice._state.adding).toBe(true);
    expect(JSON.stringify(choice)).toBe('{"id":null,"question":4,"choiceText":"Yes","votes":0}');
  });

  it("rejects unknown names and many-to-many values", () => {
    expect(() => new MetaChoice({ text: "x" })).toThrow(
      "MetaChoice got unexpected field 'text'. Fields are: id, question, choiceText, votes.",
    );
    expect(() => new MetaQuestion({ tags: [] })).toThrow(/many-to-many set is prohibited/);
  });

  it("builds from a database row without defaults", () => {
    const choice = MetaChoice.fromDb({ id: "7", question_id: "4", choice_text: "No" });
    expect(choice.pk).toBe(7);
    expect(choice.id).toBe(7);
    expect(choice.questionId).toBe(4);
    expect(choice.choiceText).toBe("No");
    expect(choice.votes).toBeUndefined();
    expect(choice._state.adding).toBe(false);
  });

  it("builds from a row through a ColumnMapping (the query layer's), as through any Map", () => {
    const meta = MetaChoice._meta;
    const mapping = new ColumnMapping([
      ["c0", meta.getField("id")],
      ["c1", meta.getField("choiceText")],
      ["c2", meta.getField("votes")],
    ]);
    expect(mapping.columnKeys).toEqual(["c0", "c1", "c2"]);
    expect(mapping.get("c1")).toBe(meta.getField("choiceText"));
    const fast = MetaChoice.fromDb({ c0: "5", c1: "Maybe" }, mapping);
    const plain = MetaChoice.fromDb({ c0: "5", c1: "Maybe" }, new Map(mapping));
    for (const choice of [fast, plain]) {
      expect(choice.id).toBe(5);
      expect(choice.choiceText).toBe("Maybe");
      expect(choice.votes).toBeUndefined(); // a key missing from the row stays unset
      expect(choice._state.adding).toBe(false);
    }
    expect(() => mapping.set("c3", meta.getField("votes"))).toThrow(/read-only/);
    expect(() => mapping.delete("c0")).toThrow(/read-only/);
    expect(mapping.size).toBe(3);
  });

  it("sets and reads pk through the key field", () => {
    const tag = new MetaTag({ slug: "news" });
    expect(tag.pk).toBe("news");
    tag.pk = "sport";
    expect(tag.slug).toBe("sport");
  });

  it("reads an unloaded FK as Related: key yes, fields no", () => {
    const choice = MetaChoice.fromDb({ id: 1, question_id: 4, choice_text: "x", votes: 0 });
    const related = choice.question;
    expect(isRelated(related)).toBe(true);
    expect(related.id).toBe(4);
    expect(related.pk).toBe(4);
    expect(() => (related as unknown as MetaQuestion).questionText).toThrow(RelationNotLoaded);
    expect(() => (related as unknown as MetaQuestion).questionText).toThrow(
      "MetaChoice.question is not loaded (reading 'questionText'). Use selectRelated('question'), or await metaChoice.question.get().",
    );
    expect((related as unknown as { then?: unknown }).then).toBeUndefined();
    expect(String(related)).toBe("<Related MetaQuestion: 4 (not loaded)>");
  });

  it("assigning an instance sets the key and caches the object", () => {
    const question = MetaQuestion.fromDb({ id: 9, question_text: "Q" });
    const choice = new MetaChoice({ question });
    expect(choice.questionId).toBe(9);
    expect(choice.question as unknown).toBe(question);
    choice.questionId = 10;
    expect(isRelated(choice.question)).toBe(true);
    expect(() => {
      (choice as unknown as { question: unknown }).question = 3;
    }).toThrow(
      'Cannot assign 3: "MetaChoice.question" must be a "MetaQuestion" instance. To set the key, assign questionId instead.',
    );
  });

  it("a null FK reads as null", () => {
    const vote = new MetaVote({ choiceId: 1 });
    expect(vote.previous).toBeNull();
  });

  it("has a DoesNotExist per model", () => {
    expect(new MetaChoice.DoesNotExist("gone")).toBeInstanceOf(Model.DoesNotExist);
    expect(MetaChoice.DoesNotExist).not.toBe(MetaQuestion.DoesNotExist);
    expect(MetaChoice.DoesNotExist).toBe(MetaChoice.DoesNotExist);
  });
});
