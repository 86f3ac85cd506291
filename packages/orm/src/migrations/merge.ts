/** Merge migrations: joining two branches of an app's migrations (`makemigrations --merge`). */
import type { MigrationLoader } from "./loader.js";
import { keyLabel, Migration, type MigrationKey, nameTimestamp } from "./migration.js";

/**
 * The migrations of each branch of `app` since the branches split, by leaf.
 *
 * @example
 * branchesOf(loader, "polls"); // Map { "0003_a" => [0003_a], "0003_b" => [0002_x, 0003_b] }
 */
export function branchesOf(loader: MigrationLoader, app: string): Map<string, Migration[]> {
  const leaves = loader.graph.leafNodes(app);
  const plans = leaves.map((leaf) => loader.graph.forwardsPlan(leaf).filter(([a]) => a === app));
  // Migrations every branch has: those before the split.
  const [first = [], ...rest] = plans;
  const common = new Set(first.map(keyLabel));
  for (const plan of rest) {
    const labels = new Set(plan.map(keyLabel));
    for (const label of common) if (!labels.has(label)) common.delete(label);
  }
  const branches = new Map<string, Migration[]>();
  leaves.forEach((leaf, i) => {
    const own = (plans[i] ?? []).filter((key) => !common.has(keyLabel(key)));
    branches.set(
      leaf[1],
      own.map((key) => loader.graph.node(key)),
    );
  });
  return branches;
}

function numberOf(name: string): number {
  return Number.parseInt(name.slice(0, 4), 10) || 0;
}

/**
 * The merge migration of an app with several leaves: no operations, depending on every leaf,
 * numbered after the highest (`0004_merge_0003_a_0003_b`).
 *
 * @example
 * const merge = mergeMigration(loader, "polls", new Date());
 */
export function mergeMigration(loader: MigrationLoader, app: string, now: Date): Migration {
  const leaves: MigrationKey[] = [...loader.graph.leafNodes(app)].sort((a, b) =>
    a[1].localeCompare(b[1]),
  );
  const next = String(Math.max(...leaves.map(([, name]) => numberOf(name))) + 1).padStart(4, "0");
  let name = `${next}_merge_${leaves.map(([, n]) => n).join("_")}`;
  if (name.length > 52) {
    name = `${next}_merge_${nameTimestamp(now)}`;
  }
  const migration = new Migration({ dependencies: leaves, operations: [] });
  migration.app = app;
  migration.name = name;
  return migration;
}
