/** The CSRF secret and its masked tokens: Django's alphabet cipher, getToken() and rotateToken(). */
import { randomInt, timingSafeEqual } from "node:crypto";
import { type HttpRequest, requestInternals } from "../request.js";

/** The characters of secrets and tokens: Django's `ascii_letters + digits`. */
export const CSRF_ALLOWED_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/** The length of the secret kept in the cookie. */
export const CSRF_SECRET_LENGTH = 32;
/** The length of a masked token: the mask, then the secret enciphered with it. */
export const CSRF_TOKEN_LENGTH = 2 * CSRF_SECRET_LENGTH;

const ALLOWED = new Set(CSRF_ALLOWED_CHARS);
const BASE = CSRF_ALLOWED_CHARS.length;

/**
 * What the CSRF layer knows of one request: its secret and whether the cookie must be sent.
 *
 * @example
 * csrfState(request).secret; // null before the cookie is read or a token is made
 */
export interface CsrfState {
  /** Whether the cookie was read into `secret` (the middleware does it first; getToken otherwise). */
  loaded: boolean;
  /** The secret in force: the cookie's, or a new one; null before one exists. */
  secret: string | null;
  /** Set by getToken() and rotateToken(): the response must carry the cookie. */
  needsUpdate: boolean;
  /** Set once the checks accepted the request, so a decorator under the middleware does not check again. */
  processingDone: boolean;
}

function stateOf(request: HttpRequest): CsrfState {
  let state = requestInternals.csrfState(request);
  if (state === null) {
    state = { loaded: false, secret: null, needsUpdate: false, processingDone: false };
    requestInternals.setCsrfState(request, state);
  }
  return state;
}

function randomString(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += CSRF_ALLOWED_CHARS[randomInt(BASE)];
  return out;
}

/**
 * Why a secret or token is malformed ("has incorrect length", "has invalid characters"),
 * or null when its shape is right (32 or 64 characters of {@link CSRF_ALLOWED_CHARS}).
 *
 * @example
 * tokenFormatProblem("abc"); // "has incorrect length"
 */
export function tokenFormatProblem(token: string): string | null {
  if (token.length !== CSRF_SECRET_LENGTH && token.length !== CSRF_TOKEN_LENGTH)
    return "has incorrect length";
  for (const char of token) if (!ALLOWED.has(char)) return "has invalid characters";
  return null;
}

/**
 * Enciphers `secret` with a fresh random mask: mask + (secret + mask, letter by letter, in
 * the alphabet). Each call gives a different token for the same secret (BREACH cannot read it).
 *
 * @example
 * maskSecret(secret).length; // 64
 */
export function maskSecret(secret: string): string {
  const mask = randomString(CSRF_SECRET_LENGTH);
  let cipher = "";
  for (let i = 0; i < CSRF_SECRET_LENGTH; i++) {
    const x = CSRF_ALLOWED_CHARS.indexOf(secret[i] as string);
    const y = CSRF_ALLOWED_CHARS.indexOf(mask[i] as string);
    cipher += CSRF_ALLOWED_CHARS[(x + y) % BASE];
  }
  return mask + cipher;
}

/**
 * The secret inside a 64-character masked token (Django's `_unmask_cipher_token`).
 *
 * @example
 * unmaskToken(maskSecret(secret)) === secret; // true
 */
export function unmaskToken(token: string): string {
  const mask = token.slice(0, CSRF_SECRET_LENGTH);
  const cipher = token.slice(CSRF_SECRET_LENGTH);
  let secret = "";
  for (let i = 0; i < CSRF_SECRET_LENGTH; i++) {
    const x = CSRF_ALLOWED_CHARS.indexOf(cipher[i] as string);
    const y = CSRF_ALLOWED_CHARS.indexOf(mask[i] as string);
    secret += CSRF_ALLOWED_CHARS[(x - y + BASE) % BASE];
  }
  return secret;
}

/**
 * Whether a well-formed token (masked or a bare secret) carries `secret`, compared in
 * constant time with `crypto.timingSafeEqual`.
 *
 * @example
 * tokenMatchesSecret(request.POST.get("csrfmiddlewaretoken") ?? "", secret);
 */
export function tokenMatchesSecret(token: string, secret: string): boolean {
  const candidate = token.length === CSRF_TOKEN_LENGTH ? unmaskToken(token) : token;
  const left = Buffer.from(candidate, "latin1");
  const right = Buffer.from(secret, "latin1");
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * What the request's CSRF cookie (CSRF_COOKIE_NAME) holds.
 *
 * @example
 * const { secret, problem } = readCsrfCookie(request);
 */
export interface CookieReading {
  /** The secret (unmasked if an old client stored a masked token); null without a cookie or when malformed. */
  readonly secret: string | null;
  /** Django's phrase for a malformed cookie ("has incorrect length"), else null. */
  readonly problem: string | null;
}

/**
 * Reads the request's CSRF cookie.
 *
 * @example
 * readCsrfCookie(request).secret; // null without a csrftoken cookie
 */
export function readCsrfCookie(request: HttpRequest): CookieReading {
  const value = request.COOKIES[request.settings.CSRF_COOKIE_NAME];
  if (value === undefined) return { secret: null, problem: null };
  const problem = tokenFormatProblem(value);
  if (problem !== null) return { secret: null, problem };
  return { secret: value.length === CSRF_TOKEN_LENGTH ? unmaskToken(value) : value, problem: null };
}

/**
 * Reads the cookie into the request's state once (Django's `process_request`): a malformed
 * cookie is replaced by a new secret, sent with the response.
 *
 * @example
 * loadCsrfCookie(request); // the middleware does this for every request
 */
export function loadCsrfCookie(request: HttpRequest): void {
  const state = stateOf(request);
  if (state.loaded) return;
  state.loaded = true;
  const { secret, problem } = readCsrfCookie(request);
  if (secret !== null) state.secret = secret;
  else if (problem !== null) {
    state.secret = randomString(CSRF_SECRET_LENGTH);
    state.needsUpdate = true;
  }
}

/**
 * The CSRF token for this request, to put in a form (`csrfmiddlewaretoken`) or send back in
 * the X-CSRFToken header: the secret, freshly masked. The first call makes a secret if the
 * client has none, and marks the response to carry the cookie (Django's `get_token`).
 *
 * @example
 * export function page(request: HttpRequest) {
 *   return new JsonResponse({ csrfToken: getToken(request) });
 * }
 */
export function getToken(request: HttpRequest): string {
  loadCsrfCookie(request);
  const state = stateOf(request);
  state.secret ??= randomString(CSRF_SECRET_LENGTH);
  state.needsUpdate = true;
  return maskSecret(state.secret);
}

/**
 * Replaces the request's CSRF secret with a new one and sends it with the response; tokens
 * handed out before stop working. Call it when a user logs in (Django's `rotate_token`).
 *
 * @example
 * rotateToken(request);
 */
export function rotateToken(request: HttpRequest): void {
  const state = stateOf(request);
  state.loaded = true;
  state.secret = randomString(CSRF_SECRET_LENGTH);
  state.needsUpdate = true;
}

/**
 * The request's CSRF state, for the middleware and decorators of this folder.
 *
 * @example
 * csrfState(request).needsUpdate; // true after getToken(request)
 */
export function csrfState(request: HttpRequest): CsrfState {
  return stateOf(request);
}

/**
 * A new random string of `length` characters from {@link CSRF_ALLOWED_CHARS}.
 *
 * @example
 * newCsrfString(32);
 */
export function newCsrfString(length: number = CSRF_SECRET_LENGTH): string {
  return randomString(length);
}
