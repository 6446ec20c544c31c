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

/** What RollingWindows.snapshot returns: plain, frozen, safe to hand to the view. */
export interface WindowStats {
  readonly now: number;
  readonly execution: Readonly<Record<WindowName, LatencyPercentiles>>;
  readonly node: Readonly<Record<WindowName, LatencyPercentiles>>;
}
