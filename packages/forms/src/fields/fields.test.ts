// Every field's valid and invalid inputs, with Django's messages and codes.
import { ValidationError } from "@tango/core";
import { UploadedFile } from "@tango/http";
import { describe, expect, it } from "vitest";
import { FieldValidationError } from "../errors.js";
import { FILE_INPUT_CONTRADICTION } from "../widgets/file-inputs.js";
import { BooleanField, NullBooleanField } from "./boolean-fields.js";
import { ChoiceField, MultipleChoiceField, TypedChoiceField } from "./choice-fields.js";
import { DateField, DateTimeField, TimeField } from "./date-fields.js";
import type { Field } from "./field.js";
import { FileField, ImageField } from "./file-fields.js";
import { JSONField } from "./json-field.js";
import { DecimalField, FloatField, IntegerField } from "./number-fields.js";
import {
  CharField,
  EmailField,
  RegexField,
  SlugField,
  URLField,
  UUIDField,
} from "./text-fields.js";

async function messages(field: Field, value: unknown): Promise<string[]> {
  try {
    await field.clean(value);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.messages as string[];
  }
  throw new Error(`expected ${JSON.stringify(value)} to be refused`);
}

async function code(field: Field, value: unknown): Promise<string> {
  try {
    await field.clean(value);
  } catch (error) {
    if (error instanceof FieldValidationError) return error.errorCode;
    throw error;
  }
  throw new Error("expected an error");
}

const REQUIRED = ["This field is required."];

describe("CharField", () => {
  it("strips, and cleans empty to emptyValue", async () => {
    expect(await new CharField().clean("  hi  ")).toBe("hi");
    expect(await new CharField({ strip: false }).clean("  hi  ")).toBe("  hi  ");
    expect(await new CharField({ required: false }).clean("")).toBe("");
    expect(await new CharField({ required: false }).clean(null)).toBe("");
    expect(await new CharField({ required: false, emptyValue: "n/a" }).clean("  ")).toBe("n/a");
    expect(await new CharField().clean(42)).toBe("42");
  });

  it("refuses empty, too long, too short and null characters with Django's texts", async () => {
    expect(await messages(new CharField(), "")).toEqual(REQUIRED);
    expect(await messages(new CharField(), "   ")).toEqual(REQUIRED);
    expect(await messages(new CharField({ maxLength: 5 }), "abcdefg")).toEqual([
      "Ensure this value has at most 5 characters (it has 7).",
    ]);
    expect(await messages(new CharField({ maxLength: 1 }), "ab")).toEqual([
      "Ensure this value has at most 1 character (it has 2).",
    ]);
    expect(await messages(new CharField({ minLength: 3 }), "ab")).toEqual([
      "Ensure this value has at least 3 characters (it has 2).",
    ]);
    expect(await messages(new CharField(), "a\0b")).toEqual(["Null characters are not allowed."]);
    expect(await code(new CharField({ maxLength: 1 }), "ab")).toBe("max_length");
  });

  it("takes errorMessages by Django code or camelCase", async () => {
    const field = new CharField({
      maxLength: 2,
      errorMessages: { required: "Say something.", maxLength: "At most %(limit_value)d!" },
    });
    expect(await messages(field, "")).toEqual(["Say something."]);
    expect(await messages(field, "abc")).toEqual(["At most 2!"]);
  });

  it("runs validators after its checks and collects their messages", async () => {
    const field = new CharField({
      validators: [
        (v: string) => {
          if (v === v.toLowerCase()) throw new ValidationError("Use a capital letter.");
        },
        async (v: string) => {
          if (v.length < 4) throw new FieldValidationError("Too short.", "short");
        },
      ],
    });
    expect(await field.clean("Hello")).toBe("Hello");
    expect(await messages(field, "abc")).toEqual(["Use a capital letter.", "Too short."]);
  });

  it("gives its widget maxlength and minlength", () => {
    expect(new CharField({ maxLength: 5, minLength: 2 }).widget.attrs).toEqual({
      maxlength: "5",
      minlength: "2",
    });
  });
});

describe("EmailField, URLField, SlugField, RegexField, UUIDField", () => {
  it("checks email addresses", async () => {
    expect(await new EmailField().clean(" ada@example.com ")).toBe("ada@example.com");
    expect(await messages(new EmailField(), "ada@")).toEqual(["Enter a valid email address."]);
    expect(await messages(new EmailField(), "not an email")).toEqual([
      "Enter a valid email address.",
    ]);
  });

  it("adds the assumed scheme (https, as Django 6) and checks URLs", async () => {
    expect(await new URLField().clean("example.com")).toBe("https://example.com");
    expect(await new URLField({ assumeScheme: "http" }).clean("example.com/a?b=1")).toBe(
      "http://example.com/a?b=1",
    );
    expect(await new URLField().clean("http://localhost:8000/x")).toBe("http://localhost:8000/x");
    expect(await new URLField().clean("ftp://example.com")).toBe("ftp://example.com");
    expect(await messages(new URLField(), "http://")).toEqual(["Enter a valid URL."]);
    expect(await messages(new URLField(), "javascript:alert(1)")).toEqual(["Enter a valid URL."]);
    expect(await messages(new URLField(), "http://nodot")).toEqual(["Enter a valid URL."]);
  });

  it("checks slugs", async () => {
    expect(await new SlugField().clean("hello-world_2")).toBe("hello-world_2");
    expect(await messages(new SlugField(), "hello world")).toEqual([
      "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.",
    ]);
    expect(await new SlugField({ allowUnicode: true }).clean("héllo")).toBe("héllo");
  });

  it("checks a regex (searched, as re.search)", async () => {
    const zip = new RegexField(/^\d{5}$/);
    expect(await zip.clean("12345")).toBe("12345");
    expect(await messages(zip, "1234")).toEqual(["Enter a valid value."]);
    expect(await new RegexField("b").clean("abc")).toBe("abc");
  });

  it("normalises UUIDs", async () => {
    expect(await new UUIDField().clean("{12345678-1234-5678-1234-56781234567A}")).toBe(
      "12345678-1234-5678-1234-56781234567a",
    );
    expect(await new UUIDField().clean("123456781234567812345678123456ab")).toBe(
      "12345678-1234-5678-1234-5678123456ab",
    );
    expect(await messages(new UUIDField(), "nope")).toEqual(["Enter a valid UUID."]);
  });
});

describe("number fields", () => {
  it("IntegerField cleans whole numbers and checks bounds and step", async () => {
    expect(await new IntegerField().clean(" 42 ")).toBe(42);
    expect(await new IntegerField().clean("1.0")).toBe(1);
    expect(await new IntegerField({ required: false }).clean("")).toBeNull();
    expect(await messages(new IntegerField(), "")).toEqual(REQUIRED);
    expect(await messages(new IntegerField(), "1.5")).toEqual(["Enter a whole number."]);
    expect(await messages(new IntegerField(), "0x10")).toEqual(["Enter a whole number."]);
    expect(await messages(new IntegerField({ maxValue: 10 }), "11")).toEqual([
      "Ensure this value is less than or equal to 10.",
    ]);
    expect(await messages(new IntegerField({ minValue: 1 }), "0")).toEqual([
      "Ensure this value is greater than or equal to 1.",
    ]);
    expect(await messages(new IntegerField({ stepSize: 5 }), "7")).toEqual([
      "Ensure this value is a multiple of step size 5.",
    ]);
    expect(new IntegerField({ minValue: 1, maxValue: 9, stepSize: 2 }).widget.attrs).toEqual({
      min: "1",
      max: "9",
      step: "2",
    });
  });

  it("FloatField cleans finite numbers", async () => {
    expect(await new FloatField().clean("1.5")).toBe(1.5);
    expect(await new FloatField().clean("1e3")).toBe(1000);
    expect(await messages(new FloatField(), "abc")).toEqual(["Enter a number."]);
    expect(await messages(new FloatField(), "Infinity")).toEqual(["Enter a number."]);
    expect(new FloatField().widget.attrs.step).toBe("any");
  });

  it("DecimalField keeps the exact string and counts digits as Django", async () => {
    const money = new DecimalField({ maxDigits: 5, decimalPlaces: 2 });
    expect(await money.clean("123.45")).toBe("123.45");
    expect(await money.clean("+1.50")).toBe("1.50");
    expect(await money.clean(".5")).toBe("0.5");
    expect(await new DecimalField().clean("0.1000000000000000055511151231257827")).toBe(
      "0.1000000000000000055511151231257827",
    );
    expect(await messages(money, "1234.5")).toEqual([
      "Ensure that there are no more than 3 digits before the decimal point.",
    ]);
    expect(await messages(money, "1.234")).toEqual([
      "Ensure that there are no more than 2 decimal places.",
    ]);
    expect(await messages(money, "123456")).toEqual([
      "Ensure that there are no more than 5 digits in total.",
    ]);
    expect(await messages(new DecimalField({ maxDigits: 1 }), "12")).toEqual([
      "Ensure that there are no more than 1 digit in total.",
    ]);
    expect(await messages(money, "abc")).toEqual(["Enter a number."]);
    expect(await messages(new DecimalField({ maxValue: 10 }), "10.01")).toEqual([
      "Ensure this value is less than or equal to 10.",
    ]);
    expect(money.widget.attrs.step).toBe("0.01");
  });
});

describe("BooleanField and NullBooleanField", () => {
  it("a required BooleanField must be checked", async () => {
    expect(await new BooleanField().clean("on")).toBe(true);
    expect(await messages(new BooleanField(), false)).toEqual(REQUIRED);
    expect(await messages(new BooleanField(), "false")).toEqual(REQUIRED);
    expect(await new BooleanField({ required: false }).clean("0")).toBe(false);
    expect(await new BooleanField({ required: false }).clean(undefined)).toBe(false);
  });

  it("NullBooleanField gives true, false or null", async () => {
    const field = new NullBooleanField();
    expect(await field.clean("true")).toBe(true);
    expect(await field.clean("0")).toBe(false);
    expect(await field.clean("unknown")).toBeNull();
    expect(await field.clean(undefined)).toBeNull();
  });
});

describe("choice fields", () => {
  const choices = [
    ["s", "Small"],
    [
      "Big",
      [
        ["l", "Large"],
        ["xl", "Huge"],
      ],
    ],
  ] as const;

  it("ChoiceField accepts listed values, grouped ones too", async () => {
    const field = new ChoiceField({ choices });
    expect(await field.clean("s")).toBe("s");
    expect(await field.clean("xl")).toBe("xl");
    expect(await messages(field, "m")).toEqual([
      "Select a valid choice. m is not one of the available choices.",
    ]);
    expect(await messages(field, "")).toEqual(REQUIRED);
    expect(await new ChoiceField({ choices, required: false }).clean("")).toBe("");
  });

  it("TypedChoiceField coerces", async () => {
    const field = new TypedChoiceField({
      choices: [
        ["1", "One"],
        ["2", "Two"],
      ],
      coerce: Number,
    });
    expect(await field.clean("2")).toBe(2);
    expect(await messages(field, "3")).toEqual([
      "Select a valid choice. 3 is not one of the available choices.",
    ]);
    const optional = new TypedChoiceField({
      choices: [["1", "One"]],
      coerce: Number,
      required: false,
      emptyValue: null,
    });
    expect(await optional.clean("")).toBeNull();
  });

  it("MultipleChoiceField wants a list of listed values", async () => {
    const field = new MultipleChoiceField({ choices });
    expect(await field.clean(["s", "l"])).toEqual(["s", "l"]);
    expect(await messages(field, [])).toEqual(REQUIRED);
    expect(await messages(field, "s")).toEqual(["Enter a list of values."]);
    expect(await messages(field, ["s", "q"])).toEqual([
      "Select a valid choice. q is not one of the available choices.",
    ]);
    expect(await new MultipleChoiceField({ choices, required: false }).clean(undefined)).toEqual(
      [],
    );
  });
});

describe("date and time fields", () => {
  const day = new Date(Date.UTC(2006, 9, 25));

  it("DateField reads Django's input formats", async () => {
    for (const text of [
      "2006-10-25",
      "10/25/2006",
      "10/25/06",
      "Oct 25 2006",
      "Oct 25, 2006",
      "25 October 2006",
    ])
      expect(await new DateField().clean(text), text).toEqual(day);
    expect(await messages(new DateField(), "2006-02-30")).toEqual(["Enter a valid date."]);
    expect(await messages(new DateField(), "tomorrow")).toEqual(["Enter a valid date."]);
    expect(await new DateField({ required: false }).clean("")).toBeNull();
  });

  it("DateTimeField reads Django's formats and ISO 8601 with offsets", async () => {
    const at = new Date(Date.UTC(2006, 9, 25, 14, 30, 59));
    expect(await new DateTimeField().clean("2006-10-25 14:30:59")).toEqual(at);
    expect(await new DateTimeField().clean("10/25/2006 14:30:59")).toEqual(at);
    expect(await new DateTimeField().clean("2006-10-25T16:30:59+02:00")).toEqual(at);
    expect(await new DateTimeField().clean("2006-10-25T14:30:59Z")).toEqual(at);
    expect(await new DateTimeField().clean("2006-10-25 14:30")).toEqual(
      new Date(Date.UTC(2006, 9, 25, 14, 30)),
    );
    expect(await new DateTimeField().clean("2006-10-25")).toEqual(day);
    expect(await messages(new DateTimeField(), "2006-10-25 25:00")).toEqual([
      "Enter a valid date/time.",
    ]);
  });

  it("TimeField cleans to HH:MM:SS", async () => {
    expect(await new TimeField().clean("14:30")).toBe("14:30:00");
    expect(await new TimeField().clean("14:30:59.5")).toBe("14:30:59.500000");
    expect(await messages(new TimeField(), "24:00")).toEqual(["Enter a valid time."]);
  });
});

describe("JSONField", () => {
  it("parses JSON and refuses anything else", async () => {
    expect(await new JSONField().clean('{"a": [1, 2]}')).toEqual({ a: [1, 2] });
    expect(await messages(new JSONField(), "{nope")).toEqual(["Enter a valid JSON."]);
    expect(new JSONField().prepareValue({ a: 1 })).toBe('{"a":1}');
  });
});

describe("FileField and ImageField", () => {
  const text = UploadedFile.fromContent("hello", { name: "hello.txt", contentType: "text/plain" });
  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

  it("accepts an upload, refuses missing, empty and long-named files", async () => {
    expect(await new FileField().clean(text)).toBe(text);
    expect(await messages(new FileField(), undefined)).toEqual(REQUIRED);
    expect(await messages(new FileField(), "hello.txt")).toEqual([
      "No file was submitted. Check the encoding type on the form.",
    ]);
    const empty = UploadedFile.fromContent("", { name: "empty.txt" });
    expect(await messages(new FileField(), empty)).toEqual(["The submitted file is empty."]);
    expect(await new FileField({ allowEmptyFile: true }).clean(empty)).toBe(empty);
    expect(await messages(new FileField({ maxLength: 5 }), text)).toEqual([
      "Ensure this filename has at most 5 characters (it has 9).",
    ]);
  });

  it("keeps the initial file, clears optional ones, refuses a contradiction", async () => {
    expect(await new FileField().clean(undefined, "old.txt")).toBe("old.txt");
    expect(await new FileField({ required: false }).clean(false, "old.txt")).toBe(false);
    expect(await messages(new FileField({ required: false }), FILE_INPUT_CONTRADICTION)).toEqual([
      "Please either submit a file or check the clear checkbox, not both.",
    ]);
  });

  it("ImageField checks the magic number", async () => {
    const png = UploadedFile.fromContent(PNG, { name: "a.png" });
    expect(await new ImageField().clean(png)).toBe(png);
    for (const header of ["GIF89a....", "RIFF\0\0\0\0WEBPVP8 "]) {
      const file = UploadedFile.fromContent(header, { name: "x" });
      expect(await new ImageField().clean(file)).toBe(file);
    }
    const jpeg = UploadedFile.fromContent(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]), {
      name: "a.jpg",
    });
    expect(await new ImageField().clean(jpeg)).toBe(jpeg);
    expect(await messages(new ImageField(), text)).toEqual([
      "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",
    ]);
  });
});
