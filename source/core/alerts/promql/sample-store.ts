// The in-memory series store the rules evaluate over: one scrape per source per round, Prometheus's stale
// markers for series that vanish, bounded by named caps and a retention the rules' reach decides.
import { labelsKey } from './label-sets.js';
import type { Labels, LabelMatcher, Queryable, SeriesSamples, StoredSample, VectorSample } from './types.js';
import { compileMatcherRegex } from './matcher-regex.js';

/** Most series the store holds; a scrape's new series beyond it are refused (and counted). */
export const MAX_SERIES = 20_000;
/** Most samples per series; the oldest go first (and are counted). */
export const MAX_SAMPLES_PER_SERIES = 4_000;
/** Default retention: enough for the built-in rules' 5m ranges plus the 5m lookback, with margin. */
export const DEFAULT_RETENTION_MS = 15 * 60_000;

/** How often appendScrape sweeps series that vanished, so their memory goes once retention passes. */
const SWEEP_INTERVAL_MS = 60_000;

interface Series {
  readonly labels: Labels;
  readonly key: string;
  samples: StoredSample[];
  /** Index of the first live sample: trimming moves it instead of shifting the array every append. */
  head: number;
}

export interface SampleStoreStats {
  readonly series: number;
  readonly samples: number;
  readonly seriesRefused: number;
  readonly samplesDropped: number;
}

/** A Queryable fed by scrapes; series are indexed by metric name so a named selector scans only its metric. */
export class SampleStore implements Queryable {
  private readonly series = new Map<string, Series>();
  private readonly byName = new Map<string, Set<Series>>();
  /** Per source, the series keys of its last scrape: what gets a stale marker when it goes missing. */
  private readonly lastScrape = new Map<string, Set<string>>();
  private readonly regexCache = new Map<string, RegExp>();
  private retentionMs = DEFAULT_RETENTION_MS;
  private lastSweep = -Infinity;
  private sampleCount = 0;
  private seriesRefused = 0;
  private samplesDropped = 0;

  setRetentionMs(ms: number): void {
    this.retentionMs = ms;
  }

  /** One scrape of `source` at `t`: appends its samples, and stale markers for its series that vanished. */
  appendScrape(source: string, t: number, samples: readonly VectorSample[]): void {
    const seen = new Set<string>();
    for (const s of samples) {
      const key = labelsKey(s.labels);
      seen.add(key);
      this.append(key, s.labels, t, s.v, false);
    }
    for (const key of this.lastScrape.get(source) ?? []) if (!seen.has(key)) this.markStale(key, t);
    this.lastScrape.set(source, seen);
    if (t - this.lastSweep >= SWEEP_INTERVAL_MS) this.sweep(t);
  }

  /** Trims series no longer scraped (their appends no longer trim them) and forgets the empty ones. */
  private sweep(now: number): void {
    this.lastSweep = now;
    for (const s of this.series.values()) {
      this.trim(s, now);
      if (s.head < s.samples.length) continue;
      this.series.delete(s.key);
      this.byName.get(s.labels.__name__ ?? '')?.delete(s);
    }
  }

  /** The source is gone (shut down, rules removed): every series of its last scrape gets a stale marker. */
  endSource(source: string, t: number): void {
    for (const key of this.lastScrape.get(source) ?? []) this.markStale(key, t);
    this.lastScrape.delete(source);
  }

  stats(): SampleStoreStats {
    return { series: this.series.size, samples: this.sampleCount, seriesRefused: this.seriesRefused, samplesDropped: this.samplesDropped };
  }

  *select(matchers: readonly LabelMatcher[], mint: number, maxt: number): Iterable<SeriesSamples> {
    const tests = matchers.map((m) => this.tester(m));
    const name = matchers.find((m) => m.name === '__name__' && m.op === '=');
    const candidates = name === undefined ? this.series.values() : (this.byName.get(name.value) ?? []);
    for (const s of candidates) {
      if (!tests.every((test) => test(s.labels))) continue;
      const samples = s.samples;
      let lo = s.head;
      while (lo < samples.length && samples[lo]!.t < mint) lo++;
      let hi = samples.length;
      while (hi > lo && samples[hi - 1]!.t > maxt) hi--;
      const picked = samples.slice(lo, hi);
      if (picked.length > 0) yield { labels: s.labels, samples: picked };
    }
  }

  private tester(m: LabelMatcher): (labels: Labels) => boolean {
    if (m.op === '=') return (l) => (l[m.name] ?? '') === m.value;
    if (m.op === '!=') return (l) => (l[m.name] ?? '') !== m.value;
    let re = this.regexCache.get(m.value);
    if (re === undefined) {
      re = compileMatcherRegex(m.value);
      this.regexCache.set(m.value, re);
    }
    const r = re;
    return m.op === '=~' ? (l) => r.test(l[m.name] ?? '') : (l) => !r.test(l[m.name] ?? '');
  }

  private markStale(key: string, t: number): void {
    const s = this.series.get(key);
    if (s !== undefined) this.append(key, s.labels, t, NaN, true);
  }

  private append(key: string, labels: Labels, t: number, v: number, stale: boolean): void {
    let s = this.series.get(key);
    if (s === undefined) {
      if (stale) return;
      if (this.series.size >= MAX_SERIES) {
        this.seriesRefused++;
        return;
      }
      s = { labels, key, samples: [], head: 0 };
      this.series.set(key, s);
      const name = labels.__name__ ?? '';
      let set = this.byName.get(name);
      if (set === undefined) this.byName.set(name, (set = new Set()));
      set.add(s);
    }
    const last = s.samples[s.samples.length - 1];
    if (last !== undefined && last.t >= t) {
      this.samplesDropped++;
      return;
    }
    s.samples.push(stale ? { t, v, stale: true } : { t, v });
    this.sampleCount++;
    this.trim(s, t);
  }

  /** Drops samples past retention or the per-series cap; a series left with none is forgotten. */
  private trim(s: Series, now: number): void {
    const minT = now - this.retentionMs;
    while (s.head < s.samples.length && (s.samples[s.head]!.t < minT || s.samples.length - s.head > MAX_SAMPLES_PER_SERIES)) {
      if (s.samples.length - s.head > MAX_SAMPLES_PER_SERIES) this.samplesDropped++;
      s.head++;
      this.sampleCount--;
    }
    if (s.head > 1024 && s.head * 2 > s.samples.length) {
      s.samples = s.samples.slice(s.head);
      s.head = 0;
    }
  }
}
