/** Content-hashed file names, as Django's ManifestStaticFilesStorage makes them. */
import { createHash } from "node:crypto";

/**
 * The first 12 hex digits of the MD5 of `content`: Django's `file_hash`.
 *
 * @example
 * fileHash(Buffer.from("body {}")); // "4e8a1c2b9f3d" (for some content)
 */
export function fileHash(content: Uint8Array | string): string {
  return createHash("md5").update(content).digest("hex").slice(0, 12);
}

/**
 * The name with the hash before the extension: `css/style.css` -> `css/style.<hash>.css`
 * (a name without an extension gets `.<hash>` at the end).
 *
 * @example
 * hashedName("polls/style.css", "4e8a1c2b9f3d"); // "polls/style.4e8a1c2b9f3d.css"
 */
export function hashedName(path: string, hash: string): string {
  const slash = path.lastIndexOf("/");
  const dir = path.slice(0, slash + 1);
  const file = path.slice(slash + 1);
  const dot = file.lastIndexOf(".");
  // Like Python's splitext, a leading dot does not start an extension.
  if (dot <= 0) return `${dir}${file}.${hash}`;
  return `${dir}${file.slice(0, dot)}.${hash}${file.slice(dot)}`;
}
