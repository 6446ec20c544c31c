// Evaluates a parsed PromQL expression at one instant over a Queryable, with Prometheus 2.42's semantics:
// lookback and staleness for instant selectors, [t-range, t] for ranges, absolute step alignment for
// subqueries, `@`/offset as a shift of the selector's evaluation time.
import type { AtModifier, Call, Expr, MatrixSelector, Subquery, VectorSelector } from './ast.js';
import { COMPARISON_OPS } from './ast.js';
import { aggregate } from './aggregate.js';
import { scalarBinop, setBinop, vectorBinop, vectorScalarBinop } from './binary.js';
import { PromQLEvalError } from './eval-error.js';
import { histogramQuantile } from './histogram-quantile.js';
import { labelJoin, labelReplace } from './label-functions.js';
import { dropMetricName, hasDuplicateLabelsets, labelsKey, sameMetricName } from './label-sets.js';
import { RANGE_FUNCTIONS } from './range-functions.js';
import { columnsOf } from './series-samples.js';
import type { InstantValue, Labels, Queryable, Sample, SampleColumns, SeriesSamples, VectorSample } from './types.js';
import { LOOKBACK_MS } from './types.js';
import { ELEMENTWISE, applyElementwise } from './vector-functions.js';

export { PromQLEvalError } from './eval-error.js';

/** Prometheus's default evaluation interval, the step of a subquery written without one (`[5m:]`). */
export const DEFAULT_SUBQUERY_STEP_MS = 60_000;

export interface EvaluateOptions {
  /** The instant selectors' lookback (staleness window); default 5 minutes. */
  readonly lookbackMs?: number;
  /** The step of subqueries without one: the caller's evaluation interval. */
  readonly subqueryStepMs?: number;
}

/** One series of a range value: its labels and its samples as columns (stale markers already left out). */
interface RangeSeries extends SampleColumns {
  readonly labels: Labels;
}

interface RangeValue {
  readonly type: 'range';
  readonly series: RangeSeries[];
  readonly startMs: number;
  readonly endMs: number;
}

type Value =
  | { readonly type: 'scalar'; readonly v: number }
  | { readonly type: 'string'; readonly v: string }
  | { readonly type: 'vector'; readonly samples: readonly VectorSample[] }
  | RangeValue;

/** Evaluates `expr` at `t` (ms); throws PromQLEvalError when Prometheus would fail the query. */
export function evaluateInstant(expr: Expr, q: Queryable, t: number, opts: EvaluateOptions = {}): InstantValue {
  const ev = new Evaluator(q, t, opts.lookbackMs ?? LOOKBACK_MS, opts.subqueryStepMs ?? DEFAULT_SUBQUERY_STEP_MS);
  const v = ev.eval(expr, t);
  if (v.type !== 'range') return v;
  return { type: 'matrix', series: v.series.map((s) => ({ labels: s.labels, samples: sampleObjects(s) })) };
}

function sampleObjects(s: SampleColumns): Sample[] {
  const out: Sample[] = [];
  for (let i = s.start; i < s.end; i++) out.push({ t: s.t[i]!, v: s.v[i]! });
  return out;
}

/** A selected series as a range series: the store's columns as they are, or a copy without its stale markers. */
function rangeSeries(s: SeriesSamples): RangeSeries {
  const { stale, start, end } = s;
  let kept = end - start;
  if (stale !== undefined) for (let i = start; i < end; i++) kept -= stale[i]!;
  if (kept === end - start) return { labels: s.labels, t: s.t, v: s.v, start, end, resets: s.resets };
  const t = new Float64Array(kept);
  const v = new Float64Array(kept);
  let j = 0;
  for (let i = start; i < end; i++) {
    if (stale![i] === 1) continue;
    t[j] = s.t[i]!;
    v[j++] = s.v[i]!;
  }
  return { labels: s.labels, t, v, start: 0, end: kept, resets: undefined };
}

/**
 * The output of a function or operator, after Prometheus's duplicate label set check. `namesDroppedFrom`
 * is the input when the output's labels are its labels, the metric name perhaps dropped: the check is
 * skipped when that cannot have made two of them equal.
 */
function checked(samples: VectorSample[], namesDroppedFrom?: readonly { readonly labels: Labels }[]): Value {
  if (namesDroppedFrom !== undefined && sameMetricName(namesDroppedFrom)) return { type: 'vector', samples };
  if (hasDuplicateLabelsets(samples)) throw new PromQLEvalError('vector cannot contain metrics with the same labelset');
  return { type: 'vector', samples };
}

class Evaluator {
  constructor(
    private readonly q: Queryable,
    /** The query's time: what `@ start()` and `@ end()` mean for an instant query. */
    private readonly queryT: number,
    private readonly lookbackMs: number,
    private readonly stepMs: number,
  ) {}

  eval(e: Expr, ts: number): Value {
    switch (e.kind) {
      case 'number': return { type: 'scalar', v: e.v };
      case 'string': return { type: 'string', v: e.v };
      case 'vectorSelector': return { type: 'vector', samples: this.instant(e, ts).map((s) => ({ labels: s.labels, v: s.v })) };
      case 'matrixSelector': return this.range(e, ts);
      case 'subquery': return this.subquery(e, ts);
      case 'call': return this.call(e, ts);
      case 'aggregate': {
        const param = e.param === undefined ? undefined : this.eval(e.param, ts);
        const p = param === undefined ? undefined : param.type === 'scalar' || param.type === 'string' ? param.v : undefined;
        return { type: 'vector', samples: aggregate(e.op, this.vector(e.expr, ts), { labels: e.grouping, without: e.without }, p) };
      }
      case 'unary': {
        const v = this.eval(e.expr, ts);
        if (e.op === '+') return v;
        if (v.type === 'scalar') return { type: 'scalar', v: -v.v };
        if (v.type !== 'vector') throw new PromQLEvalError('unary minus on a non-numeric value');
        return checked(v.samples.map((s) => ({ labels: dropMetricName(s.labels), v: -s.v })), v.samples);
      }
      case 'binary': {
        const l = this.eval(e.lhs, ts);
        const r = this.eval(e.rhs, ts);
        if (l.type === 'scalar' && r.type === 'scalar') return { type: 'scalar', v: scalarBinop(e.op, l.v, r.v) };
        // Filters (a comparison without bool, and/or/unless) return input elements unchanged: every vector
        // is already free of duplicate label sets, so only rewritten labels need Prometheus's check.
        const filters = COMPARISON_OPS.has(e.op) && !e.bool;
        if (l.type === 'vector' && r.type === 'scalar') {
          const out = vectorScalarBinop(e.op, l.samples, r.v, false, e.bool);
          return filters ? { type: 'vector', samples: out } : checked(out, l.samples);
        }
        if (l.type === 'scalar' && r.type === 'vector') {
          const out = vectorScalarBinop(e.op, r.samples, l.v, true, e.bool);
          return filters ? { type: 'vector', samples: out } : checked(out, r.samples);
        }
        if (l.type !== 'vector' || r.type !== 'vector' || e.matching === undefined) throw new PromQLEvalError('invalid binary operands');
        if (e.op === 'and' || e.op === 'or' || e.op === 'unless') return { type: 'vector', samples: setBinop(e.op, l.samples, r.samples, e.matching) };
        return checked(vectorBinop(e.op, l.samples, r.samples, e.matching, e.bool));
      }
    }
  }

  private vector(e: Expr, ts: number): readonly VectorSample[] {
    const v = this.eval(e, ts);
    if (v.type !== 'vector') throw new PromQLEvalError(`expected an instant vector, got ${v.type}`);
    return v.samples;
  }

  private scalar(e: Expr, ts: number): number {
    const v = this.eval(e, ts);
    if (v.type !== 'scalar') throw new PromQLEvalError(`expected a scalar, got ${v.type}`);
    return v.v;
  }

  private string(e: Expr, ts: number): string {
    const v = this.eval(e, ts);
    if (v.type !== 'string') throw new PromQLEvalError(`expected a string, got ${v.type}`);
    return v.v;
  }

  /** The time a selector or subquery looks at: `@` (absolute) or the evaluation time, minus the offset. */
  private shifted(at: AtModifier | undefined, offsetMs: number, ts: number): number {
    const base = at === undefined ? ts : at.kind === 'timestamp' ? at.ms : this.queryT;
    return base - offsetMs;
  }

  /** An instant selector: each series' latest sample in the lookback window, unless it is a stale marker. */
  private instant(e: VectorSelector, ts: number): { labels: Labels; v: number; t: number }[] {
    const refT = this.shifted(e.at, e.offsetMs, ts);
    if (this.q.latest) return this.q.latest(e.matchers, refT, this.lookbackMs);
    const out: { labels: Labels; v: number; t: number }[] = [];
    for (const s of this.q.select(e.matchers, refT - this.lookbackMs, refT)) {
      let i = s.end - 1;
      while (i >= s.start && s.t[i]! > refT) i--;
      if (i < s.start || s.stale?.[i] === 1 || s.t[i]! < refT - this.lookbackMs) continue;
      out.push({ labels: s.labels, v: s.v[i]!, t: s.t[i]! });
    }
    return out;
  }

  /** A range selector: the samples in [t - range, t], stale markers left out, empty series dropped. */
  private range(e: MatrixSelector, ts: number): RangeValue {
    const endMs = this.shifted(e.selector.at, e.selector.offsetMs, ts);
    const startMs = endMs - e.rangeMs;
    const series: RangeSeries[] = [];
    for (const s of this.q.select(e.selector.matchers, startMs, endMs)) {
      // The Queryable already bounds the samples to the range; copy only to leave stale markers out.
      const r = rangeSeries(s);
      if (r.end > r.start) series.push(r);
    }
    return { type: 'range', series, startMs, endMs };
  }

  /** A subquery: the inner expression at every multiple of the step within [t - range, t]. */
  private subquery(e: Subquery, ts: number): RangeValue {
    const endMs = this.shifted(e.at, e.offsetMs, ts);
    const startMs = endMs - e.rangeMs;
    const step = e.stepMs ?? this.stepMs;
    const bySeries = new Map<string, { labels: Labels; samples: Sample[] }>();
    for (let t = Math.ceil(startMs / step) * step; t <= endMs; t += step) {
      for (const s of this.vector(e.expr, t)) {
        const key = labelsKey(s.labels);
        let series = bySeries.get(key);
        if (series === undefined) {
          series = { labels: s.labels, samples: [] };
          bySeries.set(key, series);
        }
        series.samples.push({ t, v: s.v });
      }
    }
    const series = [...bySeries.values()].map((s): RangeSeries => {
      const c = columnsOf(s.samples);
      return { labels: s.labels, t: c.t, v: c.v, start: c.start, end: c.end, resets: undefined };
    });
    return { type: 'range', series, startMs, endMs };
  }

  private rangeArg(e: Expr, ts: number): RangeValue {
    const v = this.eval(e, ts);
    if (v.type !== 'range') throw new PromQLEvalError(`expected a range vector, got ${v.type}`);
    return v;
  }

  private call(e: Call, ts: number): Value {
    const { func, args } = e;
    const rangeFn = RANGE_FUNCTIONS.get(func);
    if (rangeFn !== undefined) {
      const paramIndex = func === 'quantile_over_time' ? 0 : func === 'predict_linear' ? 1 : -1;
      const param = paramIndex < 0 ? 0 : this.scalar(args[paramIndex]!, ts);
      const range = this.rangeArg(args[paramIndex === 0 ? 1 : 0]!, ts);
      const window = { startMs: range.startMs, endMs: range.endMs, ts, param };
      const keepName = func === 'last_over_time';
      const out: VectorSample[] = [];
      for (const s of range.series) {
        const v = rangeFn(s, window);
        if (v !== undefined) out.push({ labels: keepName ? s.labels : dropMetricName(s.labels), v });
      }
      // Range series are distinct label sets (a selector's series, a subquery's by key).
      return keepName ? { type: 'vector', samples: out } : checked(out, range.series);
    }
    if (ELEMENTWISE.has(func)) {
      const input = args.length === 0 ? [{ labels: {}, v: ts / 1000 }] : this.vector(args[0]!, ts);
      return checked(applyElementwise(func, input, args.slice(1).map((a) => this.scalar(a, ts))), input);
    }
    switch (func) {
      case 'absent_over_time': {
        const range = this.rangeArg(args[0]!, ts);
        return { type: 'vector', samples: range.series.length > 0 ? [] : [{ labels: absentLabels(args[0]!), v: 1 }] };
      }
      case 'absent': {
        const input = this.vector(args[0]!, ts);
        return { type: 'vector', samples: input.length > 0 ? [] : [{ labels: absentLabels(args[0]!), v: 1 }] };
      }
      case 'timestamp': {
        const arg = args[0]!;
        if (arg.kind === 'vectorSelector') {
          const input = this.instant(arg, ts);
          return checked(input.map((s) => ({ labels: dropMetricName(s.labels), v: s.t / 1000 })), input);
        }
        const input = this.vector(arg, ts);
        return checked(input.map((s) => ({ labels: dropMetricName(s.labels), v: ts / 1000 })), input);
      }
      case 'sort': case 'sort_desc': {
        const desc = func === 'sort_desc';
        const sorted = [...this.vector(args[0]!, ts)].sort((a, b) => {
          if (Number.isNaN(a.v)) return Number.isNaN(b.v) ? 0 : 1;
          if (Number.isNaN(b.v)) return -1;
          return desc ? b.v - a.v : a.v - b.v;
        });
        return { type: 'vector', samples: sorted };
      }
      case 'label_replace':
        return checked(labelReplace(this.vector(args[0]!, ts), this.string(args[1]!, ts), this.string(args[2]!, ts), this.string(args[3]!, ts), this.string(args[4]!, ts)));
      case 'label_join':
        return checked(labelJoin(this.vector(args[0]!, ts), this.string(args[1]!, ts), this.string(args[2]!, ts), args.slice(3).map((a) => this.string(a, ts))));
      case 'histogram_quantile':
        return checked(histogramQuantile(this.scalar(args[0]!, ts), this.vector(args[1]!, ts)));
      case 'scalar': {
        const input = this.vector(args[0]!, ts);
        return { type: 'scalar', v: input.length === 1 ? input[0]!.v : NaN };
      }
      case 'vector': return { type: 'vector', samples: [{ labels: {}, v: this.scalar(args[0]!, ts) }] };
      case 'time': return { type: 'scalar', v: ts / 1000 };
      case 'pi': return { type: 'scalar', v: Math.PI };
      default: throw new PromQLEvalError(`function ${func} is not implemented`);
    }
  }
}

/** absent()'s labels: the selector's equality matchers, minus any label matched more than once or otherwise. */
function absentLabels(arg: Expr): Labels {
  const sel = arg.kind === 'vectorSelector' ? arg : arg.kind === 'matrixSelector' ? arg.selector : undefined;
  if (sel === undefined) return {};
  const out: Record<string, string> = {};
  const dropped: string[] = [];
  for (const m of sel.matchers) {
    if (m.name === '__name__') continue;
    if (m.op === '=' && !(m.name in out)) {
      if (m.value !== '') out[m.name] = m.value;
    } else dropped.push(m.name);
  }
  for (const n of dropped) delete out[n];
  return out;
}
