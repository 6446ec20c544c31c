import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, systemClock } from '../../../source/core/clock.js';
import { SqliteEventSink, MAX_QUEUED_BYTES, MAX_QUEUED_EVENTS } from '../../../source/core/store/sqlite-event-sink.js';
import type { TypedEvent } from '../../../source/core/decode/event.js';
import { completedRun, execIdFor, readJsonl, typed } from '../../helpers/store-fixtures.js';

const ALL_VARIANTS = new URL('../../../../test/fixtures/events/all-variants.jsonl', import.meta.url).pathname;

function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'jj-sink-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

describe('SqliteEventSink', () => {
  test('round-trips every event variant byte-for-byte', async () => {
    const lines = readJsonl(ALL_VARIANTS);
    const events = lines.map((l) => typed(l));
    assert.ok(new Set(events.map((e) => e.kind.type)).size >= 46, 'fixture covers every variant');
    const sink = new SqliteEventSink({ path: ':memory:', clock: new ManualClock(0) });
    sink.write(events, 'src1', undefined);
    await sink.flush();
    const q = sink.queries();
    const byExec = new Map<string, string[]>();
    for (const e of events) byExec.set(e.executionId, [...(byExec.get(e.executionId) ?? []), JSON.stringify(e.envelope)]);
    let compared = 0;
    for (const [id, texts] of byExec) {
      const stored = q.getEventTexts(id);
      const expected = [...texts].sort((a, b) => (JSON.parse(a) as { sequence: number }).sequence - (JSON.parse(b) as { sequence: number }).sequence);
      assert.deepEqual(stored, expected);
      assert.deepEqual(q.getEvents(id), expected.map((t) => JSON.parse(t) as unknown));
      compared += stored.length;
    }
    assert.equal(compared, events.length);
    await sink.close();
  });

  test('stores each event once when the same stream is written twice', async () => {
    const sink = new SqliteEventSink({ path: ':memory:', clock: new ManualClock(0) });
    const run = completedRun(1, 1_000);
    sink.write(run, 'src1', '5');
    await sink.flush();
    sink.write(run, 'src1', '5');
    sink.write(run.slice(2), 'src1', '5');
    await sink.flush();
    const q = sink.queries();
    assert.equal(q.getEventTexts(execIdFor(1)).length, run.length);
    const exec = q.getExecution(execIdFor(1))!;
    assert.equal(exec.eventCount, run.length);
    assert.equal(exec.inputTokens, 100, 'a replay never double-counts tokens');
    const st = sink.stats();
    assert.equal(st.inserted, run.length);
    assert.equal(st.duplicates, run.length + run.length - 2);
    await sink.close();
  });

  test('derives the executions row: workflow, status, times, tokens, cost, node count, source', async () => {
    const sink = new SqliteEventSink({
      path: ':memory:', clock: new ManualClock(5), costOf: (model, i, o) => (model === 'gpt-4o' ? i * 1e-6 + o * 2e-6 : undefined),
      sourceKey: (id) => `ws://host/${id}`,
    });
    sink.write(completedRun(2, 1_000, { workflow: 'brief' }), 'src9', undefined);
    await sink.flush();
    const e = sink.queries().getExecution(`${execIdFor(2).slice(5)}`)!; // bare hex is accepted too
    assert.equal(e.workflowId, 'brief');
    assert.equal(e.workflowVersion, '1.0.0');
    assert.equal(e.status, 'completed');
    assert.equal(e.startedAt, 1_000);
    assert.equal(e.endedAt, 1_040);
    assert.equal(e.outputTokens, 10);
    assert.ok(Math.abs((e.costUsd ?? NaN) - (100e-6 + 20e-6)) < 1e-12);
    assert.equal(e.nodeCount, 1);
    assert.equal(e.source, 'ws://host/src9');
    assert.equal(e.updatedAt, 5);
    await sink.close();
  });

  test('keeps the first terminal status when later events arrive (a cancelled run that still completes a node)', async () => {
    const sink = new SqliteEventSink({ path: ':memory:', clock: new ManualClock(0) });
    const run = completedRun(3, 0, { end: false });
    const cancelled = typed({ ...run[0]!.envelope, id: 'c', sequence: 5, kind: { type: 'workflow_cancelled', reason: null } });
    const late = typed({ ...run[0]!.envelope, id: 'd', sequence: 6, kind: { type: 'workflow_completed', final_state: {} } });
    sink.write([...run, cancelled], 's', undefined);
    await sink.flush();
    sink.write([late], 's', undefined);
    await sink.flush();
    assert.equal(sink.queries().getExecution(execIdFor(3))!.status, 'cancelled');
    await sink.close();
  });

  test('writes nothing until the batch fills or the flush interval passes', async () => {
    const clock = new ManualClock(0);
    const sink = new SqliteEventSink({ path: ':memory:', clock, batchSize: 100, flushMs: 200 });
    const q = sink.queries();
    sink.write(completedRun(4, 0), 's', '1');
    assert.equal(q.getEventTexts(execIdFor(4)).length, 0);
    clock.advance(199);
    assert.equal(q.getEventTexts(execIdFor(4)).length, 0);
    clock.advance(1);
    assert.equal(q.getEventTexts(execIdFor(4)).length, 5);
    assert.equal(q.cursorFor('s'), '1');
    await sink.close();
  });

  test('saves the last cursor per source with the batch that carries it', async () => {
    const sink = new SqliteEventSink({ path: ':memory:', clock: new ManualClock(0) });
    sink.write(completedRun(5, 0), 'a', '3');
    sink.write(completedRun(6, 0), 'a', '7');
    sink.write(completedRun(7, 0), 'b', 'x');
    await sink.flush();
    assert.deepEqual([...sink.queries().cursors()].sort(), [['a', '7'], ['b', 'x']]);
    await sink.close();
  });

  test('writes on a worker thread to a file, readable from the main connection after flush', async () => {
    await withDir(async (dir) => {
      const sink = new SqliteEventSink({ path: join(dir, 'top.db'), clock: systemClock(), batchSize: 3 });
      for (let n = 10; n < 20; n++) sink.write(completedRun(n, n * 1000), 's', String(n));
      await sink.flush();
      const q = sink.queries();
      assert.equal(q.listExecutions({ limit: 100 }).length, 10);
      assert.equal(q.cursorFor('s'), '19');
      await sink.close();
    });
  });

  test('applies backpressure instead of dropping when the writer is more than maxQueued events behind', async () => {
    assert.ok(MAX_QUEUED_EVENTS >= 10_000);
    await withDir(async (dir) => {
      const sink = new SqliteEventSink({ path: join(dir, 'top.db'), clock: systemClock(), batchSize: 5, maxQueued: 10 });
      const all: TypedEvent[] = [];
      for (let n = 100; n < 400; n++) {
        const run = completedRun(n, n);
        all.push(...run);
        sink.write(run, 's', String(n));
      }
      await sink.flush();
      const st = sink.stats();
      assert.ok(st.backpressureWaits > 0, 'the cap was hit and waited on');
      assert.equal(st.inserted, all.length, 'nothing dropped');
      await sink.close();
    });
  });

  test('applies backpressure too when the writer is more than maxQueuedBytes behind, however few the events', async () => {
    assert.ok(MAX_QUEUED_BYTES >= 1024 * 1024);
    await withDir(async (dir) => {
      // One 5-event run is well over 500 bytes of envelopes: every batch after the first waits for the one before.
      const sink = new SqliteEventSink({ path: join(dir, 'top.db'), clock: systemClock(), batchSize: 5, maxQueuedBytes: 500 });
      for (let n = 100; n < 300; n++) sink.write(completedRun(n, n), 's', String(n));
      await sink.flush();
      const st = sink.stats();
      assert.ok(st.backpressureWaits > 0, 'the cap was hit and waited on');
      assert.deepEqual([st.inserted, st.queued], [1000, 0], 'nothing dropped');
      await sink.close();
    });
  });

  test('counts as queued what it was handed and has not committed, on the worker as inline', async () => {
    await withDir(async (dir) => {
      const clock = new ManualClock(0);
      for (const sink of [new SqliteEventSink({ path: join(dir, 'top.db'), clock, batchSize: 100 }), new SqliteEventSink({ path: ':memory:', clock, batchSize: 100 })]) {
        sink.write(completedRun(1, 0), 's', '1');
        sink.write(completedRun(2, 0), 's', '2');
        assert.equal(sink.stats().queued, 10, 'waiting for a batch');
        await sink.flush();
        assert.deepEqual([sink.stats().queued, sink.stats().inserted], [0, 10]);
        await sink.close();
      }
    });
  });

  test('writes batches that queued up on the worker together, each acknowledged and every cursor saved', async () => {
    await withDir(async (dir) => {
      const sink = new SqliteEventSink({ path: join(dir, 'top.db'), clock: systemClock(), batchSize: 5 });
      // Each write fills a batch and posts it at once: they queue on the worker while its first transaction runs.
      for (let n = 1; n <= 40; n++) sink.write(completedRun(n, n), 's', String(n));
      await sink.flush();
      const st = sink.stats();
      assert.deepEqual([st.batches, st.inserted, st.duplicates, st.failedBatches, st.queued], [40, 200, 0, 0, 0]);
      assert.equal(sink.queries().cursorFor('s'), '40');
      assert.equal(sink.queries().listExecutions({ limit: 100 }).length, 40);
      await sink.close();
    });
  });
});
