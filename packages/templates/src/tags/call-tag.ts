/** The parser of Django-style tags: `{% name arg1 arg2 key=value as var %}` compiled to a call of a global function. */
import nunjucks from "nunjucks";

// nunjucks' parser and node classes are untyped in @types/nunjucks.
// biome-ignore lint/suspicious/noExplicitAny: nunjucks internals
type Any = any;

const { nodes, lexer } = nunjucks as unknown as { nodes: Any; lexer: Any };

/** The prefix of the global each tag compiles to a call of. */
export const TAG_GLOBAL_PREFIX = "__tango_tag_";

/**
 * A nunjucks extension for one tag: its arguments are space- (or comma-) separated
 * expressions and `name=value` pairs; a trailing `as var` stores the result instead of
 * printing it. The tag calls the global `__tango_tag_<name>` with the template Context as
 * `this`, so the output is autoescaped like any `{{ value }}`.
 *
 * @example
 * env.addExtension("url", new CallTagExtension("url"));
 * env.addGlobal("__tango_tag_url", (...args) => reverse(...));
 */
export class CallTagExtension implements nunjucks.Extension {
  readonly tags: string[];

  constructor(readonly tagName: string) {
    this.tags = [tagName];
  }

  parse(parser: Any): Any {
    const tok = parser.nextToken();
    const args = new nodes.NodeList(tok.lineno, tok.colno);
    const kwargs = new nodes.KeywordArgs(tok.lineno, tok.colno);
    let target: string | undefined;
    for (;;) {
      const next = parser.peekToken();
      if (!next || next.type === lexer.TOKEN_BLOCK_END) break;
      if (parser.skip(lexer.TOKEN_COMMA)) continue;
      const arg = parser.parseExpression();
      if (parser.skipValue(lexer.TOKEN_OPERATOR, "=")) {
        kwargs.addChild(
          new nodes.Pair(
            arg.lineno,
            arg.colno,
            new nodes.Literal(arg.lineno, arg.colno, arg.value),
            parser.parseExpression(),
          ),
        );
        continue;
      }
      if (arg instanceof nodes.Symbol && arg.value === "as") {
        const name = parser.parseExpression();
        const end = parser.peekToken();
        if (name instanceof nodes.Symbol && end?.type === lexer.TOKEN_BLOCK_END) {
          target = name.value as string;
          break;
        }
        parser.fail(
          `'${this.tagName}' tag: expected a variable name after 'as'`,
          tok.lineno,
          tok.colno,
        );
      }
      args.addChild(arg);
    }
    parser.advanceAfterBlockEnd(tok.value);
    if (kwargs.children.length > 0) args.addChild(kwargs);
    const call = new nodes.FunCall(
      tok.lineno,
      tok.colno,
      new nodes.Symbol(tok.lineno, tok.colno, TAG_GLOBAL_PREFIX + this.tagName),
      args,
    );
    if (target !== undefined) {
      return new nodes.Set(
        tok.lineno,
        tok.colno,
        [new nodes.Symbol(tok.lineno, tok.colno, target)],
        call,
      );
    }
    return new nodes.Output(tok.lineno, tok.colno, [call]);
  }
}

/**
 * Splits the arguments nunjucks passes a global into positional ones and keyword ones.
 *
 * @example
 * splitArguments([1, { __keywords: true, page: 2 }]); // { args: [1], kwargs: { page: 2 } }
 */
export function splitArguments(values: readonly unknown[]): {
  args: unknown[];
  kwargs: Record<string, unknown>;
} {
  const last = values[values.length - 1];
  if (typeof last === "object" && last !== null && (last as { __keywords?: boolean }).__keywords) {
    const { __keywords: _, ...kwargs } = last as Record<string, unknown>;
    return { args: values.slice(0, -1), kwargs };
  }
  return { args: [...values], kwargs: {} };
}
