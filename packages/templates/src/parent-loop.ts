/**
 * `loop.parentloop` (Django's `forloop.parentloop`): the enclosing `{% for %}`'s loop
 * variable, set once per loop by patching nunjucks' compiler, once per process.
 */
import nunjucks from "nunjucks";

type EmitLoopBindings = ((
  this: { _emitLine(code: string): void },
  node: unknown,
  arr: string,
  i: string,
  len: string,
) => void) & { tangoParentLoop?: true };

/**
 * Makes every `{% for %}` compiled afterwards bind `loop.parentloop` on its first iteration:
 * the enclosing loop's `loop` (also across `{% include %}`), or `{}` outside any loop, as
 * Django's `forloop.parentloop` is.
 *
 * @example
 * installParentLoop();
 * // {% for row in rows %}{% for cell in row %}{{ loop.parentloop.index }}{% endfor %}{% endfor %}
 */
export function installParentLoop(): void {
  const proto = (
    nunjucks as unknown as {
      compiler: { Compiler: { prototype: { _emitLoopBindings: EmitLoopBindings } } };
    }
  ).compiler.Compiler.prototype;
  const original = proto._emitLoopBindings;
  if (original.tangoParentLoop) return;
  const patched: EmitLoopBindings = function (node, arr, i, len) {
    original.call(this, node, arr, i, len);
    // The loop frame keeps one `loop` object for all its iterations: set it on the first.
    this._emitLine(
      `if (${i} === 0) frame.set("loop.parentloop", (frame.parent && frame.parent.lookup("loop")) || {});`,
    );
  };
  patched.tangoParentLoop = true;
  proto._emitLoopBindings = patched;
}
