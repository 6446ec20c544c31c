import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { WORKER_SEEN_WINDOW_MS, WorkerActivity } from '../../../source/core/model/worker-activity.js';
import { T0, applyAll, completed, ev, nodeStarted, run, scheduled, started } from '../../helpers/model-events.js';

describe('queue activity', () => {
  test('reports the oldest queued item per queue type and overall, by its scheduled time', () => {
    const model = new ExecutionModel();
    applyAll(model, run(1, [[started(), 0], [scheduled('a', 'gpu'), 1_000], [scheduled('b', 'cpu'), 3_000]]));
    applyAll(model, run(2, [[started(), 0], [scheduled('a', 'gpu'), 500], [scheduled('b', 'cpu'), 4_000]]));
    const activity = model.queueActivity(T0 + 10_000);
    assert.deepEqual(activity.oldestByQueue, { cpu: T0 + 3_000, gpu: T0 + 500 });
    assert.equal(activity.oldestQueuedAt, T0 + 500);
  });

  test('forgets an item once it starts, and has no oldest with nothing queued', () => {
    const model = new ExecutionModel();
    applyAll(model, run(1, [[started(), 0], [scheduled('a', 'gpu'), 1_000], [nodeStarted('a', 0, 'w1'), 2_000]]));
    const activity = model.queueActivity(T0 + 3_000);
    assert.equal(activity.oldestQueuedAt, undefined);
    assert.deepEqual(activity.oldestByQueue, {});
  });

  test('counts busy workers against workers seen recently', () => {
    const model = new ExecutionModel();
    applyAll(model, run(1, [[started(), 0], [scheduled('a'), 1], [nodeStarted('a', 0, 'w1'), 2], [scheduled('b'), 3], [nodeStarted('b', 0, 'w2'), 4]]));
    applyAll(model, run(2, [[started(), 0], [scheduled('a'), 1], [nodeStarted('a', 0, 'w3'), 2], [completed('a'), 50]]));
    const activity = model.queueActivity(T0 + 1_000);
    assert.equal(activity.busyWorkers, 2);
    assert.equal(activity.workers, 3);
    // Long after: w3 has not been seen within the window; w1 and w2 are still busy.
    assert.equal(model.queueActivity(T0 + WORKER_SEEN_WINDOW_MS + 10_000).workers, 2);
  });

  test('reports no workers when events name none', () => {
    const model = new ExecutionModel();
    model.apply(ev(1, 1, started(), 0), 'test', 0);
    assert.deepEqual({ ...model.queueActivity(T0) }, { oldestQueuedAt: undefined, oldestByQueue: {}, busyWorkers: 0, workers: 0 });
  });

  test('remembers at most its cap of workers, forgetting the least recently seen', () => {
    const workers = new WorkerActivity(3);
    for (let i = 0; i < 10; i++) workers.seen(`w${i}`, i);
    workers.seen('w8', 100);
    assert.equal(workers.size, 3);
    assert.equal(workers.countSince(0, new Set()), 3);
    assert.equal(workers.countSince(9, new Set()), 2, 'w9 at 9 and w8 at 100');
    workers.seen('new', 200);
    assert.equal(workers.countSince(9, new Set()), 3, 'w7 was forgotten, not w8');
  });
});
