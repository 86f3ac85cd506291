/** The file widgets: FileInput, and ClearableFileInput with its "clear" checkbox. */
import type { DataSource } from "../form-data.js";
import { Input } from "./inputs.js";
import type { Attrs, WidgetContext } from "./widget.js";

/**
 * What ClearableFileInput returns when a file was uploaded and "clear" checked too; the
 * field answers with Django's `contradiction` error.
 *
 * @example
 * if (value === FILE_INPUT_CONTRADICTION) throw ...
 */
export const FILE_INPUT_CONTRADICTION: unique symbol = Symbol("FILE_INPUT_CONTRADICTION");

/**
 * `<input type="file">`: reads `request.FILES`, never shows a value.
 *
 * @example
 * new FileInput({ attrs: { accept: "image/*" } });
 */
export class FileInput extends Input {
  override inputType = "file";
  override templateName = "tango/forms/widgets/file.html";
  override needsMultipartForm = true;

  override formatValue(_value: unknown): unknown {
    return null;
  }

  override valueFromDatadict(_data: DataSource, files: DataSource, name: string): unknown {
    return files.get(name);
  }

  override valueOmittedFromData(_data: DataSource, files: DataSource, name: string): boolean {
    return !files.has(name);
  }

  override useRequiredAttribute(initial: unknown): boolean {
    return super.useRequiredAttribute(initial) && !initial;
  }
}

/**
 * A file input that shows the current file and, for optional fields, a `<name>-clear`
 * checkbox to remove it.
 *
 * @example
 * new ClearableFileInput();
 */
export class ClearableFileInput extends FileInput {
  override templateName = "tango/forms/widgets/clearable_file_input.html";
  clearCheckboxLabel = "Clear";
  initialText = "Currently";
  inputText = "Change";

  /** `<name>-clear`. */
  clearCheckboxName(name: string): string {
    return `${name}-clear`;
  }

  override formatValue(value: unknown): unknown {
    // The current file is shown by the template, never put in the input.
    return value && typeof value === "object" && "url" in value ? value : null;
  }

  override getContext(name: string, value: unknown, attrs: Attrs = {}): { widget: WidgetContext } {
    const context = super.getContext(name, value, attrs);
    const checkboxName = this.clearCheckboxName(name);
    Object.assign(context.widget, {
      checkbox_name: checkboxName,
      checkbox_id: `${checkboxName}_id`,
      is_initial: Boolean(value && typeof value === "object" && "url" in value),
      input_text: this.inputText,
      initial_text: this.initialText,
      clear_checkbox_label: this.clearCheckboxLabel,
    });
    context.widget.attrs.disabled ??= false;
    return context;
  }

  override valueFromDatadict(data: DataSource, files: DataSource, name: string): unknown {
    const upload = super.valueFromDatadict(data, files, name);
    const clear = data.get(this.clearCheckboxName(name));
    if (!this.isRequired && clear !== undefined && clear !== "" && clear !== "false") {
      return upload ? FILE_INPUT_CONTRADICTION : false;
    }
    return upload;
  }

  override valueOmittedFromData(data: DataSource, files: DataSource, name: string): boolean {
    return super.valueOmittedFromData(data, files, name) && !data.has(this.clearCheckboxName(name));
  }
}
