// Iterating a QuerySet or manager synchronously (as a template's {% for %} does) says what to do.
import { describe, expect, it } from "vitest";
import { QuerySetNotEvaluated } from "../errors.js";
import { CharField } from "../models/decorators.js";
import { Model } from "../models/model.js";
import type { Manager } from "./manager.js";
import "./install.js";

class Poll extends Model {
  declare static objects: Manager<Poll>;
  static override meta = { app: "notevaluated" };
  @CharField({ maxLength: 20 }) declare title: string;
}

describe("synchronous iteration", () => {
  it("of a QuerySet throws QuerySetNotEvaluated naming the fix", () => {
    const qs = Poll.objects.filter({ title: "x" }) as unknown as Iterable<Poll>;
    expect(() => [...qs]).toThrow(QuerySetNotEvaluated);
    expect(() => Array.from(qs)).toThrow("Templates cannot await: evaluate it in the view");
  });

  it("of a manager (a reverse relation in a template) says to prefetch", () => {
    expect(() => [...(Poll.objects as unknown as Iterable<Poll>)]).toThrow(
      "use prefetchRelated() in the view",
    );
  });
});
