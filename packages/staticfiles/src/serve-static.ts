/** serveStatic(): answers a request with a file under a folder, safely, with validators and 304s. */
import {
  FileResponse,
  type HttpRequest,
  type HttpResponse,
  HttpResponseNotAllowed,
  HttpResponseNotModified,
} from "@tango/http";
import { etagFor, isNotModified } from "./file-validators.js";
import { contentTypeFor } from "./mime-types.js";
import { type FoundFile, findInFolder } from "./static-finder.js";

/** Options of {@link serveStatic}. */
export interface ServeStaticOptions {
  /** The Cache-Control header; default `no-cache` (revalidate each time). */
  readonly cacheControl?: string | ((relativePath: string) => string);
}

/**
 * The response for the file at `relativePath` (decoded, as `request.pathInfo` is) under
 * `root`, as Django's `django.views.static.serve`: null when there is no such file or the
 * path could leave the folder (`..`, `%2e%2e` once decoded, backslashes, absolute paths, NUL,
 * symbolic links resolving outside), so a caller answers 404. GET and HEAD get the file
 * (streamed) with Content-Type, Content-Length, ETag, Last-Modified and Cache-Control, or a
 * 304 when If-None-Match / If-Modified-Since show the client's copy is current; other methods
 * get 405.
 *
 * @example
 * export async function media(request: HttpRequest, path: string) {
 *   return (await serveStatic(request, "/srv/media", path)) ?? new HttpResponseNotFound();
 * }
 */
export async function serveStatic(
  request: HttpRequest,
  root: string,
  relativePath: string,
  options: ServeStaticOptions = {},
): Promise<HttpResponse | null> {
  const found = await findInFolder(root, relativePath);
  if (!found) return null;
  const { cacheControl = "no-cache" } = options;
  return fileResponse(
    request,
    found,
    typeof cacheControl === "function" ? cacheControl(relativePath) : cacheControl,
  );
}

/**
 * The response for a file already found and checked: 405 for methods other than GET and
 * HEAD, 304 when the client's copy is current, else the file, streamed.
 *
 * @example
 * fileResponse(request, { path, stats: statSync(path) }, "no-cache");
 */
export function fileResponse(
  request: HttpRequest,
  found: FoundFile,
  cacheControl: string,
): HttpResponse {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return new HttpResponseNotAllowed(["GET", "HEAD"]);
  }
  const validators = {
    "Last-Modified": found.stats.mtime.toUTCString(),
    ETag: etagFor(found.stats),
    "Cache-Control": cacheControl,
  };
  const conditional = {
    ifNoneMatch: request.headers.get("If-None-Match"),
    ifModifiedSince: request.headers.get("If-Modified-Since"),
  };
  if (isNotModified(conditional, found.stats)) {
    return new HttpResponseNotModified({ headers: validators });
  }
  return new FileResponse(found.path, {
    contentType: contentTypeFor(found.path),
    size: found.stats.size,
    headers: validators,
  });
}
