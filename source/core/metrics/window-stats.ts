/** The rolling windows the dashboard shows. */
export type WindowName = '1m' | '5m' | '15m';

/** Every window, shortest first. */
export const WINDOW_NAMES: readonly WindowName[] = ['1m', '5m', '15m'];

/** Window lengths in milliseconds. */
export const WINDOW_MS: Readonly<Record<WindowName, number>> = { '1m': 60_000, '5m': 300_000, '15m': 900_000 };

/** Latency percentiles over one window (ms); undefined when nothing ended in it. Within 1% of exact. */
export interface LatencyPercentiles {
  readonly count: number;
  readonly p50?: number | undefined;
  readonly p95?: number | undefined;
  readonly p99?: number | undefined;
}

/** Rates over the last minute. */
export interface WindowRates {
  /** Executions that reached a terminal status, per second. */
  readonly executionsPerSec: number;
  /** Executions started, per second. */
  readonly startsPerSec: number;
  /** Executions that ended failed or limit_exceeded, per second. */
  readonly errorsPerSec: number;
  /** Errors / ended executions, or undefined when none ended. */
  readonly errorRatio?: number | undefined;
  /** Node attempts ended, per second. */
  readonly nodesPerSec: number;
  /** Input + output tokens, per second. */
  readonly tokensPerSec: number;
  /** USD per hour at the last minute's pace. */
  readonly costPerHour: number;
}

/** Short histories for sparklines: one value per completed sample, oldest first. */
export interface WindowHistory {
  readonly sampleMs: number;
  readonly executionsPerSec: readonly number[];
  readonly errorsPerSec: readonly number[];
  readonly tokensPerSec: readonly number[];
  readonly costPerHour: readonly number[];
}

/** What RollingWindows.snapshot returns: plain, frozen, safe to hand to the view. */
export interface WindowStats {
  readonly now: number;
  readonly execution: Readonly<Record<WindowName, LatencyPercentiles>>;
  readonly node: Readonly<Record<WindowName, LatencyPercentiles>>;
  readonly rates: WindowRates;
  readonly history: WindowHistory;
}
