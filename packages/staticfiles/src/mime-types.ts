/** Content types of static files, by extension. */

const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".htm": "text/html",
  ".css": "text/css",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".map": "application/json",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain",
  ".md": "text/markdown",
  ".csv": "text/csv",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/vnd.microsoft.icon",
  ".bmp": "image/bmp",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".eot": "application/vnd.ms-fontobject",
  ".pdf": "application/pdf",
  ".zip": "application/zip",
  ".gz": "application/gzip",
  ".wasm": "application/wasm",
  ".mp3": "audio/mpeg",
  ".ogg": "audio/ogg",
  ".wav": "audio/wav",
  ".mp4": "video/mp4",
  ".webm": "video/webm",
};

/**
 * The Content-Type for a file name; text types carry `charset=utf-8`; unknown types are
 * `application/octet-stream` (browsers then download rather than guess).
 *
 * @example
 * contentTypeFor("greetings/style.css"); // "text/css; charset=utf-8"
 */
export function contentTypeFor(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  const type = dot === -1 ? undefined : TYPES[fileName.slice(dot).toLowerCase()];
  if (!type) return "application/octet-stream";
  const textual =
    type.startsWith("text/") ||
    type === "application/json" ||
    type === "application/xml" ||
    type === "image/svg+xml" ||
    type === "application/manifest+json";
  return textual ? `${type}; charset=utf-8` : type;
}
