import { describe, expect, it } from "vitest";
import { reportFailure } from "./failure-report.js";
import { createOutput, createStyle } from "./terminal.js";

function report(error: unknown): { code: number; text: string } {
  let text = "";
  const stderr = createOutput({ write: (chunk: string) => (text += chunk) });
  const code = reportFailure(error, { stderr, style: createStyle(false), traceback: false });
  return { code, text };
}

describe("reportFailure", () => {
  it("tells how to turn decorators on when the TypeScript loader refuses them", () => {
    const error = new Error(
      "Transform failed with 1 error:\n/srv/mysite/src/polls/models.ts:5:2: ERROR: Decorators are not valid here",
    );
    error.name = "TransformError";
    const { code, text } = report(error);
    expect(code).toBe(1);
    expect(text).toContain(
      'set "experimentalDecorators": true under "compilerOptions" in your tsconfig.json',
    );
  });

  it("adds no hint to other failures", () => {
    expect(report(new Error("boom")).text).not.toContain("Hint:");
  });
});
