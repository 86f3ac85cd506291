/** The errors of @tango/forms: a coded validation error, and mistakes in using a form. */
import { TangoError, ValidationError } from "@tango/core";

/**
 * A validation error with Django's error code (`"required"`, `"max_length"`, ...) and the
 * parameters of its message. Fields raise it; your validators may raise it or core's
 * `ValidationError` (whose messages get the code `""`).
 *
 * @example
 * throw new FieldValidationError("Enter a valid date.", "invalid");
 */
export class FieldValidationError extends ValidationError {
  override readonly code: string = "forms.FieldValidationError";
  /** Django's error code of the message, used by `errorMessages` overrides and `asJson()`. */
  readonly errorCode: string;
  readonly params: Readonly<Record<string, unknown>>;

  constructor(message: string, errorCode = "", params: Readonly<Record<string, unknown>> = {}) {
    super(message);
    this.errorCode = errorCode;
    this.params = params;
  }
}

/**
 * `cleanedData` or `errors` of a bound form were read before `await form.isValid()` ran.
 *
 * @example
 * if (!(await form.isValid())) return render(request, "contact.html", { form });
 */
export class FormNotValidated extends TangoError {
  override readonly code: string = "forms.FormNotValidated";
}

/**
 * A field name is not one of the form's fields (`form.field("x")`, `addError("x", ...)`).
 *
 * @example
 * form.field("subjet"); // UnknownField: Key 'subjet' not found in ContactForm. Choices are: subject, email.
 */
export class UnknownField extends TangoError {
  override readonly code: string = "forms.UnknownField";
}

/**
 * Several errors of one field, thrown by `runValidators()` so all of them are shown.
 *
 * @example
 * throw new FieldErrors([field.error("invalid")]);
 */
export class FieldErrors extends FieldValidationError {
  override readonly code: string = "forms.FieldErrors";
  readonly errors: readonly FieldValidationError[];

  constructor(errors: readonly FieldValidationError[]) {
    super(errors.map((e) => e.message).join("\n"), errors[0]?.errorCode ?? "");
    this.errors = errors;
    Object.defineProperty(this, "messages", { value: errors.map((e) => e.message) });
  }
}
