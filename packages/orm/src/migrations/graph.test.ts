import { describe, expect, it } from "vitest";
import { CircularDependencyError, NodeNotFoundError } from "./errors.js";
import { MigrationGraph } from "./graph.js";
import { Migration, type MigrationKey } from "./migration.js";
import { Operation } from "./operation.js";
import { ModelState, type ProjectState } from "./state.js";

function migration(label: string, dependencies: MigrationKey[] = [], operations: Operation[] = []) {
  const [app, name] = label.split(".") as [string, string];
  const m = new Migration({ dependencies, operations });
  m.app = app;
  m.name = name;
  return m;
}

function graphOf(spec: Record<string, string[]>): MigrationGraph {
  const graph = new MigrationGraph();
  for (const label of Object.keys(spec)) graph.addNode(migration(label));
  for (const [label, parents] of Object.entries(spec)) {
    for (const parent of parents) graph.addDependency(key(label), key(parent));
  }
  return graph;
}

function key(label: string): MigrationKey {
  return label.split(".") as [string, string];
}

const labels = (keys: readonly MigrationKey[]) => keys.map((k) => `${k[0]}.${k[1]}`);

describe("MigrationGraph", () => {
  // app_a: 0001 <- 0002 <- 0003 (0003 also needs app_b.0002), app_b: 0001 <- 0002 (needs app_a.0002)
  const spec = {
    "a.0001": [],
    "a.0002": ["a.0001"],
    "a.0003": ["a.0002", "b.0002"],
    "a.0004": ["a.0003"],
    "b.0001": [],
    "b.0002": ["b.0001", "a.0002"],
  };

  it("plans forwards: ancestors first, deterministic", () => {
    const graph = graphOf(spec);
    expect(labels(graph.forwardsPlan(key("a.0004")))).toEqual([
      "a.0001",
      "a.0002",
      "b.0001",
      "b.0002",
      "a.0003",
      "a.0004",
    ]);
    expect(labels(graph.forwardsPlan(key("b.0002")))).toEqual([
      "a.0001",
      "a.0002",
      "b.0001",
      "b.0002",
    ]);
    expect(labels(graph.forwardsPlan(key("a.0001")))).toEqual(["a.0001"]);
  });

  it("plans backwards: descendants first", () => {
    const graph = graphOf(spec);
    expect(labels(graph.backwardsPlan(key("a.0002")))).toEqual([
      "a.0004",
      "a.0003",
      "b.0002",
      "a.0002",
    ]);
    expect(labels(graph.backwardsPlan(key("b.0001")))).toEqual([
      "a.0004",
      "a.0003",
      "b.0002",
      "b.0001",
    ]);
  });

  it("finds leaves and roots per app", () => {
    const graph = graphOf(spec);
    expect(labels(graph.leafNodes())).toEqual(["a.0004", "b.0002"]);
    expect(labels(graph.leafNodes("b"))).toEqual(["b.0002"]);
    expect(labels(graph.rootNodes())).toEqual(["a.0001", "b.0001"]);
    expect(labels(graph.rootNodes("a"))).toEqual(["a.0001"]);
    expect(labels(graph.leafNodes("c"))).toEqual([]);
  });

  it("reports two leaves of one app", () => {
    const graph = graphOf({ "a.0001": [], "a.0002_x": ["a.0001"], "a.0002_y": ["a.0001"] });
    expect(labels(graph.leafNodes("a"))).toEqual(["a.0002_x", "a.0002_y"]);
  });

  it("names both migrations when a dependency is missing", () => {
    const graph = graphOf({ "a.0001": [] });
    graph.addNode(migration("a.0002"));
    expect(() => graph.addDependency(key("a.0002"), key("a.0009"))).toThrow(NodeNotFoundError);
    expect(() => graph.addDependency(key("a.0002"), key("a.0009"))).toThrow(
      /a\.0002 depends on a\.0009, which does not exist\. Fix the dependency/,
    );
    expect(() => graph.forwardsPlan(key("z.0001"))).toThrow(/There is no migration z\.0001/);
    expect(() => graph.node(key("z.0001"))).toThrow(NodeNotFoundError);
  });

  it("names the circle", () => {
    const graph = graphOf({ "a.0001": [], "a.0002": ["a.0001", "a.0003"], "a.0003": ["a.0002"] });
    expect(() => graph.ensureNotCyclic()).toThrow(CircularDependencyError);
    expect(() => graph.ensureNotCyclic()).toThrow(/a\.0002 -> a\.0003 -> a\.0002/);
    // Plans terminate on a cycle.
    expect(labels(graph.forwardsPlan(key("a.0003")))).toContain("a.0001");
    expect(() => graphOf(spec).ensureNotCyclic()).not.toThrow();
  });

  it("finds no cycle in a diamond", () => {
    const graph = graphOf({ "a.1": [], "a.2": ["a.1"], "a.3": ["a.1"], "a.4": ["a.2", "a.3"] });
    expect(() => graph.ensureNotCyclic()).not.toThrow();
    expect(labels(graph.forwardsPlan(key("a.4")))).toEqual(["a.1", "a.2", "a.3", "a.4"]);
  });

  it("handles long chains without recursion", () => {
    const chain: Record<string, string[]> = {};
    for (let i = 0; i < 5000; i++)
      chain[`a.${String(i).padStart(5, "0")}`] =
        i === 0 ? [] : [`a.${String(i - 1).padStart(5, "0")}`];
    const graph = graphOf(chain);
    expect(graph.forwardsPlan(key("a.04999"))).toHaveLength(5000);
    expect(() => graph.ensureNotCyclic()).not.toThrow();
  });

  describe("squashed migrations", () => {
    // a.0001 <- a.0002 <- a.0003; a.0001_squashed_0002 replaces 0001 and 0002; b.0001 needs a.0002.
    const squashSpec = {
      "a.0001": [],
      "a.0002": ["a.0001"],
      "a.0003": ["a.0002"],
      "a.0001_squashed_0002": [],
      "b.0001": ["a.0002"],
    };
    const replaced = [key("a.0001"), key("a.0002")];

    it("uses the squashed migration instead of the replaced ones", () => {
      const graph = graphOf(squashSpec);
      graph.removeReplacedNodes(key("a.0001_squashed_0002"), replaced);
      expect(graph.nodes.has("a.0001")).toBe(false);
      expect(graph.nodes.has("a.0002")).toBe(false);
      expect(labels(graph.forwardsPlan(key("a.0003")))).toEqual(["a.0001_squashed_0002", "a.0003"]);
      expect(labels(graph.forwardsPlan(key("b.0001")))).toEqual(["a.0001_squashed_0002", "b.0001"]);
      expect(labels(graph.rootNodes("a"))).toEqual(["a.0001_squashed_0002"]);
    });

    it("uses the replaced migrations instead of the squashed one", () => {
      const graph = graphOf({ ...squashSpec, "c.0001": ["a.0001_squashed_0002"] });
      graph.removeReplacementNode(key("a.0001_squashed_0002"), replaced);
      expect(graph.nodes.has("a.0001_squashed_0002")).toBe(false);
      expect(labels(graph.forwardsPlan(key("c.0001")))).toEqual(["a.0001", "a.0002", "c.0001"]);
      expect(labels(graph.leafNodes("a"))).toEqual(["a.0003"]);
    });
  });

  describe("makeState", () => {
    class AddModel extends Operation {
      constructor(readonly name: string) {
        super();
      }
      stateForwards(app: string, state: ProjectState) {
        state.addModel(new ModelState(app, this.name, {}));
      }
      async databaseForwards() {}
      async databaseBackwards() {}
      describe() {
        return `Add ${this.name}`;
      }
      deconstruct() {
        return { kind: "AddModel", options: { name: this.name } };
      }
    }

    it("applies the forwards plans, or stops before the targets", () => {
      const graph = new MigrationGraph();
      graph.addNode(migration("a.0001", [], [new AddModel("One")]));
      graph.addNode(migration("a.0002", [["a", "0001"]], [new AddModel("Two")]));
      graph.addNode(migration("b.0001", [["a", "0001"]], [new AddModel("Three")]));
      graph.addDependency(key("a.0002"), key("a.0001"));
      graph.addDependency(key("b.0001"), key("a.0001"));
      const names = (state: ProjectState) => [...state.models.keys()].sort();
      expect(names(graph.makeState())).toEqual(["a.one", "a.two", "b.three"]);
      expect(names(graph.makeState([key("a.0002")]))).toEqual(["a.one", "a.two"]);
      expect(names(graph.makeState([key("a.0002")], false))).toEqual(["a.one"]);
      expect(names(graph.makeState([key("a.0002"), key("b.0001")], false))).toEqual(["a.one"]);
      expect(names(graph.makeState([]))).toEqual([]);
    });
  });
});
