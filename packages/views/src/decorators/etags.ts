/** ETag helpers: parsing If-Match / If-None-Match lists and quoting ETags, as Django's `django.utils.http`. */

const ETAG_MATCH = /^((?:W\/)?"[^"]*")$/;

/**
 * The ETags of an If-Match / If-None-Match header (quoted, weak ones with `W/`); `["*"]` for
 * `*`; malformed entries are dropped.
 *
 * @example
 * parseEtags('"a", W/"b", c'); // ['"a"', 'W/"b"']
 */
export function parseEtags(header: string): string[] {
  if (header.trim() === "*") return ["*"];
  const etags: string[] = [];
  for (const part of header.split(",")) {
    const match = ETAG_MATCH.exec(part.trim());
    if (match?.[1] !== undefined) etags.push(match[1]);
  }
  return etags;
}

/**
 * `etag` quoted unless it already is a (weak or strong) quoted ETag.
 *
 * @example
 * quoteEtag("v1"); // '"v1"'
 * quoteEtag('W/"v1"'); // 'W/"v1"'
 */
export function quoteEtag(etag: string): string {
  return ETAG_MATCH.test(etag) ? etag : `"${etag}"`;
}

/**
 * The seconds since the epoch of an HTTP date, or null when it does not parse.
 *
 * @example
 * parseHttpDate("Thu, 01 Jan 1970 00:01:00 GMT"); // 60
 */
export function parseHttpDate(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}
