/**
 * Python's truthiness in templates: `{% if %}`, `{% elif %}`, `not`, `and`, `or` and the inline
 * `x if cond else y` treat empty arrays, plain objects, Maps, Sets and strings, 0, null and
 * undefined as false, as Django does. Installed by patching nunjucks' compiler once per process,
 * so the compiled templates call a small runtime helper instead of using JavaScript's `!`/`&&`/`||`.
 */
import nunjucks from "nunjucks";
import { UnevaluatedIterable } from "./errors.js";
import { isTruthy } from "./filters/python-values.js";

/** The slice of nunjucks' parse nodes the patched methods read. */
interface Node {
  readonly typename: string;
  readonly children?: readonly Node[];
  readonly left?: Node;
  readonly right?: Node;
  readonly target?: Node;
  readonly cond?: Node;
  readonly body?: Node;
  readonly else_?: Node | null;
}

type Compile = (this: CompilerLike, node: Node, frame: unknown, async?: boolean) => void;

/** The slice of nunjucks' Compiler the patch uses (not in @types/nunjucks). */
interface CompilerLike {
  _emit(code: string): void;
  compile(node: Node, frame: unknown): void;
  _compileExpression(node: Node, frame: unknown): void;
  _compileTest(node: Node, frame: unknown): void;
  compileIf: Compile & { tangoTruthiness?: true };
  compileInlineIf: Compile;
  compileNot: Compile;
  compileAnd: Compile;
  compileOr: Compile;
}

/** Nodes whose compiled JavaScript is already a boolean (comparisons, `is`, `in`, `not`). */
const BOOLEAN_NODES = new Set(["Compare", "Is", "In"]);

let kept: unknown;

function unevaluated(value: object): UnevaluatedIterable {
  const kind = value.constructor?.name ?? "object";
  return new UnevaluatedIterable(
    `{% if %} was given ${kind === "Promise" ? "a Promise" : `an unevaluated ${kind}`}, whose emptiness a template cannot await. Resolve it in the view: pass \`await queryset\` (or \`await queryset.exists()\` for a yes/no), or use prefetchRelated()/selectRelated() so related rows are loaded before rendering.`,
  );
}

function objectTruthy(value: object): boolean {
  if (typeof (value as { then?: unknown }).then === "function") throw unevaluated(value);
  return isTruthy(value);
}

/**
 * Python's truthiness as templates test it: {@link isTruthy}, except that a promise or an
 * unevaluated QuerySet (which a template cannot await) raises {@link UnevaluatedIterable}.
 * Kept small so V8 inlines it into compiled templates.
 *
 * @example
 * templateTruthy([]); // false
 * templateTruthy({}); // false
 * templateTruthy(new Date()); // true
 */
export function templateTruthy(value: unknown): boolean {
  switch (typeof value) {
    case "boolean":
      return value;
    case "string":
      return value.length > 0;
    case "number":
      return value !== 0 && !Number.isNaN(value);
    case "undefined":
      return false;
    case "object":
      if (value === null) return false;
      return Array.isArray(value) ? value.length > 0 : objectTruthy(value);
    default:
      return isTruthy(value);
  }
}

/** `a and b`, `a or b` in value position: tests `a` and keeps it for {@link takeKept}. */
function keep(value: unknown): boolean {
  kept = value;
  return templateTruthy(value);
}

/** The value {@link keep} last tested (read right after it, with nothing evaluated between). */
function takeKept(): unknown {
  const value = kept;
  kept = undefined;
  return value;
}

/** Compiles `node` as a JavaScript boolean with Python's truthiness. */
function compileTest(this: CompilerLike, node: Node, frame: unknown): void {
  const { typename } = node;
  if (typename === "And" || typename === "Or") {
    this._emit("(");
    this._compileTest(node.left as Node, frame);
    this._emit(typename === "And" ? " && " : " || ");
    this._compileTest(node.right as Node, frame);
    this._emit(")");
  } else if (typename === "Not") {
    this._emit("!");
    this._compileTest(node.target as Node, frame);
  } else if (typename === "Group" && node.children?.length === 1) {
    this._compileTest(node.children[0] as Node, frame);
  } else if (BOOLEAN_NODES.has(typename)) {
    this._emit("(");
    this._compileExpression(node, frame);
    this._emit(")");
  } else {
    this._emit("runtime.tangoTruthy(");
    this._compileExpression(node, frame);
    this._emit(")");
  }
}

/**
 * Patches nunjucks' compiler and runtime, once per process, so every template compiled
 * afterwards tests conditions with Python's truthiness. `a and b` / `a or b` also return
 * Python's values (`[] or "none"` is `"none"`).
 *
 * @example
 * installTruthiness();
 * new nunjucks.Environment().renderString("{% if items %}some{% else %}none{% endif %}", { items: [] }); // "none"
 */
export function installTruthiness(): void {
  const { Compiler } = (
    nunjucks as unknown as { compiler: { Compiler: { prototype: CompilerLike } } }
  ).compiler;
  const proto = Compiler.prototype;
  if (proto.compileIf.tangoTruthiness) return;
  const runtime = nunjucks.runtime as unknown as Record<string, unknown>;
  runtime.tangoTruthy = templateTruthy;
  runtime.tangoKeep = keep;
  runtime.tangoKept = takeKept;

  proto._compileTest = compileTest;

  // Same code as nunjucks 3.2.4's compileIf, with the condition tested by _compileTest.
  const compileIf: CompilerLike["compileIf"] = function (node, frame, async) {
    const withScope = (this as unknown as { _withScopedSyntax(fn: () => void): void })
      ._withScopedSyntax;
    const emitLine = (code: string) =>
      (this as unknown as { _emitLine(code: string): void })._emitLine(code);
    this._emit("if(");
    this._compileTest(node.cond as Node, frame);
    emitLine(") {");
    withScope.call(this, () => {
      this.compile(node.body as Node, frame);
      if (async) this._emit("cb()");
    });
    if (node.else_) {
      emitLine("}\nelse {");
      withScope.call(this, () => {
        this.compile(node.else_ as Node, frame);
        if (async) this._emit("cb()");
      });
    } else if (async) {
      emitLine("}\nelse {");
      this._emit("cb()");
    }
    emitLine("}");
  };
  compileIf.tangoTruthiness = true;
  proto.compileIf = compileIf;

  proto.compileInlineIf = function (node, frame) {
    this._emit("(");
    this._compileTest(node.cond as Node, frame);
    this._emit("?");
    this.compile(node.body as Node, frame);
    this._emit(":");
    if (node.else_) this.compile(node.else_, frame);
    else this._emit('""');
    this._emit(")");
  };
  proto.compileNot = function (node, frame) {
    this._compileTest(node, frame);
  };
  // Python's values: `a and b` is a when a is false, else b; `a or b` is a when a is true, else b.
  proto.compileAnd = function (node, frame) {
    this._emit("(runtime.tangoKeep(");
    this.compile(node.left as Node, frame);
    this._emit(") ? ");
    this.compile(node.right as Node, frame);
    this._emit(" : runtime.tangoKept())");
  };
  proto.compileOr = function (node, frame) {
    this._emit("(runtime.tangoKeep(");
    this.compile(node.left as Node, frame);
    this._emit(") ? runtime.tangoKept() : ");
    this.compile(node.right as Node, frame);
    this._emit(")");
  };
}
