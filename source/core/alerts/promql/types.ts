// The values PromQL works on and the one interface its evaluator reads samples through. Shared by the
// evaluator (promql/), the sample store (promql/sample-store.ts), the rule engine (engine/) and the
// HTTP query API; no vendor import here, on purpose.

/** A series' labels, its metric name under `__name__` (as Prometheus keeps it). */
export type Labels = Readonly<Record<string, string>>;

/** One sample: a time in ms since the epoch and a value. */
export interface Sample {
  readonly t: number;
  readonly v: number;
}

/**
 * One sample as the store holds it: `stale` marks Prometheus's staleness marker (the series vanished from
 * the scrape or the rule output at `t`), which ends an instant lookup and is left out of range selections.
 */
export interface StoredSample extends Sample {
  readonly stale?: true;
}

/** Samples as columns, oldest first: indexes [start, end) of `t` (ms) and `v`. */
export interface SampleColumns {
  readonly t: Float64Array;
  readonly v: Float64Array;
  readonly start: number;
  readonly end: number;
  /**
   * Optional: counter resets so far at each index, cumulative (mod 2^32). Equal at `start` and `end - 1`
   * means no sample in between is below its predecessor, which spares rate() its reset scan.
   */
  readonly resets: Uint32Array | undefined;
}

/**
 * One series and its samples in a time range, as columns: views of the Queryable's own buffers (no copy),
 * valid until its next append, so the evaluator reads them at once and never keeps them.
 */
export interface SeriesSamples extends SampleColumns {
  readonly labels: Labels;
  /** 1 where a sample is a stale marker; may be undefined when none in [start, end) is. */
  readonly stale: Uint8Array | undefined;
}

/** A label matcher, as written in a selector: `name op "value"`. */
export interface LabelMatcher {
  readonly name: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

/** What the evaluator reads samples through: the sample store, or a fixture in tests. */
export interface Queryable {
  /**
   * Every series whose labels satisfy all matchers, with its samples whose time lies in [mint, maxt] (ms,
   * both ends included, as Prometheus 2.x selects), stale markers included, oldest first.
   */
  select(matchers: readonly LabelMatcher[], mint: number, maxt: number): Iterable<SeriesSamples>;
  /**
   * Optional fast path for instant selectors: each matching series' newest sample at or before `refT`, when it
   * is not a stale marker and not older than `lookbackMs`; the same answer as the last sample of `select`.
   */
  latest?(matchers: readonly LabelMatcher[], refT: number, lookbackMs: number): { labels: Labels; v: number; t: number }[];
}

/** One element of an instant vector. */
export interface VectorSample {
  readonly labels: Labels;
  readonly v: number;
}

/** The result of evaluating an expression at one instant, in Prometheus's four result types. */
export type InstantValue =
  | { readonly type: 'vector'; readonly samples: readonly VectorSample[] }
  | { readonly type: 'scalar'; readonly v: number }
  | { readonly type: 'string'; readonly v: string }
  | { readonly type: 'matrix'; readonly series: readonly { readonly labels: Labels; readonly samples: readonly Sample[] }[] };

/** Where a PromQL error is, within the expression text: 0-based offsets, and 1-based line and column. */
export interface ExprPosition {
  readonly from: number;
  readonly to: number;
  readonly line: number;
  readonly column: number;
}

/**
 * A PromQL expression that cannot be evaluated: a syntax error, a type error, or a construct outside the
 * supported set (named in the message). Thrown by the parser, at load time, never during evaluation.
 */
export class PromQLError extends Error {
  constructor(
    message: string,
    readonly position: ExprPosition,
  ) {
    super(message);
    this.name = 'PromQLError';
  }
}

/** Prometheus's default lookback for instant vector selectors (its staleness window): 5 minutes. */
export const LOOKBACK_MS = 5 * 60_000;
