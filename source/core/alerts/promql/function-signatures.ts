// The functions this engine supports, with Prometheus 2.42's argument and return types; the parser checks
// calls against them, so the evaluator never meets a call it cannot run.
import type { ValueType } from './ast.js';

export interface FunctionSignature {
  readonly args: readonly ValueType[];
  /** How many trailing arguments may be left out (`round(v)`, `hour()`); -1: the last one repeats. */
  readonly optional: number;
  readonly returns: ValueType;
}

const S: ValueType = 'scalar';
const V: ValueType = 'instant vector';
const M: ValueType = 'range vector';
const STR: ValueType = 'string';

const fixed = (args: ValueType[], returns: ValueType = V): FunctionSignature => ({ args, optional: 0, returns });

const MATH = ['abs', 'ceil', 'floor', 'exp', 'ln', 'log2', 'log10', 'sqrt', 'sgn', 'acos', 'acosh', 'asin', 'asinh',
  'atan', 'atanh', 'cos', 'cosh', 'sin', 'sinh', 'tan', 'tanh', 'deg', 'rad', 'sort', 'sort_desc', 'timestamp', 'absent'];
const OVER_RANGE = ['rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'resets', 'changes', 'absent_over_time',
  'avg_over_time', 'min_over_time', 'max_over_time', 'sum_over_time', 'count_over_time', 'stddev_over_time',
  'stdvar_over_time', 'last_over_time', 'present_over_time'];
const DATE = ['minute', 'hour', 'day_of_week', 'day_of_month', 'day_of_year', 'days_in_month', 'month', 'year'];

/** Every supported function by name. */
export const FUNCTIONS: ReadonlyMap<string, FunctionSignature> = new Map<string, FunctionSignature>([
  ...MATH.map((n) => [n, fixed([V])] as const),
  ...OVER_RANGE.map((n) => [n, fixed([M])] as const),
  ...DATE.map((n) => [n, { args: [V], optional: 1, returns: V }] as const),
  ['quantile_over_time', fixed([S, M])],
  ['predict_linear', fixed([M, S])],
  ['histogram_quantile', fixed([S, V])],
  ['clamp', fixed([V, S, S])],
  ['clamp_min', fixed([V, S])],
  ['clamp_max', fixed([V, S])],
  ['round', { args: [V, S], optional: 1, returns: V }],
  ['label_replace', fixed([V, STR, STR, STR, STR])],
  ['label_join', { args: [V, STR, STR, STR], optional: -1, returns: V }],
  ['scalar', fixed([V], S)],
  ['vector', fixed([S], V)],
  ['time', fixed([], S)],
  ['pi', fixed([], S)],
]);
