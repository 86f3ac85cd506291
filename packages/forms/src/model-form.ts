/** ModelForm: a form built from a model's fields, validated by the model (fullClean, unique checks), saving an instance. */
import { ImproperlyConfigured, ValidationError } from "@tango/core";
import type { UploadedFile } from "@tango/http";
import type {
  FieldFile,
  Model,
  ModelClass,
  Field as ModelField,
  Related,
  RelatedManager,
} from "@tango/orm";
import { FormNotValidated } from "./errors.js";
import { type Field, isEmptyValue } from "./fields/field.js";
import {
  type BoundFields,
  type FieldRecord,
  Form,
  type FormOptions,
  NON_FIELD_ERRORS,
} from "./form.js";
import { fieldsForModel, instanceInitial, isFormEditable } from "./model-fields-mapping.js";
import type { Widget } from "./widgets/widget.js";

/** The property names of a model's fields (not Model's own members). */
export type ModelFieldName<M extends Model> = Exclude<keyof M & string, keyof Model>;

/**
 * What a model attribute's form field cleans to: the object for a foreign key, instances for
 * a many-to-many field, the upload (or kept file, or `false` for "clear") for a file.
 *
 * @example
 * type Q = ModelCleaned<Related<Question>>; // Question | null
 */
export type ModelCleaned<V> =
  V extends Related<infer T>
    ? T | null
    : V extends RelatedManager<infer T>
      ? T[]
      : V extends FieldFile
        ? UploadedFile | FieldFile | false | null
        : V;

/**
 * The form fields `ModelForm.for(Model, { fields: [...] })` generates, typed from the model.
 *
 * @example
 * type F = ModelFormFields<Question, "questionText">; // { questionText: Field<string> }
 */
export type ModelFormFields<M extends Model, K extends string> = {
  [P in K]: Field<P extends keyof M ? ModelCleaned<M[P]> : unknown>;
};

/**
 * The options of {@link ModelForm.for} (Django's `class Meta`).
 *
 * @example
 * ModelForm.for(Question, { fields: ["questionText"], labels: { questionText: "Question" } });
 */
export interface ModelFormMeta<K extends string = string> {
  /** The model fields to include, in order, or `"__all__"` (every editable field). */
  readonly fields?: readonly K[] | "__all__";
  /** Model fields to leave out. */
  readonly exclude?: readonly string[];
  readonly widgets?: Readonly<Record<string, Widget | (new () => Widget)>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly helpTexts?: Readonly<Record<string, string>>;
  /** Messages by field, then by the form field's error code. */
  readonly errorMessages?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Form field classes to use instead of the defaults, by field name. */
  readonly fieldClasses?: Readonly<Record<string, new (options: never) => Field>>;
}

/**
 * How a model form is built: the options of {@link Form}, plus the instance to edit.
 *
 * @example
 * new QuestionForm({ data: request.POST, instance: question });
 */
export interface ModelFormOptions<M extends Model = Model> extends FormOptions {
  /** The instance to edit; a new one of the model when omitted. */
  readonly instance?: M;
}

/**
 * Options of `form.save()`.
 *
 * @example
 * const question = await form.save({ commit: false });
 */
export interface ModelFormSaveOptions {
  /** Save the instance and its many-to-many relations (default true). */
  readonly commit?: boolean;
}

type Values = Record<string, unknown>;

/**
 * A form for a model: build the class with {@link ModelForm.for}, bind it with `data` and
 * an optional `instance`, `await form.isValid()` (form checks, then the model's `fullClean()`
 * and unique checks), then `await form.save()`.
 *
 * @example
 * const QuestionForm = ModelForm.for(Question, { fields: ["questionText", "pubDate"] });
 * const form = new QuestionForm({ data: request.POST, instance: question });
 * if (await form.isValid()) await form.save();
 */
export class ModelForm<
  M extends Model = Model,
  F extends FieldRecord = FieldRecord,
> extends Form<F> {
  /** The model (set by {@link ModelForm.for}). */
  static model: ModelClass | undefined;
  /** The model fields the form edits, in order. */
  static fieldNames: readonly string[] = [];
  /** The options given to {@link ModelForm.for}. */
  static modelOptions: ModelFormMeta = {};
  /** The instance edited (a new one when none was given). */
  readonly instance: M;
  readonly #initial: Values;
  #m2mLoaded = false;

  constructor(options: ModelFormOptions<M> = {}) {
    const cls = new.target as unknown as typeof ModelForm;
    const model = cls.model;
    if (!model) {
      throw new ImproperlyConfigured(
        `${new.target.name} has no model. Build the class with ModelForm.for(Model, { fields: [...] }).`,
      );
    }
    const instance = (options.instance ?? new model()) as M;
    const initial: Values = {
      ...(options.instance ? instanceInitial(instance, cls.fieldNames) : {}),
      ...options.initial,
    };
    super({ ...options, initial });
    this.instance = instance;
    this.#initial = initial;
    if (!options.instance) this.#m2mLoaded = true;
  }

  /**
   * A ModelForm class for `model` (Django's `modelform_factory` / `class Meta`). Extend the
   * result to add `clean()` hooks, or `.with({...})` to add or replace fields.
   *
   * @example
   * class QuestionForm extends ModelForm.for(Question, { fields: ["questionText", "pubDate"] }) {}
   */
  static for<
    C extends ModelClass,
    const K extends ModelFieldName<InstanceType<C>> = ModelFieldName<InstanceType<C>>,
  >(
    model: C,
    meta: ModelFormMeta<K>,
  ): ModelFormClass<InstanceType<C>, ModelFormFields<InstanceType<C>, K>> {
    // biome-ignore lint/complexity/noThisInStatic: a subclass's declared fields are kept.
    const parent = this as typeof ModelForm;
    const generated = fieldsForModel(model, meta);
    const Declared = class extends parent {};
    Object.defineProperty(Declared, "name", { value: `${model.name}Form` });
    Declared.model = model;
    Declared.modelOptions = meta;
    Declared.fieldNames = Object.keys(generated);
    Declared.baseFields = parent.model ? generated : { ...generated, ...parent.baseFields };
    return Declared as unknown as ModelFormClass<
      InstanceType<C>,
      ModelFormFields<InstanceType<C>, K>
    >;
  }

  get #cls(): typeof ModelForm {
    return this.constructor as typeof ModelForm;
  }

  get #meta(): ModelClass["_meta"] {
    return (this.#cls.model as ModelClass)._meta;
  }

  /** Whether `name` is a model field this form edits. */
  #edits(name: string): boolean {
    return this.#cls.fieldNames.includes(name) && Object.hasOwn(this.fields, name);
  }

  /** Loads the instance's many-to-many values as initial data (once). */
  async #loadM2MInitial(): Promise<void> {
    if (this.#m2mLoaded) return;
    this.#m2mLoaded = true;
    if (this.instance.pk === null || this.instance.pk === undefined) return;
    for (const field of this.#meta.manyToMany) {
      if (!this.#edits(field.name) || Object.hasOwn(this.#initial, field.name)) continue;
      const manager = (this.instance as unknown as Values)[field.name] as RelatedManager<Model>;
      this.#initial[field.name] = await manager.all().toArray();
    }
  }

  /** Loads the choices of model choice fields and the instance's many-to-many values. */
  override async prepare(): Promise<this> {
    await this.#loadM2MInitial();
    return super.prepare();
  }

  override async fullClean(): Promise<void> {
    await this.#loadM2MInitial();
    await super.fullClean();
  }

  /** The model fields left out of the model's validation (Django's `_get_validation_exclusions`). */
  protected validationExclusions(): string[] {
    const exclude: string[] = [];
    let cleaned: Values;
    try {
      cleaned = this.cleanedData as Values;
    } catch {
      cleaned = {};
    }
    for (const field of this.#meta.allFields) {
      const name = field.name;
      if (!this.#edits(name) || this.hasError(name as keyof F & string)) {
        exclude.push(name);
        continue;
      }
      const formField = this.fields[name] as Field;
      if (!field.blank && !formField.required && isEmptyValue(cleaned[name])) exclude.push(name);
    }
    return exclude;
  }

  /** Copies the cleaned values onto the instance (Django's `construct_instance`). */
  protected constructInstance(): Values {
    const cleaned = this.cleanedData as Values;
    const target = this.instance as unknown as Values;
    const files: ModelField[] = [];
    for (const field of this.#meta.fields) {
      const name = field.name;
      if (!isFormEditable(field) || !this.#edits(name) || !Object.hasOwn(cleaned, name)) continue;
      const formField = this.fields[name] as Field;
      const omitted = formField.widget.valueOmittedFromData(
        this.dataSource,
        this.filesSource,
        this.addPrefix(name),
      );
      // Keep the model default for fields the data left out (not checkboxes: never sent unchecked).
      if (field.hasDefault() && omitted && isEmptyValue(cleaned[name])) continue;
      if (field.internalType === "FileField" || field.internalType === "ImageField") {
        files.push(field);
        continue;
      }
      if (field.isRelation) target[name] = cleaned[name] ?? null;
      else target[field.attname] = cleaned[name];
    }
    const assigned: Values = {};
    for (const field of files) {
      const value = cleaned[field.name];
      if (value === null || value === undefined) continue;
      // `false` is the "clear" box: the file is emptied.
      assigned[field.attname] = value === false ? "" : value;
      target[field.attname] = assigned[field.attname];
    }
    return assigned;
  }

  /** Builds the instance from the cleaned data, then runs the model's `fullClean()`. */
  protected override async postClean(): Promise<void> {
    const exclude = this.validationExclusions();
    let files: Values = {};
    try {
      files = this.constructInstance();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      this.#addModelErrors(error);
    }
    try {
      await this.instance.fullClean({ exclude });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      this.#addModelErrors(error);
    }
    // fullClean() stores a file field's cleaned value, its name: put the upload back.
    Object.assign(this.instance, files);
  }

  #addModelErrors(error: ValidationError): void {
    const byField = error.errorDict ?? { [NON_FIELD_ERRORS]: error.messages };
    for (const [name, messages] of Object.entries(byField)) {
      const onForm = name !== NON_FIELD_ERRORS && Object.hasOwn(this.fields, name);
      this.addError(onForm ? (name as keyof F & string) : null, new ValidationError([...messages]));
    }
  }

  /**
   * Saves the instance (and its many-to-many relations) and returns it. With
   * `{ commit: false }` nothing is written: save the instance yourself, then call
   * `await form.saveM2M()`.
   *
   * @example
   * const question = await form.save({ commit: false });
   * question.author = request.user;
   * await question.save();
   * await form.saveM2M();
   */
  async save(options: ModelFormSaveOptions = {}): Promise<M> {
    if (this.errors.length > 0) {
      const adding = this.instance._state.adding ? "created" : "changed";
      throw new FormNotValidated(
        `The ${this.#meta.objectName} could not be ${adding} because the data didn't validate. Check \`await form.isValid()\` before calling save().`,
      );
    }
    if (options.commit === false) return this.instance;
    await this.instance.save();
    await this.saveM2M();
    return this.instance;
  }

  /**
   * Sets the many-to-many relations from the cleaned data (`relation.set(...)`); the
   * instance must be saved. `save()` calls it, except with `{ commit: false }`.
   *
   * @example
   * await form.saveM2M();
   */
  async saveM2M(): Promise<void> {
    if (!this.isBound) return;
    const cleaned = this.cleanedData as Values;
    for (const field of this.#meta.manyToMany) {
      if (!this.#edits(field.name) || !Object.hasOwn(cleaned, field.name)) continue;
      const manager = (this.instance as unknown as Values)[field.name] as RelatedManager<Model>;
      await manager.set((cleaned[field.name] as readonly unknown[]) ?? []);
    }
  }
}

/**
 * The class {@link ModelForm.for} returns.
 *
 * @example
 * const QuestionForm: ModelFormClass<Question, ModelFormFields<Question, "questionText">> = ModelForm.for(Question, { fields: ["questionText"] });
 */
export interface ModelFormClass<M extends Model, F extends FieldRecord> {
  new (options?: ModelFormOptions<M>): ModelForm<M, F> & BoundFields<F>;
  readonly baseFields: F;
  readonly model: ModelClass<M>;
  readonly fieldNames: readonly string[];
  readonly modelOptions: ModelFormMeta;
  /** A subclass with more (or replaced) fields; it stays a ModelForm of the same model. */
  with<const F2 extends FieldRecord>(fields: F2): ModelFormClass<M, Omit<F, keyof F2> & F2>;
}
