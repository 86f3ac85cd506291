/** Type tests: `tsc -b` checks them; each @ts-expect-error must be a real error. */
import type { UploadedFile } from "@tango/http";
import type { BoundField } from "./bound-field.js";
import { BooleanField, NullBooleanField } from "./fields/boolean-fields.js";
import { ChoiceField, MultipleChoiceField, TypedChoiceField } from "./fields/choice-fields.js";
import { DateField, DateTimeField, TimeField } from "./fields/date-fields.js";
import { FileField } from "./fields/file-fields.js";
import { JSONField } from "./fields/json-field.js";
import { DecimalField, FloatField, IntegerField } from "./fields/number-fields.js";
import { CharField, EmailField } from "./fields/text-fields.js";
import { type CleanedData, Form } from "./form.js";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

class ContactForm extends Form.with({
  subject: new CharField({ maxLength: 100 }),
  email: new EmailField(),
  age: new IntegerField({ required: false }),
  count: new IntegerField({ minValue: 1 }),
  price: new DecimalField({ maxDigits: 5, decimalPlaces: 2 }),
  ratio: new FloatField({ required: false }),
  agree: new BooleanField(),
  maybe: new NullBooleanField(),
  size: new ChoiceField({ choices: [["s", "Small"]] }),
  level: new TypedChoiceField({ choices: [["1", "One"]], coerce: Number }),
  optionalLevel: new TypedChoiceField({
    choices: [["1", "One"]],
    coerce: Number,
    required: false,
    emptyValue: null,
  }),
  tags: new MultipleChoiceField({ choices: [] }),
  born: new DateField(),
  at: new DateTimeField({ required: false }),
  time: new TimeField(),
  doc: new FileField(),
  avatar: new FileField({ required: false }),
  extra: new JSONField<{ a: number }>(),
}) {
  cleanSubject(): string {
    // The hook sees the typed data.
    return this.cleanedData.subject.trim();
  }
}

export async function cleanedDataIsTyped(form: ContactForm): Promise<void> {
  if (!(await form.isValid())) return;
  const data = form.cleanedData;
  expectType<Equal<typeof data.subject, string>>(true);
  expectType<Equal<typeof data.email, string>>(true);
  expectType<Equal<typeof data.age, number | null>>(true);
  expectType<Equal<typeof data.count, number>>(true);
  expectType<Equal<typeof data.price, string>>(true);
  expectType<Equal<typeof data.ratio, number | null>>(true);
  expectType<Equal<typeof data.agree, boolean>>(true);
  expectType<Equal<typeof data.maybe, boolean | null>>(true);
  expectType<Equal<typeof data.size, string>>(true);
  expectType<Equal<typeof data.level, number>>(true);
  expectType<Equal<typeof data.optionalLevel, number | null>>(true);
  expectType<Equal<typeof data.tags, string[]>>(true);
  expectType<Equal<typeof data.born, Date>>(true);
  expectType<Equal<typeof data.at, Date | null>>(true);
  expectType<Equal<typeof data.time, string>>(true);
  expectType<Equal<typeof data.doc, UploadedFile>>(true);
  expectType<Equal<typeof data.avatar, UploadedFile | null | false>>(true);
  expectType<Equal<typeof data.extra, { a: number }>>(true);
  // @ts-expect-error: no such field
  data.nope;
  // @ts-expect-error: a string is not a number
  const n: number = data.subject;
  void n;
}

export function boundFieldsAreTyped(form: ContactForm): void {
  expectType<Equal<typeof form.subject, BoundField<CharField>>>(true);
  form.field("email").labelTag();
  // @ts-expect-error: no such field
  form.field("nope");
  // @ts-expect-error: no such bound field
  form.nope;
  form.addError("subject", "Bad.");
  form.addError(null, "Bad form.");
  // @ts-expect-error: no such field
  form.addError("nope", "Bad.");
  // Object's members stay what they are.
  expectType<Equal<typeof form.constructor, Function>>(true);
  // `errors` stays the form's errors even though a field could be named so.
  form.errors.asJson();
}

export function cleanedDataTypeOfARecord(): void {
  type D = CleanedData<{ a: CharField; b: IntegerField<{ required: false }> }>;
  expectType<Equal<D, { a: string; b: number | null }>>(true);
}
