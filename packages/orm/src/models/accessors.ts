/** Instance accessors the model layer defines on each model's prototype: values, FK objects, M2M managers. */
import type { Field } from "./field.js";
import type { ForeignKeyImpl } from "./fields/related-fields.js";
import { makeRelatedManager } from "./hooks.js";
import { instanceValues, type Model, relatedCache } from "./model.js";
import type { ModelClass } from "./model-class.js";
import type { ModelMeta } from "./model-meta.js";
import { isRelated, makeRelated } from "./related.js";

/**
 * Defines `get`/`set` for each field on the model's prototype: plain values, a FK's key
 * (`questionId`) and object (`question`), and many-to-many managers.
 *
 * @example
 * installFieldAccessors(Choice, Choice._meta);
 */
export function installFieldAccessors(model: ModelClass, meta: ModelMeta): void {
  const proto = model.prototype as object;
  for (const field of meta.fields) {
    // A field may wrap its value on the instance (FileField's FieldFile, Django's descriptor).
    const wrap = (field as { attributeValue?: (instance: Model, raw: unknown) => unknown })
      .attributeValue;
    define(proto, field.attname, {
      get:
        typeof wrap === "function"
          ? function (this: Model) {
              return wrap.call(field, this, instanceValues(this)[field.attname]);
            }
          : valueGetter(field.attname),
      set(this: Model, value: unknown) {
        setKey(this, field, value);
      },
    });
    if (field.isRelation && field.attname !== field.name)
      installForeignObject(proto, field as ForeignKeyImpl);
  }
  for (const field of meta.manyToMany) {
    define(proto, field.name, {
      get(this: Model) {
        const cached = relatedCache(this).get(field.name);
        return cached !== undefined
          ? cached
          : makeRelatedManager(this, { kind: "forward-m2m", field });
      },
    });
  }
}

/**
 * The getter of a plain field: a function of its own per field, reading a constant key.
 * One closure shared by every field of every model would make that read megamorphic (V8
 * shares feedback between closures of one function), and templates and sorts read fields
 * on every row. Where code generation is not allowed, the shared closure does the same.
 */
function valueGetter(attname: string): (this: Model) => unknown {
  try {
    return new Function(
      "values",
      `return function () { return values(this)[${JSON.stringify(attname)}]; };`,
    )(instanceValues) as (this: Model) => unknown;
  } catch {
    return function (this: Model) {
      return instanceValues(this)[attname];
    };
  }
}

function define(proto: object, name: string, descriptor: PropertyDescriptor): void {
  Object.defineProperty(proto, name, { configurable: true, enumerable: false, ...descriptor });
}

function setKey(instance: Model, field: Field, value: unknown): void {
  const values = instanceValues(instance);
  if (field.isRelation) {
    const cache = relatedCache(instance);
    const cached = cache.get(field.name) as Model | null | undefined;
    const target = cached ? (field as ForeignKeyImpl).targetField : undefined;
    if (cached === null || (cached && target && instanceValues(cached)[target.attname] !== value)) {
      cache.delete(field.name);
    }
  }
  values[field.attname] = value;
}

function installForeignObject(proto: object, field: ForeignKeyImpl): void {
  define(proto, field.name, {
    get(this: Model) {
      const cache = relatedCache(this);
      if (cache.has(field.name)) return cache.get(field.name);
      const key = instanceValues(this)[field.attname];
      if (key === null || key === undefined) return null;
      return makeRelated(this, field, key);
    },
    set(this: Model, value: unknown) {
      assignForeignObject(this, field, value);
    },
  });
}

function assignForeignObject(instance: Model, field: ForeignKeyImpl, value: unknown): void {
  const values = instanceValues(instance);
  const cache = relatedCache(instance);
  const owner = instance.constructor.name;
  if (value === null || value === undefined) {
    values[field.attname] = null;
    cache.set(field.name, null);
    return;
  }
  if (isRelated(value)) {
    values[field.attname] = value.id;
    cache.delete(field.name);
    return;
  }
  const targetModel = field.remoteField.model;
  if (!(value instanceof targetModel)) {
    throw new TypeError(
      `Cannot assign ${String(value)}: "${owner}.${field.name}" must be a "${targetModel.name}" instance. To set the key, assign ${field.attname} instead.`,
    );
  }
  values[field.attname] = instanceValues(value)[field.targetField.attname];
  cache.set(field.name, value);
}
