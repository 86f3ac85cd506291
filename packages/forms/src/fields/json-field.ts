/** JSONField: JSON text in a textarea, cleaned to the parsed value. */
import { Textarea } from "../widgets/inputs.js";
import type { Widget } from "../widgets/widget.js";
import { Field, isEmptyValue } from "./field.js";

/**
 * JSON ("Enter a valid JSON."). Cleans to the parsed value; `T` lets you name its type.
 *
 * @example
 * await new JSONField<{ tags: string[] }>().clean('{"tags": ["a"]}'); // { tags: ["a"] }
 */
export class JSONField<T = unknown> extends Field<T> {
  protected override defaultWidget(): Widget {
    return new Textarea();
  }

  protected override messages(): Record<string, string> {
    return { ...super.messages(), invalid: "Enter a valid JSON." };
  }

  override toPython(value: unknown): T | null {
    if (this.disabled) return value as T;
    if (isEmptyValue(value)) return null;
    if (typeof value !== "string") return value as T;
    try {
      return JSON.parse(value) as T;
    } catch {
      throw this.error("invalid", { value });
    }
  }

  override boundData(data: unknown, initial: unknown): unknown {
    if (this.disabled) return initial;
    return data;
  }

  override prepareValue(value: unknown): unknown {
    if (value === null || value === undefined) return value;
    if (typeof value === "string") {
      try {
        JSON.parse(value);
        return value;
      } catch {
        // Invalid JSON the user typed is shown back as it was.
        return value;
      }
    }
    return JSON.stringify(value);
  }

  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    try {
      return JSON.stringify(initial ?? null) !== JSON.stringify(this.toPython(data) ?? null);
    } catch {
      return true;
    }
  }
}
