/** The shared state of one autodetection: both project states, the answers so far and the generated entries. */
import type { FieldSpec } from "../field-specs.js";
import type { Operation } from "../operation.js";
import type { MigrationQuestioner } from "../questioner.js";
import type { ModelState, ProjectState } from "../state.js";
import { appOf, type CreatedModel, type Entry, specTargets } from "./entry.js";

/**
 * What the detection steps share: the states, which models were renamed, created or
 * deleted, and the entries generated so far.
 *
 * @example
 * const ctx = new DetectionContext(from, to, questioner, (app) => true);
 */
export class DetectionContext {
  readonly entries: Entry[] = [];
  /** Old model key -> new model key, for the renames the developer confirmed. */
  readonly renamedModels = new Map<string, string>();
  /** New model key -> its CreateModel. */
  readonly created = new Map<string, CreatedModel>();
  /** Old model keys of deleted models. */
  readonly deleted = new Set<string>();
  /** Entries that drop a reference to a model (old key): its DeleteModel comes after them. */
  readonly releases = new Map<string, Entry[]>();
  /** Old model key -> its DeleteModel. */
  readonly deletions = new Map<string, Entry>();

  constructor(
    readonly from: ProjectState,
    readonly to: ProjectState,
    readonly questioner: MigrationQuestioner,
    readonly inScope: (app: string) => boolean,
  ) {}

  /** Keys of the old models in scope, in state order. */
  get oldKeys(): string[] {
    return [...this.from.models.values()].filter((m) => this.inScope(m.app)).map((m) => m.key);
  }

  /** Keys of the new models in scope, in state order. */
  get newKeys(): string[] {
    return [...this.to.models.values()].filter((m) => this.inScope(m.app)).map((m) => m.key);
  }

  oldModel(key: string): ModelState {
    return this.from.models.get(key) as ModelState;
  }

  newModel(key: string): ModelState {
    return this.to.models.get(key) as ModelState;
  }

  /** The new key of an old model (itself unless renamed). */
  newKeyOf(oldKey: string): string {
    return this.renamedModels.get(oldKey) ?? oldKey;
  }

  /**
   * Adds an entry; `spec` (the field the operation writes) makes it follow the creation of
   * its targets in other apps, `released` (the field it drops) makes its target's deletion
   * follow it.
   */
  add(
    app: string,
    op: Operation,
    phase: number,
    extra: {
      spec?: FieldSpec;
      released?: FieldSpec;
      splitFrom?: CreatedModel;
      optionOf?: CreatedModel;
    } = {},
  ): Entry {
    const entry: Entry = {
      app,
      op,
      phase,
      after: [],
      refersTo: new Set(),
      splitFrom: extra.splitFrom,
      optionOf: extra.optionOf,
    };
    if (extra.spec) this.dependOnTargets(entry, extra.spec);
    if (extra.released) this.release(entry, extra.released, app);
    this.entries.push(entry);
    return entry;
  }

  /** Makes `entry` follow the creation of the models `spec` points at in other apps. */
  dependOnTargets(entry: Entry, spec: FieldSpec): void {
    for (const target of specTargets(spec, entry.app)) {
      const app = appOf(target);
      if (app === entry.app) continue;
      const created = this.created.get(target);
      if (created) entry.after.push(created.entry);
      else entry.refersTo.add(app);
    }
  }

  /** Records that `entry` drops the references of `oldSpec` (a field of the old state). */
  release(entry: Entry, oldSpec: FieldSpec, app: string): void {
    for (const target of specTargets(oldSpec, app)) {
      const list = this.releases.get(target) ?? [];
      list.push(entry);
      this.releases.set(target, list);
    }
  }

  /** An old spec with its relation targets following confirmed model renames. */
  normalize(spec: FieldSpec, app: string): FieldSpec {
    const rename = (label: string | undefined): string | undefined => {
      if (label === undefined) return undefined;
      const [key] = specTargets({ type: "", to: label, options: {} }, app);
      const renamed = key === undefined ? undefined : this.renamedModels.get(key);
      return renamed === undefined ? label : this.newModel(renamed).label;
    };
    const to = rename(spec.to);
    const through = rename(spec.through);
    if (to === spec.to && through === spec.through) return spec;
    return {
      ...spec,
      ...(to === undefined ? {} : { to }),
      ...(through === undefined ? {} : { through }),
    };
  }
}
