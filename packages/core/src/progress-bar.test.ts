// progressBar(): drawn in place on a terminal, once per percent, cleared at the end; silent on a pipe.
import { describe, expect, it } from "vitest";
import { progressBar } from "./progress-bar.js";

function output(isTTY: boolean) {
  const out = {
    text: "",
    isTTY,
    write(t: string) {
      out.text += t;
    },
    line() {},
  };
  return out;
}

describe("progressBar", () => {
  it("draws the bar in place and clears its line when finished", () => {
    const out = output(true);
    const bar = progressBar(out, { label: "Work", total: 4, width: 8 });
    bar.update(1);
    bar.update(2);
    bar.update(4);
    expect(out.text).toBe("\rWork [##......] 1/4\rWork [####....] 2/4\rWork [########] 4/4");
    bar.finish();
    expect(out.text.endsWith(`\r${" ".repeat("Work [########] 4/4".length)}\r`)).toBe(true);
  });

  it("redraws at most once per percent, and clamps what it is told", () => {
    const out = output(true);
    const bar = progressBar(out, { label: "Many", total: 10_000, width: 10 });
    for (let i = 0; i <= 10_000; i++) bar.update(i);
    expect(out.text.split("\r").length - 1).toBe(101);
    bar.update(20_000);
    expect(out.text.endsWith("] 10000/10000")).toBe(true);
  });

  it("draws nothing on a pipe, for an empty job, or below the threshold", () => {
    for (const [isTTY, total, threshold] of [
      [false, 100, 0],
      [true, 0, 0],
      [true, 50, 100],
    ] as const) {
      const out = output(isTTY);
      const bar = progressBar(out, { label: "x", total, threshold });
      bar.update(total);
      bar.finish();
      expect(out.text).toBe("");
    }
  });
});
