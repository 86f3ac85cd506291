/** A new project's SECRET_KEY, made the way Django's startproject makes one. */
import { randomInt } from "node:crypto";

/** The characters of a generated key: no quotes or backslashes, so it sits in a string literal as is. */
const CHARS = "abcdefghijklmnopqrstuvwxyz0123456789!@#%^&*(-_=+)";

/**
 * A random 50-character key from a cryptographic source, prefixed "tango-insecure-" as
 * Django's are ("django-insecure-"): it is written into the settings file, so production must
 * set its own SECRET_KEY in the environment, and `manage check --deploy` says so.
 *
 * @example
 * generateSecretKey(); // "tango-insecure-k3(x^...", 65 characters
 */
export function generateSecretKey(): string {
  let key = "";
  for (let i = 0; i < 50; i++) key += CHARS[randomInt(CHARS.length)];
  return `tango-insecure-${key}`;
}
