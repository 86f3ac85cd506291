/** Serializer: turns the values migrations hold into TypeScript source, laid out as Biome would. */
import { CheckConstraint, Index, UniqueConstraint } from "../models/meta-options.js";
import { FRef } from "../query/f.js";
import { isLeaf, type QChild, QNode } from "../query/q.js";
import { FIELD_TYPES, type FieldSpec } from "./field-specs.js";
import { Operation } from "./operation.js";

/**
 * A layout tree: text, a bracketed list that breaks one item per line when it does not fit,
 * a call whose last bracketed argument hugs the parentheses, or parts printed side by side.
 *
 * @example
 * const doc: Doc = { t: "group", open: "[", close: "]", items: ["1", "2"], force: false };
 */
export type Doc =
  | string
  | { readonly t: "concat"; readonly parts: readonly Doc[] }
  | {
      readonly t: "group";
      readonly open: string;
      readonly close: string;
      readonly items: readonly Doc[];
      readonly force: boolean;
    }
  | { readonly t: "call"; readonly callee: string; readonly args: readonly Doc[] };

/** Line width of the generated files (the repository's Biome setting). */
const WIDTH = 100;
const SHORT_BYTES = 64;
const FIELD_TYPE_SET = new Set(FIELD_TYPES);
const FIELD_SPEC_KEYS = new Set(["type", "to", "through", "options"]);

/**
 * What serialising needs besides the value: the names the file must import (filled in), and
 * the object keys whose values always break one entry per line.
 *
 * @example
 * const ctx: SerializeContext = { imports: new Set(), breakKeys: new Set(["fields"]) };
 */
export interface SerializeContext {
  readonly imports: Set<string>;
  readonly breakKeys?: ReadonlySet<string>;
}

/**
 * The layout tree of a value; adds what it uses to `ctx.imports`. Throws a TypeError for a
 * value a migration file cannot hold (a native function, a class instance, NaN...).
 *
 * @example
 * printDoc(serializeValue(fields.CharField({ maxLength: 200 }), { imports: new Set() }));
 * // 'fields.CharField({ maxLength: 200 })'
 */
export function serializeValue(value: unknown, ctx: SerializeContext, path = "value"): Doc {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return String(value);
    case "bigint":
      return `${value}n`;
    case "undefined":
      return "undefined";
    case "number":
      if (!Number.isFinite(value)) {
        throw new TypeError(
          `Cannot write ${value} (at ${path}) into a migration: only finite numbers can be serialised. Use a finite number or null.`,
        );
      }
      return Object.is(value, -0) ? "-0" : String(value);
    case "function":
      return serializeFunction(value as (...args: unknown[]) => unknown, path);
    case "symbol":
      throw new TypeError(
        `Cannot write the symbol ${String(value)} (at ${path}) into a migration. Use a string.`,
      );
  }
  if (value === null) return "null";
  return serializeObject(value as object, ctx, path);
}

function serializeObject(value: object, ctx: SerializeContext, path: string): Doc {
  if (Array.isArray(value)) {
    const items = value.map((v, i) => serializeValue(v, ctx, `${path}[${i}]`));
    return group("[", "]", items, isMatrix(items));
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new TypeError(`Cannot write an invalid Date (at ${path}) into a migration.`);
    }
    return `new Date(${JSON.stringify(value.toISOString())})`;
  }
  if (value instanceof Uint8Array) return serializeBytes(value);
  if (value instanceof Operation) return serializeOperation(value, ctx);
  if (value instanceof Index) {
    ctx.imports.add("Index");
    return newCall("Index", value, ["fields", "name", "condition"], ctx, path);
  }
  if (value instanceof UniqueConstraint) {
    ctx.imports.add("UniqueConstraint");
    const keys = ["fields", "name", "condition", "violationErrorMessage"];
    return newCall("UniqueConstraint", value, keys, ctx, path);
  }
  if (value instanceof CheckConstraint) {
    ctx.imports.add("CheckConstraint");
    const keys = ["check", "name", "violationErrorMessage"];
    return newCall("CheckConstraint", value, keys, ctx, path);
  }
  if (value instanceof QNode) return serializeQ(value, ctx, path);
  if (value instanceof FRef) {
    ctx.imports.add("F");
    return call("F", [JSON.stringify(value.name)]);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const name = (value as { constructor?: { name?: string } }).constructor?.name ?? "object";
    throw new TypeError(
      `Cannot write a ${name} (at ${path}) into a migration: only plain data, Date, Uint8Array, field specs, Index, constraints, Q() and F() can be serialised. Use plain data instead.`,
    );
  }
  if (isFieldSpec(value)) return serializeFieldSpec(value, ctx, path);
  return serializePlainObject(value as Record<string, unknown>, ctx, path);
}

function serializePlainObject(
  value: Readonly<Record<string, unknown>>,
  ctx: SerializeContext,
  path: string,
  force = false,
): Doc {
  const items: Doc[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const inner = serializeValue(v, ctx, `${path}.${key}`);
    const doc =
      ctx.breakKeys?.has(key) &&
      typeof inner === "object" &&
      inner.t === "group" &&
      inner.open === "{"
        ? { ...inner, force: inner.items.length > 0 }
        : inner;
    items.push({ t: "concat", parts: [`${propertyKey(key)}: `, doc] });
  }
  return { t: "group", open: "{", close: "}", items, force: force && items.length > 0 };
}

/** `key` as written in an object literal: bare when it is an identifier, else quoted. */
function propertyKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

function isFieldSpec(value: object): value is FieldSpec {
  const record = value as Record<string, unknown>;
  return (
    typeof record.type === "string" &&
    FIELD_TYPE_SET.has(record.type) &&
    typeof record.options === "object" &&
    record.options !== null &&
    Object.keys(record).every((k) => FIELD_SPEC_KEYS.has(k))
  );
}

function serializeFieldSpec(spec: FieldSpec, ctx: SerializeContext, path: string): Doc {
  ctx.imports.add("fields");
  const options: Record<string, unknown> = { ...spec.options };
  if (spec.through !== undefined) options.through = spec.through;
  const hasOptions = Object.values(options).some((v) => v !== undefined);
  const args: Doc[] = [];
  if (spec.to !== undefined) args.push(JSON.stringify(spec.to));
  if (hasOptions) args.push(serializePlainObject(options, ctx, path));
  return call(`fields.${spec.type}`, args);
}

function serializeOperation(operation: Operation, ctx: SerializeContext): Doc {
  ctx.imports.add("operations");
  const { kind, options } = operation.deconstruct();
  return call(`operations.${kind}`, [serializePlainObject(options, ctx, kind, true)]);
}

function newCall(
  name: string,
  value: object,
  keys: readonly string[],
  ctx: SerializeContext,
  path: string,
): Doc {
  const record = value as Record<string, unknown>;
  const options = Object.fromEntries(keys.map((k) => [k, record[k]]));
  return call(`new ${name}`, [serializePlainObject(options, ctx, path)]);
}

function serializeBytes(bytes: Uint8Array): Doc {
  if (bytes.length <= SHORT_BYTES)
    return call("Uint8Array.from", [group("[", "]", [...bytes].map(String))]);
  const base64 = Buffer.from(bytes).toString("base64");
  return `new Uint8Array(Buffer.from(${JSON.stringify(base64)}, "base64"))`;
}

/** A function's source, when it is an arrow or function expression that can be pasted. */
function serializeFunction(fn: (...args: unknown[]) => unknown, path: string): Doc {
  const source = Function.prototype.toString.call(fn);
  const isExpression =
    /^(async\s*)?(\([^)]*\)|[A-Za-z_$][\w$]*)\s*=>/.test(source) ||
    /^(async\s+)?function\b/.test(source);
  if (!isExpression || source.includes("[native code]")) {
    const name = fn.name ? `the function ${fn.name}` : "an anonymous function";
    throw new TypeError(
      `Cannot write ${name} (at ${path}) into a migration: only arrow functions and function expressions whose source can be copied are serialisable. Use an arrow function, for example default: () => new Date().`,
    );
  }
  return source;
}

/** Q trees as the calls that build them: `Q({ a: 1 }).or(Q({ b: 2 })).not()`. */
function serializeQ(node: QNode, ctx: SerializeContext, path: string): Doc {
  ctx.imports.add("Q");
  const parts: Doc[] = [];
  if (node.connector === "AND") {
    let run: [string, unknown][] = [];
    const flush = (): void => {
      if (run.length > 0) parts.push(qLeaves(run, ctx, path));
      run = [];
    };
    for (const child of node.children) {
      if (isLeaf(child)) {
        if (run.some(([k]) => k === child[0])) flush();
        run.push([child[0], child[1]]);
      } else {
        flush();
        parts.push(qChild(child, ctx, path));
      }
    }
    flush();
  } else {
    for (const child of node.children) {
      parts.push(
        isLeaf(child) ? qLeaves([[child[0], child[1]]], ctx, path) : qChild(child, ctx, path),
      );
    }
  }
  const [first = call("Q", []), ...rest] = parts;
  const chain: Doc[] = [first];
  if (rest.length > 0) chain.push(call(node.connector === "AND" ? ".and" : ".or", rest));
  if (node.negated) chain.push(".not()");
  return chain.length === 1 ? first : { t: "concat", parts: chain };
}

function qLeaves(entries: [string, unknown][], ctx: SerializeContext, path: string): Doc {
  return call("Q", [serializePlainObject(Object.fromEntries(entries), ctx, path)]);
}

function qChild(child: QChild, ctx: SerializeContext, path: string): Doc {
  if (child instanceof QNode) return serializeQ(child, ctx, path);
  throw new TypeError(
    `Cannot write the expression ${child.constructor.name} (at ${path}) inside a Q() into a migration. Use plain lookups (Q({ votes__gte: 0 })) and F() references.`,
  );
}

/** Biome (as Prettier) breaks an array of several arrays or objects with several items each. */
function isMatrix(items: readonly Doc[]): boolean {
  const first = items[0];
  if (items.length < 2 || typeof first !== "object" || first.t !== "group") return false;
  return items.every(
    (item) =>
      typeof item === "object" &&
      item.t === "group" &&
      item.open === first.open &&
      item.items.length > 1,
  );
}

function group(open: string, close: string, items: readonly Doc[], force = false): Doc {
  return { t: "group", open, close, items, force };
}

function call(callee: string, args: readonly Doc[]): Doc {
  return { t: "call", callee, args };
}

/**
 * The source text of a layout tree, starting at `column` on a line indented by `indent`: flat when it fits in 100 columns, else broken one item per line with trailing commas.
 *
 * @example
 * printDoc({ t: "group", open: "[", close: "]", items: ["1", "2"], force: false }); // "[1, 2]"
 */
export function printDoc(doc: Doc, indent = 0, rest = 0, column = indent): string {
  return print(doc, column, indent, rest);
}

/** The one-line form, or undefined when something in it must break. */
function flat(doc: Doc): string | undefined {
  if (typeof doc === "string") return doc.includes("\n") ? undefined : doc;
  if (doc.t === "concat") {
    const parts = doc.parts.map(flat);
    return parts.every((p) => p !== undefined) ? parts.join("") : undefined;
  }
  const inner = (doc.t === "group" ? doc.items : doc.args).map(flat);
  if (inner.some((p) => p === undefined)) return undefined;
  if (doc.t === "call") return `${doc.callee}(${inner.join(", ")})`;
  if (doc.force) return undefined;
  if (inner.length === 0) return `${doc.open}${doc.close}`;
  return doc.open === "{"
    ? `{ ${inner.join(", ")} }`
    : `${doc.open}${inner.join(", ")}${doc.close}`;
}

function lastLineLength(text: string, column: number): number {
  const i = text.lastIndexOf("\n");
  return i < 0 ? column + text.length : text.length - i - 1;
}

function print(doc: Doc, column: number, indent: number, rest: number): string {
  const oneLine = flat(doc);
  if (oneLine !== undefined && column + oneLine.length + rest <= WIDTH) return oneLine;
  if (typeof doc === "string") return reindent(doc, indent);
  if (doc.t === "concat") {
    let out = "";
    let col = column;
    doc.parts.forEach((part, i) => {
      const after = doc.parts.slice(i + 1).map((p) => flat(p)?.length ?? 0);
      const text = print(part, col, indent, rest + after.reduce((a, b) => a + b, 0));
      out += text;
      col = lastLineLength(text, col);
    });
    return out;
  }
  if (doc.t === "group") return printBroken(doc.open, doc.close, doc.items, indent);
  return printCall(doc.callee, doc.args, column, indent, rest);
}

/** Multi-line source (a function body) re-indented under the current line. */
function reindent(text: string, indent: number): string {
  const [first = "", ...lines] = text
    .split("\n")
    .map((l) => l.replace(/^\t+/, (t) => "  ".repeat(t.length)));
  const depth = Math.min(
    ...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)?.[0].length ?? 0),
  );
  const pad = " ".repeat(indent);
  return [first, ...lines.map((l) => (l.trim() ? pad + l.slice(depth) : ""))].join("\n");
}

function printBroken(open: string, close: string, items: readonly Doc[], indent: number): string {
  if (items.length === 0) return `${open}${close}`;
  const pad = " ".repeat(indent + 2);
  const lines = items.map((item) => `${pad}${print(item, indent + 2, indent + 2, 1)},`);
  return `${open}\n${lines.join("\n")}\n${" ".repeat(indent)}${close}`;
}

function printCall(
  callee: string,
  args: readonly Doc[],
  column: number,
  indent: number,
  rest: number,
): string {
  const last = args[args.length - 1];
  const head = args.slice(0, -1).map(flat);
  if (
    last !== undefined &&
    typeof last === "object" &&
    last.t === "group" &&
    head.every((h) => h !== undefined)
  ) {
    const prefix = `${callee}(${head.map((h) => `${h}, `).join("")}`;
    if (column + prefix.length + 1 <= WIDTH) {
      return `${prefix}${printBroken(last.open, last.close, last.items, indent)})`;
    }
  }
  void rest;
  return `${callee}${printBroken("(", ")", args, indent)}`;
}
