/** ETag and Last-Modified validators of static files, and the conditional-request check behind 304s. */

/** What the validators read of a file's stats. */
export interface FileTimes {
  readonly size: number;
  readonly mtimeMs: number;
  readonly mtime: Date;
}

/** The conditional headers of a request. */
export interface ConditionalHeaders {
  readonly ifNoneMatch?: string | null | undefined;
  readonly ifModifiedSince?: string | null | undefined;
}

/**
 * The validator of a file: a weak ETag from its size and modification time.
 *
 * @example
 * etagFor(stats); // 'W/"1a2-18c3f2a9b10"'
 */
export function etagFor(stats: { size: number; mtimeMs: number }): string {
  return `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
}

function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const weak = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => weak(tag) === weak(etag));
}

/**
 * Whether the client's copy is current: If-None-Match wins over If-Modified-Since (RFC 9110).
 *
 * @example
 * isNotModified({ ifNoneMatch: request.headers.get("If-None-Match") }, stats); // true
 */
export function isNotModified(headers: ConditionalHeaders, stats: FileTimes): boolean {
  const { ifNoneMatch, ifModifiedSince } = headers;
  if (ifNoneMatch !== undefined && ifNoneMatch !== null) {
    return etagMatches(ifNoneMatch, etagFor(stats));
  }
  if (ifModifiedSince === undefined || ifModifiedSince === null) return false;
  const time = Date.parse(ifModifiedSince);
  return !Number.isNaN(time) && Math.floor(stats.mtime.getTime() / 1000) <= Math.floor(time / 1000);
}
