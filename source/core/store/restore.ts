import type { RawEnvelope } from '../decode/event.js';
import type { StoreQueries } from './store-queries.js';

/** Most events handed back by `restoreState`; past it, the oldest running executions are left out. */
export const MAX_RESTORE_EVENTS = 500_000;

/** What a restart needs before its sources start. */
export interface RestoredState {
  /**
   * Envelopes of every running or paused execution and of its stored child workflows (finished or not,
   * so its totals include theirs as before the restart), per execution in sequence order.
   */
  readonly events: readonly RawEnvelope[];
  /** The source key each replayed execution was stored under, so it goes stale with that source. */
  readonly sourceOf?: ReadonlyMap<string, string> | undefined;
  /** Resume cursor per source key (the source's redacted URL). */
  readonly cursors: ReadonlyMap<string, string>;
  /** Running executions restored. */
  readonly executions: number;
  /** Running executions not replayed because of the cap (newest kept). */
  readonly skippedExecutions: number;
}

/**
 * Reads what `top` and `serve` restore on start: the events of non-terminal executions with their
 * descendants (newest kept first when over the cap) and each source's cursor, so a restart loses nothing
 * and doubles nothing.
 */
export function restoreState(queries: StoreQueries, maxEvents: number = MAX_RESTORE_EVENTS): RestoredState {
  const ids = queries.runningExecutionIds().reverse(); // newest first: they are the ones a user is watching
  const kept: RawEnvelope[][] = [];
  const taken = new Set<string>();
  const sourceOf = new Map<string, string>();
  let total = 0;
  let skipped = 0;
  for (const id of ids) {
    if (taken.has(id)) continue; // a running child already restored with its parent, or the reverse
    const group = [id, ...queries.descendantIds(id).filter((d) => !taken.has(d))];
    const events = group.map((g) => queries.getEvents(g));
    const count = events.reduce((n, e) => n + e.length, 0);
    if (total + count > maxEvents) {
      skipped++;
      continue;
    }
    total += count;
    for (const g of group) {
      taken.add(g);
      // Replayed under the source it was stored from, so it goes stale with that source.
      const source = queries.getExecution(g)?.source;
      if (source !== undefined) sourceOf.set(g, source);
    }
    kept.push(events.flat());
  }
  kept.reverse(); // replay oldest first
  return { events: kept.flat(), sourceOf, cursors: queries.cursors(), executions: ids.filter((id) => taken.has(id)).length, skippedExecutions: skipped };
}
