import type { WebSocket } from 'ws';
import type { Clock, TimerHandle } from '../clock.js';
import type { SimRuntime, StreamItem } from './sim-runtime.js';

/** Live events are held this long (clock ms) so several share one frame. */
export const SIM_WS_BATCH_MS = 5;
/** Most events in one frame (keeps frames well under 1 MiB). */
export const SIM_WS_FRAME_EVENTS = 500;
/** A client this far behind (bytes buffered in the socket) is disconnected with an error frame. */
export const SIM_WS_MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** Deliberate misbehaviour of the stream, for testing clients. Counts are per connection. */
export interface SimFaults {
  /** Terminate the connection (no close frame) after this many events were sent on it. */
  dropEveryEvents?: number;
  /** After every N events, send a malformed frame: alternately non-JSON text and an events frame with an invalid envelope. */
  malformedEvery?: number;
  /** After every N events, resend the last sent event item in a frame of its own. */
  duplicateEvery?: number;
}

/** What one stream connection needs. */
export interface StreamOptions {
  runtime: SimRuntime;
  clock: Clock;
  epoch: string;
  heartbeatMs: number;
  /** The resume cursor from `?cursor=`, undefined when absent. */
  cursor: number | undefined;
  faults: SimFaults;
}

/** Serves stream protocol v1 on an upgraded socket: hello, retained events after the cursor, then live events and heartbeats. */
export function serveStream(ws: WebSocket, o: StreamOptions): () => void {
  const { runtime: rt, clock, faults } = o;
  let lastQueued = o.cursor ?? 0;
  let pending: StreamItem[] = [];
  let flushTimer: TimerHandle | null = null;
  let heartbeat: TimerHandle | null = null;
  let sent = 0;
  let malformedSent = 0;
  let duplicatesSent = 0;
  let closed = false;

  const cleanup = (): void => {
    if (closed) return;
    closed = true;
    unsubscribe();
    if (flushTimer) clock.clear(flushTimer);
    if (heartbeat) clock.clear(heartbeat);
  };
  const send = (text: string): void => {
    if (closed) return;
    ws.send(text);
    if (heartbeat) clock.clear(heartbeat);
    heartbeat = clock.setTimeout(beat, o.heartbeatMs);
  };
  const beat = (): void => {
    heartbeat = null;
    send(JSON.stringify({ type: 'heartbeat', cursor: rt.lastCursor(), time: new Date(clock.now()).toISOString() }));
  };
  const sendItems = (items: StreamItem[]): void => {
    for (let i = 0; i < items.length && !closed; ) {
      let n = Math.min(SIM_WS_FRAME_EVENTS, items.length - i);
      if (faults.dropEveryEvents) n = Math.min(n, faults.dropEveryEvents - sent);
      const chunk = items.slice(i, i + n);
      i += n;
      send(JSON.stringify({ type: 'events', events: chunk }));
      sent += n;
      const last = chunk[chunk.length - 1]!;
      while (faults.malformedEvery && Math.floor(sent / faults.malformedEvery) > malformedSent) {
        malformedSent++;
        send(malformedSent % 2 === 1
          ? '{"type":"events","events":[{"cursor":'
          : JSON.stringify({ type: 'events', events: [{ cursor: last.cursor, event: { id: 'not-a-uuid', execution_id: last.event.execution_id, sequence: 'x', kind: { type: 'node_started' } } }] }));
      }
      while (faults.duplicateEvery && Math.floor(sent / faults.duplicateEvery) > duplicatesSent) {
        duplicatesSent++;
        send(JSON.stringify({ type: 'events', events: [last] }));
      }
      if (faults.dropEveryEvents && sent >= faults.dropEveryEvents) {
        cleanup();
        ws.terminate();
      }
    }
  };
  const flush = (): void => {
    flushTimer = null;
    const items = pending;
    pending = [];
    if (ws.bufferedAmount > SIM_WS_MAX_BUFFERED_BYTES) {
      send(JSON.stringify({ type: 'error', code: 'slow_consumer', message: 'client too far behind; reconnect with your last cursor' }));
      cleanup();
      ws.close(1013, 'slow consumer');
      return;
    }
    sendItems(items);
  };

  const oldest = rt.oldestCursor();
  const gap = o.cursor !== undefined && o.cursor < oldest - 1;
  const backlog = rt.itemsAfter(lastQueued);
  if (backlog.length > 0) lastQueued = backlog[backlog.length - 1]!.cursor;
  // Subscribing in the same turn as the backlog snapshot: nothing can be emitted in between.
  const unsubscribe = rt.subscribe((items) => {
    for (const it of items) if (it.cursor > lastQueued) pending.push(it);
    if (pending.length > 0) lastQueued = pending[pending.length - 1]!.cursor;
    if (pending.length > 0 && !flushTimer && !closed) flushTimer = clock.setTimeout(flush, SIM_WS_BATCH_MS);
  });
  send(JSON.stringify({
    type: 'hello', protocol: 1, server: 'jamjet-sim/0.1.0', epoch: o.epoch, cursor: rt.lastCursor(),
    oldest_cursor: oldest, heartbeat_ms: o.heartbeatMs, gap,
  }));
  sendItems(backlog);
  ws.on('close', cleanup);
  ws.on('error', cleanup);
  return cleanup;
}
