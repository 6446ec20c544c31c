// The functions of one series' samples in a range (rate, *_over_time, …), as Prometheus 2.42 computes them.
// Each returns undefined where Prometheus drops the series from the result (e.g. rate of one sample).
import type { Sample } from './types.js';

/** Where the range lies: Prometheus extrapolates rate/increase/delta to its boundaries. */
export interface RangeWindow {
  readonly startMs: number;
  readonly endMs: number;
  /** The evaluation time (predict_linear's intercept). */
  readonly ts: number;
  /** The scalar argument (quantile_over_time's φ, predict_linear's seconds). */
  readonly param: number;
}

export type RangeFunction = (samples: readonly Sample[], w: RangeWindow) => number | undefined;

/** Prometheus's extrapolatedRate: the change over the window, extrapolated towards its ends. */
function extrapolatedRate(s: readonly Sample[], w: RangeWindow, isCounter: boolean, isRate: boolean): number | undefined {
  if (s.length < 2) return undefined;
  const first = s[0]!;
  const last = s[s.length - 1]!;
  let result = last.v - first.v;
  if (isCounter) {
    let prev = 0;
    for (const x of s) {
      if (x.v < prev) result += prev;
      prev = x.v;
    }
  }
  let toStart = (first.t - w.startMs) / 1000;
  const toEnd = (w.endMs - last.t) / 1000;
  const sampled = (last.t - first.t) / 1000;
  const avgStep = sampled / (s.length - 1);
  if (isCounter && result > 0 && first.v >= 0) {
    const toZero = sampled * (first.v / result);
    if (toZero < toStart) toStart = toZero;
  }
  const threshold = avgStep * 1.1;
  let interval = sampled;
  interval += toStart < threshold ? toStart : avgStep / 2;
  interval += toEnd < threshold ? toEnd : avgStep / 2;
  result *= interval / sampled;
  if (isRate) result /= (w.endMs - w.startMs) / 1000;
  return result;
}

function instantValue(s: readonly Sample[], isRate: boolean): number | undefined {
  if (s.length < 2) return undefined;
  const last = s[s.length - 1]!;
  const prev = s[s.length - 2]!;
  const result = isRate && last.v < prev.v ? last.v : last.v - prev.v;
  const interval = last.t - prev.t;
  if (interval === 0) return undefined;
  return isRate ? result / (interval / 1000) : result;
}

/** Least-squares slope and intercept (at `interceptMs`), as Prometheus's linearRegression. */
function linearRegression(s: readonly Sample[], interceptMs: number): { slope: number; intercept: number } {
  const initY = s[0]!.v;
  let constY = true;
  let n = 0, sumX = 0, sumY = 0, sumXY = 0, sumX2 = 0;
  for (let i = 0; i < s.length; i++) {
    const x = (s[i]!.t - interceptMs) / 1000;
    const y = s[i]!.v;
    if (constY && i > 0 && y !== initY) constY = false;
    n++;
    sumX += x;
    sumY += y;
    sumXY += x * y;
    sumX2 += x * x;
  }
  if (constY) return Number.isFinite(initY) ? { slope: 0, intercept: initY } : { slope: NaN, intercept: NaN };
  const slope = (sumXY - (sumX * sumY) / n) / (sumX2 - (sumX * sumX) / n);
  return { slope, intercept: sumY / n - (slope * sumX) / n };
}

/** Prometheus's quantile over plain values (φ-quantile, linear interpolation between ranks). */
export function quantileOf(q: number, values: number[]): number {
  if (values.length === 0) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  values.sort((a, b) => (Number.isNaN(a) ? -1 : Number.isNaN(b) ? 1 : a - b));
  const n = values.length;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return values[lower]! * (1 - weight) + values[upper]! * weight;
}

/** Welford's variance with Kahan-compensated sums, as Prometheus's stdvar_over_time. */
function variance(s: readonly Sample[]): number {
  let count = 0, mean = 0, cMean = 0, aux = 0, cAux = 0;
  for (const x of s) {
    count++;
    const delta = x.v - (mean + cMean);
    const inc = delta / count;
    let t = mean + inc;
    cMean += Math.abs(mean) >= Math.abs(inc) ? mean - t + inc : inc - t + mean;
    mean = t;
    const inc2 = delta * (x.v - (mean + cMean));
    t = aux + inc2;
    cAux += Math.abs(aux) >= Math.abs(inc2) ? aux - t + inc2 : inc2 - t + aux;
    aux = t;
  }
  return (aux + cAux) / count;
}

function sumOverTime(s: readonly Sample[]): number {
  let sum = 0, c = 0;
  for (const x of s) {
    const t = sum + x.v;
    c += Math.abs(sum) >= Math.abs(x.v) ? sum - t + x.v : x.v - t + sum;
    sum = t;
  }
  return Number.isFinite(sum) ? sum + c : sum;
}

/** The incremental mean of Prometheus 2.42's avg_over_time, Inf-aware and without overflow. */
function avgOverTime(s: readonly Sample[]): number {
  let mean = 0, count = 0;
  for (const x of s) {
    count++;
    if (!Number.isFinite(mean) && !Number.isNaN(mean)) {
      if (!Number.isFinite(x.v) && !Number.isNaN(x.v) && mean > 0 === x.v > 0) continue;
      if (Number.isFinite(x.v)) continue;
    }
    mean += x.v / count - mean / count;
  }
  return mean;
}

function extreme(s: readonly Sample[], max: boolean): number {
  let r = s[0]!.v;
  for (const x of s) if ((max ? x.v > r : x.v < r) || Number.isNaN(r)) r = x.v;
  return r;
}

function changes(s: readonly Sample[], resets: boolean): number {
  let n = 0;
  for (let i = 1; i < s.length; i++) {
    const cur = s[i]!.v;
    const prev = s[i - 1]!.v;
    if (resets ? cur < prev : cur !== prev && !(Number.isNaN(cur) && Number.isNaN(prev))) n++;
  }
  return n;
}

/** Every function of a range vector, but absent_over_time (which looks at all series at once). */
export const RANGE_FUNCTIONS: ReadonlyMap<string, RangeFunction> = new Map<string, RangeFunction>([
  ['rate', (s, w) => extrapolatedRate(s, w, true, true)],
  ['increase', (s, w) => extrapolatedRate(s, w, true, false)],
  ['delta', (s, w) => extrapolatedRate(s, w, false, false)],
  ['irate', (s) => instantValue(s, true)],
  ['idelta', (s) => instantValue(s, false)],
  ['deriv', (s) => (s.length < 2 ? undefined : linearRegression(s, s[0]!.t).slope)],
  ['predict_linear', (s, w) => {
    if (s.length < 2) return undefined;
    const { slope, intercept } = linearRegression(s, w.ts);
    return slope * w.param + intercept;
  }],
  ['resets', (s) => changes(s, true)],
  ['changes', (s) => changes(s, false)],
  ['avg_over_time', avgOverTime],
  ['min_over_time', (s) => extreme(s, false)],
  ['max_over_time', (s) => extreme(s, true)],
  ['sum_over_time', sumOverTime],
  ['count_over_time', (s) => s.length],
  ['quantile_over_time', (s, w) => quantileOf(w.param, s.map((x) => x.v))],
  ['stddev_over_time', (s) => Math.sqrt(variance(s))],
  ['stdvar_over_time', variance],
  ['last_over_time', (s) => s[s.length - 1]!.v],
  ['present_over_time', () => 1],
]);
