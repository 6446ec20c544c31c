// How far back in time an expression reads, so the sample store can keep just enough history.
import type { Expr } from './ast.js';
import { LOOKBACK_MS } from './types.js';

/** The longest reach into the past of `expr` in ms: ranges, offsets, subquery windows and the lookback. */
export function longestLookbackMs(expr: Expr): number {
  switch (expr.kind) {
    case 'number': case 'string': return 0;
    case 'vectorSelector': return Math.max(0, expr.offsetMs) + LOOKBACK_MS;
    case 'matrixSelector': return Math.max(0, expr.selector.offsetMs) + expr.rangeMs;
    case 'subquery': return Math.max(0, expr.offsetMs) + expr.rangeMs + longestLookbackMs(expr.expr);
    case 'call': return Math.max(0, ...expr.args.map(longestLookbackMs));
    case 'aggregate': return Math.max(longestLookbackMs(expr.expr), expr.param === undefined ? 0 : longestLookbackMs(expr.param));
    case 'binary': return Math.max(longestLookbackMs(expr.lhs), longestLookbackMs(expr.rhs));
    case 'unary': return longestLookbackMs(expr.expr);
  }
}
