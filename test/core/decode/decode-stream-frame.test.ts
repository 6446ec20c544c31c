import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeStreamFrame, MAX_FRAME_CHARS, MAX_FRAME_TYPE_CHARS, type StreamFrame } from '../../../source/core/decode/decode-stream-frame.js';
import type { Rejection } from '../../../source/core/decode/event.js';
import { REJECTION_EXCERPT_CHARS } from '../../../source/core/decode/rejection-excerpt.js';

function envelope(sequence: number, kind: Record<string, unknown> = { type: 'node_scheduled', node_id: 'n', queue_type: 'model' }): Record<string, unknown> {
  return {
    id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    execution_id: '39201bc0-2035-4816-b345-46bc0da7d0fb',
    sequence,
    kind,
    created_at: '2026-03-14T09:21:08.806329807Z',
  };
}

function frameRejection(f: StreamFrame): Rejection {
  if (f.type !== 'rejected') assert.fail(`expected a rejected frame, got ${f.type}`);
  return f.rejection;
}

const HELLO = { type: 'hello', protocol: 1, server: 'jamjet-sim/0.1.0', epoch: 'b3c1', cursor: 1042, oldest_cursor: 1, heartbeat_ms: 5000, gap: false };

describe('decodeStreamFrame', () => {
  test('decodes a hello frame into camelCase fields', () => {
    assert.deepEqual(decodeStreamFrame(JSON.stringify(HELLO)), {
      type: 'hello', protocol: 1, server: 'jamjet-sim/0.1.0', epoch: 'b3c1', cursor: 1042, oldestCursor: 1, heartbeatMs: 5000, gap: false,
    });
    const gap = decodeStreamFrame(JSON.stringify({ ...HELLO, gap: true }));
    assert.equal(gap.type === 'hello' && gap.gap, true);
  });

  test('rejects a hello frame with a missing or malformed required field', () => {
    const noEpoch: Record<string, unknown> = { ...HELLO };
    delete noEpoch['epoch'];
    assert.deepEqual(
      [frameRejection(decodeStreamFrame(JSON.stringify(noEpoch))).reason, frameRejection(decodeStreamFrame(JSON.stringify(noEpoch))).field],
      ['missing_field', 'epoch'],
    );
    const badHb = frameRejection(decodeStreamFrame(JSON.stringify({ ...HELLO, heartbeat_ms: 0 })));
    assert.deepEqual([badHb.reason, badHb.field], ['invalid_value', 'heartbeat_ms']);
    const strCursor = frameRejection(decodeStreamFrame(JSON.stringify({ ...HELLO, cursor: '1042' })));
    assert.deepEqual([strCursor.reason, strCursor.field], ['wrong_type', 'cursor']);
  });

  test('decodes an events frame, keeping cursors and node_kind hints', () => {
    const f = decodeStreamFrame(JSON.stringify({ type: 'events', events: [
      { cursor: 1043, event: envelope(1), node_kind: 'model' },
      { cursor: 1044, event: envelope(2) },
    ] }));
    assert.equal(f.type, 'events');
    if (f.type !== 'events') return;
    assert.deepEqual(f.items.map((i) => i.cursor), [1043, 1044]);
    const [a, b] = f.items;
    assert.ok(a?.result.ok && b?.result.ok);
    assert.equal(a.result.ok && a.result.event.nodeKind, 'model');
    assert.equal(b.result.ok && b.result.event.nodeKind, undefined);
  });

  test('rejects a bad item in the middle of an events frame and keeps the others', () => {
    const f = decodeStreamFrame(JSON.stringify({ type: 'events', events: [
      { cursor: 10, event: envelope(1) },
      { cursor: 11, event: envelope(2, { type: 'node_started', node_id: 'n', worker_id: 'w', attempt: -3 }) },
      { cursor: 12, event: envelope(3) },
    ] }));
    assert.equal(f.type, 'events');
    if (f.type !== 'events') return;
    assert.deepEqual(f.items.map((i) => [i.cursor, i.result.ok]), [[10, true], [11, false], [12, true]]);
    const bad = f.items[1]?.result;
    assert.ok(bad !== undefined && !bad.ok);
    assert.deepEqual([bad.rejection.reason, bad.rejection.field, bad.rejection.sequence], ['invalid_value', 'kind.attempt', 2]);
    // The item as sent, cut at the cap.
    const sent = JSON.stringify({ cursor: 11, event: envelope(2, { type: 'node_started', node_id: 'n', worker_id: 'w', attempt: -3 }) });
    assert.ok(sent.length > REJECTION_EXCERPT_CHARS);
    assert.equal(bad.rejection.excerpt, `${sent.slice(0, REJECTION_EXCERPT_CHARS - 1)}…`);
  });

  test('rejects an item without an integer cursor as invalid_value on cursor, with cursor 0', () => {
    for (const cursor of [undefined, '12', 1.5, -4, 0, null]) {
      const f = decodeStreamFrame(JSON.stringify({ type: 'events', events: [{ cursor, event: envelope(7) }] }));
      assert.equal(f.type, 'events');
      if (f.type !== 'events') return;
      const item = f.items[0];
      assert.ok(item !== undefined && !item.result.ok);
      assert.equal(item.cursor, 0);
      assert.deepEqual([item.result.rejection.reason, item.result.rejection.field], ['invalid_value', 'cursor']);
      assert.equal(item.result.rejection.sequence, 7);
    }
  });

  test('rejects non-object items and items without an event, one by one', () => {
    const f = decodeStreamFrame(JSON.stringify({ type: 'events', events: [3, { cursor: 5 }, { cursor: 6, event: 'x' }] }));
    assert.equal(f.type, 'events');
    if (f.type !== 'events') return;
    assert.deepEqual(f.items.map((i) => (i.result.ok ? 'ok' : i.result.rejection.reason)), ['not_an_object', 'missing_field', 'not_an_object']);
    assert.deepEqual(f.items.map((i) => i.cursor), [0, 5, 6]);
    assert.deepEqual(f.items.map((i) => (i.result.ok ? 'ok' : i.result.rejection.excerpt)), ['3', '{"cursor":5}', '{"cursor":6,"event":"x"}']);
  });

  test('rejects an events frame whose events is not an array', () => {
    assert.equal(frameRejection(decodeStreamFrame('{"type":"events"}')).reason, 'missing_field');
    assert.equal(frameRejection(decodeStreamFrame('{"type":"events","events":{}}')).reason, 'wrong_type');
  });

  test('decodes a heartbeat frame', () => {
    assert.deepEqual(decodeStreamFrame('{"type":"heartbeat","cursor":1044,"time":"2026-03-14T09:21:17.975Z"}'), { type: 'heartbeat', cursor: 1044 });
    assert.equal(frameRejection(decodeStreamFrame('{"type":"heartbeat"}')).reason, 'missing_field');
  });

  test('decodes an error frame, tolerating missing fields', () => {
    assert.deepEqual(decodeStreamFrame('{"type":"error","code":"internal","message":"db locked"}'), { type: 'error', code: 'internal', message: 'db locked' });
    assert.deepEqual(decodeStreamFrame('{"type":"error"}'), { type: 'error', code: 'unknown', message: '' });
  });

  test('reports an unknown frame type without failing, capping the type it keeps', () => {
    assert.deepEqual(decodeStreamFrame('{"type":"metrics","x":1}'), { type: 'unknown', frameType: 'metrics' });
    const long = decodeStreamFrame(JSON.stringify({ type: 'z'.repeat(1000) }));
    assert.equal(long.type === 'unknown' && long.frameType.length, MAX_FRAME_TYPE_CHARS);
  });

  test('rejects a frame with no string type as unknown_frame', () => {
    assert.equal(frameRejection(decodeStreamFrame('{"events":[]}')).reason, 'unknown_frame');
    assert.equal(frameRejection(decodeStreamFrame('{"type":7}')).reason, 'unknown_frame');
  });

  test('rejects text that is not JSON as invalid_json', () => {
    for (const t of ['', '{', 'hello', '{"type":"hello",}', '\u0000']) {
      assert.equal(frameRejection(decodeStreamFrame(t)).reason, 'invalid_json', JSON.stringify(t));
    }
  });

  test('rejects JSON that is not an object as not_an_object', () => {
    for (const t of ['[]', '1', '"events"', 'null', 'true']) {
      assert.equal(frameRejection(decodeStreamFrame(t)).reason, 'not_an_object', t);
    }
  });

  test('rejects a 10 MB frame over a small limit as frame_too_large without parsing it', () => {
    const big = `{"type":"events","events":[],"pad":"${'x'.repeat(10 * 1024 * 1024)}"}`;
    const r = frameRejection(decodeStreamFrame(big, 1024 * 1024));
    assert.equal(r.reason, 'frame_too_large');
    // The same frame under the default limit is fine.
    assert.equal(decodeStreamFrame(big).type, 'events');
  });

  test('rejects a frame over the default limit of MAX_FRAME_CHARS', () => {
    assert.equal(MAX_FRAME_CHARS, 16 * 1024 * 1024);
    const over = `{"type":"heartbeat","cursor":1,"pad":"${'y'.repeat(MAX_FRAME_CHARS)}"}`;
    assert.equal(frameRejection(decodeStreamFrame(over)).reason, 'frame_too_large');
    const atLimit = `{"type":"heartbeat","cursor":1,"p":"${'y'.repeat(MAX_FRAME_CHARS - 40)}"}`;
    assert.ok(atLimit.length <= MAX_FRAME_CHARS);
    assert.equal(decodeStreamFrame(atLimit).type, 'heartbeat');
  });
});
