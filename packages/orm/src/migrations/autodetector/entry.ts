/** Generated operations before they are grouped into migrations: the operation, its app, its order and what it waits for. */
import type { FieldSpec } from "../field-specs.js";
import type { Operation } from "../operation.js";
import { type ModelState, modelKey } from "../state.js";

/**
 * Where an operation goes among its app's operations (stable within a phase): renames, then
 * removals of indexes and constraints, then field removals, model creations, field additions and
 * alterations, new indexes and constraints, table and option changes, and deletions last.
 *
 * @example
 * Phase.CreateModel < Phase.AddField; // true
 */
export const Phase = {
  RenameModel: 0,
  RenameField: 1,
  RemoveOption: 2,
  RemoveField: 3,
  CreateModel: 4,
  AddField: 5,
  AddOption: 6,
  AlterModel: 7,
  RemoveDeletedRelation: 8,
  DeleteModel: 9,
} as const;

/**
 * One generated operation with what it must follow: `after` (operations, possibly of other
 * apps, that must be in the same or an earlier migration) and `refersTo` (other apps whose
 * existing models its fields point at: the migration depends on their latest migration).
 *
 * @example
 * const entry: Entry = { app: "polls", op, phase: Phase.AddField, after: [], refersTo: new Set() };
 */
export interface Entry {
  readonly app: string;
  op: Operation;
  readonly phase: number;
  readonly after: Entry[];
  readonly refersTo: Set<string>;
  /** A relation split out of a CreateModel only because its target is created in another app. */
  readonly splitFrom?: CreatedModel;
  /** An index, constraint or unique-together set split out of a CreateModel. */
  readonly optionOf?: CreatedModel;
}

/**
 * A CreateModel entry with what was split out of it (to merge back when they end up in the
 * same migration).
 *
 * @example
 * const created: CreatedModel = { entry, model, inline: ["id", "title"], split: [], options: [] };
 */
export interface CreatedModel {
  readonly entry: Entry;
  readonly model: ModelState;
  readonly inline: string[];
  readonly split: Entry[];
  readonly options: Entry[];
}

/**
 * The model keys a spec points at (`to` and `through`; a label without an app is in `app`).
 *
 * @example
 * specTargets(fields.ForeignKey("polls.Question", { onDelete: "CASCADE" }), "polls"); // ["polls.question"]
 */
export function specTargets(spec: FieldSpec, app: string): string[] {
  const keys: string[] = [];
  for (const label of [spec.to, spec.through]) {
    if (label === undefined) continue;
    const dot = label.indexOf(".");
    keys.push(dot < 0 ? modelKey(app, label) : modelKey(label.slice(0, dot), label.slice(dot + 1)));
  }
  return keys;
}

/**
 * The app of a model key.
 *
 * @example
 * appOf("polls.question"); // "polls"
 */
export function appOf(key: string): string {
  return key.slice(0, key.indexOf("."));
}
