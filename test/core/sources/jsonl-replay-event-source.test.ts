import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { ManualClock, systemClock } from '../../../source/core/clock.js';
import { REJECTION_EXCERPT_CHARS } from '../../../source/core/decode/rejection-excerpt.js';
import { JsonlReplayEventSource, REPLAY_BATCH_LINES } from '../../../source/core/sources/jsonl-replay-event-source.js';
import { RecordingListener } from '../../helpers/sources-recorder.js';
import { envelope } from '../../helpers/sources-ws-server.js';

// Compiled to dist-*/test/core/sources: the fixture lives in the source tree.
const FIXTURE = fileURLToPath(new URL('../../../../test/fixtures/events/sources-replay.jsonl', import.meta.url));
const EXEC = 'exec_dcf26a21079d436192462f837e06d078';
const HEX = 'b2'.repeat(16);
const info = statSync(FIXTURE);
/** The fixture's identity as the replay cursor names it. */
const FILE = `${info.dev}:${info.ino}`;

function line(seq: number, at: string): string {
  return JSON.stringify(envelope(HEX, seq, at)) + '\n';
}

describe('JsonlReplayEventSource', () => {
  test('replays a file: valid lines arrive in order, malformed ones are counted with their line number', async () => {
    const src = new JsonlReplayEventSource(FIXTURE, { id: 'r', clock: systemClock() });
    const rec = new RecordingListener();
    src.start(rec);
    await rec.until(() => src.status().state === 'ended', 30_000, 'end of file');
    assert.deepEqual(rec.keys(), [1, 2, 3, 4, 5, 6].map((s) => `${EXEC}:${s}`));
    assert.deepEqual(rec.rejections().map((r) => [r.reason, r.detail.split(':')[0]]), [['invalid_json', 'line 5'], ['missing_field', 'line 6']]);
    // Each rejection carries the start of its line as read, cut to the excerpt cap.
    const [notJson, noSequence] = rec.rejections();
    assert.equal(notJson!.excerpt, '{not json');
    assert.equal(noSequence!.excerpt!.length, REJECTION_EXCERPT_CHARS);
    assert.match(noSequence!.excerpt!, /^\{"id":"e1593a2b-ccf2-4cc0-bd11-3ff609295869","execution_id":.*…$/);
    assert.equal(rec.batches.at(-1)!.cursor, `9@${FILE}`);
    assert.equal(src.status().events, 6);
    assert.equal(src.status().rejected, 2);
    await src.stop();
  });

  test('a resume point for another file at the same path (replaced, rotated) replays from the start and says so', async () => {
    const src = new JsonlReplayEventSource(FIXTURE, { id: 'r', clock: systemClock(), resumeCursor: '5@1:999999999' });
    const rec = new RecordingListener();
    src.start(rec);
    await rec.until(() => src.status().state === 'ended', 30_000, 'end of file');
    assert.equal(rec.events().length, 6);
    assert.ok(rec.statuses.some((st) => st.message?.includes('another file')), 'the replay from the start is said');
    await src.stop();
  });

  test('resumeCursor skips the lines a previous run already consumed', async () => {
    const src = new JsonlReplayEventSource(FIXTURE, { id: 'r', clock: systemClock(), resumeCursor: `5@${FILE}` });
    const rec = new RecordingListener();
    src.start(rec);
    await rec.until(() => src.status().state === 'ended', 30_000, 'end of file');
    assert.deepEqual(rec.keys(), [4, 5, 6].map((s) => `${EXEC}:${s}`));
    assert.deepEqual(rec.rejections().map((r) => r.reason), ['missing_field']);
    await src.stop();
  });

  test('reads `-` from stdin as lines arrive, and ends at EOF', async () => {
    const stdin = new PassThrough();
    const src = new JsonlReplayEventSource('-', { id: 'r', clock: systemClock(), stdin });
    const rec = new RecordingListener();
    src.start(rec);
    stdin.write(line(1, '2026-01-01T00:00:00Z') + line(2, '2026-01-01T00:00:01Z').slice(0, 20));
    await rec.until(() => rec.events().length === 1, 30_000, 'first event');
    stdin.end(line(2, '2026-01-01T00:00:01Z').slice(20));
    await rec.until(() => src.status().state === 'ended', 30_000, 'end');
    assert.deepEqual(rec.keys(), [`exec_${HEX}:1`, `exec_${HEX}:2`]);
    await src.stop();
  });

  test('speed N replays at N times the created_at spacing on the clock', async () => {
    const stdin = new PassThrough();
    const clock = new ManualClock(0);
    const src = new JsonlReplayEventSource('-', { id: 'r', clock, stdin, speed: 2 });
    const rec = new RecordingListener();
    src.start(rec);
    stdin.end(line(1, '2026-01-01T00:00:00Z') + line(2, '2026-01-01T00:00:01Z') + line(3, '2026-01-01T00:00:03Z'));
    await rec.until(() => rec.events().length === 1, 30_000, 'first event');
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(rec.events().length, 1);
    clock.advance(499);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(rec.events().length, 1);
    clock.advance(1);
    await rec.until(() => rec.events().length === 2, 30_000, 'second event at 500 ms');
    clock.advance(999);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(rec.events().length, 2);
    clock.advance(1);
    await rec.until(() => src.status().state === 'ended', 30_000, 'third event at 1500 ms and end');
    assert.equal(rec.events().length, 3);
    // Each event was handed over at its own replay time. Standard input is never resumed: no cursor.
    assert.deepEqual(rec.batches.map((b) => [b.events.length, b.cursor]), [[1, undefined], [1, undefined], [1, undefined]]);
    await src.stop();
  });

  test('a line over the cap is rejected as frame_too_large and its neighbours still arrive', async () => {
    const stdin = new PassThrough();
    const src = new JsonlReplayEventSource('-', { id: 'r', clock: systemClock(), stdin, maxLineChars: 500 });
    const rec = new RecordingListener();
    src.start(rec);
    stdin.write(line(1, '2026-01-01T00:00:00Z'));
    for (let i = 0; i < 50; i++) stdin.write('x'.repeat(1000));
    stdin.end('\n' + line(2, '2026-01-01T00:00:01Z'));
    await rec.until(() => src.status().state === 'ended', 30_000, 'end');
    assert.equal(rec.events().length, 2);
    assert.deepEqual(rec.rejections().map((r) => r.reason), ['frame_too_large']);
    assert.match(rec.rejections()[0]!.detail, /^line 2: 50000 chars exceeds the limit of 500$/);
    assert.equal(rec.rejections()[0]!.excerpt, `${'x'.repeat(REJECTION_EXCERPT_CHARS - 1)}…`);
    await src.stop();
  });

  test(`hands over at most ${REPLAY_BATCH_LINES} lines per batch`, async () => {
    const stdin = new PassThrough();
    const src = new JsonlReplayEventSource('-', { id: 'r', clock: systemClock(), stdin });
    const rec = new RecordingListener();
    src.start(rec);
    const n = REPLAY_BATCH_LINES * 2 + 300;
    let text = '';
    for (let i = 1; i <= n; i++) text += line(i, '2026-01-01T00:00:00Z');
    stdin.end(text);
    await rec.until(() => src.status().state === 'ended', 30_000, 'end');
    assert.equal(rec.events().length, n);
    assert.ok(rec.batches.length >= 3, `batches: ${rec.batches.length}`);
    assert.ok(rec.batches.every((b) => b.events.length <= REPLAY_BATCH_LINES));
    assert.ok(rec.batches.every((b) => b.cursor === undefined), 'standard input is never resumed');
    await src.stop();
  });

  test('a missing file reports an error naming it', async () => {
    const src = new JsonlReplayEventSource('/nonexistent/dir/run.jsonl', { id: 'r', clock: systemClock() });
    const rec = new RecordingListener();
    src.start(rec);
    await rec.until(() => src.status().state === 'error', 30_000, 'error');
    assert.equal(src.status().message, 'no such file: /nonexistent/dir/run.jsonl');
    assert.equal(rec.batches.length, 0);
    await src.stop();
  });

  test('stop ends a replay that is waiting for more input, and nothing arrives afterwards', async () => {
    const stdin = new PassThrough();
    const src = new JsonlReplayEventSource('-', { id: 'r', clock: systemClock(), stdin });
    const rec = new RecordingListener();
    src.start(rec);
    stdin.write(line(1, '2026-01-01T00:00:00Z'));
    await rec.until(() => rec.events().length === 1, 30_000, 'first event');
    await src.stop();
    stdin.write(line(2, '2026-01-01T00:00:00Z'));
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(rec.events().length, 1);
  });
});
