// SeriesSamples' columns as sample objects, for the few readers that want them (the query API's matrix
// results, tests); the evaluator's hot paths read the columns directly.
import type { SampleColumns, SeriesSamples, StoredSample } from './types.js';

/** The samples of `s` as objects, stale markers flagged. */
export function samplesOf(s: SeriesSamples): StoredSample[] {
  const out: StoredSample[] = [];
  for (let i = s.start; i < s.end; i++) out.push(s.stale?.[i] === 1 ? { t: s.t[i]!, v: s.v[i]!, stale: true } : { t: s.t[i]!, v: s.v[i]! });
  return out;
}

/** Sample objects as columns (a fixture's series, a subquery's points), starting at index 0. */
export function columnsOf(samples: readonly { readonly t: number; readonly v: number }[]): SampleColumns {
  const t = new Float64Array(samples.length);
  const v = new Float64Array(samples.length);
  samples.forEach((p, i) => {
    t[i] = p.t;
    v[i] = p.v;
  });
  return { t, v, start: 0, end: samples.length, resets: undefined };
}
