/** BooleanField (a checkbox; `required` means it must be checked) and NullBooleanField (yes/no/unknown). */

import { NullBooleanSelect } from "../widgets/choice-widgets.js";
import { CheckboxInput } from "../widgets/inputs.js";
import type { Widget } from "../widgets/widget.js";
import { Field } from "./field.js";

function toBoolean(value: unknown): boolean {
  if (typeof value === "string" && ["false", "0"].includes(value.toLowerCase())) return false;
  return Boolean(value) && value !== "";
}

/**
 * A checkbox. Cleans to `boolean`; a required one must be checked ("This field is required."),
 * so pass `required: false` for an optional tick box.
 *
 * @example
 * const agree = new BooleanField(); // must be ticked
 * const newsletter = new BooleanField({ required: false });
 */
export class BooleanField extends Field<boolean> {
  protected override defaultWidget(): Widget {
    return new CheckboxInput();
  }

  override toPython(value: unknown): boolean {
    return toBoolean(value);
  }

  override validate(value: boolean | null): void {
    if (!value && this.required) throw this.error("required");
  }

  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    return toBoolean(initial) !== toBoolean(data);
  }
}

/**
 * Yes, no or unknown: cleans to `true`, `false` or `null`; never required.
 *
 * @example
 * const attending = new NullBooleanField();
 */
export class NullBooleanField extends Field<boolean | null> {
  protected override defaultWidget(): Widget {
    return new NullBooleanSelect();
  }

  override toPython(value: unknown): boolean | null {
    if ([true, "True", "true", "1"].includes(value as never)) return true;
    if ([false, "False", "false", "0"].includes(value as never)) return false;
    return null;
  }

  override validate(): void {}

  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    return this.toPython(initial) !== this.toPython(data);
  }
}
