import type { Rejection, TypedEvent } from '../decode/event.js';
import type { SourceStatus } from './event-source.js';

/**
 * A source's status after it delivered a batch: events and rejections counted, and (when `lag` is
 * asked for and events came) the last event's arrival time and its lag behind the event's `created_at`.
 */
export function countDelivery(
  current: SourceStatus, events: readonly TypedEvent[], rejections: readonly Rejection[], now: number, lag = true,
): SourceStatus {
  const last = events[events.length - 1];
  return {
    ...current,
    events: current.events + events.length,
    rejected: current.rejected + rejections.length,
    ...(last ? { lastEventAt: now, ...(lag ? { lagMs: now - last.time } : {}) } : {}),
  };
}
