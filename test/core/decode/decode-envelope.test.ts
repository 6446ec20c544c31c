import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeEnvelope, KNOWN_EVENT_TYPES, MAX_DETAIL_CHARS } from '../../../source/core/decode/decode-envelope.js';
import type { DecodeResult, Rejection, TypedEvent } from '../../../source/core/decode/event.js';

const FIXTURE = new URL('../../../../test/fixtures/events/all-variants.jsonl', import.meta.url);
const EXEC = 'exec_39201bc020354816b34546bc0da7d0fb';

/** A valid node_started envelope with `patch` applied (undefined values delete the field). */
function envelope(patch: Record<string, unknown> = {}, kindPatch: Record<string, unknown> = {}): Record<string, unknown> {
  const kind: Record<string, unknown> = { type: 'node_started', node_id: 'draft', worker_id: 'model-worker-1', attempt: 0, ...kindPatch };
  const env: Record<string, unknown> = {
    id: '1a2a006e-d68c-481f-8c63-c205f139927e',
    execution_id: '39201bc0-2035-4816-b345-46bc0da7d0fb',
    sequence: 6,
    kind,
    created_at: '2026-03-14T09:21:08.806329807Z',
    ...patch,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  for (const k of Object.keys(kind)) if (kind[k] === undefined) delete kind[k];
  return env;
}

function ok(r: DecodeResult): TypedEvent {
  if (!r.ok) assert.fail(`expected ok, got ${r.rejection.reason}: ${r.rejection.detail}`);
  return r.event;
}

function rejected(r: DecodeResult): Rejection {
  if (r.ok) assert.fail(`expected a rejection, got ${r.event.kind.type}`);
  return r.rejection;
}

describe('decodeEnvelope on the all-variants fixture', () => {
  const lines = readFileSync(FIXTURE, 'utf8').split('\n').filter((l) => l !== '');
  const events = lines.map((l) => ok(decodeEnvelope(JSON.parse(l))));

  test('decodes every line as a known event and covers all 46 variants', () => {
    assert.equal(KNOWN_EVENT_TYPES.length, 46);
    assert.equal(new Set(KNOWN_EVENT_TYPES).size, 46);
    for (const e of events) assert.equal(e.known, true, e.kind.type);
    const seen = new Set(events.map((e) => e.kind.type));
    for (const t of KNOWN_EVENT_TYPES) assert.ok(seen.has(t), `fixture lacks ${t}`);
  });

  test('keeps sequences gapless from 1 per execution and times non-decreasing', () => {
    const bySeq = new Map<string, TypedEvent[]>();
    for (const e of events) bySeq.set(e.executionId, [...(bySeq.get(e.executionId) ?? []), e]);
    assert.ok(bySeq.size >= 3 && bySeq.size <= 4);
    for (const list of bySeq.values()) {
      list.forEach((e, i) => assert.equal(e.sequence, i + 1));
      for (let i = 1; i < list.length; i++) assert.ok((list[i] as TypedEvent).time >= (list[i - 1] as TypedEvent).time);
    }
  });

  test('fixture envelopes use hyphenated execution ids, 9-digit fractions and absent node_completed extras', () => {
    for (const e of events) {
      assert.match(e.envelope.execution_id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.match(e.envelope.created_at, /\.\d{9}Z$/);
      if (e.kind.type === 'node_completed') {
        for (const [k, v] of Object.entries(e.kind)) assert.notEqual(v, null, `node_completed.${k} should be absent, not null`);
      }
    }
  });
});

describe('decodeEnvelope', () => {
  test('returns the envelope object itself and the typed fields', () => {
    const env = envelope();
    const e = ok(decodeEnvelope(env, 'model'));
    assert.equal(e.envelope, env);
    assert.equal(e.kind, env['kind']);
    assert.equal(e.executionId, EXEC);
    assert.equal(e.sequence, 6);
    assert.equal(e.id, '1a2a006e-d68c-481f-8c63-c205f139927e');
    assert.equal(e.time, Date.UTC(2026, 2, 14, 9, 21, 8, 806));
    assert.equal(e.nodeKind, 'model');
    assert.equal(ok(decodeEnvelope(envelope())).nodeKind, undefined);
  });

  test('normalises both execution id forms identically', () => {
    const a = ok(decodeEnvelope(envelope({ execution_id: '39201bc0-2035-4816-b345-46bc0da7d0fb' })));
    const b = ok(decodeEnvelope(envelope({ execution_id: 'exec_39201bc020354816b34546bc0da7d0fb' })));
    assert.equal(a.executionId, EXEC);
    assert.equal(b.executionId, EXEC);
  });

  test('keeps an unknown kind type as known:false with all its fields', () => {
    const env = envelope({ kind: { type: 'quantum_entangled', node_id: 'x', spin: 0.5 } });
    const e = ok(decodeEnvelope(env));
    assert.equal(e.known, false);
    assert.deepEqual(e.kind, { type: 'quantum_entangled', node_id: 'x', spin: 0.5 });
  });

  test('tolerates unknown extra fields on the envelope and the kind', () => {
    const e = ok(decodeEnvelope(envelope({ tenant: 't1' }, { lease_id: 'abc' })));
    assert.equal(e.known, true);
  });

  test('accepts null and absent optionals alike', () => {
    const base = { type: 'approval_received', node_id: 'review', user_id: 'alice', decision: 'approved' };
    ok(decodeEnvelope(envelope({ kind: { ...base, comment: null, state_patch: null } })));
    ok(decodeEnvelope(envelope({ kind: { ...base } })));
    ok(decodeEnvelope(envelope({ kind: { type: 'node_completed', node_id: 'n', output: {}, state_patch: {}, duration_ms: 1, cost_usd: null, provenance: null } })));
    ok(decodeEnvelope(envelope({ kind: { type: 'node_completed', node_id: 'n', output: {}, state_patch: {}, duration_ms: 1 } })));
  });

  test('accepts null as the value of a required any-JSON field but not its absence', () => {
    ok(decodeEnvelope(envelope({ kind: { type: 'workflow_completed', final_state: null } })));
    const r = rejected(decodeEnvelope(envelope({ kind: { type: 'workflow_completed' } })));
    assert.equal(r.reason, 'missing_field');
    assert.equal(r.field, 'kind.final_state');
  });

  test('rejects a non-object as not_an_object', () => {
    for (const v of [null, undefined, 1, 'x', true, [], [envelope()]]) {
      assert.equal(rejected(decodeEnvelope(v)).reason, 'not_an_object');
    }
  });

  test('rejects missing required fields as missing_field, naming the path', () => {
    const cases: [Record<string, unknown>, string][] = [
      [envelope({ id: undefined }), 'id'],
      [envelope({ execution_id: undefined }), 'execution_id'],
      [envelope({ sequence: undefined }), 'sequence'],
      [envelope({ kind: undefined }), 'kind'],
      [envelope({ created_at: undefined }), 'created_at'],
      [envelope({}, { type: undefined }), 'kind.type'],
      [envelope({}, { attempt: undefined }), 'kind.attempt'],
      [envelope({}, { worker_id: undefined }), 'kind.worker_id'],
    ];
    for (const [env, field] of cases) {
      const r = rejected(decodeEnvelope(env));
      assert.equal(r.reason, 'missing_field', field);
      assert.equal(r.field, field);
    }
  });

  test('rejects wrong JS types as wrong_type, naming the path', () => {
    const cases: [Record<string, unknown>, string][] = [
      [envelope({ id: 7 }), 'id'],
      [envelope({ execution_id: 7 }), 'execution_id'],
      [envelope({ kind: 'node_started' }), 'kind'],
      [envelope({ kind: [] }), 'kind'],
      [envelope({ created_at: 1773480067104 }), 'created_at'],
      [envelope({}, { type: 3 }), 'kind.type'],
      [envelope({}, { attempt: '0' }), 'kind.attempt'],
      [envelope({}, { node_id: null }), 'kind.node_id'],
      [envelope({ kind: { type: 'node_failed', node_id: 'n', error: 'e', attempt: 0, retryable: 'no' } }), 'kind.retryable'],
      [envelope({ kind: { type: 'plan_generated', steps: 'a,b' } }), 'kind.steps'],
      [envelope({ kind: { type: 'plan_generated', steps: ['a', 2] } }), 'kind.steps[1]'],
      [envelope({ kind: { type: 'coordinator_scoring', node_id: 'n', rankings: {}, spread: 0, weights: {} } }), 'kind.rankings'],
      [envelope({ kind: { type: 'approval_received', node_id: 'n', user_id: 'u', decision: true } }), 'kind.decision'],
      [envelope({ kind: { type: 'node_completed', node_id: 'n', output: {}, state_patch: {}, duration_ms: 1, provenance: { confidence: 'high' } } }), 'kind.provenance.confidence'],
      [envelope({ kind: { type: 'node_completed', node_id: 'n', output: {}, state_patch: {}, duration_ms: 1, provenance: [] } }), 'kind.provenance'],
    ];
    for (const [env, field] of cases) {
      const r = rejected(decodeEnvelope(env));
      assert.equal(r.reason, 'wrong_type', field);
      assert.equal(r.field, field);
    }
  });

  test('rejects out-of-range numbers and bad enum values as invalid_value', () => {
    const cases: [Record<string, unknown>, string][] = [
      [envelope({}, { attempt: -1 }), 'kind.attempt'],
      [envelope({}, { attempt: 1.5 }), 'kind.attempt'],
      [envelope({}, { attempt: 2 ** 32 }), 'kind.attempt'],
      [envelope({ kind: { type: 'retry_scheduled', node_id: 'n', attempt: 1, delay_ms: -5 } }), 'kind.delay_ms'],
      [envelope({ kind: { type: 'critic_verdict', node_id: 'n', score: Number.NaN, passed: true } }), 'kind.score'],
      [envelope({ kind: { type: 'approval_received', node_id: 'n', user_id: 'u', decision: 'maybe' } }), 'kind.decision'],
    ];
    for (const [env, field] of cases) {
      const r = rejected(decodeEnvelope(env));
      assert.equal(r.reason, 'invalid_value', field);
      assert.equal(r.field, field);
    }
  });

  test('accepts u64 values above the u32 range', () => {
    ok(decodeEnvelope(envelope({ kind: { type: 'retry_scheduled', node_id: 'n', attempt: 1, delay_ms: 2 ** 40 } })));
  });

  test('rejects an unparsable execution id as invalid_execution_id', () => {
    for (const id of ['', 'exec_123', '39201bc0-2035-4816-b345-46bc0da7d0fz']) {
      const r = rejected(decodeEnvelope(envelope({ execution_id: id })));
      assert.equal(r.reason, 'invalid_execution_id');
      assert.equal(r.executionId, undefined);
      assert.equal(r.sequence, 6);
    }
  });

  test('rejects sequences that are not positive safe integers as invalid_sequence', () => {
    for (const seq of [0, -1, 1.5, '3', 2 ** 53, null, Number.POSITIVE_INFINITY]) {
      const r = rejected(decodeEnvelope(envelope({ sequence: seq })));
      assert.equal(r.reason, 'invalid_sequence', String(seq));
      assert.equal(r.executionId, EXEC);
    }
    ok(decodeEnvelope(envelope({ sequence: Number.MAX_SAFE_INTEGER })));
  });

  test('rejects a created_at that is not RFC 3339 as invalid_timestamp', () => {
    for (const t of ['2026-03-14', 'yesterday', '2026-03-14T09:21:08.806329807', '']) {
      assert.equal(rejected(decodeEnvelope(envelope({ created_at: t }))).reason, 'invalid_timestamp', t);
    }
  });

  test('puts the execution id and sequence on kind-level rejections', () => {
    const r = rejected(decodeEnvelope(envelope({}, { attempt: -1 })));
    assert.equal(r.executionId, EXEC);
    assert.equal(r.sequence, 6);
  });

  test('never echoes payload content in details, and caps their length', () => {
    const secret = 'sk-live-SECRET-TOKEN';
    const results = [
      decodeEnvelope(envelope({ execution_id: secret })),
      decodeEnvelope(envelope({ sequence: secret })),
      decodeEnvelope(envelope({ created_at: secret })),
      decodeEnvelope(envelope({}, { attempt: secret })),
      decodeEnvelope(envelope({ kind: { type: 'approval_received', node_id: 'n', user_id: 'u', decision: secret } })),
      decodeEnvelope(secret),
    ];
    for (const r of results) {
      const rej = rejected(r);
      assert.ok(!rej.detail.includes('SECRET'), rej.detail);
      assert.ok(rej.detail.length <= MAX_DETAIL_CHARS);
    }
  });
});
