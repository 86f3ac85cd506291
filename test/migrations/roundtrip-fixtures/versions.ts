/** The model versions of the migration round-trip test, each in a model registry of its own. */
import {
  BigIntegerField,
  CharField,
  CheckConstraint,
  DateTimeField,
  EmailField,
  ForeignKey,
  Index,
  IntegerField,
  ManyToManyField,
  Model,
  type ModelClass,
  ModelRegistry,
  OneToOneField,
  Q,
  type Related,
  SET_NULL,
  SlugField,
  TextField,
  UniqueConstraint,
} from "@tango/orm";
import { ProjectState } from "@tango/orm/migrations";
// Internal: places a version's model classes in a registry of their own (not exported).
import { bindRegistry } from "../../../packages/orm/src/models/registry.js";

export const APP = "rt";

/**
 * One version of the models: the classes (for createModels) and their state.
 *
 * @example
 * const { models, state } = v1();
 */
export interface Version {
  readonly label: string;
  readonly models: ModelClass[];
  readonly state: ProjectState;
}

/** Registers a version's classes in a fresh registry, so versions never clash. */
function version(label: string, classes: ModelClass[]): Version {
  const registry = new ModelRegistry({ scanApps: false });
  for (const cls of classes) bindRegistry(cls, registry);
  for (const cls of classes) registry.register(cls, APP);
  const models = registry.getModels().filter((m) => !m._meta.autoCreated);
  return { label, models, state: ProjectState.fromModels(models) };
}

export function v1(): Version {
  class Author extends Model {
    static override meta = { app: APP };
    @CharField({ maxLength: 100 }) declare name: string;
  }
  class Question extends Model {
    static override meta = { app: APP };
    @CharField({ maxLength: 200 }) declare text: string;
    @DateTimeField() declare pubDate: Date;
  }
  return version("v1 create", [Author, Question]);
}

export function v2(): Version {
  class Author extends Model {
    static override meta = { app: APP };
    @CharField({ maxLength: 100 }) declare name: string;
    @EmailField({ null: true }) declare email: string | null;
  }
  class Question extends Model {
    static override meta = { app: APP };
    @CharField({ maxLength: 200 }) declare text: string;
    @DateTimeField() declare pubDate: Date;
    @SlugField({ default: "" }) declare slug: string;
    @IntegerField({ default: 0 }) declare rank: number;
  }
  return version("v2 add fields", [Author, Question]);
}

export function v3(): Version {
  class Author extends Model {
    static override meta = { app: APP };
    @CharField({ maxLength: 100 }) declare name: string;
    @EmailField({ null: true }) declare email: string | null;
  }
  class Question extends Model {
    static override meta = { app: APP };
    @CharField({ maxLength: 200 }) declare questionText: string;
    @DateTimeField() declare pubDate: Date;
    @SlugField({ default: "" }) declare slug: string;
    @IntegerField({ default: 0 }) declare rank: number;
  }
  return version("v3 rename field", [Author, Question]);
}

export function v4(): Version {
  class Author extends Model {
    static override meta = { app: APP };
    @CharField({ maxLength: 200 }) declare name: string;
    @EmailField({ unique: true, default: "" }) declare email: string;
  }
  class Question extends Model {
    static override meta = { app: APP };
    @CharField({ maxLength: 200 }) declare questionText: string;
    @DateTimeField() declare pubDate: Date;
    @SlugField({ default: "" }) declare slug: string;
    @BigIntegerField({ default: 0n }) declare rank: bigint;
  }
  return version("v4 alter fields", [Author, Question]);
}

export function v5(): Version {
  class Author extends Model {
    static override meta = { app: APP };
    @CharField({ maxLength: 200 }) declare name: string;
    @EmailField({ unique: true, default: "" }) declare email: string;
    @ForeignKey("self", { onDelete: SET_NULL, null: true }) declare mentor: Related<Author> | null;
  }
  class Question extends Model {
    static override meta = { app: APP };
    @CharField({ maxLength: 200 }) declare questionText: string;
    @DateTimeField() declare pubDate: Date;
    @SlugField({ default: "" }) declare slug: string;
    @BigIntegerField({ default: 0n }) declare rank: bigint;
    @ForeignKey(() => Author, { onDelete: SET_NULL, null: true })
    declare author: Related<Author> | null;
    @OneToOneField(() => Author, { onDelete: SET_NULL, null: true, relatedName: "featured" })
    declare featuredBy: Related<Author> | null;
  }
  return version("v5 add FK", [Author, Question]);
}

export function v6(): Version {
  class Author extends Model {
    static override meta = { app: APP };
    @CharField({ maxLength: 200 }) declare name: string;
    @EmailField({ unique: true, default: "" }) declare email: string;
    @ForeignKey("self", { onDelete: SET_NULL, null: true }) declare mentor: Related<Author> | null;
    @ManyToManyField(() => Question, { relatedName: "fans" }) declare likes: unknown;
  }
  class Tag extends Model {
    static override meta = { app: APP };
    @CharField({ maxLength: 50, unique: true }) declare name: string;
  }
  class Question extends Model {
    static override meta = { app: APP };
    @CharField({ maxLength: 200 }) declare questionText: string;
    @DateTimeField() declare pubDate: Date;
    @SlugField({ default: "" }) declare slug: string;
    @BigIntegerField({ default: 0n }) declare rank: bigint;
    @ForeignKey(() => Author, { onDelete: SET_NULL, null: true })
    declare author: Related<Author> | null;
    @OneToOneField(() => Author, { onDelete: SET_NULL, null: true, relatedName: "featured" })
    declare featuredBy: Related<Author> | null;
    @ManyToManyField(() => Tag) declare tags: unknown;
  }
  return version("v6 add M2M", [Author, Tag, Question]);
}

const v7Meta = () => ({
  app: APP,
  indexes: [
    new Index({ fields: ["-pubDate"], name: "rt_question_pub_desc" }),
    new Index({ fields: ["rank", "slug"] }),
  ],
  constraints: [
    new UniqueConstraint({ fields: ["slug"], name: "rt_question_slug_uniq" }),
    new UniqueConstraint({
      fields: ["questionText"],
      name: "rt_question_text_ranked_uniq",
      condition: Q({ rank__gt: 0 }),
    }),
    new CheckConstraint({ check: Q({ rank__gte: 0 }), name: "rt_question_rank_gte_0" }),
  ],
  uniqueTogether: [["questionText", "pubDate"]],
});

export function v7(): Version {
  class Author extends Model {
    static override meta = { app: APP };
    @CharField({ maxLength: 200 }) declare name: string;
    @EmailField({ unique: true, default: "" }) declare email: string;
    @ForeignKey("self", { onDelete: SET_NULL, null: true }) declare mentor: Related<Author> | null;
    @ManyToManyField(() => Question, { relatedName: "fans" }) declare likes: unknown;
  }
  class Tag extends Model {
    static override meta = { app: APP };
    @CharField({ maxLength: 50, unique: true }) declare name: string;
  }
  class Question extends Model {
    static override meta = v7Meta();
    @CharField({ maxLength: 200 }) declare questionText: string;
    @DateTimeField() declare pubDate: Date;
    @SlugField({ default: "" }) declare slug: string;
    @BigIntegerField({ default: 0n }) declare rank: bigint;
    @ForeignKey(() => Author, { onDelete: SET_NULL, null: true })
    declare author: Related<Author> | null;
    @OneToOneField(() => Author, { onDelete: SET_NULL, null: true, relatedName: "featured" })
    declare featuredBy: Related<Author> | null;
    @ManyToManyField(() => Tag) declare tags: unknown;
  }
  return version("v7 indexes and constraints", [Author, Tag, Question]);
}

export function v8(): Version {
  class Writer extends Model {
    static override meta = { app: APP };
    @CharField({ maxLength: 200 }) declare name: string;
    @EmailField({ unique: true, default: "" }) declare email: string;
    @ForeignKey("self", { onDelete: SET_NULL, null: true }) declare mentor: Related<Writer> | null;
    @ManyToManyField(() => Question, { relatedName: "fans" }) declare likes: unknown;
  }
  const meta = v7Meta();
  class Question extends Model {
    static override meta = {
      ...meta,
      // Removed: the slug constraint (with the field).
      constraints: meta.constraints.filter((c) => c.name !== "rt_question_slug_uniq"),
      indexes: [meta.indexes[0] as Index],
    };
    @CharField({ maxLength: 200 }) declare questionText: string;
    @DateTimeField() declare pubDate: Date;
    @BigIntegerField({ default: 0n }) declare rank: bigint;
    @ForeignKey(() => Writer, { onDelete: SET_NULL, null: true })
    declare author: Related<Writer> | null;
    @OneToOneField(() => Writer, { onDelete: SET_NULL, null: true, relatedName: "featured" })
    declare featuredBy: Related<Writer> | null;
  }
  return version("v8 rename model and removals", [Writer, Question]);
}

export function v9(): Version {
  class Writer extends Model {
    static override meta = { app: APP };
    @TextField() declare name: string;
    @EmailField({ dbIndex: true, default: "" }) declare email: string;
    @ForeignKey("self", { onDelete: SET_NULL, null: true }) declare mentor: Related<Writer> | null;
    @ManyToManyField(() => Question, { relatedName: "fans" }) declare likes: unknown;
  }
  class Question extends Model {
    static override meta = {
      app: APP,
      dbTable: "rt_poll",
      indexes: [new Index({ fields: ["-pubDate"], name: "rt_question_pub_desc" })],
      constraints: [
        new UniqueConstraint({
          fields: ["body"],
          name: "rt_question_text_ranked_uniq",
          condition: Q({ rank__gt: 0 }),
        }),
        new CheckConstraint({ check: Q({ rank__gte: 0 }), name: "rt_question_rank_gte_0" }),
      ],
      uniqueTogether: [["body", "pubDate"]],
    };
    @CharField({ maxLength: 200 }) declare body: string;
    @DateTimeField() declare pubDate: Date;
    @BigIntegerField({ default: 0n }) declare rank: bigint;
    @ForeignKey(() => Writer, { onDelete: SET_NULL, null: true })
    declare author: Related<Writer> | null;
    @OneToOneField(() => Writer, { onDelete: SET_NULL, null: true, relatedName: "featured" })
    declare featuredBy: Related<Writer> | null;
  }
  return version("v9 rename a constrained field, move a table, drop unique", [Writer, Question]);
}
