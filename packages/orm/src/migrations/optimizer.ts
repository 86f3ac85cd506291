/** The migration optimizer: folds a list of operations into a shorter equivalent one, for squashing. */
import type { Operation } from "./operation.js";

/**
 * Django's MigrationOptimizer: repeatedly, each operation is combined (`reduce`) with a later
 * one when every operation in between lets it (or the later one) move across, until nothing
 * changes. CreateModel followed by DeleteModel disappears, AddField folds into CreateModel,
 * AlterField into AddField, and so on; RunSQL and RunCode stay where they are.
 *
 * @example
 * optimizeOperations([
 *   operations.CreateModel({ name: "Tag", fields: { id: fields.BigAutoField() } }),
 *   operations.AddField({ model: "Tag", name: "name", field: fields.CharField({ maxLength: 20 }) }),
 * ], "polls"); // [CreateModel Tag with fields id and name]
 */
export function optimizeOperations(operations: readonly Operation[], app: string): Operation[] {
  let current = [...operations];
  for (;;) {
    const next = optimizeOnce(current, app);
    if (next.length === current.length && next.every((op, i) => op === current[i])) return next;
    current = next;
  }
}

/** One pass: the first reduction found is applied, the rest copied. */
function optimizeOnce(operations: readonly Operation[], app: string): Operation[] {
  const result: Operation[] = [];
  for (const [i, operation] of operations.entries()) {
    let right = true;
    for (let j = i + 1; j < operations.length; j++) {
      const other = operations[j] as Operation;
      const outcome = operation.reduce(other, app);
      if (Array.isArray(outcome)) {
        const between = operations.slice(i + 1, j);
        if (right) {
          // `operation` moves right across everything in between.
          result.push(...between, ...outcome);
        } else if (between.every((op) => op.reduce(other, app) === true)) {
          // `other` moves left across everything in between.
          result.push(...outcome, ...between);
        } else {
          break;
        }
        result.push(...operations.slice(j + 1));
        return result;
      }
      if (!outcome) right = false;
    }
    result.push(operation);
  }
  return result;
}
