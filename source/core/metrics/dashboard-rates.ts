import { isErrorStatus, TERMINAL_STATUSES } from '../model/lifecycle.js';
import type { RateStats } from './rate-stats.js';
import type { LabelMatch, SeriesField, SeriesStore, StoredMetric } from './series-store.js';

/** Window the dashboard's throughput, error and spend rates are computed over. */
export const RATE_WINDOW_MS = 60_000;
/** Window of the status bar's events/s: the step in progress and the one before (5 to 10 s at the default step). */
export const EVENTS_RATE_WINDOW_MS = 10_000;
/** Window of the header's error rate (the docs' dashboard shows the error rate over 5 minutes). */
export const ERROR_RATIO_WINDOW_MS = 300_000;
/** Sparkline samples, one per completed step (60 × 5 s = 5 minutes). */
export const MAX_HISTORY_SAMPLES = 60;

// The statuses the error rate counts: the lifecycle's error statuses (failed, limit exceeded; not cancelled).
const ERROR_STATUSES: LabelMatch = { status: TERMINAL_STATUSES.filter((status) => isErrorStatus(status)) };

/**
 * The dashboard's rates as of `now`, every one read from the series store, the one place they are
 * computed: what the counters added per step (by event time), summed over their series. A rate divides by
 * the time it covers (from its oldest step, or from the monitor's start if later), so nothing is inflated in
 * the first seconds; histories hold completed steps only (the one in progress would always dip).
 */
export function dashboardRates(store: SeriesStore, now: number): RateStats {
  const step = store.stepMs;
  const cur = Math.floor(now / step);
  const covered = store.coveredFrom();
  const firstOf = (windowMs: number) => cur - Math.ceil(windowMs / step) + 1;
  const spanSec = (first: number) => Math.max(1, now - Math.max(first * step, covered)) / 1000;
  const rateFirst = firstOf(RATE_WINDOW_MS);
  const historyFrom = Math.max(cur - Math.min(MAX_HISTORY_SAMPLES, store.steps - 1), Math.floor(covered / step));
  const from = Math.min(rateFirst, historyFrom);
  // One pass per metric over every step either figure needs.
  const steps = (key: StoredMetric, match?: LabelMatch, field?: SeriesField) => store.stepIncreases(key, from, cur, match, field);
  const ended = steps('executions');
  const errors = steps('executions', ERROR_STATUSES);
  const nodes = steps('nodeDuration', undefined, 'count');
  const tokens = steps('tokens');
  const cost = steps('cost');
  const span = spanSec(rateFirst);
  const perSec = (xs: number[]) => sum(xs, rateFirst - from) / span;
  const endedSum = sum(ended, rateFirst - from);
  const errorFirst = firstOf(ERROR_RATIO_WINDOW_MS);
  const ended5m = sum(store.stepIncreases('executions', errorFirst, cur), 0);
  const errors5m = ended5m > 0 ? sum(store.stepIncreases('executions', errorFirst, cur, ERROR_STATUSES), 0) : 0;
  const eventsFirst = firstOf(EVENTS_RATE_WINDOW_MS);
  const applied = store.stepIncreases('eventsApplied', eventsFirst, cur);
  const history = (xs: number[], scale = 1) => Object.freeze(xs.slice(historyFrom - from, cur - from).map((x) => (x / (step / 1000)) * scale));
  return Object.freeze({
    now,
    eventsPerSec: sum(applied, 0) / spanSec(eventsFirst),
    executionsPerSec: endedSum / span,
    errorsPerSec: perSec(errors),
    errorRatio: endedSum > 0 ? sum(errors, rateFirst - from) / endedSum : undefined,
    errorRatio5m: ended5m > 0 ? errors5m / ended5m : undefined,
    nodesPerSec: perSec(nodes),
    tokensPerSec: perSec(tokens),
    costPerHour: perSec(cost) * 3600,
    history: Object.freeze({
      sampleMs: step,
      executionsPerSec: history(ended),
      errorsPerSec: history(errors),
      tokensPerSec: history(tokens),
      costPerHour: history(cost, 3600),
    }),
  });
}

function sum(xs: readonly number[], from: number): number {
  let n = 0;
  for (let i = Math.max(0, from); i < xs.length; i++) n += xs[i]!;
  return n;
}
