/** Model formsets: a formset of ModelForms over a QuerySet, saving, updating and deleting rows (Django's modelformset_factory). */
import { ValidationError } from "@tango/core";
import { type Model, type ModelClass, type QuerySet, UniqueConstraint } from "@tango/orm";
import { FormNotValidated } from "./errors.js";
import { Field } from "./fields/field.js";
import type { FieldRecord } from "./form.js";
import { toDataSource } from "./form-data.js";
import { BaseFormSet, type FormsetInit, type FormsetOptions, formsetFactory } from "./formset.js";
import { allOf } from "./model-fields-mapping.js";
import {
  ModelForm,
  type ModelFormClass,
  type ModelFormMeta,
  type ModelFormOptions,
} from "./model-form.js";
import { HiddenInput } from "./widgets/inputs.js";
import type { Widget } from "./widgets/widget.js";

type AnyModelForm<M extends Model> = ModelForm<M, FieldRecord>;
type Values = Record<string, unknown>;

/**
 * Options of {@link modelformsetFactory}: the formset's and the ModelForm's.
 *
 * @example
 * modelformsetFactory(Author, { fields: ["name"], extra: 2, canDelete: true });
 */
export interface ModelFormsetOptions<K extends string = string>
  extends FormsetOptions,
    ModelFormMeta<K> {
  /** A ModelForm class to start from (its `clean()` hooks and declared fields are kept). */
  readonly form?: typeof ModelForm | ModelFormClass<never, FieldRecord>;
}

/**
 * How a model formset is built: a formset's options plus the rows to edit.
 *
 * @example
 * new AuthorFormSet({ data: request.POST, queryset: Author.objects.filter({ name__startswith: "O" }) });
 */
export interface ModelFormsetInit<M extends Model = Model> extends FormsetInit {
  /** The rows of the initial forms (default: every row of the model, by primary key). */
  readonly queryset?: QuerySet<M>;
}

/** The hidden primary key of each form: an initial form must name one of its rows. */
class RowKeyField extends Field<unknown> {
  known: ReadonlySet<string> = new Set();

  protected override defaultWidget(): Widget {
    return new HiddenInput();
  }

  protected override messages(): Record<string, string> {
    return {
      ...super.messages(),
      invalid_choice: "Select a valid choice. That choice is not one of the available choices.",
    };
  }

  override async clean(value: unknown): Promise<unknown> {
    if (value === null || value === undefined || value === "") return null;
    if (!this.known.has(String(value))) throw this.error("invalid_choice", { value });
    return value;
  }

  override hasChanged(): boolean {
    return false;
  }
}

function textList(names: readonly string[]): string {
  return names.length > 1
    ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`
    : (names[0] ?? "");
}

/**
 * The base of model formset classes; build one with {@link modelformsetFactory}. A formset
 * over a QuerySet must load its rows before rendering (templates cannot await): call
 * `await formset.prepare()`; `isValid()` and `save()` load them themselves.
 *
 * @example
 * const formset = await new AuthorFormSet().prepare();
 * return render(request, "authors.html", { formset });
 */
export class BaseModelFormSet<
  M extends Model = Model,
  I extends AnyModelForm<M> = AnyModelForm<M>,
> extends BaseFormSet<I> {
  static model: ModelClass;
  /** The rows created by the last `save()`. */
  newObjects: M[] = [];
  /** The rows changed by the last `save()`, with the names of the changed fields. */
  changedObjects: [M, string[]][] = [];
  /** The rows deleted (or, with `commit: false`, to delete) by the last `save()`. */
  deletedObjects: M[] = [];
  readonly #modelInit: ModelFormsetInit<M>;
  #objects: M[] | undefined;
  #byKey = new Map<string, M>();

  constructor(init: ModelFormsetInit<M> = {}) {
    super(init);
    this.#modelInit = init;
  }

  /** The model of the forms. */
  get model(): ModelClass<M> {
    return (this.constructor as typeof BaseModelFormSet).model as ModelClass<M>;
  }

  /** The rows of the initial forms. */
  get queryset(): QuerySet<M> {
    const given = this.#modelInit.queryset;
    if (given) return given;
    const all = allOf(this.model);
    return this.model._meta.ordering.length > 0 ? all : all.orderBy("pk");
  }

  /** Runs the QuerySet (once). */
  protected async loadObjects(): Promise<M[]> {
    if (!this.#objects) {
      this.#objects = await this.queryset.toArray();
      this.#byKey = new Map(this.#objects.map((o) => [String(o.pk), o]));
    }
    return this.#objects;
  }

  #objects_(): M[] {
    if (!this.#objects) {
      throw new FormNotValidated(
        `${this.constructor.name} has not loaded its rows. Call \`await formset.prepare()\` before rendering it (isValid() and save() load them themselves).`,
      );
    }
    return this.#objects;
  }

  /**
   * Loads the rows and the choices of every form's model choice fields; call it before
   * rendering.
   *
   * @example
   * const formset = await new AuthorFormSet().prepare();
   */
  async prepare(): Promise<this> {
    await this.loadObjects();
    for (const form of this.forms) await form.prepare();
    return this;
  }

  override initialFormCount(): number {
    if (this.isBound) return super.initialFormCount();
    return this.#objects_().length;
  }

  /** The instance of initial form `i`: from the submitted key when bound, else the i-th row. */
  protected instanceFor(i: number, prefix: string): M | undefined {
    if (!this.isBound) return this.#objects_()[i];
    this.#objects_();
    const key = toDataSource(this.#modelInit.data).get(`${prefix}-${this.model._meta.pk.name}`);
    return key === undefined || key === null ? undefined : this.#byKey.get(String(key));
  }

  protected override constructForm(i: number): I {
    const FormClass = (this.constructor as typeof BaseFormSet).formClass as unknown as new (
      options: ModelFormOptions<M>,
    ) => I;
    const { data, files, autoId, formOptions, initial } = this.#modelInit;
    const initialCount = this.initialFormCount();
    const prefix = `${this.prefix}-${i}`;
    const instance = i < initialCount ? this.instanceFor(i, prefix) : undefined;
    const extra = i >= initialCount ? initial?.[i - initialCount] : undefined;
    const form = new FormClass({
      ...formOptions,
      autoId: autoId ?? "id_%s",
      prefix,
      useRequiredAttribute: false,
      ...(this.isBound ? { data, files } : {}),
      ...(instance ? { instance } : {}),
      ...(extra ? { initial: extra } : {}),
      emptyPermitted: i >= initialCount && i >= this.options.minNum,
    });
    this.addFields(form, i);
    return form;
  }

  /** Adds the hidden primary key field, then DELETE and ORDER. */
  override addFields(form: I, index: number | null): void {
    super.addFields(form, index);
    const pk = this.model._meta.pk;
    const fields = form.fields as Record<string, Field>;
    if (Object.hasOwn(fields, pk.name)) return;
    const isInitial = index !== null && index < this.initialFormCount();
    const key = new RowKeyField({
      required: false,
      initial: isInitial && form.instance.pk !== null ? form.instance.pk : undefined,
    });
    key.known = isInitial ? new Set(this.#byKey.keys()) : new Set();
    fields[pk.name] = key;
  }

  /** Validates after loading the rows. */
  override async fullClean(): Promise<void> {
    await this.loadObjects();
    await super.fullClean();
  }

  /** Checks unique fields and sets across the forms; call `super.clean()` when you override it. */
  override async clean(): Promise<void> {
    this.validateUnique();
  }

  /** Django's formset `validate_unique`: the same unique values twice in the submitted forms. */
  protected validateUnique(): void {
    const meta = this.model._meta;
    const sets: string[][] = meta.fields
      .filter((f) => f.unique && !f.primaryKey)
      .map((f) => [f.name]);
    for (const names of meta.uniqueTogether) sets.push([...names]);
    for (const c of meta.constraints)
      if (c instanceof UniqueConstraint && c.condition === undefined) sets.push([...c.fields]);
    const live = this.forms.filter(
      (form) => form.isBound && form.errors.length === 0 && !this.deletedForms.includes(form),
    );
    const errors: string[] = [];
    for (const names of sets) {
      const seen = new Set<string>();
      for (const form of live) {
        const cleaned = form.cleanedData as Values;
        if (!names.every((n) => Object.hasOwn(cleaned, n))) continue;
        const values = names.map((n) => cleaned[n]);
        if (values.some((v) => v === null || v === undefined || v === "")) continue;
        const key = JSON.stringify(
          values.map((v) => (v !== null && typeof v === "object" && "pk" in v ? v.pk : String(v))),
        );
        if (!seen.has(key)) {
          seen.add(key);
          continue;
        }
        form.addError(null, "Please correct the duplicate values below.");
        for (const n of names) delete cleaned[n];
        const message =
          names.length === 1
            ? `Please correct the duplicate data for ${names[0]}.`
            : `Please correct the duplicate data for ${textList(names)}, which must be unique.`;
        if (!errors.includes(message)) errors.push(message);
      }
    }
    if (errors.length > 0) throw new ValidationError(errors);
  }

  /** Saves a new row's form (override to change how). */
  protected async saveNew(form: I, commit: boolean): Promise<M> {
    return form.save({ commit });
  }

  /** Saves a changed row's form. */
  protected async saveExisting(form: I, commit: boolean): Promise<M> {
    return form.save({ commit });
  }

  /**
   * Saves the changed and new forms and deletes the rows marked DELETE; returns the saved
   * instances. With `{ commit: false }` nothing is written: save them yourself, delete
   * `deletedObjects`, then `await formset.saveM2M()`.
   *
   * @example
   * if (await formset.isValid()) await formset.save();
   */
  async save(options: { readonly commit?: boolean } = {}): Promise<M[]> {
    const commit = options.commit ?? true;
    if (!(await this.isValid())) {
      throw new FormNotValidated(
        `${this.constructor.name} could not be saved because its data didn't validate. Check \`await formset.isValid()\` before calling save().`,
      );
    }
    this.newObjects = [];
    this.changedObjects = [];
    this.deletedObjects = [];
    const saved: M[] = [];
    const deleted = new Set(this.deletedForms);
    const initialCount = this.initialFormCount();
    for (const [i, form] of this.forms.entries()) {
      if (i < initialCount) {
        const instance = form.instance;
        if (instance.pk === null || instance.pk === undefined) continue;
        if (deleted.has(form)) {
          this.deletedObjects.push(instance);
          if (commit) await instance.delete();
        } else if (form.hasChanged()) {
          this.changedObjects.push([instance, [...form.changedData]]);
          saved.push(await this.saveExisting(form, commit));
        }
      } else if (form.hasChanged() && !deleted.has(form)) {
        const instance = await this.saveNew(form, commit);
        this.newObjects.push(instance);
        saved.push(instance);
      }
    }
    return saved;
  }

  /** After `save({ commit: false })` and saving the instances: sets their many-to-many relations. */
  async saveM2M(): Promise<void> {
    const deleted = new Set(this.deletedForms);
    for (const form of this.forms) {
      if (!deleted.has(form) && form.hasChanged() && form.instance.pk != null) await form.saveM2M();
    }
  }
}

/**
 * The class {@link modelformsetFactory} returns.
 *
 * @example
 * const AuthorFormSet: ModelFormSetClass<Author> = modelformsetFactory(Author, { fields: ["name"] });
 */
export interface ModelFormSetClass<M extends Model, I extends AnyModelForm<M> = AnyModelForm<M>> {
  new (init?: ModelFormsetInit<M>): BaseModelFormSet<M, I>;
  readonly model: ModelClass<M>;
  readonly formClass: new (options?: ModelFormOptions<M>) => I;
  readonly options: Required<FormsetOptions>;
}

/**
 * The ModelForm class of a model formset: `options.form` as is when no fields are given,
 * else `ModelForm.for(model, options)` (from `options.form`).
 *
 * @example
 * modelFormFor(Author, { fields: ["name"] });
 */
export function modelFormFor(model: ModelClass, options: ModelFormsetOptions): typeof ModelForm {
  const base = (options.form ?? ModelForm) as typeof ModelForm;
  if (base.model && options.fields === undefined && options.exclude === undefined) return base;
  return base.for(model, options as ModelFormMeta<never>) as unknown as typeof ModelForm;
}

/** Builds a formset class extending `Base` with `formClass` and the formset options. */
export function makeModelFormSet<T extends typeof BaseModelFormSet>(
  Base: T,
  model: ModelClass,
  formClass: typeof ModelForm,
  options: FormsetOptions,
): T {
  const resolved = formsetFactory(formClass as never, options).options;
  const FormSet = class extends (Base as typeof BaseModelFormSet) {};
  Object.defineProperty(FormSet, "name", { value: `${model.name}FormFormSet` });
  FormSet.model = model;
  (FormSet as unknown as typeof BaseFormSet).formClass = formClass as never;
  (FormSet as unknown as typeof BaseFormSet).options = resolved;
  return FormSet as T;
}

/**
 * A formset class editing rows of `model` (Django's `modelformset_factory`): one form per
 * row of the QuerySet, `extra` empty forms for new rows, and `await formset.save()`.
 *
 * @example
 * const AuthorFormSet = modelformsetFactory(Author, { fields: ["name"], canDelete: true });
 * const formset = new AuthorFormSet({ data: request.POST, queryset: Author.objects.orderBy("name") });
 * if (await formset.isValid()) await formset.save();
 */
export function modelformsetFactory<C extends ModelClass, const K extends string = string>(
  model: C,
  options: ModelFormsetOptions<K> = {},
): ModelFormSetClass<InstanceType<C>> {
  const formClass = modelFormFor(model, options);
  return makeModelFormSet(BaseModelFormSet, model, formClass, {
    ...options,
    extra: options.extra ?? 1,
  }) as unknown as ModelFormSetClass<InstanceType<C>>;
}
