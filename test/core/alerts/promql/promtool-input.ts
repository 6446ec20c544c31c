// Reads a `promtool test rules` file the way promtool 2.42 does, so jamjet-top's PromQL engine can be run on
// the very input series promtool computed the expected results from: the series notation (`1+2x3`, `_x2`,
// `stale`…), the series and exp_samples label syntax, and promtool's own timing (series start at t=0, one
// value per `interval`, and only samples up to the group's last evaluation step are loaded).
import { parse as parseYaml } from 'yaml';
import { columnsOf } from '../../../../source/core/alerts/promql/series-samples.js';
import type { LabelMatcher, Labels, Queryable, SampleColumns, SeriesSamples, StoredSample } from '../../../../source/core/alerts/promql/types.js';
import { parsePromDuration } from '../../../../source/core/alerts/rules/duration.js';

/** One value of an input series: a number, a staleness marker, or no sample at all (`_`). */
export type SeriesPoint = number | 'stale' | null;

/** One sample promtool expects from an expression, its labels parsed. */
export interface ExpectedSample {
  readonly labels: Labels;
  readonly v: number;
}

/** One `promql_expr_test` entry. */
export interface PromtoolExprTest {
  readonly expr: string;
  readonly evalTimeMs: number;
  readonly expSamples: readonly ExpectedSample[];
}

/** One entry of `tests`: its input series, as a Queryable, and its expression tests. */
export interface PromtoolTestGroup {
  readonly name: string;
  readonly intervalMs: number;
  /** The last time promtool loads samples up to: samples after it do not exist for this group's queries. */
  readonly loadedUntilMs: number;
  readonly queryable: Queryable;
  readonly exprTests: readonly PromtoolExprTest[];
}

/** A whole promtool test file. */
export interface PromtoolTestFile {
  readonly evaluationIntervalMs: number;
  readonly groups: readonly PromtoolTestGroup[];
}

/** promtool's default for both `interval` and `evaluation_interval`. */
const DEFAULT_INTERVAL_MS = 60_000;

const NUMBER = String.raw`[+-]?(?:inf|nan|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)`;
const UNSIGNED = String.raw`(?:inf|nan|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)`;
/** `a`, `axN`, `a+bxN`, `a-bxN`. */
const VALUE_ITEM = new RegExp(`^(${NUMBER})(?:([+-])(${UNSIGNED}))?(?:x(\\d+))?$`, 'i');

function parseNumber(text: string): number {
  const lower = text.toLowerCase();
  const sign = lower.startsWith('-') ? -1 : 1;
  const bare = lower.replace(/^[+-]/, '');
  if (bare === 'inf') return sign * Infinity;
  if (bare === 'nan') return NaN;
  return Number(lower);
}

/**
 * promtool's expanding series notation, one point per interval: `a+bxN` is the N+1 values a, a+b, … (each
 * the previous plus b, as promtool adds, so float rounding matches), `axN` N+1 copies of a, `_` no sample,
 * `_xN` N of them, `stale` a staleness marker.
 */
export function parseSeriesValues(text: string): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  for (const item of text.trim().split(/\s+/).filter((s) => s !== '')) {
    if (item === 'stale') {
      points.push('stale');
      continue;
    }
    const blanks = /^_(?:x(\d+))?$/.exec(item);
    if (blanks) {
      points.push(...new Array<null>(blanks[1] === undefined ? 1 : Number(blanks[1])).fill(null));
      continue;
    }
    const m = VALUE_ITEM.exec(item);
    // promtool's lexer reads `Infx3` as one identifier: a count cannot follow Inf or NaN directly.
    if (!m || /(inf|nan)x/i.test(item)) throw new Error(`not a series value: ${JSON.stringify(item)}`);
    const [, start = '', sign, step, times] = m;
    if (times === undefined && step !== undefined) throw new Error(`a step needs a count: ${JSON.stringify(item)}`);
    const delta = step === undefined ? 0 : (sign === '-' ? -1 : 1) * parseNumber(step);
    let v = parseNumber(start);
    for (let i = 0; i <= Number(times ?? 0); i++) {
      points.push(v);
      v += delta;
    }
  }
  return points;
}

const NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'" };

/** Series labels as promtool writes them, `name{a="b", c="d"}` or `{__name__="name", a="b"}`. */
export function parseSeriesLabels(text: string): Labels {
  const labels: Record<string, string> = {};
  let i = 0;
  const skipSpace = (): void => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const fail = (what: string): never => {
    throw new Error(`${what} at ${i} in ${JSON.stringify(text)}`);
  };
  const token = (re: RegExp): string | undefined => {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) return undefined;
    i += m[0].length;
    return m[0];
  };
  const quoted = (): string => {
    const quote = text[i];
    if (quote !== '"' && quote !== "'") return fail('expected a quoted value');
    let value = '';
    for (i++; text[i] !== quote; i++) {
      if (i >= text.length) fail('unterminated value');
      if (text[i] === '\\') {
        i++;
        value += ESCAPES[text[i] ?? ''] ?? fail('unknown escape');
      } else value += text[i];
    }
    i++;
    return value;
  };

  skipSpace();
  const name = token(NAME);
  if (name !== undefined) labels['__name__'] = name;
  skipSpace();
  if (text[i] === '{') {
    i++;
    for (skipSpace(); text[i] !== '}'; skipSpace()) {
      const label = token(LABEL_NAME) ?? fail('expected a label name');
      skipSpace();
      if (text[i] !== '=') fail('expected =');
      i++;
      skipSpace();
      labels[label] = quoted();
      skipSpace();
      if (text[i] === ',') i++;
      else if (text[i] !== '}') fail('expected , or }');
    }
    i++;
  } else if (name === undefined) fail('expected a metric name or {');
  skipSpace();
  if (i !== text.length) fail('unexpected text');
  return labels;
}

function matches(m: LabelMatcher, value: string): boolean {
  switch (m.op) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return new RegExp(`^(?:${m.value})$`, 's').test(value);
    case '!~':
      return !new RegExp(`^(?:${m.value})$`, 's').test(value);
  }
}

/** One fixture series: its labels and its samples, oldest first. */
export interface FixtureSeries {
  readonly labels: Labels;
  readonly samples: readonly StoredSample[];
}

/** An in-memory Queryable over fixed series: selects by matchers (a missing label is ""), [mint, maxt] inclusive. */
export class FixtureQueryable implements Queryable {
  private readonly series: readonly (SampleColumns & { readonly labels: Labels; readonly stale: Uint8Array })[];

  constructor(series: readonly FixtureSeries[]) {
    this.series = series.map((s) => ({ labels: s.labels, ...columnsOf(s.samples), stale: Uint8Array.from(s.samples, (p) => (p.stale === true ? 1 : 0)) }));
  }

  *select(matchers: readonly LabelMatcher[], mint: number, maxt: number): Iterable<SeriesSamples> {
    for (const s of this.series) {
      if (!matchers.every((m) => matches(m, s.labels[m.name] ?? ''))) continue;
      let start = s.start;
      while (start < s.end && s.t[start]! < mint) start++;
      let end = start;
      while (end < s.end && s.t[end]! <= maxt) end++;
      // As the TSDB does, a series with nothing in the range is not returned at all.
      if (end > start) yield { labels: s.labels, t: s.t, v: s.v, stale: s.stale, start, end, resets: undefined };
    }
  }
}

/** The points of one series at their times, up to `untilMs`: `_` leaves no sample, `stale` a marker. */
export function seriesSamples(points: readonly SeriesPoint[], intervalMs: number, untilMs: number): StoredSample[] {
  const samples: StoredSample[] = [];
  points.forEach((p, i) => {
    const t = i * intervalMs;
    if (p === null || t > untilMs) return;
    samples.push(p === 'stale' ? { t, v: NaN, stale: true } : { t, v: p });
  });
  return samples;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what} must be a mapping`);
  return value as Record<string, unknown>;
}

function list(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`${what} must be a list`);
  return value;
}

function text(value: unknown, what: string): string {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') throw new Error(`${what} must be a string`);
  return value;
}

function durationField(value: unknown, what: string, fallback: number): number {
  return value === undefined ? fallback : parsePromDuration(text(value, what));
}

function exprTest(raw: unknown): PromtoolExprTest {
  const t = record(raw, 'a promql_expr_test');
  return {
    expr: text(t['expr'], 'expr'),
    evalTimeMs: durationField(t['eval_time'], 'eval_time', 0),
    expSamples: list(t['exp_samples'], 'exp_samples').map((s) => {
      const sample = record(s, 'an exp_sample');
      const v = sample['value'];
      if (typeof v !== 'number') throw new Error(`exp_samples value must be a number, got ${JSON.stringify(v)}`);
      return { labels: parseSeriesLabels(text(sample['labels'], 'labels')), v };
    }),
  };
}

/** Parses a `promtool test rules` file into its groups' Queryables and expression tests. */
export function parsePromtoolTests(yamlText: string): PromtoolTestFile {
  const doc = record(parseYaml(yamlText), 'the file');
  const evaluationIntervalMs = durationField(doc['evaluation_interval'], 'evaluation_interval', DEFAULT_INTERVAL_MS);
  const groups = list(doc['tests'], 'tests').map((rawGroup, index): PromtoolTestGroup => {
    const g = record(rawGroup, 'a test group');
    const intervalMs = durationField(g['interval'], 'interval', DEFAULT_INTERVAL_MS);
    const exprTests = list(g['promql_expr_test'], 'promql_expr_test').map(exprTest);
    const alertTimes = list(g['alert_rule_test'], 'alert_rule_test').map((a) => durationField(record(a, 'an alert_rule_test')['eval_time'], 'eval_time', 0));
    // promtool steps from 0 by evaluation_interval up to the latest eval_time, loading samples as it goes.
    const maxEvalMs = Math.max(0, ...alertTimes, ...exprTests.map((t) => t.evalTimeMs));
    const loadedUntilMs = Math.floor(maxEvalMs / evaluationIntervalMs) * evaluationIntervalMs;
    const series = list(g['input_series'], 'input_series').map((rawSeries): FixtureSeries => {
      const s = record(rawSeries, 'an input series');
      return {
        labels: parseSeriesLabels(text(s['series'], 'series')),
        samples: seriesSamples(parseSeriesValues(text(s['values'], 'values')), intervalMs, loadedUntilMs),
      };
    });
    const name = g['name'];
    return { name: typeof name === 'string' ? name : `group ${index}`, intervalMs, loadedUntilMs, queryable: new FixtureQueryable(series), exprTests };
  });
  return { evaluationIntervalMs, groups };
}
