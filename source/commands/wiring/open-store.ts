import type { Clock } from '../../core/clock.js';
import type { ResolvedConfig } from '../../core/config/load-config.js';
import { decodeEnvelope } from '../../core/decode/decode-envelope.js';
import type { ExecutionModel } from '../../core/model/execution-model.js';
import { estimateCost, type PriceTable } from '../../core/model/price-table.js';
import { restoreState, type RestoredState } from '../../core/store/restore.js';
import { SqliteEventSink } from '../../core/store/sqlite-event-sink.js';
import { StoreError } from '../../core/store/store-error.js';
import { CommandExit, EXIT_USAGE } from './load-command-config.js';

/** The opened store and what a restart restores from it. */
export interface OpenedStore {
  readonly sink: SqliteEventSink;
  readonly restored: RestoredState;
}

/**
 * Opens the event store for `top` and `serve` (none for `--db :memory:`), and reads the running
 * executions and source cursors a restart resumes from. A store that cannot be opened is exit 2.
 */
export function openStore(config: ResolvedConfig, clock: Clock, prices: PriceTable, onError: (message: string) => void): OpenedStore | undefined {
  if (config.db === ':memory:') return undefined;
  try {
    const sink = new SqliteEventSink({
      path: config.db,
      clock,
      costOf: (model, input, output) => estimateCost(prices, model, input, output),
      retention: { maxAgeMs: config.retention.maxAgeMs, maxBytes: config.retention.maxSizeBytes },
      onError,
    });
    return { sink, restored: restoreState(sink.queries()) };
  } catch (error) {
    if (error instanceof StoreError) throw new CommandExit(`jamjet: --db: ${error.message}`, EXIT_USAGE);
    throw error;
  }
}

/** Replays restored events into the model before any source starts; their effects are not re-emitted. */
export function replayRestored(model: ExecutionModel, restored: RestoredState, now: number): number {
  let applied = 0;
  for (const envelope of restored.events) {
    const decoded = decodeEnvelope(envelope);
    if (!decoded.ok) continue;
    // Under the source it came from: if that source does not come back, the execution goes stale.
    model.apply(decoded.event, restored.sourceOf?.get(decoded.event.executionId) ?? 'store', now);
    applied++;
  }
  model.tick(now);
  // Counted by the run that first saw them: a restart must not double the dashboard's rates.
  model.drainEffects();
  return applied;
}
