import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../../../source/core/clock.js';
import { REST_LINGER_POLLS, RestPollingEventSource } from '../../../source/core/sources/rest-polling-event-source.js';
import type { RestPollingOptions } from '../../../source/core/sources/rest-polling-event-source.js';
import { FORBIDDEN_MESSAGE, UNAUTHORIZED_MESSAGE } from '../../../source/core/runtime-api/failure-reason.js';
import { startFakeRuntime } from '../../helpers/sources-http-server.js';
import type { FakeRuntime } from '../../helpers/sources-http-server.js';
import { RecordingListener } from '../../helpers/sources-recorder.js';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const C = 'c'.repeat(32);
const COMPLETED = { type: 'workflow_completed', final_state: {} };

function fast(url: string, extra: Partial<RestPollingOptions> = {}): RestPollingEventSource {
  return new RestPollingEventSource(url, { id: 'rest', clock: systemClock(), pollMs: 10, discoveryMs: 10, random: () => 0, ...extra });
}

function addExecution(rt: FakeRuntime, hex: string, status: string, updatedAt: string, events: number): void {
  rt.executions.set(hex, { status, updatedAt, events: [] });
  for (let s = 1; s <= events; s++) rt.append(hex, s);
}

/** A full page of 50 running executions, all newer than A, B and C: the first listing shows only them. */
function addNewerPage(rt: FakeRuntime): void {
  for (let i = 1; i <= 50; i++) addExecution(rt, i.toString(16).padStart(32, '0'), 'running', `2026-01-01T00:01:${String(i).padStart(2, '0')}Z`, 1);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('RestPollingEventSource', () => {
  test('discovers executions and tails their logs: each event once, in sequence order, with the token', async () => {
    const rt = await startFakeRuntime();
    addExecution(rt, A, 'running', '2026-01-01T00:00:02Z', 2);
    addExecution(rt, B, 'running', '2026-01-01T00:00:01Z', 1);
    const src = fast(rt.url, { token: 'tok' });
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => rec.events().length === 3, 30_000, 'first three');
      rt.append(A, 3);
      rt.append(B, 2);
      await rec.until(() => rec.events().length === 5, 30_000, 'appended two');
      await sleep(60);
      const keys = rec.keys();
      assert.equal(new Set(keys).size, keys.length, 'no duplicates');
      assert.deepEqual(keys.filter((k) => k.startsWith(`exec_${A}`)), [1, 2, 3].map((s) => `exec_${A}:${s}`));
      assert.deepEqual(keys.filter((k) => k.startsWith(`exec_${B}`)), [1, 2].map((s) => `exec_${B}:${s}`));
      assert.ok(rt.requests.every((r) => r.authorization === 'Bearer tok'));
      assert.equal(src.status().state, 'connected');
      assert.deepEqual(JSON.parse(rec.batches.at(-1)!.cursor!), { [`exec_${A}`]: 3, [`exec_${B}`]: 2 });
    } finally {
      await src.stop();
      await rt.close();
    }
  });

  test('keeps polling a finished execution for a few polls to catch a late event, then stops', async () => {
    const rt = await startFakeRuntime();
    addExecution(rt, A, 'running', '2026-01-01T00:00:02Z', 2);
    const src = fast(rt.url);
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => rec.events().length === 2, 30_000, 'two events');
      rt.append(A, 3, COMPLETED);
      rt.executions.get(A)!.status = 'completed';
      await rec.until(() => rec.events().length === 3, 30_000, 'terminal event');
      // The runtime's log is not sealed: a node_completed may land after workflow_completed.
      rt.append(A, 4);
      await rec.until(() => src.watching().length === 0, 30_000, 'linger over');
      assert.deepEqual(rec.keys(), [1, 2, 3, 4].map((s) => `exec_${A}:${s}`));
      const fetches = rt.eventFetches(A);
      await sleep(80);
      assert.equal(rt.eventFetches(A), fetches, 'no more polls once the linger is over');
    } finally {
      await src.stop();
      await rt.close();
    }
  });

  test('an execution that started and ended between listings is fetched once its linger allows, and never re-delivered', async () => {
    const rt = await startFakeRuntime();
    const src = fast(rt.url);
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => src.status().state === 'connected', 30_000, 'connected');
      addExecution(rt, C, 'completed', '2026-01-01T00:00:05Z', 2);
      rt.append(C, 3, COMPLETED);
      await rec.until(() => rec.events().length === 3, 30_000, 'its events');
      await rec.until(() => src.watching().length === 0, 30_000, 'let go');
      await sleep(60);
      assert.equal(rec.events().length, 3);
      assert.ok(rt.eventFetches(C) <= REST_LINGER_POLLS + 1);
    } finally {
      await src.stop();
      await rt.close();
    }
  });

  test('a resume cursor from a previous run means nothing already delivered comes again', async () => {
    const rt = await startFakeRuntime();
    addExecution(rt, A, 'running', '2026-01-01T00:00:02Z', 4);
    const src = fast(rt.url, { resumeCursor: JSON.stringify({ [`exec_${A}`]: 3 }) });
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => rec.events().length === 1, 30_000, 'the one new event');
      await sleep(50);
      assert.deepEqual(rec.keys(), [`exec_${A}:4`]);
    } finally {
      await src.stop();
      await rt.close();
    }
  });

  test('401 says to check the token, delivers nothing, and recovers once the token is accepted', async () => {
    const rt = await startFakeRuntime();
    addExecution(rt, A, 'running', '2026-01-01T00:00:02Z', 1);
    rt.failWith = () => 401;
    const src = fast(rt.url, { token: 'bad' });
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => src.status().state === 'error', 30_000, 'error');
      assert.ok(src.status().message?.startsWith(UNAUTHORIZED_MESSAGE), src.status().message);
      assert.equal(rec.events().length, 0);
      assert.ok(!JSON.stringify(rec.statuses).includes('bad'));
      rt.failWith = undefined;
      await rec.until(() => rec.events().length === 1 && src.status().state === 'connected', 30_000, 'recovered');
      assert.equal(src.status().message, undefined);
    } finally {
      await src.stop();
      await rt.close();
    }
  });

  test('403 says the token lacks read access', async () => {
    const rt = await startFakeRuntime();
    rt.failWith = () => 403;
    const src = fast(rt.url);
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => src.status().state === 'error', 30_000, 'error');
      assert.ok(src.status().message?.startsWith(FORBIDDEN_MESSAGE));
    } finally {
      await src.stop();
      await rt.close();
    }
  });

  test('500 backs off with the status in the message, counts the retries, and recovers by itself', async () => {
    const rt = await startFakeRuntime();
    addExecution(rt, A, 'running', '2026-01-01T00:00:02Z', 1);
    rt.failWith = (path) => (path === '/executions' ? 500 : undefined);
    const src = fast(rt.url);
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => src.status().reconnects >= 2, 30_000, 'two failed polls');
      assert.equal(src.status().state, 'reconnecting');
      assert.match(src.status().message ?? '', /^HTTP 500 Internal Server Error from GET \/executions\?limit=50&offset=0 \(attempt \d+, retry in/);
      assert.equal(src.status().reason, 'HTTP 500 Internal Server Error from GET /executions?limit=50&offset=0', 'the reason alone, without retry counts');
      rt.failWith = undefined;
      await rec.until(() => rec.events().length === 1 && src.status().state === 'connected', 30_000, 'recovered');
      assert.equal(src.status().reason, undefined, 'no reason once connected');
    } finally {
      await src.stop();
      await rt.close();
    }
  });

  test('one execution the runtime fails to serve (500) is backed off alone: the source stays up and the others keep flowing', async () => {
    const rt = await startFakeRuntime();
    addExecution(rt, A, 'running', '2026-01-01T00:00:02Z', 1);
    addExecution(rt, B, 'running', '2026-01-01T00:00:01Z', 1);
    rt.failWith = (path) => (path.includes(B) ? 500 : undefined);
    const src = fast(rt.url);
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => rec.events().length === 1 && rt.eventFetches(B) >= 2, 30_000, 'A delivered, B retried');
      assert.equal(src.status().state, 'connected');
      assert.equal(src.status().reconnects, 0);
      assert.match(src.status().message ?? '', new RegExp(`^execution exec_${B}: HTTP 500`));
      // A keeps being polled at the normal pace while B waits out its own back-off.
      rt.append(A, 2);
      await rec.until(() => rec.keys().includes(`exec_${A}:2`), 30_000, 'A keeps flowing');
      assert.ok(rt.eventFetches(A) > rt.eventFetches(B), `A polled ${rt.eventFetches(A)} times, B ${rt.eventFetches(B)}`);
      rt.failWith = undefined;
      await rec.until(() => rec.keys().includes(`exec_${B}:1`) && src.status().message === undefined, 30_000, 'B recovered, notice gone');
    } finally {
      await src.stop();
      await rt.close();
    }
  });

  test('an execution the runtime no longer knows (404) is dropped and the others carry on', async () => {
    const rt = await startFakeRuntime();
    addExecution(rt, A, 'running', '2026-01-01T00:00:02Z', 1);
    addExecution(rt, B, 'running', '2026-01-01T00:00:01Z', 1);
    rt.failWith = (path) => (path.includes(B) ? 404 : undefined);
    const src = fast(rt.url);
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => src.dropped === 1 && rec.events().length === 1, 30_000, 'drop');
      assert.deepEqual(src.watching(), [`exec_${A}`]);
      assert.equal(src.status().state, 'connected');
      assert.match(src.status().message ?? '', /not found \(404\): dropped/);
    } finally {
      await src.stop();
      await rt.close();
    }
  });

  test('an envelope the decoder rejects carries an excerpt of itself as served, and the log goes on past it', async () => {
    const rt = await startFakeRuntime();
    addExecution(rt, A, 'running', '2026-01-01T00:00:02Z', 1);
    rt.append(A, 2, { node_id: 'no type' });
    rt.append(A, 3);
    const src = fast(rt.url);
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => rec.events().length === 2 && rec.rejections().length === 1, 30_000, 'two events and a rejection');
      const rejection = rec.rejections()[0]!;
      assert.deepEqual([rejection.reason, rejection.field], ['missing_field', 'kind.type']);
      assert.equal(rejection.excerpt, JSON.stringify(rt.executions.get(A)!.events[1]));
    } finally {
      await src.stop();
      await rt.close();
    }
  });

  test('a refused connection is reported as such and retried', async () => {
    const srv = createServer();
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const port = (srv.address() as AddressInfo).port;
    await new Promise<void>((resolve) => srv.close(() => resolve()));
    const src = fast(`http://127.0.0.1:${port}`);
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => src.status().reconnects >= 2, 30_000, 'retries');
      assert.match(src.status().message ?? '', /^connection refused/);
      assert.equal(src.status().reason, 'connection refused');
      assert.equal(rec.statuses[0]?.state, 'connecting', 'the listener hears of the source as it starts, before any answer');
    } finally {
      await src.stop();
    }
  });

  test('past the watch cap the quietest execution is let go, never more than the cap watched', async () => {
    const rt = await startFakeRuntime();
    addExecution(rt, A, 'running', '2026-01-01T00:00:03Z', 1);
    addExecution(rt, B, 'running', '2026-01-01T00:00:02Z', 1);
    addExecution(rt, C, 'running', '2026-01-01T00:00:01Z', 1);
    const src = fast(rt.url, { maxWatched: 2 });
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => src.evicted >= 1 && src.status().message !== undefined, 30_000, 'eviction');
      assert.ok(src.watching().length <= 2);
      assert.match(src.status().message ?? '', /cap of 2 executions/);
    } finally {
      await src.stop();
      await rt.close();
    }
  });

  test('an execution let go for room comes back when it ends, and its events since are delivered', async () => {
    const rt = await startFakeRuntime();
    addExecution(rt, A, 'running', '2026-01-01T00:00:03Z', 1);
    addExecution(rt, B, 'running', '2026-01-01T00:00:02Z', 1);
    addExecution(rt, C, 'running', '2026-01-01T00:00:01Z', 1);
    const src = fast(rt.url, { maxWatched: 2 });
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => src.evicted >= 1, 30_000, 'eviction');
      const gone = [A, B, C].find((hex) => !src.watching().includes(`exec_${hex}`))!;
      // It goes on while let go, then ends: the listing shows it changed (and terminal).
      rt.append(gone, 2);
      rt.append(gone, 3, COMPLETED);
      rt.executions.get(gone)!.status = 'completed';
      rt.executions.get(gone)!.updatedAt = '2026-01-01T00:00:09Z';
      await rec.until(() => rec.keys().filter((k) => k.startsWith(`exec_${gone}:`)).length === 3, 30_000, 'the let-go execution\'s later events');
      assert.deepEqual(rec.keys().filter((k) => k.startsWith(`exec_${gone}:`)), [1, 2, 3].map((n) => `exec_${gone}:${n}`), 'each once, in order');
    } finally {
      await src.stop();
      await rt.close();
    }
  });

  test('a pinned execution is polled although the first listing (one page of the newest) does not show it', async () => {
    const rt = await startFakeRuntime();
    addExecution(rt, A, 'completed', '2026-01-01T00:00:00Z', 2);
    rt.append(A, 3, COMPLETED);
    addNewerPage(rt);
    const src = fast(rt.url, { pin: [`exec_${A}`] });
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => rec.keys().filter((k) => k.startsWith(`exec_${A}`)).length === 3, 30_000, 'the pinned execution\'s events');
      assert.ok(!rt.requests.some((r) => r.path.includes('offset=50')), 'the first listing read one page');
    } finally {
      await src.stop();
      await rt.close();
    }
  });

  test('a pinned execution is never the one let go to make room', async () => {
    const rt = await startFakeRuntime();
    // Unlisted, so once let go it would never come back.
    addExecution(rt, A, 'running', '2026-01-01T00:00:01Z', 1);
    addNewerPage(rt);
    const src = fast(rt.url, { maxWatched: 2, pin: [`exec_${A}`] });
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => src.evicted >= 10, 30_000, 'evictions');
      assert.ok(src.watching().includes(`exec_${A}`), `watching ${src.watching().join(', ')}`);
    } finally {
      await src.stop();
      await rt.close();
    }
  });

  test('an event log over the response cap is rejected as frame_too_large and no longer polled', async () => {
    const rt = await startFakeRuntime();
    addExecution(rt, A, 'running', '2026-01-01T00:00:02Z', 50);
    const src = fast(rt.url, { maxResponseBytes: 2000 });
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => rec.rejections().length === 1, 30_000, 'rejection');
      assert.equal(rec.rejections()[0]!.reason, 'frame_too_large');
      assert.deepEqual(src.watching(), []);
      assert.equal(rec.events().length, 0);
    } finally {
      await src.stop();
      await rt.close();
    }
  });
});
