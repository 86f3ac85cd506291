import { captureLogs, loadSettings, resetLogging, runWithSettings } from "@tango/core";
import { afterEach, describe, expect, it } from "vitest";
import { BadHeaderError, InvalidCookie, InvalidResponse } from "../errors.js";
import { getCookieSigner } from "../signing.js";
import { HttpResponse } from "./http-response.js";

const settings = loadSettings({ SECRET_KEY: "response-tests" }, {});

describe("HttpResponse", () => {
  it("defaults to 200 OK, text/html in utf-8, empty content", () => {
    const response = new HttpResponse();
    expect(response.status).toBe(200);
    expect(response.reasonPhrase).toBe("OK");
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.charset).toBe("utf-8");
    expect(response.content).toEqual(Buffer.alloc(0));
    expect(response.isStreaming).toBe(false);
    expect(response.streamingContent).toBeUndefined();
    expect(String(response)).toBe('<HttpResponse status=200, "text/html; charset=utf-8">');
  });

  it("encodes string content with the charset and accepts bytes", () => {
    expect(new HttpResponse("café").content).toEqual(Buffer.from("café", "utf8"));
    const latin1 = new HttpResponse("café", { charset: "iso-8859-1" });
    expect(latin1.content).toEqual(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    expect(latin1.headers.get("content-type")).toBe("text/html; charset=iso-8859-1");
    expect(new HttpResponse(new Uint8Array([1, 2])).content).toEqual(Buffer.from([1, 2]));
  });

  it("takes the charset from an explicit Content-Type", () => {
    const response = new HttpResponse("é", { contentType: 'text/plain; charset="ISO-8859-1"' });
    expect(response.charset).toBe("ISO-8859-1");
    expect(response.content).toEqual(Buffer.from([0xe9]));
  });

  it("follows the Content-Type as it changes, response by response", () => {
    const latin = new HttpResponse("", { contentType: "text/plain; charset=iso-8859-1" });
    const html = new HttpResponse("");
    expect(latin.charset).toBe("iso-8859-1");
    expect(html.charset).toBe("utf-8");
    html.headers.set("Content-Type", "text/csv; charset=utf-16le");
    expect(html.charset).toBe("utf-16le");
    expect(latin.charset).toBe("iso-8859-1");
    html.headers.set("Content-Type", "text/csv");
    expect(html.charset).toBe("utf-8");
  });

  it("uses DEFAULT_CHARSET from the settings in force", () => {
    const latin = loadSettings({ SECRET_KEY: "x", DEFAULT_CHARSET: "iso-8859-1" }, {});
    const response = runWithSettings(latin, () => new HttpResponse("é"));
    expect(response.headers.get("content-type")).toBe("text/html; charset=iso-8859-1");
    expect(response.content).toEqual(Buffer.from([0xe9]));
  });

  it("refuses a charset Node cannot encode, naming it", () => {
    expect(() => new HttpResponse("x", { charset: "shift_jis" })).toThrow(/charset 'shift_jis'/);
    expect(() => new HttpResponse(Buffer.from("x"), { charset: "shift_jis" })).not.toThrow();
  });

  it("refuses contentType together with a Content-Type header", () => {
    expect(
      () =>
        new HttpResponse("", {
          contentType: "text/plain",
          headers: { "Content-Type": "text/html" },
        }),
    ).toThrow(InvalidResponse);
    expect(
      new HttpResponse("", { headers: { "content-type": "text/csv" } }).headers.get("Content-Type"),
    ).toBe("text/csv");
  });

  it("validates the status and derives the reason phrase", () => {
    expect(new HttpResponse("", { status: 404 }).reasonPhrase).toBe("Not Found");
    expect(new HttpResponse("", { status: 418 }).reasonPhrase).toBe("I'm a Teapot");
    expect(new HttpResponse("", { status: 599 }).reasonPhrase).toBe("Unknown Status Code");
    expect(new HttpResponse("", { status: 200, reason: "Fine" }).reasonPhrase).toBe("Fine");
    for (const bad of [99, 600, 200.5, Number.NaN]) {
      expect(() => new HttpResponse("", { status: bad })).toThrow(/integer from 100 to 599/);
    }
    const response = new HttpResponse();
    response.status = 201;
    expect(response.reasonPhrase).toBe("Created");
    expect(() => {
      response.status = 1000;
    }).toThrow(InvalidResponse);
    expect(() => {
      response.reasonPhrase = "OK\r\nX-Injected: 1";
    }).toThrow(BadHeaderError);
  });

  it("writes and replaces content", () => {
    const response = new HttpResponse("a");
    response.write("b");
    response.write(Buffer.from("c"));
    expect(response.content.toString()).toBe("abc");
    response.content = "new";
    expect(response.content.toString()).toBe("new");
    response.content = null;
    expect(response.content.length).toBe(0);
  });

  it("rejects header injection through headers", () => {
    const response = new HttpResponse();
    expect(() => response.headers.set("Location", "/x\r\nSet-Cookie: admin=1")).toThrow(
      BadHeaderError,
    );
    expect(() => new HttpResponse("", { headers: { "X-A": "1\n2" } })).toThrow(BadHeaderError);
  });
});

describe("cookies on responses", () => {
  it("emits one Set-Cookie line per cookie, after the headers", () => {
    const response = new HttpResponse();
    response.headers.set("X-A", "1");
    response.setCookie("a", "1");
    response.setCookie("b", "2", { httpOnly: true, sameSite: "Strict", secure: true });
    const lines = response.headerLines();
    expect(lines[0]).toEqual(["Content-Type", "text/html; charset=utf-8"]);
    expect(lines[1]).toEqual(["X-A", "1"]);
    expect(lines.slice(2)).toEqual([
      ["Set-Cookie", "a=1; Path=/"],
      ["Set-Cookie", "b=2; HttpOnly; Path=/; SameSite=Strict; Secure"],
    ]);
  });

  it("replaces a cookie of the same name", () => {
    const response = new HttpResponse();
    response.setCookie("a", "1");
    response.setCookie("a", "2");
    expect(response.headerLines().filter(([name]) => name === "Set-Cookie")).toEqual([
      ["Set-Cookie", "a=2; Path=/"],
    ]);
    expect(response.cookies.get("a")?.value).toBe("2");
  });

  it("sets Max-Age and Expires together", () => {
    const response = new HttpResponse();
    response.setCookie("a", "1", { maxAge: 60 });
    const line = response.headerLines().at(-1)?.[1] ?? "";
    expect(line).toMatch(
      /^a=1; expires=\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT; Max-Age=60; Path=\/$/,
    );
    const expires = Date.parse(line.split("expires=")[1]?.split(";")[0] ?? "");
    expect(Math.abs(expires - (Date.now() + 60_000))).toBeLessThan(2000);
  });

  it("fails in the view, not later, for a bad cookie", () => {
    const response = new HttpResponse();
    expect(() => response.setCookie("bad name", "x")).toThrow(InvalidCookie);
    expect(() => response.setCookie("a", "x", { sameSite: "Sometimes" as "Lax" })).toThrow(
      InvalidCookie,
    );
    expect(() => response.setCookie("a", "☃")).toThrow(InvalidCookie);
    expect(response.cookies.size).toBe(0);
  });

  it("deletes cookies like Django: expired, Max-Age=0, Secure for __Secure-/__Host- and SameSite=None", () => {
    const response = new HttpResponse();
    response.deleteCookie("a", { path: "/app", domain: "example.com" });
    response.deleteCookie("__Host-b");
    response.deleteCookie("c", { sameSite: "None" });
    const lines = response
      .headerLines()
      .map(([, value]) => value)
      .slice(1);
    expect(lines).toEqual([
      "a=; Domain=example.com; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/app",
      "__Host-b=; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; Secure",
      "c=; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=None; Secure",
    ]);
  });

  it("signs cookies with the settings in force or given", () => {
    const response = new HttpResponse();
    response.setSignedCookie("theme", "dark", { salt: "ui", settings, httpOnly: true });
    const value = response.cookies.get("theme")?.value ?? "";
    expect(getCookieSigner({ salt: "themeui", settings }).unsign(value)).toBe("dark");
    expect(response.cookies.get("theme")?.httpOnly).toBe(true);
    const viaContext = runWithSettings(settings, () => {
      const r = new HttpResponse();
      r.setSignedCookie("x", "1");
      return r.cookies.get("x")?.value ?? "";
    });
    expect(getCookieSigner({ salt: "x", settings }).unsign(viaContext)).toBe("1");
  });
});

describe("close hooks", () => {
  afterEach(() => resetLogging());

  it("run once, in order, even if one fails (logged on tango.request); late hooks run at once", async () => {
    const records = captureLogs();
    const response = new HttpResponse();
    const calls: string[] = [];
    response.onClose(() => {
      calls.push("a");
    });
    response.onClose(() => {
      throw new Error("hook failure is logged, not thrown");
    });
    response.onClose(async () => {
      calls.push("c");
    });
    expect(response.closed).toBe(false);
    await Promise.all([response.close(), response.close()]);
    expect(response.closed).toBe(true);
    expect(calls).toEqual(["a", "c"]);
    expect(records.map((r) => [r.name, r.level, (r.error as Error).message])).toEqual([
      ["tango.request", "error", "hook failure is logged, not thrown"],
    ]);
    response.onClose(() => {
      calls.push("late");
    });
    await response.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(["a", "c", "late"]);
  });
});

describe("wire content", () => {
  it("keeps UTF-8 text as text until someone needs the bytes", () => {
    const response = new HttpResponse("café", { contentType: "text/plain" });
    expect(response.wireContent).toBe("café");
    expect(response.contentLength).toBe(5);
    expect(response.content).toEqual(Buffer.from("café", "utf8"));
    expect(response.wireContent).toEqual(Buffer.from("café", "utf8"));
  });

  it("gives bytes for other charsets, written content and binary bodies", () => {
    const latin1 = new HttpResponse("café", { charset: "iso-8859-1" });
    expect(latin1.wireContent).toEqual(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    expect(latin1.contentLength).toBe(4);
    const written = new HttpResponse("a");
    written.write("é");
    written.write(new Uint8Array([0x21]));
    expect(written.wireContent).toEqual(Buffer.from("aé!", "utf8"));
    expect(new HttpResponse(new Uint8Array([1, 2])).contentLength).toBe(2);
    expect(new HttpResponse().wireContent).toEqual(Buffer.alloc(0));
  });

  it("measures lone surrogates as Node will send them", () => {
    const response = new HttpResponse("\ud800x");
    expect(response.contentLength).toBe(Buffer.byteLength("\ud800x", "utf8"));
    expect(response.content.length).toBe(response.contentLength);
  });

  it("lets a subclass's own encode() decide the bytes", () => {
    class Shouting extends HttpResponse {
      protected override encode(content: string | Uint8Array): Buffer {
        return super.encode(typeof content === "string" ? content.toUpperCase() : content);
      }
    }
    const response = new Shouting("hi");
    expect(response.wireContent).toEqual(Buffer.from("HI"));
    response.content = "there";
    expect(response.content.toString()).toBe("THERE");
  });

  it("flattens header lines for node's writeHead, Set-Cookie last", () => {
    const response = new HttpResponse("x", { headers: { Vary: ["A", "B"] } });
    response.setCookie("k", "v");
    const raw = response.rawHeaderLines();
    expect(raw.slice(0, 6)).toEqual([
      "Vary",
      "A",
      "Vary",
      "B",
      "Content-Type",
      "text/html; charset=utf-8",
    ]);
    expect(raw[6]).toBe("Set-Cookie");
    expect(response.headerLines()).toEqual([
      ["Vary", "A"],
      ["Vary", "B"],
      ["Content-Type", "text/html; charset=utf-8"],
      ["Set-Cookie", raw[7]],
    ]);
  });
});

describe("closing without waiting", () => {
  it("runs synchronous hooks within close(), and waits for an async hook before the next", async () => {
    const response = new HttpResponse();
    const calls: string[] = [];
    response.onClose(() => void calls.push("sync 1"));
    response.onClose(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      calls.push("async");
    });
    response.onClose(() => void calls.push("sync 2"));
    const closing = response.close();
    expect(calls).toEqual(["sync 1"]);
    await closing;
    expect(calls).toEqual(["sync 1", "async", "sync 2"]);
  });

  it("finishes all-synchronous hooks before close() returns", async () => {
    const response = new HttpResponse();
    const calls: string[] = [];
    response.onClose(() => void calls.push("a"));
    response.onClose(() => void calls.push("b"));
    const closing = response.close();
    expect(calls).toEqual(["a", "b"]);
    await expect(closing).resolves.toBeUndefined();
    await expect(new HttpResponse().close()).resolves.toBeUndefined();
  });
});
