/** The Origin and Referer checks of CsrfViewMiddleware, with CSRF_TRUSTED_ORIGINS and their wildcards. */
import type { Settings } from "@tango/core";
import type { HttpRequest } from "../request.js";

/** CSRF_TRUSTED_ORIGINS, prepared: exact origins, and wildcard host suffixes by scheme. */
interface TrustedOrigins {
  /** Origins without "*": compared as they are. */
  readonly exact: ReadonlySet<string>;
  /** `https://*.example.com` -> "https" -> [".example.com"]. */
  readonly subdomains: ReadonlyMap<string, readonly string[]>;
  /** The host part of every trusted origin ("*." left as "."), for the Referer check. */
  readonly hosts: readonly string[];
}

const prepared = new WeakMap<Settings, TrustedOrigins>();

function splitOrigin(origin: string): { scheme: string; netloc: string } | null {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)/.exec(origin);
  if (!match) return null;
  return { scheme: (match[1] as string).toLowerCase(), netloc: (match[2] as string).toLowerCase() };
}

function trustedOrigins(settings: Settings): TrustedOrigins {
  let trusted = prepared.get(settings);
  if (trusted) return trusted;
  const exact = new Set<string>();
  const subdomains = new Map<string, string[]>();
  const hosts: string[] = [];
  for (const origin of settings.CSRF_TRUSTED_ORIGINS) {
    const parts = splitOrigin(origin);
    if (parts) hosts.push(parts.netloc.replace(/^\*+/, ""));
    if (!origin.includes("*")) {
      exact.add(origin);
      continue;
    }
    if (!parts) continue;
    const list = subdomains.get(parts.scheme) ?? [];
    list.push(parts.netloc.replace(/^\*+/, ""));
    subdomains.set(parts.scheme, list);
  }
  trusted = { exact, subdomains, hosts };
  prepared.set(settings, trusted);
  return trusted;
}

/**
 * Django's `is_same_domain`: `host` equals `pattern`, or `pattern` starts with "." and
 * `host` is that domain or one of its subdomains.
 *
 * @example
 * isSameDomain("shop.example.com", ".example.com"); // true
 */
export function isSameDomain(host: string, pattern: string): boolean {
  if (!pattern) return false;
  const lowered = pattern.toLowerCase();
  const target = host.toLowerCase();
  return (
    (lowered.startsWith(".") && (target.endsWith(lowered) || target === lowered.slice(1))) ||
    lowered === target
  );
}

function ownHost(request: HttpRequest): string | null {
  try {
    return request.getHost();
  } catch {
    return null;
  }
}

/**
 * Whether the request's Origin header is its own origin or a trusted one (exact, or a
 * wildcard `https://*.example.com` entry of CSRF_TRUSTED_ORIGINS).
 *
 * @example
 * if (!originVerified(request, origin)) reject(`Origin checking failed - ${origin} does not match any trusted origins.`);
 */
export function originVerified(request: HttpRequest, origin: string): boolean {
  const host = ownHost(request);
  if (host !== null && origin === `${request.isSecure() ? "https" : "http"}://${host}`) return true;
  const trusted = trustedOrigins(request.settings);
  if (trusted.exact.has(origin)) return true;
  const parts = splitOrigin(origin);
  if (!parts) return false;
  return (trusted.subdomains.get(parts.scheme) ?? []).some((pattern) =>
    isSameDomain(parts.netloc, pattern),
  );
}

/**
 * Checks the Referer of an HTTPS request without Origin; returns Django's reason for
 * refusing it, or null when it is same-origin (or CSRF_COOKIE_DOMAIN) or trusted.
 *
 * @example
 * const reason = refererProblem(request); // "Referer checking failed - no Referer."
 */
export function refererProblem(request: HttpRequest): string | null {
  const referer = request.headers.get("referer");
  if (referer === null || referer === undefined) return "Referer checking failed - no Referer.";
  try {
    new URL(referer);
  } catch {
    return "Referer checking failed - Referer is malformed.";
  }
  const parts = splitOrigin(referer);
  if (!parts || parts.netloc === "") return "Referer checking failed - Referer is malformed.";
  if (parts.scheme !== "https")
    return "Referer checking failed - Referer is insecure while host is secure.";
  if (trustedOrigins(request.settings).hosts.some((host) => isSameDomain(parts.netloc, host)))
    return null;
  const bad = `Referer checking failed - ${referer} does not match any trusted origins.`;
  let good = request.settings.CSRF_COOKIE_DOMAIN;
  if (good === null) {
    good = ownHost(request);
    if (good === null) return bad;
  } else {
    const port = request.getPort();
    if (port !== "443" && port !== "80") good = `${good}:${port}`;
  }
  return isSameDomain(parts.netloc, good) ? null : bad;
}
