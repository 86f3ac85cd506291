// Form: binding, validation, clean hooks, cross-field clean, errors, hasChanged, prefixes and odd keys.
import { ValidationError } from "@tango/core";
import { QueryDict } from "@tango/http";
import { describe, expect, it } from "vitest";
import { FormNotValidated, UnknownField } from "./errors.js";
import { BooleanField } from "./fields/boolean-fields.js";
import { MultipleChoiceField } from "./fields/choice-fields.js";
import { IntegerField } from "./fields/number-fields.js";
import { CharField, EmailField } from "./fields/text-fields.js";
import { Form } from "./form.js";

class ContactForm extends Form.with({
  subject: new CharField({ maxLength: 100 }),
  message: new CharField(),
  sender: new EmailField({ required: false }),
  ccMyself: new BooleanField({ required: false }),
}) {
  cleanSubject(): string {
    const subject = this.cleanedData.subject;
    if (subject.includes("spam")) throw new ValidationError("No spam, please.");
    return subject.toUpperCase();
  }

  override clean() {
    const data = this.cleanedData;
    if (data.ccMyself && !data.sender) {
      this.addError("sender", "Enter your address to get a copy.");
    }
    if (data.message === "boom") throw new ValidationError("Something is wrong with this message.");
    return data;
  }
}

const valid = { subject: "Hello", message: "Hi there", sender: "ada@example.com", ccMyself: "on" };

describe("Form", () => {
  it("an unbound form is not valid and has no errors", async () => {
    const form = new ContactForm({ initial: { subject: "Hi" } });
    expect(form.isBound).toBe(false);
    expect(await form.isValid()).toBe(false);
    expect(form.errors.length).toBe(0);
    expect(form.field("subject").value()).toBe("Hi");
  });

  it("cleans a bound form, running clean<Field>() hooks", async () => {
    const form = new ContactForm({ data: valid });
    expect(await form.isValid()).toBe(true);
    expect(form.cleanedData).toEqual({
      subject: "HELLO",
      message: "Hi there",
      sender: "ada@example.com",
      ccMyself: true,
    });
  });

  it("reads a QueryDict (request.POST)", async () => {
    const form = new ContactForm({
      data: new QueryDict("subject=Hi&message=there&ccMyself=on&sender=a%40b.co"),
    });
    expect(await form.isValid()).toBe(true);
    expect(form.cleanedData.ccMyself).toBe(true);
  });

  it("collects field errors, hook errors and clean() errors", async () => {
    const form = new ContactForm({
      data: { subject: "buy spam", message: "boom", ccMyself: "on" },
    });
    expect(await form.isValid()).toBe(false);
    expect(form.errors.asData()).toEqual({
      subject: [{ message: "No spam, please.", code: "" }],
      sender: [{ message: "Enter your address to get a copy.", code: "" }],
      __all__: [{ message: "Something is wrong with this message.", code: "" }],
    });
    expect(form.nonFieldErrors().messages).toEqual(["Something is wrong with this message."]);
    expect("subject" in form.cleanedData).toBe(false);
    expect(form.hasError("subject")).toBe(true);
    expect(form.hasError(null)).toBe(true);
    expect(form.hasError("message")).toBe(false);
  });

  it("formats errors as JSON and text", async () => {
    const form = new ContactForm({ data: { subject: "" } });
    await form.isValid();
    expect(JSON.parse(form.errors.asJson())).toEqual({
      subject: [{ message: "This field is required.", code: "required" }],
      message: [{ message: "This field is required.", code: "required" }],
    });
    expect(form.errors.asText()).toBe(
      "* subject\n  * This field is required.\n* message\n  * This field is required.",
    );
    expect(form.errors.get("subject")?.asText()).toBe("* This field is required.");
    expect(form.hasError("subject", "required")).toBe(true);
  });

  it("addError with a per-field ValidationError, and unknown fields", async () => {
    class F extends Form.with({ a: new CharField(), b: new CharField() }) {
      override clean() {
        throw new ValidationError({ a: ["Bad a."], __all__: ["Bad form."] });
      }
    }
    const form = new F({ data: { a: "x", b: "y" } });
    expect(await form.isValid()).toBe(false);
    expect(form.errors.get("a")?.messages).toEqual(["Bad a."]);
    expect(form.nonFieldErrors().messages).toEqual(["Bad form."]);
    expect(() => form.addError("c" as "a", "x")).toThrow(UnknownField);
    expect(() => form.field("nope" as "a")).toThrow(
      /Key 'nope' not found in F\. Choices are: a, b/,
    );
  });

  it("refuses to give errors or cleanedData before isValid()", () => {
    const form = new ContactForm({ data: valid });
    expect(() => form.errors).toThrow(FormNotValidated);
    expect(() => form.cleanedData).toThrow(FormNotValidated);
  });

  it("tracks changes against initial values", () => {
    const form = new ContactForm({
      data: { subject: "Hello", message: "New", ccMyself: "" },
      initial: { subject: "Hello", message: "Old", ccMyself: false },
    });
    expect(form.changedData).toEqual(["message"]);
    expect(form.hasChanged()).toBe(true);
    const same = new ContactForm({ data: { subject: "Hello" }, initial: { subject: "Hello" } });
    expect(same.hasChanged()).toBe(false);
  });

  it("uses the prefix for names and ids", async () => {
    const form = new ContactForm({
      data: { "c-subject": "Hi", "c-message": "there" },
      prefix: "c",
    });
    expect(await form.isValid()).toBe(true);
    expect(form.field("subject").htmlName).toBe("c-subject");
    expect(form.field("subject").autoId).toBe("id_c-subject");
  });

  it("treats __proto__ and constructor as ordinary keys, as data and as field names", async () => {
    const data = JSON.parse(
      '{"__proto__": "x", "constructor": "y", "subject": "s", "message": "m"}',
    );
    const form = new ContactForm({ data });
    expect(await form.isValid()).toBe(true);
    expect(Object.getPrototypeOf(form.cleanedData)).toBe(null);

    class Odd extends Form.with({
      ["__proto__"]: new CharField(),
      constructor: new IntegerField(),
    } as {
      __proto__: CharField;
      constructor: IntegerField;
    }) {}
    const odd = new Odd({ data: new QueryDict("__proto__=a&constructor=3") });
    expect(await odd.isValid()).toBe(true);
    expect(odd.cleanedData.constructor).toBe(3);
    expect(odd.field("__proto__").value()).toBe("a");
    const missing = new Odd({ data: {} });
    expect(await missing.isValid()).toBe(false);
    expect(missing.errors.keys()).toEqual(["__proto__", "constructor"]);
  });

  it("fields named like String.prototype methods are still bound fields", () => {
    class F extends Form.with({ search: new CharField(), link: new CharField() }) {}
    const form = new F({ initial: { search: "q" } });
    expect(form.search.value()).toBe("q");
    expect(form.link.htmlName).toBe("link");
  });

  it("reads lists for multiple choices from a QueryDict or arrays", async () => {
    class Tags extends Form.with({
      tags: new MultipleChoiceField({
        choices: [
          ["a", "A"],
          ["b", "B"],
        ],
      }),
    }) {}
    const fromQuery = new Tags({ data: new QueryDict("tags=a&tags=b") });
    expect(await fromQuery.isValid()).toBe(true);
    expect(fromQuery.cleanedData.tags).toEqual(["a", "b"]);
    const fromObject = new Tags({ data: { tags: ["b"] } });
    expect(await fromObject.isValid()).toBe(true);
    expect(fromObject.cleanedData.tags).toEqual(["b"]);
  });

  it("ignores submitted data for disabled fields", async () => {
    class F extends Form.with({ name: new CharField({ disabled: true }) }) {}
    const form = new F({ data: { name: "hacked" }, initial: { name: "kept" } });
    expect(await form.isValid()).toBe(true);
    expect(form.cleanedData.name).toBe("kept");
    expect(form.hasChanged()).toBe(false);
  });

  it("gives each form its own copies of the fields", () => {
    const a = new ContactForm();
    a.fields.subject.required = false;
    expect(new ContactForm().fields.subject.required).toBe(true);
    expect(ContactForm.baseFields.subject.required).toBe(true);
  });

  it("an empty-permitted form that did not change is valid", async () => {
    const form = new ContactForm({ data: {}, emptyPermitted: true });
    expect(await form.isValid()).toBe(true);
  });
});
