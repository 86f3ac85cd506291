import { describe, expect, it } from "vitest";
import { generateSecretKey } from "./secret.js";

const PREFIX = "tango-insecure-";
const CHARS = "abcdefghijklmnopqrstuvwxyz0123456789!@#%^&*(-_=+)";

describe("generateSecretKey", () => {
  it("is 'tango-insecure-' and 50 random characters", () => {
    const key = generateSecretKey();
    expect(key.startsWith(PREFIX)).toBe(true);
    expect(key).toHaveLength(PREFIX.length + 50);
  });

  it("uses only characters that sit in a string literal as they are", () => {
    for (let i = 0; i < 50; i++) {
      for (const char of generateSecretKey().slice(PREFIX.length)) {
        expect(CHARS).toContain(char);
      }
    }
    const many = Array.from({ length: 200 }, generateSecretKey).join("");
    expect(many).not.toMatch(/["'`\\$\s]/);
  });

  it("is different every time, and draws on the whole alphabet", () => {
    const keys = new Set(Array.from({ length: 100 }, generateSecretKey));
    expect(keys.size).toBe(100);
    const seen = new Set([...keys].flatMap((key) => [...key.slice(PREFIX.length)]));
    // 5,000 draws from 49 characters: each one turns up (the chance one is missing is ~1e-42).
    expect([...seen].sort().join("")).toBe([...CHARS].sort().join(""));
  });

  it("has at least 5 unique characters, as security.W009 asks of a key", () => {
    for (let i = 0; i < 100; i++) {
      expect(new Set(generateSecretKey().slice(PREFIX.length)).size).toBeGreaterThanOrEqual(5);
    }
  });
});
