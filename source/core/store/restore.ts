import type { RawEnvelope } from '../decode/event.js';
import type { StoreQueries } from './store-queries.js';

/** Most events handed back by `restoreState`; past it, the oldest running executions are left out. */
export const MAX_RESTORE_EVENTS = 500_000;

/** What a restart needs before its sources start. */
export interface RestoredState {
  /** Envelopes of every running or paused execution, per execution in sequence order, to replay into the model. */
  readonly events: readonly RawEnvelope[];
  /** The source key each replayed execution was stored under, so it goes stale with that source. */
  readonly sourceOf?: ReadonlyMap<string, string> | undefined;
  /** Resume cursor per source key (the source's redacted URL). */
  readonly cursors: ReadonlyMap<string, string>;
  readonly executions: number;
  /** Running executions not replayed because of the cap (newest kept). */
  readonly skippedExecutions: number;
}

/**
 * Reads what `top` and `serve` restore on start: the events of non-terminal executions (newest kept first
 * when over the cap) and each source's cursor, so a restart loses nothing and doubles nothing.
 */
export function restoreState(queries: StoreQueries, maxEvents: number = MAX_RESTORE_EVENTS): RestoredState {
  const ids = queries.runningExecutionIds().reverse(); // newest first: they are the ones a user is watching
  const kept: RawEnvelope[][] = [];
  const sourceOf = new Map<string, string>();
  let total = 0;
  let skipped = 0;
  for (const id of ids) {
    const events = queries.getEvents(id);
    if (total + events.length > maxEvents) {
      skipped++;
      continue;
    }
    total += events.length;
    kept.push(events);
    const source = queries.getExecution(id)?.source;
    if (source !== undefined) sourceOf.set(id, source);
  }
  kept.reverse(); // replay oldest first
  return { events: kept.flat(), sourceOf, cursors: queries.cursors(), executions: kept.length, skippedExecutions: skipped };
}
