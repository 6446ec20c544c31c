// A syntax-only expression check for the rule loader: the lezer PromQL grammar, first error node.
// The full checker (types, functions, durations) is promql/parse.ts; this one needs nothing but the grammar.
import { parser } from '@prometheus-io/lezer-promql';
import type { CheckExpr } from './rule-file.js';

/** Reports the first place the PromQL grammar cannot parse `expr`; undefined when it parses. */
export const checkExprSyntax: CheckExpr = (expr) => {
  let from: number | undefined;
  parser.parse(expr).iterate({
    enter: (node) => {
      if (from !== undefined) return false;
      if (node.type.isError) from = node.from;
      return undefined;
    },
  });
  if (from === undefined) return undefined;
  const near = expr.slice(from, from + 20).split('\n')[0]!;
  return { message: near === '' ? 'unexpected end of input' : `unexpected ${JSON.stringify(near)}`, from };
};
