// PromQL text → typed syntax tree: lezer-promql finds the structure, this file checks what Prometheus 2.42's
// parser checks (types, arity, modifiers) and rejects, by name, every construct the engine does not support.
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import type { AggregateOp, AtModifier, BinaryOp, CompiledMatcher, Expr, ValueType, VectorMatching } from './ast.js';
import { COMPARISON_OPS, SET_OPS } from './ast.js';
import { FUNCTIONS } from './function-signatures.js';
import { parseDuration, parseNumber, unquoteString } from './literals.js';
import { compileMatcherRegex } from './matcher-regex.js';
import type { ExprPosition, LabelMatcher } from './types.js';
import { PromQLError } from './types.js';

export { longestLookbackMs } from './longest-lookback.js';

const BINARY_OPS: Readonly<Record<string, BinaryOp>> = {
  Add: '+', Sub: '-', Mul: '*', Div: '/', Mod: '%', Pow: '^', Atan2: 'atan2', Eql: '==', Neq: '!=', Gtr: '>', Lss: '<',
  Gte: '>=', Lte: '<=', And: 'and', Or: 'or', Unless: 'unless',
};

const AGGREGATE_OPS: ReadonlySet<string> = new Set(['sum', 'avg', 'min', 'max', 'count', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values']);

const MATCH_OPS: Readonly<Record<string, LabelMatcher['op']>> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };

/** The type of an expression's value. */
export function exprType(e: Expr): ValueType {
  switch (e.kind) {
    case 'number': return 'scalar';
    case 'string': return 'string';
    case 'vectorSelector': case 'aggregate': return 'instant vector';
    case 'matrixSelector': case 'subquery': return 'range vector';
    case 'call': return FUNCTIONS.get(e.func)!.returns;
    case 'unary': return exprType(e.expr);
    case 'binary': return exprType(e.lhs) === 'scalar' && exprType(e.rhs) === 'scalar' ? 'scalar' : 'instant vector';
  }
}

/** Parses and type-checks one PromQL expression; throws PromQLError (with its position) when it cannot run. */
export function parseExpr(text: string): Expr {
  return new ExprParser(text).parse();
}

class ExprParser {
  constructor(private readonly text: string) {}

  parse(): Expr {
    if (this.text.trim() === '') this.fail('no expression found in input', 0, this.text.length);
    const tree = parser.parse(this.text);
    tree.iterate({
      enter: (n) => {
        if (n.type.isError) this.syntaxError(n.from, n.to);
      },
    });
    const top = children(tree.topNode);
    if (top.length !== 1) this.fail('no expression found in input', 0, this.text.length);
    return this.expr(top[0]!);
  }

  /** A lezer error node: names an unknown function (`holt_winters(`) rather than its parenthesis. */
  private syntaxError(from: number, to: number): never {
    if (from >= this.text.length) this.fail('unexpected end of input', from, to);
    const fn = /([a-zA-Z_][a-zA-Z0-9_]*)\s*$/.exec(this.text.slice(0, from));
    if (this.text[from] === '(' && fn !== null) this.fail(`unsupported function "${fn[1]}"`, fn.index, from);
    this.fail(`unexpected ${JSON.stringify(this.text.slice(from, Math.max(to, from + 1)))}`, from, to);
  }

  private fail(message: string, from: number, to: number): never {
    throw new PromQLError(message, position(this.text, from, to));
  }

  private failAt(node: SyntaxNode, message: string): never {
    this.fail(message, node.from, node.to);
  }

  private src(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  private expr(node: SyntaxNode): Expr {
    const kids = children(node);
    switch (node.name) {
      case 'ParenExpr': return this.expr(kids[0]!);
      case 'NumberDurationLiteral': return { kind: 'number', v: this.number(node) };
      case 'StringLiteral': return { kind: 'string', v: this.string(node) };
      case 'VectorSelector': return this.vectorSelector(node, kids);
      case 'MatrixSelector': return this.postfix(kids[0]!, (operand) => this.matrixSelector(node, operand, kids));
      case 'SubqueryExpr': return this.postfix(kids[0]!, (operand) => this.subquery(node, operand, kids));
      case 'OffsetExpr': return this.postfix(kids[0]!, (operand) => this.offset(node, operand, kids));
      case 'StepInvariantExpr': return this.postfix(kids[0]!, (operand) => this.at(node, operand, kids));
      case 'FunctionCall': return this.call(node, kids);
      case 'AggregateExpr': return this.aggregate(node, kids);
      case 'BinaryExpr': return this.binary(node, kids);
      case 'UnaryExpr': return this.unary(node, kids);
      default: return this.failAt(node, `unsupported PromQL construct ${node.name} (${JSON.stringify(this.src(node))})`);
    }
  }

  /**
   * lezer-promql binds `offset`, `@`, `[range]` and `[range:step]` looser than binary and unary operators;
   * Prometheus binds them tightest (`a + b offset 1m` offsets only b), so they move to the rightmost operand.
   */
  private postfix(operand: SyntaxNode, build: (operand: SyntaxNode) => Expr): Expr {
    if (operand.name === 'BinaryExpr') return this.binary(operand, children(operand), (rhs) => this.postfix(rhs, build));
    if (operand.name === 'UnaryExpr') return this.unary(operand, children(operand), (inner) => this.postfix(inner, build));
    return build(operand);
  }

  private number(node: SyntaxNode): number {
    const raw = this.src(node);
    const sign = raw[0] === '-' ? -1 : 1;
    const v = parseNumber(raw.replace(/^[-+]\s*/, ''));
    if (v === undefined) this.failAt(node, `unsupported number literal ${JSON.stringify(raw)} (durations are not numbers in Prometheus 2.42)`);
    return sign * v;
  }

  private string(node: SyntaxNode): string {
    const v = unquoteString(this.src(node));
    if (v === undefined) this.failAt(node, `invalid string literal ${this.src(node)}`);
    return v;
  }

  private duration(node: SyntaxNode): number {
    const kids = children(node);
    if (node.name === 'OffsetDurationExpr' && kids[0]?.name === 'UnaryOp' && kids[1] !== undefined) {
      const inner = this.duration(kids[1]);
      return this.src(kids[0]) === '-' ? -inner : inner;
    }
    const lit = kids.length === 1 && kids[0]!.name === 'NumberDurationLiteralInDurationContext' ? kids[0]! : undefined;
    const ms = lit === undefined ? undefined : parseDuration(this.src(lit));
    if (ms === undefined) this.failAt(node, `unsupported duration ${JSON.stringify(this.src(node))} (Prometheus 2.42 takes a literal such as 5m or 1h30m)`);
    return ms;
  }

  private vectorSelector(node: SyntaxNode, kids: SyntaxNode[]): Expr {
    const matchers: CompiledMatcher[] = [];
    for (const kid of kids) {
      if (kid.name === 'Identifier') matchers.push({ name: '__name__', op: '=', value: this.src(kid) });
      else if (kid.name === 'LabelMatchers') {
        for (const m of children(kid)) matchers.push(this.matcher(m));
      } else this.failAt(kid, `unsupported selector part ${JSON.stringify(this.src(kid))}`);
    }
    if (kids[0]?.name === 'Identifier' && matchers.slice(1).some((m) => m.name === '__name__')) this.failAt(node, 'metric name must not be set twice');
    if (!matchers.some((m) => !matchesEmpty(m))) this.failAt(node, 'vector selector must contain at least one non-empty matcher');
    return { kind: 'vectorSelector', matchers, offsetMs: 0 };
  }

  private matcher(node: SyntaxNode): CompiledMatcher {
    const kids = children(node);
    if (node.name !== 'UnquotedLabelMatcher' || kids.length !== 3) this.failAt(node, `unsupported label matcher ${JSON.stringify(this.src(node))} (quoted names need Prometheus 3)`);
    const name = this.src(kids[0]!);
    const op = MATCH_OPS[children(kids[1]!)[0]?.name ?? ''];
    if (op === undefined) this.failAt(kids[1]!, `unsupported match operator ${this.src(kids[1]!)}`);
    const value = this.string(kids[2]!);
    if (op === '=' || op === '!=') return { name, op, value };
    try {
      return { name, op, value, re: compileMatcherRegex(value) };
    } catch (err) {
      return this.failAt(kids[2]!, `error parsing regexp ${JSON.stringify(value)}: ${(err as Error).message}`);
    }
  }

  private matrixSelector(node: SyntaxNode, inner: SyntaxNode, kids: SyntaxNode[]): Expr {
    if (inner.name !== 'VectorSelector') {
      if (inner.name === 'OffsetExpr') this.failAt(node, 'no offset modifiers allowed before range');
      if (inner.name === 'StepInvariantExpr') this.failAt(node, 'no @ modifiers allowed before range');
      this.failAt(node, 'ranges only allowed for vector selectors');
    }
    const selector = this.expr(inner);
    if (selector.kind !== 'vectorSelector') return this.failAt(node, 'ranges only allowed for vector selectors');
    return { kind: 'matrixSelector', selector, rangeMs: this.duration(kids[1]!) };
  }

  private subquery(node: SyntaxNode, inner: SyntaxNode, kids: SyntaxNode[]): Expr {
    const expr = this.expr(inner);
    const type = exprType(expr);
    if (type !== 'instant vector') this.failAt(node, `subquery is only allowed on instant vector, got ${type}`);
    const rangeMs = this.duration(kids[1]!);
    const step = kids[2];
    if (step === undefined) return { kind: 'subquery', expr, rangeMs, offsetMs: 0 };
    const stepMs = this.duration(step);
    if (stepMs === 0) this.failAt(step, 'zero subquery step');
    return { kind: 'subquery', expr, rangeMs, stepMs, offsetMs: 0 };
  }

  /** The selector or subquery a modifier applies to, unwrapped from any `@`/`offset` already on it. */
  private modified(node: SyntaxNode, inner: SyntaxNode, modifier: string): Expr {
    const e = this.expr(inner);
    const ok = (e.kind === 'vectorSelector' || e.kind === 'subquery' || e.kind === 'matrixSelector') && inner.name !== 'ParenExpr';
    if (!ok) this.failAt(node, `${modifier} modifier must be preceded by an instant vector selector or range vector selector or a subquery`);
    return e;
  }

  private offset(node: SyntaxNode, inner: SyntaxNode, kids: SyntaxNode[]): Expr {
    const e = this.modified(node, inner, 'offset');
    const offsetMs = this.duration(kids[2]!);
    const target = e.kind === 'matrixSelector' ? e.selector : e;
    if (target.kind !== 'vectorSelector' && target.kind !== 'subquery') return e;
    if (target.offsetMs !== 0) this.failAt(node, 'offset may not be set multiple times');
    const updated = { ...target, offsetMs };
    return e.kind === 'matrixSelector' ? { ...e, selector: updated as typeof e.selector } : updated;
  }

  private at(node: SyntaxNode, inner: SyntaxNode, kids: SyntaxNode[]): Expr {
    const e = this.modified(node, inner, '@');
    const arg = kids[2]!;
    let at: AtModifier;
    if (arg.name === 'AtModifierPreprocessors') at = { kind: children(arg)[0]?.name === 'AtStart' ? 'start' : 'end' };
    else {
      const sec = this.number(arg);
      if (!Number.isFinite(sec)) this.failAt(arg, 'timestamp out of bounds for @ modifier');
      at = { kind: 'timestamp', ms: Math.round(sec * 1000) };
    }
    const target = e.kind === 'matrixSelector' ? e.selector : e;
    if (target.kind !== 'vectorSelector' && target.kind !== 'subquery') return e;
    if (target.at !== undefined) this.failAt(node, '@ <timestamp> may not be set multiple times');
    const updated = { ...target, at };
    return e.kind === 'matrixSelector' ? { ...e, selector: updated as typeof e.selector } : updated;
  }

  private call(node: SyntaxNode, kids: SyntaxNode[]): Expr {
    const func = this.src(kids[0]!);
    const sig = FUNCTIONS.get(func);
    if (sig === undefined) this.failAt(kids[0]!, `unsupported function ${JSON.stringify(func)}`);
    const args = children(kids[1]!).map((a) => this.expr(a));
    const n = sig.args.length;
    if (sig.optional === 0 && args.length !== n) this.failAt(node, `expected ${n} argument(s) in call to "${func}", got ${args.length}`);
    if (sig.optional !== 0 && args.length < n - 1) this.failAt(node, `expected at least ${n - 1} argument(s) in call to "${func}", got ${args.length}`);
    if (sig.optional > 0 && args.length > n) this.failAt(node, `expected at most ${n} argument(s) in call to "${func}", got ${args.length}`);
    args.forEach((a, i) => {
      const want = sig.args[Math.min(i, n - 1)]!;
      const got = exprType(a);
      if (got !== want) this.failAt(node, `expected type ${want} in call to function "${func}", got ${got}`);
    });
    return { kind: 'call', func, args };
  }

  private aggregate(node: SyntaxNode, kids: SyntaxNode[]): Expr {
    const op = this.src(kids[0]!);
    if (!AGGREGATE_OPS.has(op)) this.failAt(kids[0]!, `unsupported aggregation ${JSON.stringify(op)}`);
    const body = kids.find((k) => k.name === 'FunctionCallBody')!;
    const modifier = kids.find((k) => k.name === 'AggregateModifier');
    const args = children(body).map((a) => this.expr(a));
    const wantsParam = op === 'topk' || op === 'bottomk' || op === 'quantile' || op === 'count_values';
    const wanted = wantsParam ? 2 : 1;
    if (args.length === 0) this.failAt(node, 'no arguments for aggregate expression provided');
    if (args.length !== wanted) this.failAt(node, `wrong number of arguments for aggregate expression provided, expected ${wanted}, got ${args.length}`);
    const expr = args[wanted - 1]!;
    const param = wantsParam ? args[0] : undefined;
    if (exprType(expr) !== 'instant vector') this.failAt(node, `expected type instant vector in aggregation expression, got ${exprType(expr)}`);
    if (param !== undefined) {
      const want: ValueType = op === 'count_values' ? 'string' : 'scalar';
      if (exprType(param) !== want) this.failAt(node, `expected type ${want} in aggregation parameter, got ${exprType(param)}`);
    }
    let grouping: string[] = [];
    let without = false;
    if (modifier !== undefined) {
      const [kw, labels] = children(modifier);
      without = kw!.name === 'Without';
      grouping = labels === undefined ? [] : this.labelList(labels);
    }
    return { kind: 'aggregate', op: op as AggregateOp, ...(param === undefined ? {} : { param }), expr, grouping, without };
  }

  private labelList(node: SyntaxNode): string[] {
    return children(node).map((l) => {
      if (l.name !== 'LabelName') this.failAt(l, `unsupported label ${JSON.stringify(this.src(l))}`);
      return this.src(l);
    });
  }

  private binary(node: SyntaxNode, kids: SyntaxNode[], rhsExpr: (n: SyntaxNode) => Expr = (n) => this.expr(n)): Expr {
    const [lhsNode, opNode] = kids;
    const rhsNode = kids[kids.length - 1]!;
    const op = BINARY_OPS[opNode!.name];
    if (op === undefined) this.failAt(opNode!, `unsupported operator ${this.src(opNode!)}`);
    const lit = lhsNode!.name === 'NumberDurationLiteral' ? this.src(lhsNode!) : '';
    if (op === '^' && /^[-+]/.test(lit)) {
      // lezer folds the sign into the literal; Prometheus binds unary minus looser than ^ (-2^2 = -4).
      const pow: Expr = { kind: 'binary', op, lhs: { kind: 'number', v: Math.abs(this.number(lhsNode!)) }, rhs: this.operand(rhsNode, rhsExpr), bool: false };
      return lit[0] === '-' ? { kind: 'unary', op: '-', expr: pow } : pow;
    }
    const lhs = this.operand(lhsNode!);
    const rhs = this.operand(rhsNode, rhsExpr);
    const bool = kids.some((k) => k.name === 'BoolModifier');
    const clause = kids.find((k) => k.name === 'MatchingModifierClause');
    const lt = exprType(lhs);
    const rt = exprType(rhs);
    const isComparison = COMPARISON_OPS.has(op);
    const isSet = SET_OPS.has(op);
    if (bool && !isComparison) this.failAt(node, 'bool modifier can only be used on comparison operators');
    if (isComparison && !bool && lt === 'scalar' && rt === 'scalar') this.failAt(node, 'comparisons between scalars must use BOOL modifier');
    if (isSet && (lt === 'scalar' || rt === 'scalar')) this.failAt(node, `set operator "${op}" not allowed in binary scalar expression`);
    const bothVectors = lt === 'instant vector' && rt === 'instant vector';
    if (clause !== undefined && !bothVectors) this.failAt(node, 'vector matching only allowed between instant vectors');
    if (!bothVectors) return { kind: 'binary', op, lhs, rhs, bool };
    return { kind: 'binary', op, lhs, rhs, bool, matching: this.matching(node, clause, op, isSet) };
  }

  private operand(node: SyntaxNode, build: (n: SyntaxNode) => Expr = (n) => this.expr(n)): Expr {
    const e = build(node);
    const t = exprType(e);
    if (t !== 'scalar' && t !== 'instant vector') this.failAt(node, `binary expression must contain only scalar and instant vector types`);
    return e;
  }

  private matching(node: SyntaxNode, clause: SyntaxNode | undefined, op: BinaryOp, isSet: boolean): VectorMatching {
    if (clause === undefined) return { card: isSet ? 'many-to-many' : 'one-to-one', on: false, labels: [], include: [] };
    const parts = children(clause);
    const on = parts[0]!.name === 'On';
    const labels = parts[1] === undefined ? [] : this.labelList(parts[1]);
    const group = parts[2];
    let card: VectorMatching['card'] = isSet ? 'many-to-many' : 'one-to-one';
    let include: string[] = [];
    if (group !== undefined) {
      if (group.name !== 'GroupLeft' && group.name !== 'GroupRight') this.failAt(group, `unsupported modifier ${JSON.stringify(this.src(group))}`);
      if (isSet) this.failAt(node, `no grouping allowed for "${op}" operation`);
      card = group.name === 'GroupLeft' ? 'many-to-one' : 'one-to-many';
      include = parts[3] === undefined ? [] : this.labelList(parts[3]);
      if (parts.length > 4) this.failAt(parts[4]!, `unsupported modifier ${JSON.stringify(this.src(parts[4]!))}`);
    }
    if (on) {
      for (const l of include) if (labels.includes(l)) this.failAt(node, `label "${l}" must not occur in ON and GROUP clause at once`);
    }
    return { card, on, labels, include };
  }

  private unary(node: SyntaxNode, kids: SyntaxNode[], build: (n: SyntaxNode) => Expr = (n) => this.expr(n)): Expr {
    const expr = build(kids[1]!);
    const t = exprType(expr);
    if (t !== 'scalar' && t !== 'instant vector') this.failAt(node, `unary expression only allowed on expressions of type scalar or instant vector, got "${t}"`);
    return { kind: 'unary', op: this.src(kids[0]!) === '-' ? '-' : '+', expr };
  }
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c !== null; c = c.nextSibling) if (c.name !== 'LineComment') out.push(c);
  return out;
}

function matchesEmpty(m: CompiledMatcher): boolean {
  switch (m.op) {
    case '=': return m.value === '';
    case '!=': return m.value !== '';
    case '=~': return m.re!.test('');
    case '!~': return !m.re!.test('');
  }
}

function position(text: string, from: number, to: number): ExprPosition {
  const before = text.slice(0, from);
  const line = before.split('\n').length;
  const column = from - (before.lastIndexOf('\n') + 1) + 1;
  return { from, to, line, column };
}
