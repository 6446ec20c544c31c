// Functions of an instant vector applied element by element (abs, round, clamp, hour, …).
import type { VectorSample } from './types.js';
import { dropMetricName } from './label-sets.js';

type Elementwise = (v: number, args: readonly number[]) => number;

const dateOf = (v: number): Date => new Date(Math.trunc(v) * 1000);

/** Element-wise functions by name; each drops the metric name. Scalar arguments follow the vector. */
export const ELEMENTWISE: ReadonlyMap<string, Elementwise> = new Map<string, Elementwise>([
  ['abs', Math.abs], ['ceil', Math.ceil], ['floor', Math.floor], ['exp', Math.exp], ['ln', Math.log],
  ['log2', Math.log2], ['log10', Math.log10], ['sqrt', Math.sqrt],
  ['sgn', (v) => (v < 0 ? -1 : v > 0 ? 1 : v)],
  ['acos', Math.acos], ['acosh', Math.acosh], ['asin', Math.asin], ['asinh', Math.asinh], ['atan', Math.atan],
  ['atanh', Math.atanh], ['cos', Math.cos], ['cosh', Math.cosh], ['sin', Math.sin], ['sinh', Math.sinh],
  ['tan', Math.tan], ['tanh', Math.tanh],
  ['deg', (v) => (v * 180) / Math.PI], ['rad', (v) => (v * Math.PI) / 180],
  ['round', (v, [toNearest = 1]) => Math.floor(v * (1 / toNearest) + 0.5) / (1 / toNearest)],
  ['clamp_min', (v, [min = 0]) => goMax(min, v)],
  ['clamp_max', (v, [max = 0]) => goMin(max, v)],
  ['clamp', (v, [min = 0, max = 0]) => goMax(min, goMin(max, v))],
  ['minute', (v) => dateOf(v).getUTCMinutes()],
  ['hour', (v) => dateOf(v).getUTCHours()],
  ['day_of_week', (v) => dateOf(v).getUTCDay()],
  ['day_of_month', (v) => dateOf(v).getUTCDate()],
  ['day_of_year', (v) => {
    const d = dateOf(v);
    return Math.round((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
  }],
  ['days_in_month', (v) => {
    const d = dateOf(v);
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  }],
  ['month', (v) => dateOf(v).getUTCMonth() + 1],
  ['year', (v) => dateOf(v).getUTCFullYear()],
]);

/** Go's math.Max/Min: NaN wins. */
function goMax(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b);
}
function goMin(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b);
}

/** Applies an element-wise function, dropping the metric name (clamp with max < min yields nothing). */
export function applyElementwise(name: string, input: readonly VectorSample[], args: readonly number[]): VectorSample[] {
  if (name === 'clamp' && args[1]! < args[0]!) return [];
  const f = ELEMENTWISE.get(name)!;
  return input.map((s) => ({ labels: dropMetricName(s.labels), v: f(s.v, args) }));
}
