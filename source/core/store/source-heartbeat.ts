import { SOURCE_DOWN_GRACE_MS } from '../model/source-liveness.js';
import type { SourceState } from '../sources/event-source.js';

/** How often a running monitor stamps its sources' rows in the store (`sources.heartbeat_at`). */
export const HEARTBEAT_INTERVAL_MS = 5_000;
/**
 * A heartbeat older than this means no monitor is writing the store any more (it was killed, or the
 * machine went down) whatever its last row says: three missed heartbeats.
 */
export const HEARTBEAT_FRESH_MS = 3 * HEARTBEAT_INTERVAL_MS;

/** What the monitor writing a store last said about one of its sources (a row of the `sources` table). */
export interface SourceHeartbeat {
  readonly sourceKey: string;
  readonly connected: boolean;
  readonly state: SourceState | string;
  /** When it last became connected or disconnected. */
  readonly changedAt: number;
  /** When the monitor last wrote this row. */
  readonly heartbeatAt: number;
}

/**
 * Whether an unfinished execution stored from this source is live at `now`, by the dashboard's own rule:
 * a monitor is still writing (fresh heartbeat) and the source is connected, or away for less than the
 * grace and not ended. No row (no monitor ever said) is not live.
 */
export function sourceIsLive(hb: SourceHeartbeat | undefined, now: number, graceMs: number = SOURCE_DOWN_GRACE_MS): boolean {
  if (hb === undefined || now - hb.heartbeatAt >= HEARTBEAT_FRESH_MS) return false;
  if (hb.connected) return true;
  return hb.state !== 'ended' && now - hb.changedAt < graceMs;
}
