/** The autodetector's errors (to move into errors.ts with the others). */
import { TangoError } from "@tango/core";

/**
 * makemigrations cannot add a NOT NULL column (or make a column NOT NULL) without a value
 * for the existing rows, and nobody gave one.
 *
 * @example
 * throw new NotNullFieldError("It is impossible to add a non-nullable field 'votes' to choice without specifying a default. ...");
 */
export class NotNullFieldError extends TangoError {
  override readonly code: string = "migrations.NotNullFieldError";
}
