/** Short histories for sparklines: one value per completed step, oldest first. */
export interface RateHistory {
  readonly sampleMs: number;
  readonly executionsPerSec: readonly number[];
  readonly errorsPerSec: readonly number[];
  readonly tokensPerSec: readonly number[];
  readonly costPerHour: readonly number[];
}

/**
 * The dashboard's rates, all read from the series store (dashboard-rates.ts): the status bar's events/s
 * and the metrics pane's throughput, errors and spend over the last minute, with their sparklines.
 */
export interface RateStats {
  readonly now: number;
  /** Events applied to the model per second, over the last 5 to 10 s (the step in progress and the one before). */
  readonly eventsPerSec: number;
  /** Executions that reached a terminal status, per second. */
  readonly executionsPerSec: number;
  /** Executions that ended failed or limit_exceeded, per second. */
  readonly errorsPerSec: number;
  /** Errors / ended executions, or undefined when none ended. */
  readonly errorRatio?: number | undefined;
  /** The same over the last 5 minutes (the header's error rate), or undefined when none ended. */
  readonly errorRatio5m?: number | undefined;
  /** Node attempts ended (with a duration), per second. */
  readonly nodesPerSec: number;
  /** Input + output tokens, per second. */
  readonly tokensPerSec: number;
  /** USD per hour at the last minute's pace. */
  readonly costPerHour: number;
  readonly history: RateHistory;
}
