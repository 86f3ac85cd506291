/** Turns the tail of a static URL into path segments that cannot leave their folder. */
import { isAbsolute, relative } from "node:path";

/**
 * Decodes the part of a URL after the static prefix into safe path segments, or null when it
 * could leave the folder: `..` or `.` segments (also percent-encoded), absolute paths, drive
 * letters, backslashes, NUL bytes, empty segments and malformed escapes are all refused.
 *
 * @example
 * safeSegments("greetings/style.css"); // ["greetings", "style.css"]
 * safeSegments("%2e%2e/settings.ts"); // null
 */
export function safeSegments(encoded: string): string[] | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    return null;
  }
  return plainSegments(decoded);
}

/**
 * Like {@link safeSegments} for a path that is already decoded (a file name, not a URL).
 *
 * @example
 * plainSegments("polls/my file.css"); // ["polls", "my file.css"]
 * plainSegments("../etc/passwd"); // null
 */
export function plainSegments(decoded: string): string[] | null {
  if (decoded === "" || decoded.includes("\0") || decoded.includes("\\")) return null;
  if (decoded.startsWith("/") || /^[a-zA-Z]:/.test(decoded)) return null;
  const segments = decoded.split("/");
  if (segments.some((s) => s === "" || s === "." || s === "..")) return null;
  return segments;
}

/**
 * Whether `path` is strictly inside the folder `root` (both absolute, resolved).
 *
 * @example
 * isInside("/srv/static", "/srv/static/a.css"); // true
 * isInside("/srv/static", "/srv/secret.txt"); // false
 */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}
