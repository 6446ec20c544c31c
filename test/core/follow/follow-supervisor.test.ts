import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FOLLOW_PROBE_INTERVAL_MS, FollowSupervisor } from '../../../source/core/follow/follow-supervisor.js';
import type { SourceStatus } from '../../../source/core/sources/event-source.js';
import type { ProbeResult } from '../../../source/core/runtime-api/runtime-client.js';

const ID = 'exec_00000000000000000000000000000abc';
const WS = 'ws://127.0.0.1:7700/v1/events';
const HTTP = 'http://127.0.0.1:7700/';

function status(kind: SourceStatus['kind'], url: string, patch: Partial<SourceStatus> = {}): SourceStatus {
  return { id: url, url, kind, state: 'connecting', events: 0, rejected: 0, reconnects: 0, ...patch };
}

const failing = (kind: SourceStatus['kind'], url: string, reason: string, attempt: number): SourceStatus =>
  status(kind, url, { state: 'reconnecting', reason, message: `${reason} (attempt ${attempt}, retry in 0.5s)`, reconnects: attempt });

/** A supervisor with recorded lines, verdict and probes; `answer` is what the REST probe says. */
function harness(opts: { connectTimeoutMs?: number; appearTimeoutMs?: number; answer?: ProbeResult } = {}) {
  const said: string[] = [];
  const verdicts: string[] = [];
  const probes: string[] = [];
  const answer = { now: opts.answer ?? ('missing' as ProbeResult) };
  return {
    said,
    verdicts,
    probes,
    answer,
    supervisor: new FollowSupervisor({
      executionId: ID,
      connectTimeoutMs: opts.connectTimeoutMs ?? 30_000,
      appearTimeoutMs: opts.appearTimeoutMs ?? 10_000,
      probe: (s): Promise<ProbeResult> => {
        probes.push(s.url);
        return Promise.resolve(answer.now);
      },
      say: (line) => said.push(line),
      giveUp: (line) => verdicts.push(line),
    }),
  };
}

/** Lets the probe's promise settle. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('FollowSupervisor: connecting', () => {
  test('says it is connecting, then each reason once however many retries, again only when it changes', () => {
    const { supervisor, said } = harness();
    supervisor.status(status('websocket', WS), 0);
    for (let attempt = 1; attempt <= 4; attempt++) supervisor.status(failing('websocket', WS, 'connection refused', attempt), attempt * 100);
    supervisor.status(failing('websocket', WS, 'HTTP 404 Not Found on websocket upgrade', 5), 600);
    supervisor.status(failing('websocket', WS, 'HTTP 404 Not Found on websocket upgrade', 6), 700);
    supervisor.status(status('websocket', WS, { state: 'connected' }), 800);
    assert.deepEqual(said, [
      `connecting to ${WS} …`,
      `${WS}: connection refused; retrying`,
      `${WS}: HTTP 404 Not Found on websocket upgrade; retrying`,
      `connected to ${WS}`,
    ]);
  });

  test('gives up when no source connected within the connect timeout, naming each URL and its last reason', () => {
    const { supervisor, verdicts } = harness({ connectTimeoutMs: 30_000 });
    supervisor.start(0);
    supervisor.status(failing('websocket', WS, 'connection refused', 1), 100);
    supervisor.status(failing('rest', HTTP, '401 unauthorized: check --token or JAMJET_TOKEN', 1), 100);
    supervisor.tick(29_999);
    assert.deepEqual(verdicts, []);
    supervisor.tick(30_000);
    supervisor.tick(31_000);
    assert.deepEqual(verdicts, [`could not connect within 30s to ${WS}: connection refused; ${HTTP}: 401 unauthorized: check --token or JAMJET_TOKEN`]);
  });

  test('a connect timeout of 0 keeps trying for ever', () => {
    const { supervisor, verdicts } = harness({ connectTimeoutMs: 0 });
    supervisor.status(failing('websocket', WS, 'connection refused', 1), 0);
    supervisor.tick(86_400_000);
    assert.deepEqual(verdicts, []);
  });

  test('a source that connected once is waited for through later failures', () => {
    const { supervisor, verdicts } = harness({ connectTimeoutMs: 1000, appearTimeoutMs: 60_000 });
    supervisor.status(status('websocket', WS, { state: 'connected' }), 0);
    supervisor.status(failing('websocket', WS, 'connection reset', 1), 10);
    supervisor.tick(50_000);
    assert.deepEqual(verdicts, []);
  });

  test('a JSONL file that cannot be read is said, and with nothing else to read the verdict names it', () => {
    const { supervisor, said, verdicts } = harness();
    supervisor.status(status('jsonl', 'a.jsonl'), 0);
    supervisor.status(status('jsonl', 'a.jsonl', { state: 'error', message: 'no such file: a.jsonl' }), 1);
    supervisor.tick(2);
    assert.deepEqual(said, ['a.jsonl: no such file: a.jsonl']);
    assert.deepEqual(verdicts, [`no execution ${ID} in a.jsonl (no such file: a.jsonl)`]);
  });
});

describe('FollowSupervisor: an execution that has not shown up', () => {
  test('asks the REST runtime only after the appear timeout from the first connection, and a 404 is the verdict', async () => {
    const h = harness({ appearTimeoutMs: 10_000 });
    h.supervisor.status(status('rest', HTTP), 0);
    h.supervisor.status(status('rest', HTTP, { state: 'connected' }), 5000);
    h.supervisor.tick(14_999);
    assert.deepEqual(h.probes, []);
    h.supervisor.tick(15_000);
    await settle();
    assert.deepEqual(h.probes, [HTTP]);
    assert.deepEqual(h.verdicts, [`no execution ${ID} at ${HTTP}`]);
  });

  test('an execution the runtime knows is waited for, without asking again', async () => {
    const h = harness({ appearTimeoutMs: 0, answer: 'found' });
    h.supervisor.status(status('rest', HTTP, { state: 'connected' }), 0);
    for (let t = 0; t < 10_000; t += 250) {
      h.supervisor.tick(t);
      await settle();
    }
    assert.deepEqual(h.probes, [HTTP]);
    assert.deepEqual(h.verdicts, []);
  });

  test('a runtime that cannot be asked is asked again after the probe interval', async () => {
    const h = harness({ appearTimeoutMs: 0, answer: 'unknown' });
    h.supervisor.status(status('rest', HTTP, { state: 'connected' }), 0);
    h.supervisor.tick(0);
    await settle();
    h.supervisor.tick(FOLLOW_PROBE_INTERVAL_MS - 1);
    await settle();
    assert.equal(h.probes.length, 1);
    h.answer.now = 'missing';
    h.supervisor.tick(FOLLOW_PROBE_INTERVAL_MS);
    await settle();
    assert.equal(h.probes.length, 2);
    assert.deepEqual(h.verdicts, [`no execution ${ID} at ${HTTP}`]);
  });

  test('over a stream alone it keeps waiting, with one notice', () => {
    const h = harness({ appearTimeoutMs: 10_000 });
    h.supervisor.status(status('websocket', WS, { state: 'connected' }), 0);
    for (let t = 0; t <= 60_000; t += 250) h.supervisor.tick(t);
    const notice = `waiting for ${ID} (not seen yet on ${WS})`;
    assert.deepEqual(h.said, [`connected to ${WS}`, notice]);
    assert.equal(h.supervisor.notice(), notice);
    assert.deepEqual(h.verdicts, []);
    h.supervisor.sawExecution();
    assert.equal(h.supervisor.notice(), undefined);
  });

  test('with both a stream and the REST API of the runtime, the REST 404 is the verdict', async () => {
    const h = harness({ appearTimeoutMs: 1000 });
    h.supervisor.status(status('websocket', WS, { state: 'connected' }), 0);
    h.supervisor.status(status('rest', HTTP, { state: 'connected' }), 0);
    h.supervisor.tick(1000);
    await settle();
    assert.deepEqual(h.verdicts, [`no execution ${ID} at ${HTTP}`]);
  });

  test('an execution seen before the deadline, or a follow already ending, gets no verdict', async () => {
    const seen = harness({ appearTimeoutMs: 0 });
    seen.supervisor.status(status('rest', HTTP, { state: 'connected' }), 0);
    seen.supervisor.sawExecution();
    seen.supervisor.tick(60_000);
    const stopped = harness({ appearTimeoutMs: 0 });
    stopped.supervisor.status(status('rest', HTTP, { state: 'connected' }), 0);
    stopped.supervisor.tick(0);
    stopped.supervisor.stop();
    await settle();
    assert.deepEqual([seen.probes, seen.verdicts, stopped.verdicts], [[], [], []]);
  });
});
