import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEnvelope } from '../../../source/core/decode/decode-envelope.js';
import type { TypedEvent } from '../../../source/core/decode/event.js';
import { countDelivery } from '../../../source/core/sources/count-delivery.js';
import type { SourceStatus } from '../../../source/core/sources/event-source.js';

const base: SourceStatus = { id: 's', url: 'u', kind: 'websocket', state: 'connected', events: 2, rejected: 1, reconnects: 0 };

function event(createdAt: string): TypedEvent {
  const r = decodeEnvelope({
    id: 'e', execution_id: '39201bc0-2035-4816-b345-46bc0da7d0fb', sequence: 1, created_at: createdAt,
    kind: { type: 'workflow_completed', final_state: {} },
  });
  assert.ok(r.ok);
  return r.event;
}

describe('countDelivery', () => {
  test('adds events and rejections and records the last event\'s arrival and lag', () => {
    const next = countDelivery(base, [event('2026-03-14T09:00:00Z'), event('2026-03-14T09:00:01Z')], [{ reason: 'invalid_json', detail: 'x' }], Date.parse('2026-03-14T09:00:01.250Z'));
    assert.deepEqual([next.events, next.rejected, next.lagMs], [4, 2, 250]);
    assert.equal(next.lastEventAt, Date.parse('2026-03-14T09:00:01.250Z'));
  });

  test('leaves the last event time alone when only rejections came, and reports no lag when asked not to', () => {
    assert.equal(countDelivery(base, [], [{ reason: 'invalid_json', detail: 'x' }], 5).lastEventAt, undefined);
    const replay = countDelivery(base, [event('2026-03-14T09:00:00Z')], [], 99, false);
    assert.equal(replay.lastEventAt, 99);
    assert.equal(replay.lagMs, undefined);
  });
});
