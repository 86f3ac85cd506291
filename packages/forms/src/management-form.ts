/** ManagementForm: the hidden TOTAL_FORMS, INITIAL_FORMS, MIN_NUM_FORMS and MAX_NUM_FORMS inputs of a formset. */
import { IntegerField } from "./fields/number-fields.js";
import { Form } from "./form.js";
import { HiddenInput } from "./widgets/inputs.js";

/**
 * The formset's bookkeeping form: how many forms were sent and how many were initial.
 *
 * @example
 * new ManagementForm({ data: request.POST, prefix: "form" });
 */
export class ManagementForm extends Form.with({
  TOTAL_FORMS: new IntegerField({ widget: HiddenInput }),
  INITIAL_FORMS: new IntegerField({ widget: HiddenInput }),
  // These two are for the browser's JavaScript; the server keeps its own limits.
  MIN_NUM_FORMS: new IntegerField({ required: false, widget: HiddenInput }),
  MAX_NUM_FORMS: new IntegerField({ required: false, widget: HiddenInput }),
}) {
  override clean() {
    const data = this.cleanedData as Record<string, unknown>;
    // Keep the counts usable when the data is missing, as Django does.
    data.TOTAL_FORMS ??= 0;
    data.INITIAL_FORMS ??= 0;
    return this.cleanedData;
  }
}
