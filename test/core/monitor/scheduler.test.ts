import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../source/core/clock.js';
import { Scheduler } from '../../../source/core/monitor/scheduler.js';

describe('Scheduler', () => {
  test('runs each task on its own cadence of the injected clock', () => {
    const clock = new ManualClock(0);
    const s = new Scheduler(clock);
    const runs: string[] = [];
    s.every('gaps', 100, (now) => runs.push(`gaps@${now}`));
    s.every('publish', 250, (now) => runs.push(`publish@${now}`));
    s.every('rules', 1000, (now) => runs.push(`rules@${now}`));
    s.start();
    clock.advance(1000);
    assert.equal(runs.filter((r) => r.startsWith('gaps')).length, 10);
    assert.deepEqual(runs.filter((r) => r.startsWith('publish')), ['publish@250', 'publish@500', 'publish@750', 'publish@1000']);
    assert.deepEqual(runs.filter((r) => r.startsWith('rules')), ['rules@1000']);
  });

  test('runs the tasks due at one instant in the order they were added', () => {
    const clock = new ManualClock(0);
    const s = new Scheduler(clock);
    const runs: string[] = [];
    s.every('publish', 500, () => runs.push('publish'));
    s.every('gaps', 250, () => runs.push('gaps'));
    s.start();
    clock.advance(500);
    assert.deepEqual(runs, ['gaps', 'publish', 'gaps']);
  });

  test('a task that throws is reported and the others still run', () => {
    const clock = new ManualClock(0);
    const errors: string[] = [];
    const s = new Scheduler(clock, (name, error) => errors.push(`${name}: ${(error as Error).message}`));
    let ran = 0;
    s.every('bad', 100, () => {
      throw new Error('boom');
    });
    s.every('good', 100, () => ran++);
    s.start();
    clock.advance(300);
    assert.equal(ran, 3);
    assert.deepEqual(errors, ['bad: boom', 'bad: boom', 'bad: boom']);
  });

  test('a late tick runs a task once, not once per missed period', () => {
    const clock = new ManualClock(0);
    const s = new Scheduler(clock);
    const at: number[] = [];
    s.every('publish', 100, (now) => at.push(now));
    s.runDue(1050);
    s.runDue(1099);
    s.runDue(1100);
    assert.deepEqual(at, [1050, 1100]);
  });

  test('stop cancels every cadence; a task added after start is served', () => {
    const clock = new ManualClock(0);
    const s = new Scheduler(clock);
    let a = 0;
    let b = 0;
    s.every('a', 200, () => a++);
    s.start();
    s.every('b', 50, () => b++);
    clock.advance(200);
    assert.equal(a, 1);
    assert.equal(b, 4);
    s.stop();
    clock.advance(1000);
    assert.equal(a, 1);
    assert.equal(b, 4);
  });

  test('rejects a cadence that is not a whole number of ms', () => {
    const s = new Scheduler(new ManualClock(0));
    assert.throws(() => s.every('x', 0, () => undefined), /whole number of ms/);
    assert.throws(() => s.every('x', 2.5, () => undefined), /whole number of ms/);
  });
});
