/** Inline formsets: the children of one parent row (a question's choices), the foreign key set on save (Django's inlineformset_factory). */
import { ImproperlyConfigured } from "@tango/core";
import { ForeignKeyImpl, type Model, type ModelClass, type QuerySet } from "@tango/orm";
import type { FieldRecord } from "./form.js";
import type { FormsetOptions } from "./formset.js";
import { allOf } from "./model-fields-mapping.js";
import type { ModelForm, ModelFormOptions } from "./model-form.js";
import {
  BaseModelFormSet,
  type ModelFormsetInit,
  type ModelFormsetOptions,
  makeModelFormSet,
  modelFormFor,
} from "./model-formset.js";

type AnyModelForm<M extends Model> = ModelForm<M, FieldRecord>;

/**
 * Options of {@link inlineformsetFactory}: a model formset's, plus the foreign key's name.
 *
 * @example
 * inlineformsetFactory(Question, Choice, { fields: ["choiceText"], fk: "question" });
 */
export interface InlineFormsetOptions<K extends string = string> extends ModelFormsetOptions<K> {
  /** The child's foreign key to the parent, when it has several. */
  readonly fk?: string;
}

/**
 * How an inline formset is built: a model formset's options plus the parent row.
 *
 * @example
 * new ChoiceFormSet({ data: request.POST, instance: question });
 */
export interface InlineFormsetInit<P extends Model = Model, M extends Model = Model>
  extends ModelFormsetInit<M> {
  /** The parent; a new (unsaved) one when omitted, with no children. */
  readonly instance?: P;
}

/**
 * The base of inline formset classes; build one with {@link inlineformsetFactory}. The
 * forms edit the parent's children; new ones get the foreign key on `save()`. The default
 * prefix is the relation's accessor name (`choiceSet`).
 *
 * @example
 * const formset = await new ChoiceFormSet({ instance: question }).prepare();
 */
export class BaseInlineFormSet<
  P extends Model = Model,
  M extends Model = Model,
  I extends AnyModelForm<M> = AnyModelForm<M>,
> extends BaseModelFormSet<M, I> {
  static parentModel: ModelClass;
  static fk: ForeignKeyImpl;
  /** The parent row. */
  readonly instance: P;

  constructor(init: InlineFormsetInit<P, M> = {}) {
    const cls = new.target as unknown as typeof BaseInlineFormSet;
    const parent = (init.instance ?? new cls.parentModel()) as P;
    const fk = cls.fk;
    const base = init.queryset ?? (allOf(cls.model) as unknown as QuerySet<M>);
    const key = (parent as unknown as Record<string, unknown>)[fk.targetField.attname];
    const queryset =
      key === null || key === undefined ? base.none() : base.filter({ [fk.name]: key } as never);
    super({ ...init, queryset, prefix: init.prefix ?? defaultPrefix(fk) });
    this.instance = parent;
  }

  /** The foreign key to the parent. */
  get fk(): ForeignKeyImpl {
    return (this.constructor as typeof BaseInlineFormSet).fk;
  }

  protected override constructForm(i: number): I {
    const form = super.constructForm(i);
    // The child points at the parent before validation (unique checks include the key).
    const key = (this.instance as unknown as Record<string, unknown>)[this.fk.targetField.attname];
    (form.instance as unknown as Record<string, unknown>)[this.fk.attname] = key ?? null;
    return form;
  }

  protected override async saveNew(form: I, commit: boolean): Promise<M> {
    (form.instance as unknown as Record<string, unknown>)[this.fk.name] = this.instance;
    return super.saveNew(form, commit);
  }
}

function defaultPrefix(fk: ForeignKeyImpl): string {
  const related = fk.remoteField.relatedName;
  if (related && !related.endsWith("+")) return related;
  const base = (fk.model as ModelClass).name;
  const lower = base.charAt(0).toLowerCase() + base.slice(1);
  return fk.internalType === "OneToOneField" ? lower : `${lower}Set`;
}

/**
 * The child's foreign key to the parent: `name` when given, else the only one.
 *
 * @example
 * foreignKeyTo(Question, Choice).name; // "question"
 */
export function foreignKeyTo(parent: ModelClass, child: ModelClass, name?: string): ForeignKeyImpl {
  const cm = child._meta;
  if (name !== undefined) {
    const field = cm.getField(name);
    if (!(field instanceof ForeignKeyImpl) || field.remoteField.model !== parent) {
      throw new ImproperlyConfigured(
        `fk '${name}' is not a ForeignKey to '${parent._meta.label}'. Pass the name of ${cm.objectName}'s foreign key to ${parent.name}.`,
      );
    }
    return field;
  }
  const fks = cm.fields.filter(
    (f): f is ForeignKeyImpl => f instanceof ForeignKeyImpl && f.remoteField.model === parent,
  );
  if (fks.length === 1) return fks[0] as ForeignKeyImpl;
  throw new ImproperlyConfigured(
    fks.length === 0
      ? `'${cm.label}' has no ForeignKey to '${parent._meta.label}'. Add one, or use modelformsetFactory().`
      : `'${cm.label}' has more than one ForeignKey to '${parent._meta.label}'. Pass { fk: "<name>" } to inlineformsetFactory().`,
  );
}

/**
 * The class {@link inlineformsetFactory} returns.
 *
 * @example
 * const ChoiceFormSet: InlineFormSetClass<Question, Choice> = inlineformsetFactory(Question, Choice, { fields: ["choiceText"] });
 */
export interface InlineFormSetClass<
  P extends Model,
  M extends Model,
  I extends AnyModelForm<M> = AnyModelForm<M>,
> {
  new (init?: InlineFormsetInit<P, M>): BaseInlineFormSet<P, M, I>;
  readonly model: ModelClass<M>;
  readonly parentModel: ModelClass<P>;
  readonly fk: ForeignKeyImpl;
  readonly formClass: new (options?: ModelFormOptions<M>) => I;
  readonly options: Required<FormsetOptions>;
}

/**
 * A formset class editing the `child` rows of one `parent` (Django's
 * `inlineformset_factory`): 3 extra forms and DELETE boxes by default; the foreign key is
 * left out of the forms and set on save.
 *
 * @example
 * const ChoiceFormSet = inlineformsetFactory(Question, Choice, { fields: ["choiceText", "votes"] });
 * const formset = new ChoiceFormSet({ data: request.POST, instance: question });
 * if (await formset.isValid()) await formset.save();
 */
export function inlineformsetFactory<P extends ModelClass, C extends ModelClass>(
  parent: P,
  child: C,
  options: InlineFormsetOptions = {},
): InlineFormSetClass<InstanceType<P>, InstanceType<C>> {
  const fk = foreignKeyTo(parent, child, options.fk);
  const fields =
    options.fields === undefined || options.fields === "__all__"
      ? options.fields
      : options.fields.filter((n) => n !== fk.name && n !== fk.attname);
  const formClass = modelFormFor(child, {
    ...options,
    ...(fields === undefined ? {} : { fields }),
    exclude: [...(options.exclude ?? []), fk.name],
  });
  const FormSet = makeModelFormSet(BaseInlineFormSet, child, formClass, {
    ...options,
    extra: options.extra ?? 3,
    canDelete: options.canDelete ?? true,
  });
  FormSet.parentModel = parent;
  FormSet.fk = fk;
  return FormSet as unknown as InlineFormSetClass<InstanceType<P>, InstanceType<C>>;
}
