import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, systemClock } from '../../../source/core/clock.js';
import { normaliseExecutionId } from '../../../source/core/decode/execution-id.js';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { UNAUTHORIZED_MESSAGE } from '../../../source/core/runtime-api/failure-reason.js';
import { startSim } from '../../../source/core/sim/sim-server.js';
import type { SimHandle, SimOptions } from '../../../source/core/sim/sim-server.js';
import type { EventSource } from '../../../source/core/sources/event-source.js';
import { RestPollingEventSource } from '../../../source/core/sources/rest-polling-event-source.js';
import { WebSocketEventSource } from '../../../source/core/sources/websocket-event-source.js';
import { RecordingListener } from '../../helpers/sources-recorder.js';

const T0 = Date.parse('2026-03-14T09:00:00Z');

/** Every (execution, sequence) in the sim's REST-visible logs, per execution in log order. */
function simLogs(sim: SimHandle): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const rec of sim.runtime.listExecutions({ limit: 100_000 })) {
    const key = normaliseExecutionId(rec.execution_id)!;
    out.set(key, (sim.runtime.getEvents(rec.execution_id) ?? []).map((e) => e.sequence));
  }
  return out;
}

function allKeys(logs: Map<string, number[]>): string[] {
  return [...logs].flatMap(([id, seqs]) => seqs.map((s) => `${id}:${s}`));
}

describe('sources against jamjet sim', () => {
  let sim: SimHandle | undefined;
  let src: EventSource | undefined;
  let clock: ManualClock;
  const start = async (opts: SimOptions): Promise<SimHandle> => {
    clock = new ManualClock(T0);
    sim = await startSim({ seed: 3, rate: 4, ...opts, clock });
    return sim;
  };
  /** Moves the sim's virtual time on in its own tick steps. */
  const advance = (ms: number): void => {
    for (let t = 0; t < ms; t += 100) clock.advance(100);
  };

  afterEach(async () => {
    await src?.stop();
    await sim?.close();
    src = undefined;
    sim = undefined;
  });

  test('the websocket source receives every event the sim emitted, once each', async () => {
    const s = await start({ executions: 6 });
    advance(15_000);
    src = new WebSocketEventSource(s.wsUrl, { id: 'ws', clock: systemClock() });
    const rec = new RecordingListener();
    src.start(rec);
    await rec.until(() => rec.events().length === s.stats().eventsEmitted, 30_000, 'the backlog');
    advance(30_000);
    await rec.until(() => rec.events().length === s.stats().eventsEmitted, 30_000, 'live events');
    const expected = allKeys(simLogs(s));
    assert.ok(expected.length > 50, `workload too small: ${expected.length}`);
    assert.deepEqual([...rec.keys()].sort(), [...expected].sort());
    assert.equal(rec.rejections().length, 0);
  });

  test('reconnects mid-stream (dropped sockets, repeated items) lose nothing and double nothing', async () => {
    const s = await start({ executions: 8, faults: { dropEveryEvents: 23, duplicateEvery: 7 } });
    advance(5_000);
    const ws = new WebSocketEventSource(s.wsUrl, { id: 'ws', clock: systemClock(), random: () => 0 });
    src = ws;
    const rec = new RecordingListener();
    src.start(rec);
    // Interleave live emission with the reconnects.
    for (let i = 0; i < 40; i++) {
      advance(1_000);
      await new Promise((r) => setTimeout(r, 5));
    }
    await rec.until(() => ws.lastCursor() === s.runtime.lastCursor(), 30_000, 'caught up');
    const keys = rec.keys();
    const unique = [...new Set(keys)];
    assert.deepEqual(unique.sort(), allKeys(simLogs(s)).sort(), 'nothing lost');
    // Repeated items are delivered so that the model can count them; it applies each event once.
    assert.ok(keys.length > unique.length, 'the repeated items reach the model');
    const model = new ExecutionModel();
    for (const e of rec.events()) model.apply(e, 'ws', 0);
    assert.equal(model.ingest().applied, unique.length, 'nothing applied twice');
    assert.equal(model.ingest().duplicates, keys.length - unique.length, 'every repeat counted');
    assert.ok(ws.status().reconnects >= 3, `reconnects: ${ws.status().reconnects}`);
  });

  test('malformed frames from the sim are counted as rejections while the valid events still arrive', async () => {
    const s = await start({ executions: 4, faults: { malformedEvery: 10 } });
    advance(20_000);
    const ws = new WebSocketEventSource(s.wsUrl, { id: 'ws', clock: systemClock() });
    src = ws;
    const rec = new RecordingListener();
    src.start(rec);
    await rec.until(() => ws.lastCursor() === s.runtime.lastCursor() && rec.rejections().length > 0, 30_000, 'caught up');
    assert.deepEqual([...rec.keys()].sort(), allKeys(simLogs(s)).sort());
    assert.ok(rec.rejections().length >= 1);
  });

  test('a wrong token gets the 401 message and no events', async () => {
    const s = await start({ executions: 2, token: 'right' });
    advance(5_000);
    src = new WebSocketEventSource(s.wsUrl, { id: 'ws', clock: systemClock(), token: 'wrong' });
    const rec = new RecordingListener();
    src.start(rec);
    await rec.until(() => src!.status().state === 'error', 30_000, 'error');
    assert.ok(src.status().message?.startsWith(UNAUTHORIZED_MESSAGE));
    assert.equal(rec.events().length, 0);
  });

  test('the REST poller delivers exactly the events of the sim logs, in order per execution', async () => {
    const s = await start({ executions: 10, token: 't' });
    advance(4_000);
    const rest = new RestPollingEventSource(s.httpUrl, { id: 'rest', clock: systemClock(), token: 't', pollMs: 10, discoveryMs: 10 });
    src = rest;
    const rec = new RecordingListener();
    src.start(rec);
    // Executions start and finish between polls while the poller runs.
    for (let i = 0; i < 60; i++) {
      advance(1_000);
      await new Promise((r) => setTimeout(r, 5));
    }
    const logs = simLogs(s);
    const total = allKeys(logs).length;
    assert.ok(total > 50, `workload too small: ${total}`);
    await rec.until(() => rec.events().length >= total && rest.watching().length === 0, 30_000, 'everything, linger over');
    const keys = rec.keys();
    assert.equal(new Set(keys).size, keys.length, 'no event twice');
    assert.deepEqual([...keys].sort(), allKeys(logs).sort());
    for (const [id, seqs] of logs) {
      assert.deepEqual(rec.events().filter((e) => e.executionId === id).map((e) => e.sequence), seqs, `order of ${id}`);
    }
    assert.equal(rec.rejections().length, 0);
  });
});
