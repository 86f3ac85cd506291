import * as crypto from "node:crypto";
import { settingsSchema } from "@tango/core";
import { describe, expect, it, vi } from "vitest";
import { HttpRequest } from "../request.js";
import {
  CSRF_ALLOWED_CHARS,
  csrfState,
  getToken,
  maskSecret,
  readCsrfCookie,
  rotateToken,
  tokenFormatProblem,
  tokenMatchesSecret,
  unmaskToken,
} from "./token.js";

vi.mock("node:crypto", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:crypto")>();
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) };
});

const SECRET = "abcdefghijklmnopqrstuvwxyzABCDEF";
const settings = settingsSchema.parse({
  SECRET_KEY: "x".repeat(50),
  ALLOWED_HOSTS: ["testserver"],
});

function request(cookie?: string): HttpRequest {
  return HttpRequest.from({
    method: "GET",
    url: "/",
    headers: { host: "testserver", ...(cookie ? { cookie } : {}) },
    settings,
  });
}

describe("masked tokens", () => {
  it("use Django's alphabet cipher: mask + secret shifted by the mask", () => {
    const token = maskSecret(SECRET);
    expect(token).toMatch(/^[a-zA-Z0-9]{64}$/);
    const mask = token.slice(0, 32);
    for (let i = 0; i < 32; i++) {
      const shifted =
        (CSRF_ALLOWED_CHARS.indexOf(SECRET[i] as string) +
          CSRF_ALLOWED_CHARS.indexOf(mask[i] as string)) %
        62;
      expect(token[32 + i]).toBe(CSRF_ALLOWED_CHARS[shifted]);
    }
    expect(unmaskToken(token)).toBe(SECRET);
  });

  it("unmask tokens made by Django", () => {
    // Django: _unmask_cipher_token("a" * 32 + secret) == secret, since "a" is index 0.
    expect(unmaskToken(`${"a".repeat(32)}${SECRET}`)).toBe(SECRET);
  });

  it("differ on every call for the same secret", () => {
    expect(maskSecret(SECRET)).not.toBe(maskSecret(SECRET));
  });

  it("are compared with crypto.timingSafeEqual", () => {
    const spy = vi.mocked(crypto.timingSafeEqual);
    spy.mockClear();
    expect(tokenMatchesSecret(maskSecret(SECRET), SECRET)).toBe(true);
    expect(tokenMatchesSecret(SECRET, SECRET)).toBe(true);
    expect(tokenMatchesSecret(maskSecret("b".repeat(32)), SECRET)).toBe(false);
    expect(spy).toHaveBeenCalledTimes(3);
  });

  it("are checked for length and alphabet", () => {
    expect(tokenFormatProblem(SECRET)).toBeNull();
    expect(tokenFormatProblem(maskSecret(SECRET))).toBeNull();
    expect(tokenFormatProblem("abc")).toBe("has incorrect length");
    expect(tokenFormatProblem("é".repeat(32))).toBe("has invalid characters");
  });
});

describe("getToken and rotateToken", () => {
  it("make a secret when the client has none and mark the cookie for sending", () => {
    const req = request();
    const token = getToken(req);
    const state = csrfState(req);
    expect(state.needsUpdate).toBe(true);
    expect(unmaskToken(token)).toBe(state.secret);
    expect(unmaskToken(getToken(req))).toBe(state.secret);
  });

  it("keep the cookie's secret, and unmask a masked cookie", () => {
    expect(unmaskToken(getToken(request(`csrftoken=${SECRET}`)))).toBe(SECRET);
    expect(readCsrfCookie(request(`csrftoken=${maskSecret(SECRET)}`)).secret).toBe(SECRET);
    expect(readCsrfCookie(request("csrftoken=x")).problem).toBe("has incorrect length");
  });

  it("rotate to a new secret", () => {
    const req = request(`csrftoken=${SECRET}`);
    rotateToken(req);
    const state = csrfState(req);
    expect(state.secret).not.toBe(SECRET);
    expect(state.secret).toMatch(/^[a-zA-Z0-9]{32}$/);
    expect(state.needsUpdate).toBe(true);
  });
});
