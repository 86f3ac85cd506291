/** MigrationGraph: migrations and their dependencies, with the plans that apply or unapply them. */
import { CircularDependencyError, NodeNotFoundError } from "./errors.js";
import { keyLabel, type Migration, type MigrationKey } from "./migration.js";
import { ProjectState } from "./state.js";

interface GraphNode {
  readonly key: MigrationKey;
  readonly label: string;
  readonly parents: Set<string>;
  readonly children: Set<string>;
}

function compareKeys(a: MigrationKey, b: MigrationKey): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return 0;
}

/**
 * The directed graph of migrations: an edge from each dependency (parent) to the migration
 * that needs it (child). Plans are deterministic: among siblings, the smaller `[app, name]`
 * comes first.
 *
 * @example
 * const graph = new MigrationGraph();
 * graph.addNode(initial); // polls.0001_initial
 * graph.addNode(votes); // polls.0002_votes
 * graph.addDependency(["polls", "0002_votes"], ["polls", "0001_initial"]);
 * graph.forwardsPlan(["polls", "0002_votes"]); // [["polls", "0001_initial"], ["polls", "0002_votes"]]
 */
export class MigrationGraph {
  /** The migrations by label ("polls.0001_initial"). */
  readonly nodes = new Map<string, Migration>();
  readonly #nodes = new Map<string, GraphNode>();

  /**
   * Adds a migration (its `app` and `name` must be set).
   *
   * @example
   * graph.addNode(migration);
   */
  addNode(migration: Migration): void {
    const key: MigrationKey = [migration.app, migration.name];
    const label = keyLabel(key);
    this.nodes.set(label, migration);
    if (!this.#nodes.has(label)) {
      this.#nodes.set(label, { key, label, parents: new Set(), children: new Set() });
    }
  }

  /**
   * Records that `child` depends on `parent`; NodeNotFoundError when either is missing.
   *
   * @example
   * graph.addDependency(["polls", "0002_votes"], ["polls", "0001_initial"]);
   */
  addDependency(child: MigrationKey, parent: MigrationKey): void {
    const childNode = this.#nodes.get(keyLabel(child));
    if (!childNode) {
      throw new NodeNotFoundError(
        `Migration ${keyLabel(child)} is given a dependency on ${keyLabel(parent)}, but ${keyLabel(child)} itself does not exist. Check the migration's app and file name.`,
      );
    }
    const parentNode = this.#nodes.get(keyLabel(parent));
    if (!parentNode) {
      throw new NodeNotFoundError(
        `Migration ${keyLabel(child)} depends on ${keyLabel(parent)}, which does not exist. Fix the dependency in ${keyLabel(child)} (see the files in ${parent[0]}'s migrations folder), or restore the missing migration.`,
      );
    }
    childNode.parents.add(parentNode.label);
    parentNode.children.add(childNode.label);
  }

  /**
   * The migration of a key; NodeNotFoundError when there is none.
   *
   * @example
   * graph.node(["polls", "0001_initial"]).operations.length;
   */
  node(key: MigrationKey): Migration {
    const migration = this.nodes.get(keyLabel(key));
    if (!migration) throw this.#notFound(key);
    return migration;
  }

  /** Whether the graph has the migration. */
  has(key: MigrationKey): boolean {
    return this.#nodes.has(keyLabel(key));
  }

  /**
   * The migrations `key` directly depends on, sorted.
   *
   * @example
   * graph.parents(["polls", "0002_votes"]); // [["polls", "0001_initial"]]
   */
  parents(key: MigrationKey): MigrationKey[] {
    return this.#keys(this.#get(key).parents);
  }

  /**
   * The migrations that directly depend on `key`, sorted.
   *
   * @example
   * graph.children(["polls", "0001_initial"]); // [["polls", "0002_votes"]]
   */
  children(key: MigrationKey): MigrationKey[] {
    return this.#keys(this.#get(key).children);
  }

  /**
   * Everything `target` needs, then `target`: the order to apply them in.
   *
   * @example
   * graph.forwardsPlan(["polls", "0002_votes"]); // [["polls", "0001_initial"], ["polls", "0002_votes"]]
   */
  forwardsPlan(target: MigrationKey): MigrationKey[] {
    return this.#walk(target, "parents");
  }

  /**
   * Everything that depends on `target`, then `target`: the order to unapply them in.
   *
   * @example
   * graph.backwardsPlan(["polls", "0001_initial"]); // [["polls", "0002_votes"], ["polls", "0001_initial"]]
   */
  backwardsPlan(target: MigrationKey): MigrationKey[] {
    return this.#walk(target, "children");
  }

  /**
   * The last migrations: those no migration of the same app depends on (of `app`, or of all
   * apps), sorted. Two leaves in one app are a conflict.
   *
   * @example
   * graph.leafNodes("polls"); // [["polls", "0002_votes"]]
   */
  leafNodes(app?: string): MigrationKey[] {
    return this.#ends(app, "children");
  }

  /**
   * The first migrations: those with no dependency in the same app (of `app`, or of all apps), sorted.
   *
   * @example
   * graph.rootNodes("polls"); // [["polls", "0001_initial"]]
   */
  rootNodes(app?: string): MigrationKey[] {
    return this.#ends(app, "parents");
  }

  /**
   * CircularDependencyError, naming the circle, when migrations depend on each other in one.
   *
   * @example
   * graph.ensureNotCyclic(); // CircularDependencyError: polls.0002_a -> polls.0003_b -> polls.0002_a
   */
  ensureNotCyclic(): void {
    const done = new Set<string>();
    const sorted = [...this.#nodes.values()].sort((a, b) => compareKeys(a.key, b.key));
    for (const start of sorted) {
      if (done.has(start.label)) continue;
      // Iterative DFS: `path` is the chain being explored, `onPath` the same as a set.
      const path: string[] = [start.label];
      const onPath = new Set(path);
      const pending: string[][] = [this.#sortedLabels(start.children)];
      while (path.length > 0) {
        const next = (pending[pending.length - 1] as string[]).shift();
        if (next === undefined) {
          const finished = path.pop() as string;
          done.add(finished);
          onPath.delete(finished);
          pending.pop();
          continue;
        }
        if (onPath.has(next)) {
          const cycle = [...path.slice(path.indexOf(next)), next];
          throw new CircularDependencyError(
            `The migrations depend on each other in a circle: ${cycle.join(" -> ")}. Remove one of these dependencies.`,
          );
        }
        if (done.has(next)) continue;
        path.push(next);
        onPath.add(next);
        pending.push(this.#sortedLabels((this.#nodes.get(next) as GraphNode).children));
      }
    }
  }

  /**
   * Uses a squashed migration instead of the ones it replaces: removes them and moves their
   * dependencies (both ways) to `replacement`.
   *
   * @example
   * graph.removeReplacedNodes(["polls", "0001_squashed_0003"], [["polls", "0001_initial"], ["polls", "0002_votes"]]);
   */
  removeReplacedNodes(replacement: MigrationKey, replaced: readonly MigrationKey[]): void {
    const target = this.#get(replacement);
    const replacedLabels = new Set(replaced.map(keyLabel));
    for (const label of replacedLabels) {
      const node = this.#nodes.get(label);
      if (!node) continue;
      this.#nodes.delete(label);
      this.nodes.delete(label);
      for (const childLabel of node.children) {
        const child = this.#nodes.get(childLabel);
        if (!child) continue;
        child.parents.delete(label);
        if (!replacedLabels.has(childLabel) && childLabel !== target.label) {
          child.parents.add(target.label);
          target.children.add(childLabel);
        }
      }
      for (const parentLabel of node.parents) {
        const parent = this.#nodes.get(parentLabel);
        if (!parent) continue;
        parent.children.delete(label);
        if (!replacedLabels.has(parentLabel) && parentLabel !== target.label) {
          parent.children.add(target.label);
          target.parents.add(parentLabel);
        }
      }
    }
  }

  /**
   * Uses the replaced migrations instead of a squashed one (when only some of them are
   * applied): removes `replacement` and points its dependents at the last replaced migration(s).
   *
   * @example
   * graph.removeReplacementNode(["polls", "0001_squashed_0003"], [["polls", "0001_initial"], ["polls", "0002_votes"]]);
   */
  removeReplacementNode(replacement: MigrationKey, replaced: readonly MigrationKey[]): void {
    const node = this.#get(replacement);
    this.#nodes.delete(node.label);
    this.nodes.delete(node.label);
    const present = replaced.map(keyLabel).filter((label) => this.#nodes.has(label));
    const parentsOfReplaced = new Set(
      present.flatMap((label) => [...(this.#nodes.get(label) as GraphNode).parents]),
    );
    // Only the latest replaced migrations: those no other replaced migration depends on.
    const latest = present.filter((label) => !parentsOfReplaced.has(label));
    for (const childLabel of node.children) {
      const child = this.#nodes.get(childLabel);
      if (!child) continue;
      child.parents.delete(node.label);
      for (const label of latest) {
        child.parents.add(label);
        (this.#nodes.get(label) as GraphNode).children.add(childLabel);
      }
    }
    for (const parentLabel of node.parents)
      this.#nodes.get(parentLabel)?.children.delete(node.label);
  }

  /**
   * The state after applying the forwards plans of `targets` (default: every leaf), or, with
   * `atEnd` false, just before the targets themselves.
   *
   * @example
   * graph.makeState([["polls", "0002_votes"]], false).getModel("polls", "Choice"); // as 0001 left it
   */
  makeState(targets: readonly MigrationKey[] = this.leafNodes(), atEnd = true): ProjectState {
    const state = new ProjectState();
    const targetLabels = new Set(targets.map(keyLabel));
    const seen = new Set<string>();
    for (const target of targets) {
      for (const key of this.forwardsPlan(target)) {
        const label = keyLabel(key);
        if (seen.has(label) || (!atEnd && targetLabels.has(label))) continue;
        seen.add(label);
        this.node(key).mutateState(state);
      }
    }
    return state;
  }

  #get(key: MigrationKey): GraphNode {
    const node = this.#nodes.get(keyLabel(key));
    if (!node) throw this.#notFound(key);
    return node;
  }

  #notFound(key: MigrationKey): NodeNotFoundError {
    return new NodeNotFoundError(
      `There is no migration ${keyLabel(key)}. Check the name against the files in ${key[0]}'s migrations folder (manage showmigrations ${key[0]} lists them).`,
    );
  }

  #sortedLabels(labels: Iterable<string>): string[] {
    return this.#keys(labels).map(keyLabel);
  }

  #keys(labels: Iterable<string>): MigrationKey[] {
    return [...labels].map((label) => (this.#nodes.get(label) as GraphNode).key).sort(compareKeys);
  }

  // Post-order DFS over parents (forwards) or children (backwards), iterative for long histories.
  #walk(target: MigrationKey, direction: "parents" | "children"): MigrationKey[] {
    const start = this.#get(target);
    const result: MigrationKey[] = [];
    const visited = new Set<string>();
    // Nodes whose neighbours are being explored: a cycle must not expand them again.
    const opened = new Set<string>();
    const stack: Array<[GraphNode, boolean]> = [[start, false]];
    while (stack.length > 0) {
      const [node, expanded] = stack.pop() as [GraphNode, boolean];
      if (visited.has(node.label)) continue;
      if (expanded) {
        visited.add(node.label);
        result.push(node.key);
        continue;
      }
      if (opened.has(node.label)) continue;
      opened.add(node.label);
      stack.push([node, true]);
      // Pushed in reverse so that the smallest neighbour is explored first.
      const next = this.#sortedLabels(node[direction]).reverse();
      for (const label of next) {
        if (!visited.has(label)) stack.push([this.#nodes.get(label) as GraphNode, false]);
      }
    }
    return result;
  }

  #ends(app: string | undefined, direction: "parents" | "children"): MigrationKey[] {
    const ends: MigrationKey[] = [];
    for (const node of this.#nodes.values()) {
      if (app !== undefined && node.key[0] !== app) continue;
      const sameApp = [...node[direction]].some(
        (label) => (this.#nodes.get(label) as GraphNode).key[0] === node.key[0],
      );
      if (!sameApp) ends.push(node.key);
    }
    return ends.sort(compareKeys);
  }
}
