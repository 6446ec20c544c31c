// The in-memory series store the rules evaluate over: one scrape per source per round, Prometheus's stale
// markers for series that vanish, bounded by named caps and a retention the rules' reach decides.
//
// Memory is bounded by design: at most MAX_TOTAL_SAMPLES live samples of 21 bytes (time, value, stale
// flag, reset count) in columnar buffers that stay within 4× their live samples after a sweep, so about
// 4 × 21 B × 5M ≈ 420 MB in the worst case (twice the live data, ~210 MB, in steady state), plus
// MAX_SERIES label sets.
import { labelsKey } from './label-sets.js';
import { SeriesColumns } from './series-columns.js';
import type { Labels, LabelMatcher, Queryable, SeriesSamples, VectorSample } from './types.js';
import { compileMatcherRegex } from './matcher-regex.js';

/** Most series the store holds; a scrape's new series beyond it are refused (and counted). */
export const MAX_SERIES = 20_000;
/** Most samples per series; the oldest go first (and are counted). */
export const MAX_SAMPLES_PER_SERIES = 4_000;
/**
 * Most samples in the whole store. Past it, a series' append drops its own oldest sample (a series with
 * none gets no sample), both counted in samplesDropped: MAX_SERIES × MAX_SAMPLES_PER_SERIES would be 80M.
 */
export const MAX_TOTAL_SAMPLES = 5_000_000;
/** Default retention: enough for the built-in rules' 5m ranges plus the 5m lookback, with margin. */
export const DEFAULT_RETENTION_MS = 15 * 60_000;

/** How often appendScrape sweeps series that vanished, so their memory goes once retention passes. */
const SWEEP_INTERVAL_MS = 60_000;

interface Series {
  readonly labels: Labels;
  readonly key: string;
  readonly cols: SeriesColumns;
  /** The last appendScrape that appended to it: how a scrape finds its vanished series without a key set. */
  mark: number;
  /** Swept from the store: a source's label cache may still point at it, and must look it up again. */
  removed: boolean;
}

/** A label object a source handed over, and the series it resolved to. */
interface CachedSeries {
  readonly series: Series;
  mark: number;
}

/** What the store remembers of a source's last scrape. */
interface SourceState {
  /** By label object identity: a source that hands over the same objects every tick skips the key building. */
  readonly byLabels: Map<Labels, CachedSeries>;
  /** The series its last scrape appended to: those missing from the next get a stale marker. */
  last: Series[];
  /** The previous `last`, reused for the next scrape's list. */
  spare: Series[];
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
  private readonly sources = new Map<string, SourceState>();
  private readonly regexCache = new Map<string, RegExp>();
  private readonly matchCache = new WeakMap<readonly LabelMatcher[], { readonly generation: number; readonly series: readonly Series[] }>();
  /** Bumped whenever a series is created or removed: what invalidates matchCache. */
  private seriesGeneration = 0;
  private retentionMs = DEFAULT_RETENTION_MS;
  private lastSweep = -Infinity;
  private scrapeMark = 0;
  private sampleCount = 0;
  private seriesRefused = 0;
  private samplesDropped = 0;

  /** `maxTotalSamples` lowers MAX_TOTAL_SAMPLES (for tests that overflow it). */
  constructor(private readonly maxTotalSamples = MAX_TOTAL_SAMPLES) {}

  setRetentionMs(ms: number): void {
    this.retentionMs = ms;
  }

  /** One scrape of `source` at `t`: appends its samples, and stale markers for its series that vanished. */
  appendScrape(source: string, t: number, samples: readonly VectorSample[]): void {
    this.appendScrapeWith(source, t, (add) => {
      for (const s of samples) add(s.labels, s.v);
    });
  }

  /**
   * {@link appendScrape} without an array of samples: `emit` calls `add` once per sample (the alert engine
   * streams the series store straight in, one tick of thousands of samples without a sample object each).
   */
  appendScrapeWith(source: string, t: number, emit: (add: (labels: Labels, v: number) => void) => void): void {
    let state = this.sources.get(source);
    if (state === undefined) this.sources.set(source, (state = { byLabels: new Map(), last: [], spare: [] }));
    const mark = ++this.scrapeMark;
    const appended = state.spare;
    appended.length = 0;
    const byLabels = state.byLabels;
    let count = 0;
    emit((labels, v) => {
      count++;
      let cached = byLabels.get(labels);
      if (cached === undefined || cached.series.removed) {
        const series = this.resolve(labels);
        if (series === undefined) return;
        byLabels.set(labels, (cached = { series, mark }));
      }
      cached.mark = mark;
      const series = cached.series;
      if (series.mark !== mark) {
        series.mark = mark;
        appended.push(series);
      }
      this.append(series, t, v, false);
    });
    for (const series of state.last) if (series.mark !== mark && !series.removed) this.append(series, t, NaN, true);
    state.spare = state.last;
    state.last = appended;
    // Label objects not handed over this time (a source building fresh ones each tick) are forgotten.
    if (byLabels.size > 2 * count + 16) for (const [labels, c] of byLabels) if (c.mark !== mark) byLabels.delete(labels);
    if (t - this.lastSweep >= SWEEP_INTERVAL_MS) this.sweep(t);
  }

  /** The series of `labels`, created if the caps allow; undefined when refused (and counted). */
  private resolve(labels: Labels): Series | undefined {
    const key = labelsKey(labels);
    const found = this.series.get(key);
    if (found !== undefined) return found;
    if (this.series.size >= MAX_SERIES) {
      this.seriesRefused++;
      return undefined;
    }
    if (this.sampleCount >= this.maxTotalSamples) {
      this.samplesDropped++;
      return undefined;
    }
    const s: Series = { labels, key, cols: new SeriesColumns(), mark: 0, removed: false };
    this.series.set(key, s);
    this.seriesGeneration++;
    const name = labels.__name__ ?? '';
    let set = this.byName.get(name);
    if (set === undefined) this.byName.set(name, (set = new Set()));
    set.add(s);
    return s;
  }

  /** Trims series no longer scraped (their appends no longer trim them) and forgets the empty ones. */
  private sweep(now: number): void {
    this.lastSweep = now;
    for (const s of this.series.values()) {
      this.trim(s, now);
      if (s.cols.length > 0) {
        s.cols.shrinkToFit();
        continue;
      }
      s.removed = true;
      this.seriesGeneration++;
      this.series.delete(s.key);
      this.byName.get(s.labels.__name__ ?? '')?.delete(s);
    }
  }

  /** The source is gone (shut down, rules removed): every series of its last scrape gets a stale marker. */
  endSource(source: string, t: number): void {
    for (const series of this.sources.get(source)?.last ?? []) if (!series.removed) this.append(series, t, NaN, true);
    this.sources.delete(source);
  }

  stats(): SampleStoreStats {
    return { series: this.series.size, samples: this.sampleCount, seriesRefused: this.seriesRefused, samplesDropped: this.samplesDropped };
  }

  latest(matchers: readonly LabelMatcher[], refT: number, lookbackMs: number): { labels: Labels; v: number; t: number }[] {
    const out: { labels: Labels; v: number; t: number }[] = [];
    for (const s of this.matching(matchers)) {
      const c = s.cols;
      const i = c.upperBound(refT) - 1;
      if (i < c.head || c.stale[i] === 1 || c.t[i]! < refT - lookbackMs) continue;
      out.push({ labels: s.labels, v: c.v[i]!, t: c.t[i]! });
    }
    return out;
  }

  select(matchers: readonly LabelMatcher[], mint: number, maxt: number): SeriesSamples[] {
    const out: SeriesSamples[] = [];
    for (const s of this.matching(matchers)) {
      const c = s.cols;
      const start = c.lowerBound(mint);
      const end = c.upperBound(maxt);
      if (end <= start) continue;
      out.push({ labels: s.labels, t: c.t, v: c.v, stale: c.staleCount > 0 ? c.stale : undefined, start, end, resets: c.resets });
    }
    return out;
  }

  /**
   * The series matching a selector's matchers. A rule's selector is the same array every evaluation, so its
   * matching series are remembered until the store's series change: label tests run once, not per round.
   */
  private matching(matchers: readonly LabelMatcher[]): readonly Series[] {
    const cached = this.matchCache.get(matchers);
    if (cached !== undefined && cached.generation === this.seriesGeneration) return cached.series;
    const tests = matchers.map((m) => this.tester(m));
    const name = matchers.find((m) => m.name === '__name__' && m.op === '=');
    const candidates = name === undefined ? this.series.values() : (this.byName.get(name.value) ?? []);
    const series: Series[] = [];
    for (const s of candidates) if (tests.every((test) => test(s.labels))) series.push(s);
    this.matchCache.set(matchers, { generation: this.seriesGeneration, series });
    return series;
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

  private append(s: Series, t: number, v: number, stale: boolean): void {
    const c = s.cols;
    if (c.lastT() >= t) {
      this.samplesDropped++;
      return;
    }
    if (this.sampleCount >= this.maxTotalSamples) {
      this.samplesDropped++;
      if (c.length === 0) return;
      c.shift();
      this.sampleCount--;
    }
    c.push(t, v, stale);
    this.sampleCount++;
    this.trim(s, t);
  }

  /** Drops samples past retention or the per-series cap. */
  private trim(s: Series, now: number): void {
    const minT = now - this.retentionMs;
    const c = s.cols;
    while (c.length > 0 && (c.t[c.head]! < minT || c.length > MAX_SAMPLES_PER_SERIES)) {
      if (c.length > MAX_SAMPLES_PER_SERIES) this.samplesDropped++;
      c.shift();
      this.sampleCount--;
    }
  }
}
