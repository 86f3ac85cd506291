/** The error create-app reports as a message, without a stack trace. */
export class CreateAppError extends Error {
  override name = "CreateAppError";
}
