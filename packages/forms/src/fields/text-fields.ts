/** The text fields: CharField, EmailField, URLField, SlugField, RegexField, UUIDField. */
import { z } from "zod";
import { EmailInput, URLInput } from "../widgets/inputs.js";
import type { Attrs, Widget } from "../widgets/widget.js";
import { Field, type FieldOptions, isEmptyValue } from "./field.js";

/**
 * Options of CharField and the text fields built on it.
 *
 * @example
 * new CharField({ maxLength: 100, strip: false });
 */
export interface CharFieldOptions extends FieldOptions {
  readonly maxLength?: number;
  readonly minLength?: number;
  /** Trim whitespace (default true). */
  readonly strip?: boolean;
  /** What an empty value cleans to (default ""). */
  readonly emptyValue?: string;
}

/**
 * Text. Cleans to a string; an empty optional value cleans to `emptyValue` ("").
 *
 * @example
 * await new CharField({ maxLength: 5 }).clean(" hello "); // "hello"
 */
export class CharField extends Field<string> {
  maxLength: number | undefined;
  minLength: number | undefined;
  strip: boolean;
  emptyValue: string;

  constructor(options: CharFieldOptions = {}) {
    super(options);
    this.maxLength = options.maxLength;
    this.minLength = options.minLength;
    this.strip = options.strip ?? true;
    this.emptyValue = options.emptyValue ?? "";
    // The widget attributes depend on the lengths, known only now.
    Object.assign(this.widget.attrs, this.widgetAttrs(this.widget));
  }

  protected override messages(): Record<string, string> {
    return {
      ...super.messages(),
      null_characters_not_allowed: "Null characters are not allowed.",
      invalid: "Enter a valid value.",
    };
  }

  protected override pluralMessages(): Record<string, readonly [string, string, string]> {
    return {
      max_length: [
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
      ],
      min_length: [
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
      ],
    };
  }

  override toPython(value: unknown): string {
    if (isEmptyValue(value)) return this.emptyValue;
    const text = String(value);
    const result = this.strip ? text.trim() : text;
    return result === "" ? this.emptyValue : result;
  }

  protected override schema(): z.ZodType {
    let schema = z.string();
    if (this.maxLength !== undefined) schema = schema.max(this.maxLength);
    if (this.minLength !== undefined) schema = schema.min(this.minLength);
    return schema.refine((v) => !v.includes("\0"), {
      params: { code: "null_characters_not_allowed" },
    });
  }

  override widgetAttrs(widget: Widget): Attrs {
    const attrs: Attrs = {};
    if (this.maxLength !== undefined && !widget.isHidden) attrs.maxlength = String(this.maxLength);
    if (this.minLength !== undefined && !widget.isHidden) attrs.minlength = String(this.minLength);
    return attrs;
  }
}

/**
 * An email address ("Enter a valid email address."), max 320 characters as Django.
 *
 * @example
 * await new EmailField().clean("ada@example.com");
 */
export class EmailField extends CharField {
  constructor(options: CharFieldOptions = {}) {
    super({ maxLength: 320, ...options });
  }

  protected override defaultWidget(): Widget {
    return new EmailInput();
  }

  protected override messages(): Record<string, string> {
    return { ...super.messages(), invalid: "Enter a valid email address." };
  }

  protected override schema(): z.ZodType {
    return z.intersection(super.schema(), z.email({ pattern: z.regexes.html5Email }));
  }
}

/**
 * Options of URLField.
 *
 * @example
 * new URLField({ assumeScheme: "http" });
 */
export interface URLFieldOptions extends CharFieldOptions {
  /** The scheme added to input without one (Django 6's default, "https"). */
  readonly assumeScheme?: string;
}

const HOSTNAME =
  /^(localhost|(\d{1,3}\.){3}\d{1,3}|\[[0-9a-f:.]+\]|([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z-]{2,63}\.?)$/i;

/**
 * A URL with an http, https, ftp or ftps scheme; input without a scheme gets `assumeScheme`.
 *
 * @example
 * await new URLField().clean("example.com"); // "https://example.com"
 */
export class URLField extends CharField {
  assumeScheme: string;

  constructor(options: URLFieldOptions = {}) {
    super(options);
    this.assumeScheme = options.assumeScheme ?? "https";
  }

  protected override defaultWidget(): Widget {
    return new URLInput();
  }

  protected override messages(): Record<string, string> {
    return { ...super.messages(), invalid: "Enter a valid URL." };
  }

  override toPython(value: unknown): string {
    const text = super.toPython(value);
    if (text === "" || text === this.emptyValue) return text;
    if (/^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[^:]+:\d+(\/|$)/.test(text)) return text;
    return `${this.assumeScheme}://${text.replace(/^\/\//, "")}`;
  }

  protected override schema(): z.ZodType {
    return z.intersection(
      super.schema(),
      z.url({ protocol: /^(https?|ftps?)$/, hostname: HOSTNAME }),
    );
  }
}

/**
 * A slug: letters, numbers, underscores or hyphens (`allowUnicode` for any letters).
 *
 * @example
 * await new SlugField().clean("hello-world");
 */
export class SlugField extends CharField {
  allowUnicode: boolean;

  constructor(options: CharFieldOptions & { readonly allowUnicode?: boolean } = {}) {
    super(options);
    this.allowUnicode = options.allowUnicode ?? false;
  }

  protected override messages(): Record<string, string> {
    return {
      ...super.messages(),
      invalid: this.allowUnicode
        ? "Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens."
        : "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.",
    };
  }

  protected override schema(): z.ZodType {
    const pattern = this.allowUnicode ? /^[-\p{L}\p{N}_]+$/u : /^[-a-zA-Z0-9_]+$/;
    return z.intersection(super.schema(), z.string().regex(pattern));
  }
}

/**
 * Text matching a regular expression ("Enter a valid value.").
 *
 * @example
 * new RegexField(/^\d{5}$/, { errorMessages: { invalid: "Enter a 5-digit ZIP code." } });
 */
export class RegexField extends CharField {
  regex: RegExp;

  constructor(regex: RegExp | string, options: CharFieldOptions = {}) {
    super(options);
    this.regex = typeof regex === "string" ? new RegExp(regex) : regex;
  }

  protected override schema(): z.ZodType {
    // Django uses re.search: the pattern may match anywhere unless anchored.
    const regex = new RegExp(this.regex.source, this.regex.flags.replace("g", ""));
    return z.intersection(super.schema(), z.string().regex(regex));
  }
}

/**
 * A UUID, cleaned to its lowercase hyphenated form ("Enter a valid UUID.").
 *
 * @example
 * await new UUIDField().clean("{12345678-1234-5678-1234-567812345678}");
 */
export class UUIDField extends CharField {
  protected override messages(): Record<string, string> {
    return { ...super.messages(), invalid: "Enter a valid UUID." };
  }

  override toPython(value: unknown): string {
    const text = super.toPython(value);
    if (text === "") return text;
    const hex = text
      .replace(/^urn:uuid:/i, "")
      .replace(/[{}-]/g, "")
      .toLowerCase();
    if (!/^[0-9a-f]{32}$/.test(hex)) throw this.error("invalid", { value: text });
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
