import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEnvelope } from '../../../source/core/decode/decode-envelope.js';
import type { SimEnvelope } from '../../../source/core/sim/script-builder.js';
import type { StreamItem } from '../../../source/core/sim/sim-runtime.js';
import { runSimFor } from '../../helpers/sim-fixtures.js';

// Required fields per kind, in the runtime's declaration order (after `type`).
const FIELDS: Record<string, string[]> = {
  workflow_started: ['workflow_id', 'workflow_version', 'initial_input'],
  workflow_completed: ['final_state'],
  workflow_failed: ['error'],
  workflow_cancelled: ['reason'],
  node_scheduled: ['node_id', 'queue_type'],
  node_started: ['node_id', 'worker_id', 'attempt'],
  node_completed: ['node_id', 'output', 'state_patch', 'duration_ms'],
  node_failed: ['node_id', 'error', 'attempt', 'retryable'],
  node_parked: ['node_id', 'attempt', 'retry_after'],
  node_skipped: ['node_id', 'reason'],
  retry_scheduled: ['node_id', 'attempt', 'delay_ms'],
  approval_received: ['node_id', 'user_id', 'decision', 'comment', 'state_patch'],
  tool_approval_required: ['node_id', 'tool_name', 'approver', 'context'],
  child_workflow_started: ['node_id', 'child_execution_id', 'child_workflow_id'],
  child_workflow_completed: ['node_id', 'child_execution_id', 'result'],
  critic_verdict: ['node_id', 'score', 'passed', 'feedback'],
  segment_boundary: ['segment_number', 'next_execution_id'],
};
const COMPLETED_OPTIONAL = ['gen_ai_system', 'gen_ai_model', 'input_tokens', 'output_tokens', 'finish_reason', 'cost_usd', 'provenance', 'idempotency_key'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function checkShape(e: SimEnvelope): void {
  assert.deepEqual(Object.keys(e), ['id', 'execution_id', 'sequence', 'kind', 'created_at']);
  assert.match(e.id, UUID);
  assert.match(e.execution_id, UUID);
  assert.match(e.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
  const keys = Object.keys(e.kind);
  assert.equal(keys[0], 'type');
  const required = FIELDS[e.kind.type];
  assert.ok(required, `unexpected kind ${e.kind.type}`);
  assert.deepEqual(keys.slice(1, 1 + required.length), required, e.kind.type);
  const extra = keys.slice(1 + required.length);
  if (e.kind.type === 'node_completed') {
    assert.deepEqual(extra, COMPLETED_OPTIONAL.filter((k) => extra.includes(k)), 'optional fields in order');
    for (const k of extra) assert.notEqual(e.kind[k], null, `${k} is omitted, never null`);
  } else assert.deepEqual(extra, []);
  const decoded = decodeEnvelope(e);
  assert.ok(decoded.ok && decoded.event.known, JSON.stringify(decoded));
}

describe('the demo workload', () => {
  let items: StreamItem[] = [];
  let logs = new Map<string, SimEnvelope[]>();
  const all = (type: string): SimEnvelope[] => items.map((i) => i.event).filter((e) => e.kind.type === type);

  before(() => {
    items = runSimFor({ seed: 42, executions: 400 }, 600_000).items;
    logs = new Map();
    for (const { event } of items) logs.set(event.execution_id, [...(logs.get(event.execution_id) ?? []), event]);
  });

  test('every envelope has the runtime shape for its kind and decodes as a known event', () => {
    assert.ok(items.length > 3_000);
    for (const { event } of items) checkShape(event);
  });

  test('each log starts with workflow_started then node_scheduled, with gapless sequences and monotonic times', () => {
    for (const events of logs.values()) {
      assert.equal(events[0]!.kind.type, 'workflow_started');
      assert.equal(events[1]!.kind.type, 'node_scheduled');
      events.forEach((e, i) => assert.equal(e.sequence, i + 1));
      for (let i = 1; i < events.length; i++) assert.ok(events[i]!.created_at > events[i - 1]!.created_at);
    }
  });

  test('final_state is initial_input with every state_patch applied by top-level overwrite', () => {
    for (const events of logs.values()) {
      const done = events.find((e) => e.kind.type === 'workflow_completed');
      if (!done) continue;
      const state = { ...(events[0]!.kind.initial_input as object) };
      for (const e of events) if (e.kind.type === 'node_completed') Object.assign(state, e.kind.state_patch);
      assert.deepEqual(done.kind.final_state, state);
    }
  });

  test('python_tool nodes get no node_started and no __budget; every Rust-worker completion has __budget', () => {
    const scheduled = new Map<string, string>();
    for (const e of items.map((i) => i.event)) {
      const key = `${e.execution_id}/${String(e.kind.node_id)}`;
      if (e.kind.type === 'node_scheduled') scheduled.set(key, e.kind.queue_type as string);
      const http = scheduled.get(key) === 'python_tool';
      if (e.kind.type === 'node_started') assert.ok(!http);
      if (e.kind.type === 'node_completed') {
        assert.equal('__budget' in (e.kind.state_patch as object), !http);
        assert.equal('idempotency_key' in e.kind, !http);
      }
    }
    assert.ok([...scheduled.values()].includes('python_tool'));
  });

  test('lease expiry retries use delay 2^min(attempt,6) s after a retryable node_failed', () => {
    const retries = all('retry_scheduled');
    assert.ok(retries.length > 0);
    for (const r of retries) {
      const log = logs.get(r.execution_id)!;
      const prev = log[r.sequence - 2]!;
      assert.equal(prev.kind.type, 'node_failed');
      assert.equal(prev.kind.retryable, true);
      assert.equal(prev.kind.error, 'lease expired: worker presumed dead');
      assert.equal(prev.kind.attempt, (r.kind.attempt as number) - 1);
      assert.equal(r.kind.delay_ms, 2 ** Math.min(r.kind.attempt as number, 6) * 1000);
    }
    assert.ok(all('node_failed').some((e) => e.kind.retryable === false && String(e.kind.error).startsWith('Model call failed')));
  });

  test('a 429 park is followed by node_started with the parked attempt after retry_after, without retry_scheduled', () => {
    const parks = all('node_parked');
    assert.ok(parks.length > 0);
    for (const p of parks) {
      assert.match(p.kind.retry_after as string, /\+00:00$/);
      const after = logs.get(p.execution_id)!.slice(p.sequence);
      const next = after.find((e) => e.kind.node_id === p.kind.node_id)!;
      assert.equal(next.kind.type, 'node_started');
      assert.equal(next.kind.attempt, p.kind.attempt);
      assert.ok(Date.parse(next.created_at) >= Date.parse(p.kind.retry_after as string));
    }
  });

  test('approvals re-dispatch the node with attempt 0 again; rejections fail the node and the workflow', () => {
    const decisions = all('approval_received');
    assert.ok(decisions.some((d) => d.kind.decision === 'approved') && decisions.some((d) => d.kind.decision === 'rejected'));
    for (const d of decisions) {
      const [a, b] = logs.get(d.execution_id)!.slice(d.sequence);
      if (d.kind.decision === 'approved') {
        assert.deepEqual([a!.kind.type, b!.kind.type, b!.kind.attempt], ['node_scheduled', 'node_started', 0]);
      } else {
        assert.equal(a!.kind.type, 'node_failed');
        assert.match(a!.kind.error as string, new RegExp(`^approval rejected by ${String(d.kind.user_id)}`));
        assert.deepEqual([a!.kind.attempt, a!.kind.retryable, b!.kind.type], [0, false, 'workflow_failed']);
      }
    }
  });

  test('cancellations say "user request" and only the in-flight worker\'s late completion may follow', () => {
    const cancels = all('workflow_cancelled');
    assert.ok(cancels.length > 0);
    let late = 0;
    for (const c of cancels) {
      assert.equal(c.kind.reason, 'user request');
      const after = logs.get(c.execution_id)!.slice(c.sequence);
      for (const e of after) assert.ok(['critic_verdict', 'node_completed'].includes(e.kind.type), e.kind.type);
      late += after.filter((e) => e.kind.type === 'node_completed').length;
    }
    assert.ok(late > 0);
  });

  test('child workflows are linked by an exec_ id and have their own log', () => {
    const starts = all('child_workflow_started');
    assert.ok(starts.length > 0);
    for (const s of starts) {
      const hex = /^exec_([0-9a-f]{32})$/.exec(s.kind.child_execution_id as string)![1]!;
      const childId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      assert.equal(logs.get(childId)![0]!.kind.workflow_id, 'deep_research');
    }
  });

  test('a continue-as-new rollover writes segment_boundary and starts the next segment', () => {
    const bounds = all('segment_boundary');
    assert.ok(bounds.length > 0);
    for (const b of bounds) {
      assert.equal(logs.get(b.execution_id)!.at(-1), b);
      assert.equal(logs.get(b.kind.next_execution_id as string)![0]!.kind.type, 'workflow_started');
    }
  });

  test('models carry real-looking tokens, cost_usd is rare and never for an unpriced model', () => {
    const calls = all('node_completed').filter((e) => 'gen_ai_model' in e.kind);
    const models = new Set(calls.map((c) => c.kind.gen_ai_model));
    assert.deepEqual([...models].sort(), ['claude-3-5-haiku-20241022', 'claude-sonnet-4-6', 'gpt-4o', 'gpt-4o-mini', 'local/llama-3.1-8b']);
    const priced = calls.filter((c) => 'cost_usd' in c.kind);
    assert.ok(priced.length > 0 && priced.length < calls.length * 0.25);
    assert.ok(priced.every((c) => c.kind.gen_ai_model !== 'local/llama-3.1-8b'));
    assert.ok(calls.filter((c) => c.kind.gen_ai_model === 'local/llama-3.1-8b').every((c) => c.kind.gen_ai_system === 'unknown'));
  });

  test('the queue backs up now and then: node_started lags node_scheduled by seconds', () => {
    const scheduledAt = new Map<string, number>();
    let lagged = 0;
    for (const e of items.map((i) => i.event)) {
      const key = `${e.execution_id}/${String(e.kind.node_id)}`;
      if (e.kind.type === 'node_scheduled') scheduledAt.set(key, Date.parse(e.created_at));
      if (e.kind.type === 'node_started' && Date.parse(e.created_at) - (scheduledAt.get(key) ?? Infinity) > 2_500) lagged++;
    }
    assert.ok(lagged > 5);
  });
});
