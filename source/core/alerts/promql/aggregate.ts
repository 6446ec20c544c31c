// Aggregation operators (sum, avg, topk, count_values, …) with by/without, as Prometheus 2.42's aggregation().
import type { AggregateOp } from './ast.js';
import { formatFloatF } from './go-math.js';
import { METRIC_NAME, labelsKey, signatureOn, signatureWithout, withLabel } from './label-sets.js';
import { PromQLEvalError } from './eval-error.js';
import { quantileOf } from './range-functions.js';
import type { Labels, VectorSample } from './types.js';

interface Group {
  labels: Labels;
  value: number;
  mean: number;
  count: number;
  heap: VectorSample[];
  values: number[];
}

/**
 * Group label sets handed out before, by grouping and signature: a rule's `sum by (…)` returns the same
 * label objects every round, so what reads them next (histogram_quantile, a comparison, the alert engine)
 * finds its per-label-set caches warm instead of keying fresh copies. Label sets are never mutated, so
 * sharing is safe; the table is emptied when it reaches its cap.
 */
const internedGroups = new Map<string, Labels>();
export const MAX_INTERNED_GROUPS = 100_000;

const groupingKeys = new WeakMap<readonly string[], string>();

function internedGroupLabels(signature: string, labels: Labels, names: readonly string[], without: boolean): Labels {
  let grouping = groupingKeys.get(names);
  if (grouping === undefined) groupingKeys.set(names, (grouping = names.join('\xff')));
  const key = `${without ? '-' : '+'}${grouping}\xfd${signature}`;
  let out = internedGroups.get(key);
  if (out === undefined) {
    if (internedGroups.size >= MAX_INTERNED_GROUPS) internedGroups.clear();
    out = groupLabels(labels, names, without);
    internedGroups.set(key, out);
  }
  return out;
}

const NO_SAMPLES: VectorSample[] = [];
const NO_VALUES: number[] = [];

/** What an aggregation groups by. */
export interface Grouping {
  readonly labels: readonly string[];
  readonly without: boolean;
}

/** Applies `op` to `input`; `param` is topk/bottomk's k, quantile's φ or count_values' label name. */
export function aggregate(op: AggregateOp, input: readonly VectorSample[], grouping: Grouping, param: number | string | undefined): VectorSample[] {
  let names = grouping.labels;
  let samples = input;
  if (op === 'count_values') {
    const label = param as string;
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label)) throw new PromQLEvalError(`invalid label name "${label}"`);
    if (!grouping.without) names = [...names, label];
    samples = input.map((s) => ({ labels: withLabel(s.labels, label, formatFloatF(s.v)), v: s.v }));
  }
  let k = 0;
  if (op === 'topk' || op === 'bottomk') {
    k = Math.trunc(param as number);
    if (!(k >= 1)) return [];
    // Ties go to the earlier series; Prometheus's selectors hand them over sorted by label set.
    // Each key looked up once, not twice per comparison.
    const keyed = samples.map((s) => ({ s, key: labelsKey(s.labels) }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    samples = keyed.map((x) => x.s);
  }
  const groups = new Map<string, Group>();
  const order: Group[] = [];
  // Only topk/bottomk keep a heap and only quantile keeps the values: the other operators allocate neither.
  const keepsHeap = op === 'topk' || op === 'bottomk';
  const keepsValues = op === 'quantile';
  for (const s of samples) {
    const key = grouping.without ? signatureWithout(s.labels, names) : signatureOn(s.labels, names);
    const g = groups.get(key);
    if (g === undefined) {
      const fresh: Group = { labels: internedGroupLabels(key, s.labels, names, grouping.without), value: s.v, mean: s.v, count: 1, heap: keepsHeap ? [s] : NO_SAMPLES, values: keepsValues ? [s.v] : NO_VALUES };
      if (op === 'stddev' || op === 'stdvar') fresh.value = 0;
      groups.set(key, fresh);
      order.push(fresh);
      continue;
    }
    accumulate(op, g, s, k);
  }
  const out: VectorSample[] = [];
  for (const g of order) {
    switch (op) {
      case 'topk': case 'bottomk': {
        const heap = g.heap.slice().sort((a, b) => compareForTop(a.v, b.v, op === 'topk'));
        for (const s of heap) out.push(s);
        continue;
      }
      case 'sum': case 'min': case 'max': out.push({ labels: g.labels, v: g.value }); continue;
      case 'avg': out.push({ labels: g.labels, v: g.mean }); continue;
      case 'count': case 'count_values': out.push({ labels: g.labels, v: g.count }); continue;
      case 'group': out.push({ labels: g.labels, v: 1 }); continue;
      case 'stdvar': out.push({ labels: g.labels, v: g.value / g.count }); continue;
      case 'stddev': out.push({ labels: g.labels, v: Math.sqrt(g.value / g.count) }); continue;
      case 'quantile': out.push({ labels: g.labels, v: quantileOf(param as number, g.values) }); continue;
    }
  }
  return out;
}

function accumulate(op: AggregateOp, g: Group, s: VectorSample, k: number): void {
  const v = s.v;
  switch (op) {
    case 'sum': g.value += v; return;
    case 'avg': {
      g.count++;
      if (!Number.isFinite(g.mean) && !Number.isNaN(g.mean)) {
        if (!Number.isFinite(v) && !Number.isNaN(v) && g.mean > 0 === v > 0) return;
        if (Number.isFinite(v)) return;
      }
      g.mean += v / g.count - g.mean / g.count;
      return;
    }
    case 'count': case 'count_values': case 'group': g.count++; return;
    case 'max': if (g.value < v || Number.isNaN(g.value)) g.value = v; return;
    case 'min': if (g.value > v || Number.isNaN(g.value)) g.value = v; return;
    case 'stddev': case 'stdvar': {
      g.count++;
      const delta = v - g.mean;
      g.mean += delta / g.count;
      g.value += delta * (v - g.mean);
      return;
    }
    case 'topk': case 'bottomk': pushTop(g.heap, s, k, op === 'topk'); return;
    case 'quantile': g.values.push(v); return;
  }
}

/** The result labels of a group: the `by` labels, or all but the `without` labels and the name. */
function groupLabels(labels: Labels, names: readonly string[], without: boolean): Labels {
  const out: Record<string, string> = {};
  if (without) {
    for (const key of Object.keys(labels)) if (key !== METRIC_NAME && !names.includes(key)) out[key] = labels[key]!;
  } else {
    for (const n of names) if (labels[n] !== undefined && labels[n] !== '') out[n] = labels[n]!;
  }
  return out;
}

/** Heap order of Go's vectorByValueHeap (topk) / vectorByReverseValueHeap (bottomk): NaN sorts first. */
function less(a: number, b: number, top: boolean): boolean {
  if (Number.isNaN(a)) return true;
  return top ? a < b : a > b;
}

/**
 * topk/bottomk keep a heap of k elements as Prometheus does with Go's container/heap, so that ties are
 * broken the same way (which series survives among equal values depends on heap positions).
 */
function pushTop(heap: VectorSample[], s: VectorSample, k: number, top: boolean): void {
  if (heap.length < k) {
    heap.push(s);
    let j = heap.length - 1;
    while (j > 0) {
      const i = (j - 1) >> 1;
      if (!less(heap[j]!.v, heap[i]!.v, top)) break;
      [heap[i], heap[j]] = [heap[j]!, heap[i]!];
      j = i;
    }
    return;
  }
  const min = heap[0]!.v;
  const replace = top ? min < s.v : min > s.v;
  if (!(replace || (Number.isNaN(min) && !Number.isNaN(s.v)))) return;
  heap[0] = s;
  if (k > 1) siftDown(heap, top);
}

function siftDown(heap: VectorSample[], top: boolean): void {
  let i = 0;
  const n = heap.length;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= n) return;
    let j = left;
    if (left + 1 < n && less(heap[left + 1]!.v, heap[left]!.v, top)) j = left + 1;
    if (!less(heap[j]!.v, heap[i]!.v, top)) return;
    [heap[i], heap[j]] = [heap[j]!, heap[i]!];
    i = j;
  }
}

/** Output order of topk (descending) / bottomk (ascending), NaN last. */
function compareForTop(a: number, b: number, top: boolean): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return top ? b - a : a - b;
}

