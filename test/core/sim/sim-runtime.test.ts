import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../source/core/clock.js';
import { SIM_FINISHED_EXECUTIONS_CAP, SIM_STREAM_BUFFER_CAP, SimRuntime, type StreamItem } from '../../../source/core/sim/sim-runtime.js';
import { terminalStatusOf } from '../../../source/core/model/lifecycle.js';
import { createSimStats, recordStats } from '../../../source/core/sim/sim-stats.js';
import { runSimFor, SIM_T0 } from '../../helpers/sim-fixtures.js';

/** Recounts stats from the emitted items alone, independently of the runtime's bookkeeping. */
function recount(items: StreamItem[]): ReturnType<typeof createSimStats> {
  const s = createSimStats();
  const status = new Map<string, string>();
  for (const it of items) {
    const k = it.event.kind;
    s.eventsEmitted++;
    s.eventsByType[k.type] = (s.eventsByType[k.type] ?? 0) + 1;
    if (k.type === 'workflow_started') {
      s.executionsStarted++;
      status.set(it.event.execution_id, 'running');
    }
    const terminal = terminalStatusOf(k.type);
    if (terminal && status.get(it.event.execution_id) === 'running') status.set(it.event.execution_id, terminal);
    if (k.type === 'node_completed' || k.type === 'node_failed') s.nodeAttemptsByKind[it.node_kind!] = (s.nodeAttemptsByKind[it.node_kind!] ?? 0) + 1;
    if (k.type === 'node_completed' && typeof k.gen_ai_model === 'string') {
      const t = (s.tokensByModel[k.gen_ai_model] ??= { input: 0, output: 0 });
      t.input += k.input_tokens as number;
      t.output += k.output_tokens as number;
      if (typeof k.cost_usd === 'number') s.costUsdEmittedByModel[k.gen_ai_model] = (s.costUsdEmittedByModel[k.gen_ai_model] ?? 0) + k.cost_usd;
    }
  }
  for (const st of status.values()) s.executionsByStatus[st] = (s.executionsByStatus[st] ?? 0) + 1;
  return s;
}

describe('SimRuntime', () => {
  test('historyMs plays that much workload at once, then keeps in step with the clock', () => {
    const clock = new ManualClock(SIM_T0);
    const rt = new SimRuntime({ seed: 7, clock, historyMs: 30_000 });
    const items: StreamItem[] = [];
    rt.subscribe((batch) => items.push(...batch));
    rt.start();
    clock.advance(100);
    assert.equal(rt.virtualNow(), clock.now(), 'virtual time is the clock, not 30 s behind it');
    const started = items.filter((i) => i.event.kind.type === 'workflow_started').length;
    const finished = items.filter((i) => i.event.kind.type === 'workflow_completed').length;
    assert.ok(started >= 40, `${started} executions already started`);
    assert.ok(finished >= 5, `${finished} executions already completed`);
    const latest = Math.max(...items.map((i) => Date.parse(i.event.created_at)));
    assert.ok(latest <= clock.now(), 'nothing from the future');
    rt.stop();
  });

  test('the same seed yields an identical event stream', () => {
    const a = runSimFor({ seed: 7 }, 120_000).items.slice(0, 500);
    const b = runSimFor({ seed: 7 }, 120_000).items.slice(0, 500);
    assert.equal(a.length, 500);
    assert.equal(JSON.stringify(a), JSON.stringify(b));
  });

  test('the stream does not depend on how time is chopped into ticks', () => {
    const fine = runSimFor({ seed: 7, speed: 1 }, 60_000).items;
    const coarse = runSimFor({ seed: 7, speed: 50 }, 1_200).items;
    assert.equal(JSON.stringify(coarse.slice(0, fine.length)), JSON.stringify(fine));
  });

  test('a different seed yields a different stream', () => {
    const a = runSimFor({ seed: 7 }, 60_000).items.slice(0, 100);
    const b = runSimFor({ seed: 8 }, 60_000).items.slice(0, 100);
    assert.notEqual(JSON.stringify(a), JSON.stringify(b));
  });

  test('cursors start at 1 and increase by one over all executions', () => {
    const { items } = runSimFor({ seed: 1 }, 30_000);
    items.forEach((it, i) => assert.equal(it.cursor, i + 1));
  });

  test('stats equal a recount of the emitted events', () => {
    const { rt, items } = runSimFor({ seed: 5, executions: 150 }, 400_000);
    const stats = rt.stats();
    assert.deepEqual(stats, recount(items));
    assert.ok(stats.executionsByStatus.completed! > 0 && stats.executionsByStatus.failed! > 0 && stats.executionsByStatus.cancelled! > 0);
    assert.equal(stats.executionsByStatus.running, 0);
  });

  test('stats() is a copy the caller cannot corrupt', () => {
    const { rt } = runSimFor({ seed: 5 }, 5_000);
    const s = rt.stats();
    s.eventsEmitted = -1;
    assert.notEqual(rt.stats().eventsEmitted, -1);
  });

  test('stops starting root executions after `executions`', () => {
    const { rt } = runSimFor({ seed: 3, executions: 4 }, 300_000);
    const roots = rt.listExecutions({ limit: 1000 }).filter((r) => !['deep_research'].includes(r.workflow_id) && r.segment_number === 0);
    assert.equal(roots.length, 4);
  });

  test('the stream ring keeps only the newest streamBufferCap events and reports the oldest cursor', () => {
    assert.equal(SIM_STREAM_BUFFER_CAP, 100_000);
    const { rt, items } = runSimFor({ seed: 2, streamBufferCap: 50 }, 30_000);
    assert.ok(items.length > 200);
    assert.equal(rt.oldestCursor(), rt.lastCursor() - 49);
    assert.deepEqual(rt.itemsAfter(0), items.slice(-50));
    assert.deepEqual(rt.itemsAfter(rt.lastCursor() - 3), items.slice(-3));
    assert.deepEqual(rt.itemsAfter(rt.lastCursor()), []);
  });

  test('finished executions beyond finishedExecutionsCap are dropped oldest first, running ones kept', () => {
    assert.ok(SIM_FINISHED_EXECUTIONS_CAP > 0);
    const { rt, items } = runSimFor({ seed: 2, finishedExecutionsCap: 5 }, 60_000);
    const list = rt.listExecutions({ limit: 1000 });
    const finished = list.filter((r) => r.status !== 'running');
    assert.equal(finished.length, 5);
    const terminalIds = items.filter((i) => terminalStatusOf(i.event.kind.type)).map((i) => i.event.execution_id);
    assert.deepEqual(new Set(finished.map((r) => r.execution_id)), new Set(terminalIds.slice(-5)));
    assert.ok(list.some((r) => r.status === 'running'));
  });

  test('records follow the event log: status, completed_at and the HTTP-path current_state', () => {
    const { rt } = runSimFor({ seed: 9, executions: 60 }, 300_000);
    for (const r of rt.listExecutions({ limit: 1000 })) {
      const events = rt.getEvents(r.execution_id)!;
      assert.equal(r.started_at, events[0]!.created_at);
      if (r.status === 'running') assert.equal(r.completed_at, null);
      else assert.equal(r.completed_at, r.updated_at);
      const first = events.find((e) => terminalStatusOf(e.kind.type));
      assert.equal(r.status, first ? terminalStatusOf(first.kind.type) : 'running');
      const lookup = events.find((e) => e.kind.type === 'node_completed' && e.kind.node_id === 'lookup');
      if (lookup) assert.equal((r.current_state as Record<string, unknown>).order_status, (lookup.kind.state_patch as Record<string, unknown>).order_status);
      else assert.deepEqual(r.current_state, r.initial_input);
    }
  });
});

test('recordStats ignores a terminal event for an execution that is no longer running', () => {
  const s = createSimStats();
  const ev = (type: string) => ({ cursor: 1, event: { id: 'x', execution_id: 'e', sequence: 1, kind: { type }, created_at: '' } });
  recordStats(s, ev('workflow_started'), false);
  recordStats(s, ev('workflow_cancelled'), true);
  recordStats(s, ev('workflow_completed'), false);
  assert.deepEqual(s.executionsByStatus, { running: 0, completed: 0, failed: 0, cancelled: 1, limit_exceeded: 0 });
});
