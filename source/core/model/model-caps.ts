/** Every bound on the model's memory, by name. */
export interface ModelCaps {
  /** Finished executions kept; past it the oldest-ended is evicted. */
  maxFinishedExecutions: number;
  /** Executions kept at all; past it the oldest finished, else the least recently active, is evicted. */
  maxExecutions: number;
  /** Attempts kept per execution; past it the oldest ended attempts are dropped (totals keep them). */
  maxAttemptsPerExecution: number;
  /** Events held per execution waiting for a missing sequence (also bounds the holes remembered). */
  maxBufferedPerExecution: number;
  /** Events held waiting across all executions. */
  maxBufferedTotal: number;
  /** Evicted execution ids remembered so their replayed events are recognised as duplicates. */
  maxTombstones: number;
  /** How long a gap is waited for before the events after it are applied anyway. */
  gapTimeoutMs: number;
}

/** The default caps. */
export const DEFAULT_MODEL_CAPS: ModelCaps = Object.freeze({
  // A dashboard shows the newest few dozen; inspect reads older ones from the store. Each one kept costs
  // memory and GC time on every event, so keep the cap modest.
  maxFinishedExecutions: 1000,
  maxExecutions: 20000,
  maxAttemptsPerExecution: 5000,
  maxBufferedPerExecution: 256,
  maxBufferedTotal: 50000,
  maxTombstones: 100000,
  gapTimeoutMs: 2000,
});
