// Stream protocol v1 (docs/protocol.md): one JSON object per websocket text frame. A frame that cannot be
// used at all becomes a `rejected` frame; inside an `events` frame each item is decoded on its own, so one
// bad envelope costs one event, not the batch.
import { decodeEnvelope, reject, typeName } from './decode-envelope.js';
import type { DecodeResult, Rejection, RejectionReason } from './event.js';
import { excerptOnFailure } from './rejection-excerpt.js';

/** Largest frame text accepted, in UTF-16 code units (docs/protocol.md: 16 MiB). */
export const MAX_FRAME_CHARS = 16 * 1024 * 1024;
/** Longest unknown frame type kept in an `unknown` frame (it is a counter label, not a payload). */
export const MAX_FRAME_TYPE_CHARS = 64;
/** Longest `error` frame message kept. */
export const MAX_ERROR_MESSAGE_CHARS = 1024;

/** One decoded event item; `cursor` is 0 when the item had no usable cursor (real cursors start at 1). */
export interface StreamItem { cursor: number; result: DecodeResult }

/** One decoded frame of stream protocol v1. */
export type StreamFrame =
  | { type: 'hello'; protocol: number; server: string; epoch: string; cursor: number; oldestCursor: number; heartbeatMs: number; gap: boolean }
  | { type: 'events'; items: StreamItem[] }
  | { type: 'heartbeat'; cursor: number }
  | { type: 'error'; code: string; message: string }
  | { type: 'unknown'; frameType: string }
  | { type: 'rejected'; rejection: Rejection };

/** Builds a `rejected` frame. */
function rejected(reason: RejectionReason, detail: string, field?: string): StreamFrame {
  const r = reject(reason, detail, field);
  return { type: 'rejected', rejection: (r as { ok: false; rejection: Rejection }).rejection };
}

/** Whether a value is a non-negative safe integer (a cursor, or 0 for none). */
function isCursor(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Checks a required field of a control frame: undefined when fine, else the rejected frame. */
function fieldProblem(v: unknown, name: string, ok: boolean, expected: string): StreamFrame | undefined {
  if (ok) return undefined;
  if (v === undefined) return rejected('missing_field', `${name}: missing (expected ${expected})`, name);
  const wrongType = typeName(v) !== (expected === 'string' || expected === 'boolean' ? expected : 'number');
  return rejected(wrongType ? 'wrong_type' : 'invalid_value', `${name}: expected ${expected}, got ${typeName(v)}`, name);
}

/** Decodes a `hello` frame. */
function decodeHello(f: Record<string, unknown>): StreamFrame {
  const { protocol, server, epoch, cursor, oldest_cursor: oldest, heartbeat_ms: hb, gap } = f;
  const problem =
    fieldProblem(protocol, 'protocol', typeof protocol === 'number' && Number.isSafeInteger(protocol) && protocol >= 1, 'positive integer')
    ?? fieldProblem(epoch, 'epoch', typeof epoch === 'string', 'string')
    ?? fieldProblem(cursor, 'cursor', isCursor(cursor), 'non-negative integer')
    ?? fieldProblem(oldest, 'oldest_cursor', isCursor(oldest), 'non-negative integer')
    ?? fieldProblem(hb, 'heartbeat_ms', isCursor(hb) && hb > 0, 'positive integer')
    // `server` and `gap` are informational; tolerate their absence (null-vs-absent as elsewhere).
    ?? fieldProblem(server, 'server', server == null || typeof server === 'string', 'string')
    ?? fieldProblem(gap, 'gap', gap == null || typeof gap === 'boolean', 'boolean');
  if (problem !== undefined) return problem;
  return {
    type: 'hello',
    protocol: protocol as number,
    server: typeof server === 'string' ? server : '',
    epoch: epoch as string,
    cursor: cursor as number,
    oldestCursor: oldest as number,
    heartbeatMs: hb as number,
    gap: gap === true,
  };
}

/** Decodes one item of an `events` frame; never fails the frame. */
function decodeItem(item: unknown): StreamItem {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return { cursor: 0, result: reject('not_an_object', `events item: expected object, got ${typeName(item)}`) };
  }
  const it = item as Record<string, unknown>;
  const cursor = it['cursor'];
  const event = it['event'];
  if (typeof cursor !== 'number' || !Number.isSafeInteger(cursor) || cursor < 1) {
    // Decode anyway so the rejection can name the event, then report the cursor problem.
    const inner = decodeEnvelope(event);
    const ev = inner.ok ? inner.event : undefined;
    const rj = inner.ok ? undefined : inner.rejection;
    return {
      cursor: 0,
      result: reject('invalid_value', `cursor: expected a positive integer, got ${typeName(cursor)}`, 'cursor',
        ev?.executionId ?? rj?.executionId, ev?.sequence ?? rj?.sequence),
    };
  }
  if (event === undefined) return { cursor, result: reject('missing_field', 'event: missing (expected object)', 'event') };
  const nodeKind = it['node_kind'];
  return { cursor, result: decodeEnvelope(event, typeof nodeKind === 'string' ? nodeKind : undefined) };
}

/** Decodes an `events` frame. */
function decodeEvents(f: Record<string, unknown>): StreamFrame {
  const events = f['events'];
  if (!Array.isArray(events)) {
    return events === undefined
      ? rejected('missing_field', 'events: missing (expected array)', 'events')
      : rejected('wrong_type', `events: expected array, got ${typeName(events)}`, 'events');
  }
  const items: StreamItem[] = new Array<StreamItem>(events.length);
  for (let i = 0; i < events.length; i++) {
    const item = decodeItem(events[i]);
    // The item as sent, for the Sources pane; only a rejected item is serialised again.
    if (!item.result.ok) item.result = excerptOnFailure(item.result, events[i]);
    items[i] = item;
  }
  return { type: 'events', items };
}

/** Decodes one stream protocol v1 frame; never throws. */
export function decodeStreamFrame(text: string, maxChars: number = MAX_FRAME_CHARS): StreamFrame {
  if (typeof text !== 'string') return rejected('invalid_json', `frame: expected text, got ${typeName(text)}`);
  if (text.length > maxChars) {
    return rejected('frame_too_large', `frame: ${text.length} chars exceeds the limit of ${maxChars}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return rejected('invalid_json', 'frame: not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return rejected('not_an_object', `frame: expected object, got ${typeName(value)}`);
  }
  const f = value as Record<string, unknown>;
  const type = f['type'];
  if (typeof type !== 'string') {
    return rejected('unknown_frame', `frame.type: expected string, got ${typeName(type)}`, 'type');
  }
  switch (type) {
    case 'events': return decodeEvents(f);
    case 'heartbeat': {
      const cursor = f['cursor'];
      return fieldProblem(cursor, 'cursor', isCursor(cursor), 'non-negative integer') ?? { type: 'heartbeat', cursor: cursor as number };
    }
    case 'hello': return decodeHello(f);
    case 'error': {
      // Informational: a malformed error frame still tells the client the server is about to close.
      const code = f['code'];
      const message = f['message'];
      return {
        type: 'error',
        code: typeof code === 'string' ? code.slice(0, MAX_FRAME_TYPE_CHARS) : 'unknown',
        message: typeof message === 'string' ? message.slice(0, MAX_ERROR_MESSAGE_CHARS) : '',
      };
    }
    default: return { type: 'unknown', frameType: type.slice(0, MAX_FRAME_TYPE_CHARS) };
  }
}
