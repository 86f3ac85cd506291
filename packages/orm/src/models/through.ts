/** The automatic through model of a many-to-many field: a table with a foreign key to each side. */
import { defineField } from "./field-collection.js";
import { ForeignKeyImpl, type ManyToManyFieldImpl } from "./fields/related-fields.js";
import { markAutoCreated } from "./meta-cache.js";
import { Model } from "./model.js";
import type { ModelClass } from "./model-class.js";
import { lowerFirst, snakeCase } from "./naming.js";
import { bindRegistry, registryFor } from "./registry.js";

/**
 * Creates (and registers) the through model of `field`: `Question_tags` with table
 * `polls_question_tags`, foreign keys `question` and `tag` (CASCADE) unique together.
 *
 * @example
 * createThroughModel(Question._meta.getField("tags") as ManyToManyFieldImpl)._meta.dbTable; // "polls_question_tags"
 */
export function createThroughModel(field: ManyToManyFieldImpl): ModelClass {
  const owner = field.model as ModelClass;
  const target = field.remoteField.model;
  const ownerMeta = owner._meta;
  const self = owner === target;
  const from = self ? `from${owner.name}` : lowerFirst(owner.name);
  const to = self ? `to${target.name}` : lowerFirst(target.name);
  const name = `${owner.name}_${field.name}`;
  const dbTable =
    (field.options as { dbTable?: string }).dbTable ??
    `${ownerMeta.dbTable}_${snakeCase(field.name)}`;
  const through = {
    [name]: class extends Model {
      static override meta = {
        app: ownerMeta.appLabel,
        dbTable,
        uniqueTogether: [[from, to]],
        verboseName: `${ownerMeta.modelName}-${target._meta.modelName} relationship`,
      };
    },
  }[name] as unknown as ModelClass;
  const hidden = `${name}+`;
  defineField(
    through.prototype,
    from,
    new ForeignKeyImpl(owner, { onDelete: "CASCADE", relatedName: hidden }),
  );
  defineField(
    through.prototype,
    to,
    new ForeignKeyImpl(target, { onDelete: "CASCADE", relatedName: hidden }),
  );
  bindRegistry(through, registryFor(owner));
  markAutoCreated(through);
  void through._meta; // registers it under the owner's app
  return through;
}
