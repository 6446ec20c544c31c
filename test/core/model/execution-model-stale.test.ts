import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { SOURCE_DOWN_GRACE_MS } from '../../../source/core/model/source-liveness.js';
import { applyAll, ev, execId, nodeStarted, run, scheduled, started, T0, wfCompleted } from '../../helpers/model-events.js';

/** Monitor time, well after the events' own times. */
const NOW = T0 + 60_000;

/** Execution 1 running a node with one more queued (from `src`), execution 2 completed (from `src`), execution 3 running (from `other`). */
function setup(): ExecutionModel {
  const model = new ExecutionModel();
  model.sourceState('src', 'connected', NOW);
  model.sourceState('other', 'connected', NOW);
  applyAll(model, run(1, [[started('wf'), 0], [scheduled('a'), 10], [nodeStarted('a'), 20], [scheduled('b', 'model'), 30]]), 'src', NOW);
  applyAll(model, run(2, [[started('wf'), 0], [wfCompleted(), 40]]), 'src', NOW);
  applyAll(model, run(3, [[started('wf'), 5], [scheduled('c'), 15]]), 'other', NOW);
  return model;
}

const summary = (model: ExecutionModel, n: number) => model.summaries().find((s) => s.id === execId(n));

describe('ExecutionModel: stale executions', () => {
  test('a source away for less than the grace changes nothing (a reconnect blip does not flicker)', () => {
    const model = setup();
    model.sourceState('src', 'reconnecting', NOW + 1_000);
    model.tick(NOW + 1_000 + SOURCE_DOWN_GRACE_MS - 1);
    assert.equal(summary(model, 1)?.stale, false);
    model.sourceState('src', 'connected', NOW + 1_000 + SOURCE_DOWN_GRACE_MS - 1);
    model.tick(NOW + 60_000);
    assert.equal(summary(model, 1)?.stale, false);
    assert.deepEqual(model.executionStates(), { running: 2, paused: 0, stale: 0 });
  });

  test('a source away past the grace makes its unfinished executions stale, last seen at their last event', () => {
    const model = setup();
    model.sourceState('src', 'reconnecting', NOW + 1_000);
    model.tick(NOW + 1_000 + SOURCE_DOWN_GRACE_MS);
    const one = summary(model, 1);
    assert.equal(one?.stale, true);
    assert.equal(one?.status, 'running', 'the runtime status is kept');
    assert.equal(one?.lastSeenAt, T0 + 30);
    assert.equal(summary(model, 2)?.stale, false, 'a finished execution is never stale');
    assert.equal(summary(model, 3)?.stale, false, 'another source\'s executions stay live');
    assert.equal(summary(model, 3)?.lastSeenAt, undefined);
    assert.deepEqual(model.executionStates(), { running: 1, paused: 0, stale: 1 });
    assert.deepEqual(model.statusCounts().running, 2);
    // Live first, then stale, then finished.
    assert.deepEqual(model.summaries().map((s) => s.id), [execId(3), execId(1), execId(2)]);
  });

  test('a source that ended (a replay at its end, a finished stdin) makes them stale at once', () => {
    const model = setup();
    const before = model.version;
    model.sourceState('src', 'ended', NOW);
    assert.equal(summary(model, 1)?.stale, true);
    assert.ok(model.version > before, 'the change is published');
    assert.equal(model.tree(execId(1))?.summary.stale, true);
  });

  test('they are live again when the source reconnects, or when an event from them arrives', () => {
    const model = setup();
    model.sourceState('src', 'ended', NOW);
    model.sourceState('src', 'connected', NOW + 10_000);
    assert.equal(summary(model, 1)?.stale, false);

    const other = setup();
    other.sourceState('src', 'reconnecting', NOW);
    other.tick(NOW + SOURCE_DOWN_GRACE_MS);
    assert.equal(summary(other, 1)?.stale, true);
    other.apply(ev(1, 5, nodeStarted('b'), 50), 'src', NOW + SOURCE_DOWN_GRACE_MS + 1);
    assert.equal(summary(other, 1)?.stale, false);
    assert.equal(summary(other, 1)?.lastSeenAt, undefined);
    assert.deepEqual(other.executionStates(), { running: 2, paused: 0, stale: 0 });
  });

  test('an execution another live source still delivers (repeats included) does not go stale', () => {
    const model = setup();
    model.apply(ev(1, 4, scheduled('b', 'model'), 30), 'other', NOW); // a repeat, from the second source
    model.sourceState('src', 'ended', NOW);
    assert.equal(summary(model, 1)?.stale, false);
  });

  test('queue depth leaves out what stale executions had queued, and counts it again once they are live', () => {
    const model = setup();
    assert.deepEqual(model.queueDepth(), { total: 2, byQueue: { general: 1, model: 1 } });
    model.sourceState('src', 'ended', NOW);
    assert.deepEqual(model.queueDepth(), { total: 1, byQueue: { general: 1 } });
    model.sourceState('src', 'connected', NOW);
    assert.deepEqual(model.queueDepth(), { total: 2, byQueue: { general: 1, model: 1 } });
  });

  test('a stale execution that ends (a held event applied after a gap) is no longer stale', () => {
    const model = setup();
    model.apply(ev(1, 6, wfCompleted(), 60), 'src', NOW); // sequence 5 is missing: held
    model.sourceState('src', 'ended', NOW);
    assert.equal(summary(model, 1)?.stale, true);
    model.tick(NOW + 60_000); // the gap is given up on: the completion is applied
    assert.equal(summary(model, 1)?.status, 'completed');
    assert.equal(summary(model, 1)?.stale, false);
    assert.deepEqual(model.executionStates(), { running: 1, paused: 0, stale: 0 });
  });

  test('evicting a stale execution keeps the stale count right', () => {
    const model = new ExecutionModel({ caps: { maxExecutions: 2 } });
    applyAll(model, run(1, [[started(), 0]]), 'src', NOW);
    applyAll(model, run(2, [[started(), 1]]), 'src', NOW);
    model.sourceState('src', 'ended', NOW);
    assert.equal(model.executionStates().stale, 2);
    applyAll(model, run(3, [[started(), 2]]), 'other', NOW); // evicts the least recently active, execution 1
    assert.deepEqual(model.executionStates(), { running: 1, paused: 0, stale: 1 });
  });
});

describe('ExecutionModel: longest-running execution per workflow', () => {
  test('is the age of each workflow\'s oldest running execution, leaving out finished and stale ones', () => {
    const model = setup();
    applyAll(model, run(4, [[started('other-wf'), 50_000]]), 'other', NOW);
    // Executions 1 (started T0) and 3 (T0 + 5) run wf; 2 finished; 4 runs other-wf.
    assert.deepEqual(Object.fromEntries(model.longestRunning(NOW)), { wf: 60_000, 'other-wf': 10_000 });
    model.sourceState('src', 'reconnecting', NOW + 1_000);
    model.tick(NOW + 1_000 + SOURCE_DOWN_GRACE_MS);
    const later = NOW + 1_000 + SOURCE_DOWN_GRACE_MS;
    assert.deepEqual(Object.fromEntries(model.longestRunning(later)), { wf: later - T0 - 5, 'other-wf': later - T0 - 50_000 }, 'execution 1 is stale now');
  });

  // Found by the fuzz tests (model-fuzz.test.ts): the running count went to -1.
  test('an execution whose only event is held behind a gap counts nowhere, stale or not, when its source ends', () => {
    const model = new ExecutionModel();
    model.sourceState('src', 'connected', NOW);
    model.apply(ev(1, 2, scheduled('a'), 0), 'src', NOW);
    model.sourceState('src', 'ended', NOW);
    assert.deepEqual(model.executionStates(), { running: 0, paused: 0, stale: 0 });
    assert.deepEqual(model.summaries(), []);
    // Given up on, the gap lets the event through: a stale running execution now.
    model.tick(NOW + 60_000);
    assert.deepEqual(model.executionStates(), { running: 0, paused: 0, stale: 1 });
  });
});
