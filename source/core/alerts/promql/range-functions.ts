// The functions of one series' samples in a range (rate, *_over_time, …), as Prometheus 2.42 computes them.
// Each returns undefined where Prometheus drops the series from the result (e.g. rate of one sample). They
// read the samples as columns, [start, end) of typed arrays, and allocate nothing per sample.
import type { SampleColumns } from './types.js';

/** Where the range lies: Prometheus extrapolates rate/increase/delta to its boundaries. */
export interface RangeWindow {
  readonly startMs: number;
  readonly endMs: number;
  /** The evaluation time (predict_linear's intercept). */
  readonly ts: number;
  /** The scalar argument (quantile_over_time's φ, predict_linear's seconds). */
  readonly param: number;
}

export type RangeFunction = (s: SampleColumns, w: RangeWindow) => number | undefined;

/** Prometheus's extrapolatedRate: the change over the window, extrapolated towards its ends. */
function extrapolatedRate(s: SampleColumns, w: RangeWindow, isCounter: boolean, isRate: boolean): number | undefined {
  const { t, v, start, end } = s;
  const n = end - start;
  if (n < 2) return undefined;
  const firstT = t[start]!;
  const firstV = v[start]!;
  const lastT = t[end - 1]!;
  let result = v[end - 1]! - firstV;
  // Without a reset in the window (the resets column says so, when there is one) the scan adds nothing.
  if (isCounter && (s.resets === undefined || s.resets[start] !== s.resets[end - 1])) {
    let prev = 0;
    for (let i = start; i < end; i++) {
      const x = v[i]!;
      if (x < prev) result += prev;
      prev = x;
    }
  }
  let toStart = (firstT - w.startMs) / 1000;
  const toEnd = (w.endMs - lastT) / 1000;
  const sampled = (lastT - firstT) / 1000;
  const avgStep = sampled / (n - 1);
  if (isCounter && result > 0 && firstV >= 0) {
    const toZero = sampled * (firstV / result);
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

function instantValue(s: SampleColumns, isRate: boolean): number | undefined {
  const { t, v, start, end } = s;
  if (end - start < 2) return undefined;
  const lastV = v[end - 1]!;
  const prevV = v[end - 2]!;
  const result = isRate && lastV < prevV ? lastV : lastV - prevV;
  const interval = t[end - 1]! - t[end - 2]!;
  if (interval === 0) return undefined;
  return isRate ? result / (interval / 1000) : result;
}

/** Least-squares slope and intercept (at `interceptMs`), as Prometheus's linearRegression. */
function linearRegression(s: SampleColumns, interceptMs: number): { slope: number; intercept: number } {
  const { t, v, start, end } = s;
  const initY = v[start]!;
  let constY = true;
  let n = 0, sumX = 0, sumY = 0, sumXY = 0, sumX2 = 0;
  for (let i = start; i < end; i++) {
    const x = (t[i]! - interceptMs) / 1000;
    const y = v[i]!;
    if (constY && i > start && y !== initY) constY = false;
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
function variance(s: SampleColumns): number {
  const { v, start, end } = s;
  let count = 0, mean = 0, cMean = 0, aux = 0, cAux = 0;
  for (let i = start; i < end; i++) {
    const x = v[i]!;
    count++;
    const delta = x - (mean + cMean);
    const inc = delta / count;
    let t = mean + inc;
    cMean += Math.abs(mean) >= Math.abs(inc) ? mean - t + inc : inc - t + mean;
    mean = t;
    const inc2 = delta * (x - (mean + cMean));
    t = aux + inc2;
    cAux += Math.abs(aux) >= Math.abs(inc2) ? aux - t + inc2 : inc2 - t + aux;
    aux = t;
  }
  return (aux + cAux) / count;
}

function sumOverTime(s: SampleColumns): number {
  const { v, start, end } = s;
  let sum = 0, c = 0;
  for (let i = start; i < end; i++) {
    const x = v[i]!;
    const t = sum + x;
    c += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return Number.isFinite(sum) ? sum + c : sum;
}

/** The incremental mean of Prometheus 2.42's avg_over_time, Inf-aware and without overflow. */
function avgOverTime(s: SampleColumns): number {
  const { v, start, end } = s;
  let mean = 0, count = 0;
  for (let i = start; i < end; i++) {
    const x = v[i]!;
    count++;
    if (!Number.isFinite(mean) && !Number.isNaN(mean)) {
      if (!Number.isFinite(x) && !Number.isNaN(x) && mean > 0 === x > 0) continue;
      if (Number.isFinite(x)) continue;
    }
    mean += x / count - mean / count;
  }
  return mean;
}

function extreme(s: SampleColumns, max: boolean): number {
  const { v, start, end } = s;
  let r = v[start]!;
  for (let i = start; i < end; i++) {
    const x = v[i]!;
    if ((max ? x > r : x < r) || Number.isNaN(r)) r = x;
  }
  return r;
}

function changes(s: SampleColumns, resets: boolean): number {
  const { v, start, end } = s;
  let n = 0;
  for (let i = start + 1; i < end; i++) {
    const cur = v[i]!;
    const prev = v[i - 1]!;
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
  ['deriv', (s) => (s.end - s.start < 2 ? undefined : linearRegression(s, s.t[s.start]!).slope)],
  ['predict_linear', (s, w) => {
    if (s.end - s.start < 2) return undefined;
    const { slope, intercept } = linearRegression(s, w.ts);
    return slope * w.param + intercept;
  }],
  ['resets', (s) => changes(s, true)],
  ['changes', (s) => changes(s, false)],
  ['avg_over_time', avgOverTime],
  ['min_over_time', (s) => extreme(s, false)],
  ['max_over_time', (s) => extreme(s, true)],
  ['sum_over_time', sumOverTime],
  ['count_over_time', (s) => s.end - s.start],
  ['quantile_over_time', (s, w) => quantileOf(w.param, Array.from(s.v.subarray(s.start, s.end)))],
  ['stddev_over_time', (s) => Math.sqrt(variance(s))],
  ['stdvar_over_time', variance],
  ['last_over_time', (s) => s.v[s.end - 1]!],
  ['present_over_time', () => 1],
]);
