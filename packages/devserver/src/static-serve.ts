/** Sends a file found by @tango/staticfiles' finder to a Node response, with its validators and 304 answers. */
import { createReadStream } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { contentTypeFor, etagFor, type FoundFile, isNotModified } from "@tango/staticfiles";

export { etagFor } from "@tango/staticfiles";

/**
 * Whether the client's copy is current: If-None-Match wins over If-Modified-Since (RFC 9110).
 *
 * @example
 * notModified({ "if-none-match": etag }, stats); // true
 */
export function notModified(
  headers: IncomingMessage["headers"],
  stats: { size: number; mtimeMs: number; mtime: Date },
): boolean {
  return isNotModified(
    { ifNoneMatch: headers["if-none-match"], ifModifiedSince: headers["if-modified-since"] },
    stats,
  );
}

/**
 * Answers a request with a file: 405 for methods other than GET and HEAD, 304 when the client's
 * copy is current, else 200 with Content-Type, Content-Length, Last-Modified and ETag.
 *
 * @example
 * const found = await finder.find("polls/style.css");
 * if (found) await sendFile(req, res, found);
 */
export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  found: FoundFile,
): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" });
    res.end("Method not allowed: static files answer GET and HEAD only.\n");
    return;
  }
  const { stats } = found;
  const validators = {
    "Last-Modified": stats.mtime.toUTCString(),
    ETag: etagFor(stats),
    "Cache-Control": "no-cache",
  };
  if (notModified(req.headers, stats)) {
    res.writeHead(304, validators);
    res.end();
    return;
  }
  res.writeHead(200, {
    ...validators,
    "Content-Type": contentTypeFor(found.path),
    "Content-Length": String(stats.size),
    "X-Content-Type-Options": "nosniff",
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  await pipeline(createReadStream(found.path), res).catch(() => res.destroy());
}

/**
 * A 404 for a static path, naming it as Django does.
 *
 * @example
 * sendStaticNotFound(res, "polls/missing.css");
 */
export function sendStaticNotFound(res: ServerResponse, shownPath: string): void {
  const body = `"${shownPath}" could not be found.\n`;
  res.writeHead(404, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(body)),
  });
  res.end(body);
}
