// The typed PromQL syntax tree the parser builds from lezer's concrete tree and the evaluator walks.
// Durations and offsets are in ms; types are checked once, at parse time, as Prometheus 2.42 does.
import type { LabelMatcher } from './types.js';

/** The four PromQL value types, as Prometheus names them in its type errors. */
export type ValueType = 'scalar' | 'instant vector' | 'range vector' | 'string';

/** `@ <timestamp>` (ms), `@ start()` or `@ end()` (both the evaluation time for an instant query). */
export type AtModifier = { readonly kind: 'timestamp'; readonly ms: number } | { readonly kind: 'start' } | { readonly kind: 'end' };

/** A label matcher with its regex compiled once, at parse time (fully anchored, as Prometheus anchors it). */
export interface CompiledMatcher extends LabelMatcher {
  readonly re?: RegExp;
}

export interface NumberLiteral {
  readonly kind: 'number';
  readonly v: number;
}

export interface StringLiteral {
  readonly kind: 'string';
  readonly v: string;
}

export interface VectorSelector {
  readonly kind: 'vectorSelector';
  /** All matchers, the metric name as an `__name__` equality matcher among them. */
  readonly matchers: readonly CompiledMatcher[];
  readonly offsetMs: number;
  readonly at?: AtModifier;
}

export interface MatrixSelector {
  readonly kind: 'matrixSelector';
  readonly selector: VectorSelector;
  readonly rangeMs: number;
}

export interface Subquery {
  readonly kind: 'subquery';
  readonly expr: Expr;
  readonly rangeMs: number;
  /** Absent: the caller's evaluation interval. */
  readonly stepMs?: number;
  readonly offsetMs: number;
  readonly at?: AtModifier;
}

export interface Call {
  readonly kind: 'call';
  readonly func: string;
  readonly args: readonly Expr[];
}

export type AggregateOp =
  | 'sum' | 'avg' | 'min' | 'max' | 'count' | 'group' | 'stddev' | 'stdvar' | 'topk' | 'bottomk' | 'quantile' | 'count_values';

export interface Aggregate {
  readonly kind: 'aggregate';
  readonly op: AggregateOp;
  readonly param?: Expr;
  readonly expr: Expr;
  readonly grouping: readonly string[];
  readonly without: boolean;
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^' | 'atan2';
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
export type SetOp = 'and' | 'or' | 'unless';
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp;

/** Vector matching of a binary operation between two instant vectors (Prometheus's VectorMatching). */
export interface VectorMatching {
  readonly card: 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';
  /** `on(...)` when true, `ignoring(...)` (or no clause) when false. */
  readonly on: boolean;
  readonly labels: readonly string[];
  /** The extra labels of `group_left(...)` / `group_right(...)`, copied from the "one" side. */
  readonly include: readonly string[];
}

export interface Binary {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly bool: boolean;
  /** Present when both operands are instant vectors. */
  readonly matching?: VectorMatching;
}

export interface Unary {
  readonly kind: 'unary';
  readonly op: '-' | '+';
  readonly expr: Expr;
}

export type Expr = NumberLiteral | StringLiteral | VectorSelector | MatrixSelector | Subquery | Call | Aggregate | Binary | Unary;

/** Comparison operators: the only ones `bool` may modify, and the ones that keep the metric name. */
export const COMPARISON_OPS: ReadonlySet<string> = new Set(['==', '!=', '>', '<', '>=', '<=']);
export const SET_OPS: ReadonlySet<string> = new Set(['and', 'or', 'unless']);
