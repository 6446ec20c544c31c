import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../source/core/clock.js';
import { SimRuntime, type StreamItem } from '../../../source/core/sim/sim-runtime.js';
import { readSimState, SimStateError, stateMismatch, writeSimState, type SimState } from '../../../source/core/sim/sim-state-file.js';
import { startSim } from '../../../source/core/sim/sim-server.js';
import { SIM_T0 } from '../../helpers/sim-fixtures.js';

const key = (it: StreamItem): string => `${it.cursor} ${it.event.execution_id} ${it.event.sequence} ${it.event.id}`;

function withDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'jamjet-simstate-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('sim state file', () => {
  test('a runtime restored at the last persisted point sends exactly what the uninterrupted run sends next', () => {
    // The uninterrupted run: 60 virtual seconds, every item kept.
    const clockA = new ManualClock(SIM_T0);
    const all: StreamItem[] = [];
    const a = new SimRuntime({ seed: 5, rate: 3, clock: clockA });
    a.subscribe((b) => all.push(...b));
    a.start();
    clockA.advance(60_000);

    // The run that is killed at 25 s: what it persisted last, before sending.
    const clockB = new ManualClock(SIM_T0);
    let persisted: { virtualTime: number; cursor: number } | undefined;
    const sentB: StreamItem[] = [];
    const b = new SimRuntime({ seed: 5, rate: 3, clock: clockB, onAdvance: (virtualTime, cursor) => (persisted = { virtualTime, cursor }) });
    b.subscribe((batch) => {
      // Persisted before the listener sees the batch: the file covers everything ever sent.
      assert.equal(persisted?.cursor, batch[batch.length - 1]!.cursor);
      sentB.push(...batch);
    });
    b.start();
    clockB.advance(25_000);
    b.stop();
    assert.ok(persisted && persisted.cursor > 50, `persisted ${JSON.stringify(persisted)}`);

    // The restart, at a later wall time: nothing is sent while regenerating, then it carries on.
    const clockC = new ManualClock(SIM_T0 + 90_000);
    const c = new SimRuntime({ seed: 5, rate: 3, clock: clockC, startTime: b.workloadStart() });
    const sentC: StreamItem[] = [];
    c.subscribe((batch) => sentC.push(...batch));
    assert.equal(c.restoreTo(persisted.virtualTime), persisted.cursor);
    assert.equal(sentC.length, 0);
    assert.deepEqual(c.itemsAfter(0).map(key), sentB.map(key), 'the replay ring is rebuilt');
    assert.deepEqual(c.recordJson(), b.recordJson());
    assert.deepEqual(c.stats(), b.stats());
    c.start();
    clockC.advance(35_000);
    assert.deepEqual([...sentB, ...sentC].map(key), all.map(key), 'same events, same cursors, none skipped or repeated');
  });

  test('the record keeps each execution\'s sequences as ranges and caps the executions it holds', async () => {
    const { SimRecord } = await import('../../../source/core/sim/sim-record.js');
    const r = new SimRecord(2);
    for (const s of [1, 2, 3, 5, 6]) r.add('a', s);
    r.add('b', 1);
    assert.deepEqual(r.toJson(7), { cursor: 7, events: 6, executions: { a: [[1, 3], [5, 6]], b: [[1, 1]] }, droppedExecutions: 0 });
    r.add('c', 1);
    const j = r.toJson(8);
    assert.deepEqual(Object.keys(j.executions), ['b', 'c']);
    assert.equal(j.droppedExecutions, 1);
  });

  test('writes atomically and reads back; refuses a file that is not a state file, naming it', () => withDir((dir) => {
    const path = join(dir, 'sim.json');
    assert.equal(readSimState(path), undefined);
    const s: SimState = { version: 1, seed: 1, rate: 2, executions: null, startTime: 10, virtualTime: 20.5, cursor: 3, epoch: 'e' };
    writeSimState(path, s);
    assert.deepEqual(readSimState(path), s);
    assert.deepEqual(readdirSync(dir), ['sim.json'], 'no temporary file left behind');
    writeFileSync(path, '{"version":1,');
    assert.throws(() => readSimState(path), (e: unknown) => e instanceof SimStateError && e.message.includes(path));
    writeFileSync(path, '{"version":2}');
    assert.throws(() => readSimState(path), /not a version 1 sim state file/);
    assert.match(stateMismatch(path, s, { seed: 9, rate: 2, executions: null }) ?? '', /--seed 9 differs from .*'s 1/);
    assert.equal(stateMismatch(path, s, { seed: 1, rate: 2, executions: null }), null);
  }));

  test('startSim with a state file keeps its epoch and cursor across a restart and refuses actions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jamjet-simstate-'));
    try {
      const path = join(dir, 'sim.json');
      const clock = new ManualClock(SIM_T0);
      const first = await startSim({ seed: 3, rate: 5, clock, stateFile: path });
      clock.advance(20_000);
      await first.close();
      const saved = readSimState(path)!;
      assert.ok(saved.cursor > 0);
      assert.equal(saved.cursor, first.runtime.lastCursor());
      const clock2 = new ManualClock(SIM_T0 + 60_000);
      const second = await startSim({ seed: 3, rate: 5, clock: clock2, stateFile: path });
      try {
        assert.equal(second.runtime.lastCursor(), saved.cursor);
        assert.deepEqual(second.runtime.recordJson(), first.runtime.recordJson());
        const id = Object.keys(second.runtime.recordJson().executions)[0]!;
        const res = await fetch(`${second.httpUrl}/executions/${id}/cancel`, { method: 'POST' });
        assert.equal(res.status, 409);
        assert.match(((await res.json()) as { error: string }).error, /state-file/);
        const rec = (await (await fetch(`${second.httpUrl}/sim/record`)).json()) as { cursor: number; events: number };
        assert.equal(rec.cursor, saved.cursor);
        assert.equal(rec.events, saved.cursor);
        clock2.advance(5_000);
        const next = readSimState(path)!;
        assert.ok(next.cursor > saved.cursor, 'it carries on');
        assert.equal(next.epoch, saved.epoch, 'the epoch is kept, so clients keep their cursors');
        assert.equal(next.startTime, saved.startTime);
      } finally {
        await second.close();
      }
      await assert.rejects(startSim({ seed: 4, rate: 5, clock, stateFile: path }), (e: unknown) => e instanceof SimStateError && /--seed 4/.test(e.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
