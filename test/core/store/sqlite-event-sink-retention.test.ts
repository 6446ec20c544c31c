import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../source/core/clock.js';
import { SqliteEventSink } from '../../../source/core/store/sqlite-event-sink.js';
import { completedRun, execIdFor } from '../../helpers/store-fixtures.js';

const DAY = 86_400_000;

describe('SqliteEventSink retention', () => {
  test('runs on its timer, in steps, deleting only old finished executions (inline writer)', async () => {
    const clock = new ManualClock(0);
    const sink = new SqliteEventSink({ path: ':memory:', clock, retention: { maxAgeMs: DAY }, retentionIntervalMs: 60_000 });
    for (let n = 1; n <= 120; n++) sink.write(completedRun(n, 0), 's', undefined);
    sink.write(completedRun(500, 0, { end: false }), 's', undefined);
    await sink.flush();
    clock.advance(2 * DAY); // the interval fires; each step re-schedules itself until done
    const q = sink.queries();
    assert.equal(sink.stats().retained, 120);
    assert.deepEqual(q.listExecutions({ limit: 1000 }).map((e) => e.executionId), [execIdFor(500)]);
    await sink.close();
  });

  test('runs on the write worker without losing concurrent writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jj-ret-'));
    try {
      const clock = new ManualClock(10 * DAY);
      const sink = new SqliteEventSink({ path: join(dir, 'top.db'), clock, retention: { maxAgeMs: DAY } });
      for (let n = 1; n <= 80; n++) sink.write(completedRun(n, 0), 's', undefined);
      await sink.flush();
      sink.retain();
      for (let n = 200; n < 210; n++) sink.write(completedRun(n, 10 * DAY), 's', undefined);
      await sink.flush();
      for (let i = 0; i < 2000 && sink.stats().retained < 80; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(sink.stats().retained, 80);
      assert.equal(sink.queries().listExecutions({ limit: 1000 }).length, 10);
      await sink.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
