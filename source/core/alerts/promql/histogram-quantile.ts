// histogram_quantile over classic `le` buckets, as Prometheus 2.42's bucketQuantile.
import { dropMetricName, labelsKey } from './label-sets.js';
import { parseGoFloat } from './go-math.js';
import type { Labels, VectorSample } from './types.js';

interface Bucket {
  upper: number;
  count: number;
}

/** A bucket series' bound and its histogram's identity, worked out once per label object. */
interface BucketOf {
  readonly upper: number | undefined;
  readonly key: string;
  readonly labels: Labels;
}
const bucketCache = new WeakMap<Labels, BucketOf>();

function bucketOf(labels: Labels): BucketOf {
  let b = bucketCache.get(labels);
  if (b === undefined) {
    const le = labels.le;
    const rest: Record<string, string> = { ...labels };
    delete rest.le;
    b = { upper: le === undefined ? undefined : parseGoFloat(le), key: labelsKey(rest), labels: dropMetricName(rest) };
    bucketCache.set(labels, b);
  }
  return b;
}

/** The φ-quantile of each histogram in `input` (grouped by all labels but `le`), name and `le` dropped. */
export function histogramQuantile(q: number, input: readonly VectorSample[]): VectorSample[] {
  const groups = new Map<string, { labels: Labels; buckets: Bucket[] }>();
  for (const s of input) {
    const { upper, key, labels } = bucketOf(s.labels);
    if (upper === undefined) continue;
    let g = groups.get(key);
    if (g === undefined) {
      g = { labels, buckets: [] };
      groups.set(key, g);
    }
    g.buckets.push({ upper, count: s.v });
  }
  return [...groups.values()].map((g) => ({ labels: g.labels, v: bucketQuantile(q, g.buckets) }));
}

function bucketQuantile(q: number, input: Bucket[]): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  input.sort((a, b) => a.upper - b.upper);
  if (input[input.length - 1]!.upper !== Infinity) return NaN;
  const buckets = coalesce(input);
  let max = -Infinity;
  for (const b of buckets) {
    if (b.count > max) max = b.count;
    else if (b.count < max) b.count = max;
  }
  if (buckets.length < 2) return NaN;
  const observations = buckets[buckets.length - 1]!.count;
  if (observations === 0) return NaN;
  let rank = q * observations;
  let b = 0;
  // sort.Search over all but the +Inf bucket: the first bucket holding the rank.
  let lo = 0, hi = buckets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (buckets[mid]!.count >= rank) hi = mid;
    else lo = mid + 1;
  }
  b = lo;
  if (b === buckets.length - 1) return buckets[buckets.length - 2]!.upper;
  if (b === 0 && buckets[0]!.upper <= 0) return buckets[0]!.upper;
  let start = 0;
  const end = buckets[b]!.upper;
  let count = buckets[b]!.count;
  if (b > 0) {
    start = buckets[b - 1]!.upper;
    count -= buckets[b - 1]!.count;
    rank -= buckets[b - 1]!.count;
  }
  return start + (end - start) * (rank / count);
}

/** Buckets with the same upper bound (e.g. `le="1"` and `le="1.0"`) added together. */
function coalesce(buckets: Bucket[]): Bucket[] {
  const out: Bucket[] = [{ ...buckets[0]! }];
  for (let i = 1; i < buckets.length; i++) {
    const b = buckets[i]!;
    const last = out[out.length - 1]!;
    if (b.upper === last.upper) last.count += b.count;
    else out.push({ ...b });
  }
  return out;
}
