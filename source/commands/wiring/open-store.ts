import type { Clock } from '../../core/clock.js';
import type { ResolvedConfig } from '../../core/config/load-config.js';
import { estimateCost, type PriceTable } from '../../core/model/price-table.js';
import { restoreState, type RestoredState } from '../../core/store/restore.js';
import { SqliteEventSink } from '../../core/store/sqlite-event-sink.js';
import { isLocationError, StoreError } from '../../core/store/store-error.js';
import { CommandExit, EXIT_USAGE } from './load-command-config.js';
import { storeSetting } from './store-setting.js';

/** The opened store and what a restart restores from it. */
export interface OpenedStore {
  readonly sink: SqliteEventSink;
  readonly restored: RestoredState;
}

/**
 * Opens the event store for `top` and `serve` (none for `--db :memory:`), and reads the running
 * executions and source cursors a restart resumes from. A store that cannot be opened is exit 2, except
 * at the default location: when that cannot be created or written (a read-only folder), the store goes
 * to the state directory (config.dbFallback), else stays in memory, and `onNotice` gets one line saying
 * which and why. A default store that is there but unreadable (corrupt, locked, newer) is still exit 2:
 * storing elsewhere would hide it.
 */
export function openStore(
  config: ResolvedConfig,
  clock: Clock,
  prices: PriceTable,
  onError: (message: string) => void,
  onNotice: (message: string) => void = () => undefined,
): OpenedStore | undefined {
  if (config.db === ':memory:') return undefined;
  const open = (path: string): OpenedStore => {
    const sink = new SqliteEventSink({
      path,
      clock,
      costOf: (model, input, output) => estimateCost(prices, model, input, output),
      retention: { maxAgeMs: config.retention.maxAgeMs, maxBytes: config.retention.maxSizeBytes },
      onError,
    });
    return { sink, restored: restoreState(sink.queries()) };
  };
  /** The reason of a location error at a place that may fall back; anything else ends the command. */
  const problem = (path: string, error: unknown, mayFallBack: boolean): string => {
    if (!(error instanceof StoreError)) throw error;
    if (mayFallBack && isLocationError(error)) return error.reason;
    throw new CommandExit(`jamjet: ${storeSetting(config, path)}: ${error.reason}`, EXIT_USAGE);
  };
  try {
    return open(config.db);
  } catch (error) {
    const why = [`${config.db}: ${problem(config.db, error, config.dbOrigin === 'default')}`];
    if (config.dbFallback !== undefined) {
      try {
        const opened = open(config.dbFallback);
        onNotice(`store: using ${config.dbFallback} (${why[0]})`);
        return opened;
      } catch (fallbackError) {
        why.push(`${config.dbFallback}: ${problem(config.dbFallback, fallbackError, true)}`);
      }
    }
    onNotice(`store: in memory only, nothing kept after exit (${why.join('; ')})`);
    return undefined;
  }
}
