import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../source/core/clock.js';
import { SpanExportQueue, type ExportOutcome, type SpanBatchExporter } from '../../../source/core/telemetry/span-export-queue.js';
import type { SpanRecord } from '../../../source/core/telemetry/span-record.js';

const span = (i: number): SpanRecord => ({
  traceId: '0'.repeat(31) + '1', spanId: i.toString(16).padStart(16, '0'), name: `s${i}`, kind: 'internal', startMs: i, endMs: i, attributes: {}, events: [], links: [], status: { code: 'ok' },
});

/** An exporter that records what it got and answers as `up` says. */
function fakeExporter(): SpanBatchExporter<SpanRecord> & { up: boolean; received: string[]; calls: number } {
  const ex = {
    up: true, received: [] as string[], calls: 0,
    export(spans: readonly SpanRecord[]): Promise<ExportOutcome> {
      ex.calls++;
      if (!ex.up) return Promise.resolve({ ok: false, error: 'connect ECONNREFUSED' });
      ex.received.push(...spans.map((s) => s.name));
      return Promise.resolve({ ok: true });
    },
    shutdown: () => Promise.resolve(),
  };
  return ex;
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

/** Moves the manual clock on in 50 ms steps, letting promises settle, until `done` says so (or 500 s pass). */
async function advanceUntil(clock: ManualClock, done: () => boolean): Promise<void> {
  for (let i = 0; !done() && i < 10_000; i++) {
    await settle();
    if (!done()) clock.advance(50);
  }
}

/** Closes the queue while the manual clock moves on (close waits out its retry back-off on it); how long it took. */
async function closeAdvancing<T>(q: SpanExportQueue<T>, clock: ManualClock, deadlineMs: number): Promise<number> {
  let done = false;
  const start = clock.now();
  const closing = q.close(deadlineMs).then(() => (done = true));
  await advanceUntil(clock, () => done);
  await closing;
  return clock.now() - start;
}

describe('SpanExportQueue', () => {
  test('batches after the delay, and a full batch goes at once', async () => {
    const clock = new ManualClock(0);
    const ex = fakeExporter();
    const q = new SpanExportQueue({ exporter: ex, clock, batchSpans: 3, delayMs: 1_000, random: () => 1 });
    q.add([span(1)]);
    await settle();
    assert.equal(ex.calls, 0);
    q.add([span(2), span(3)]);
    clock.advance(0);
    await settle();
    assert.deepEqual(ex.received, ['s1', 's2', 's3']);
    assert.equal(q.stats().exported, 3);
  });

  test('a collector that is down is retried with back-off; every span arrives once when it is back', async () => {
    const clock = new ManualClock(0);
    const ex = fakeExporter();
    ex.up = false;
    const q = new SpanExportQueue({ exporter: ex, clock, batchSpans: 2, delayMs: 100, random: () => 1 });
    q.add([span(1), span(2), span(3)]);
    for (let t = 0; t < 10_000; t += 100) {
      clock.advance(100);
      await settle();
    }
    const down = q.stats();
    assert.equal(down.state, 'failing');
    assert.ok(down.failedBatches >= 3 && down.failedBatches < 20, `backed off: ${down.failedBatches} tries in 10 s`);
    assert.equal(down.lastError, 'connect ECONNREFUSED');
    ex.up = true;
    for (let t = 0; t < 6_000; t += 100) {
      clock.advance(100);
      await settle();
    }
    assert.deepEqual(ex.received, ['s1', 's2', 's3']);
    assert.deepEqual({ ...q.stats(), failingSince: undefined }, { exported: 3, dropped: 0, failedBatches: down.failedBatches, queued: 0, state: 'ok', lastError: undefined, failingSince: undefined });
  });

  test('past the cap new spans are dropped and counted; what is left at close is counted too', async () => {
    const clock = new ManualClock(0);
    const ex = fakeExporter();
    ex.up = false;
    const q = new SpanExportQueue({ exporter: ex, clock, maxQueued: 4, batchSpans: 10, delayMs: 100, random: () => 1 });
    q.add([span(1), span(2), span(3)]);
    q.add([span(4), span(5), span(6)]);
    assert.deepEqual([q.stats().queued, q.stats().dropped], [4, 2]);
    await closeAdvancing(q, clock, 1_000);
    assert.deepEqual([q.stats().queued, q.stats().dropped, q.stats().exported], [0, 6, 0]);
    q.add([span(7)]);
    assert.equal(q.stats().dropped, 7, 'nothing is queued after close');
  });

  test('items that make several spans: caps, batches and counters are in spans, and an item is never split', async () => {
    const batches: number[][] = [];
    const exporter: SpanBatchExporter<number> = { export: (items) => (batches.push([...items]), Promise.resolve({ ok: true })), shutdown: () => Promise.resolve() };
    // Each item makes as many spans as its value says.
    const q = new SpanExportQueue({ exporter, clock: new ManualClock(0), maxQueued: 10, batchSpans: 4, delayMs: 60_000, spansOf: (n: number) => n });
    q.add([3, 2, 1, 4]);
    assert.deepEqual([q.stats().queued, q.full], [10, true]);
    q.add([1]);
    assert.equal(q.stats().dropped, 1, 'no room for one more span');
    await q.close(5_000);
    assert.deepEqual(batches, [[3], [2, 1], [4]], 'at most 4 spans a batch, whole items');
    assert.deepEqual([q.stats().exported, q.stats().queued, q.stats().dropped], [10, 0, 1]);
  });

  test('up to the concurrency of full batches go at once; one that fails comes back and is sent again, once', async () => {
    const clock = new ManualClock(0);
    const sent: Array<{ names: string[]; answer: (ok: boolean) => void }> = [];
    const exporter: SpanBatchExporter<SpanRecord> = {
      export: (spans) => new Promise((resolve) => sent.push({ names: spans.map((s) => s.name), answer: (ok) => resolve(ok ? { ok: true } : { ok: false, error: 'HTTP 503' }) })),
      shutdown: () => Promise.resolve(),
    };
    const q = new SpanExportQueue({ exporter, clock, batchSpans: 2, delayMs: 60_000, concurrency: 3, random: () => 1 });
    q.add([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(span));
    clock.advance(0);
    await settle();
    // Until the collector has taken a batch (a gRPC channel still connecting), one at a time.
    assert.deepEqual(sent.map((b) => b.names), [['s0', 's1']], 'the first batch goes alone');
    sent[0]!.answer(true);
    await settle();
    clock.advance(0);
    await settle();
    assert.deepEqual(sent.slice(1).map((b) => b.names), [['s2', 's3'], ['s4', 's5'], ['s6', 's7']], 'then three batches in flight, the fifth waits');
    assert.equal(q.stats().queued, 8, 'spans in flight still count against the cap');
    sent[1]!.answer(true);
    sent[3]!.answer(true);
    await settle();
    clock.advance(0);
    await settle();
    // The two that went through made room: s8 s9 went out beside the one still in flight, and came back ok.
    assert.deepEqual(sent.slice(4).map((b) => b.names), [['s8', 's9']]);
    sent[4]!.answer(true);
    await settle();
    sent[2]!.answer(false);
    await settle();
    assert.deepEqual([q.stats().exported, q.stats().queued, q.stats().state], [8, 2, 'failing']);
    // Failing: one batch at a time after the back-off, the failed one first.
    clock.advance(1_000);
    await settle();
    assert.deepEqual(sent.slice(5).map((b) => b.names), [['s4', 's5']]);
    sent[5]!.answer(true);
    await settle();
    assert.deepEqual([q.stats().exported, q.stats().queued, q.stats().dropped, q.stats().state], [10, 0, 0, 'ok']);
  });

  test('close retries a batch the collector refused (a channel still connecting at shutdown) until its deadline', async () => {
    const clock = new ManualClock(0);
    const ex = fakeExporter();
    ex.up = false;
    const q = new SpanExportQueue({ exporter: ex, clock, batchSpans: 2, delayMs: 60_000, random: () => 1 });
    q.add([span(1), span(2), span(3)]);
    let closed = false;
    const closing = q.close(5_000).then(() => (closed = true));
    await settle();
    assert.deepEqual([ex.calls, closed], [1, false], 'the refused batch is not given up at once');
    clock.advance(700);
    await settle();
    ex.up = true;
    await advanceUntil(clock, () => closed);
    await closing;
    const took = clock.now();
    assert.deepEqual(ex.received, ['s1', 's2', 's3'], 'every span went out once the collector answered');
    assert.deepEqual([q.stats().exported, q.stats().dropped], [3, 0]);
    assert.ok(took < 5_000, `within the deadline: ${took} ms`);
  });

  test('close gives up at its deadline on a collector that stays down, and counts what it drops', async () => {
    const clock = new ManualClock(0);
    const ex = fakeExporter();
    ex.up = false;
    const q = new SpanExportQueue({ exporter: ex, clock, batchSpans: 2, delayMs: 60_000, random: () => 1 });
    q.add([span(1), span(2), span(3)]);
    const took = await closeAdvancing(q, clock, 3_000);
    assert.ok(took >= 3_000 && took <= 3_100, `closed at the deadline: ${took} ms`);
    assert.ok(ex.calls >= 2 && ex.calls <= 8, `retried with back-off: ${ex.calls} tries`);
    assert.deepEqual([q.stats().exported, q.stats().dropped, q.stats().queued], [0, 3, 0]);
  });

  test('close exports what is queued when the collector is up', async () => {
    const ex = fakeExporter();
    const q = new SpanExportQueue({ exporter: ex, clock: new ManualClock(0), batchSpans: 2, delayMs: 60_000 });
    q.add([span(1), span(2), span(3)]);
    await q.close(5_000);
    assert.deepEqual(ex.received, ['s1', 's2', 's3']);
    assert.equal(q.stats().dropped, 0);
  });
});
