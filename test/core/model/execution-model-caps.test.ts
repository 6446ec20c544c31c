import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MODEL_CAPS, ExecutionModel } from '../../../source/core/model/execution-model.js';
import { MAX_MODELS_PER_EXECUTION } from '../../../source/core/model/model-state.js';
import { applyAll, completed, ev, execId, nodeStarted, run, scheduled, started, wfCompleted } from '../../helpers/model-events.js';

const modelRun = (n: number, t: number) => run(n, [
  [started(), t], [scheduled('m', 'model'), t + 1], [nodeStarted('m'), t + 2],
  [completed('m', 5, { gen_ai_model: 'gpt-4o', input_tokens: 100, output_tokens: 10 }), t + 7], [wfCompleted(), t + 8],
]);

describe('memory caps', () => {
  test('defaults are the documented ones', () => {
    assert.deepEqual(DEFAULT_MODEL_CAPS, {
      maxFinishedExecutions: 1000, maxExecutions: 20000, maxAttemptsPerExecution: 5000, maxBufferedPerExecution: 256,
      maxBufferedTotal: 50000, maxTombstones: 100000, gapTimeoutMs: 2000,
    });
  });

  test('past maxFinishedExecutions the oldest-ended are evicted; totals stay and replays are duplicates', () => {
    const model = new ExecutionModel({ caps: { maxFinishedExecutions: 10 } });
    const all = [];
    for (let n = 1; n <= 50; n++) {
      const events = modelRun(n, n * 100);
      all.push(...events);
      applyAll(model, events);
    }
    const summaries = model.summaries();
    assert.equal(summaries.length, 10);
    assert.deepEqual(summaries.map((s) => s.id), Array.from({ length: 10 }, (_, i) => execId(50 - i)));
    assert.equal(model.ingest().evicted, 40);
    assert.deepEqual(model.totals(), { inputTokens: 5000, outputTokens: 500, costUsd: model.totals().costUsd, unpricedTokens: 0 });
    assert.ok(Math.abs(model.totals().costUsd - 50 * (100 * 2.5 + 10 * 10) / 1e6) < 1e-12);
    assert.equal(model.statusCounts().completed, 10);
    model.drainEffects();
    const before = model.ingest().duplicates;
    applyAll(model, all.slice(0, 5));
    assert.equal(model.ingest().duplicates, before + 5);
    assert.equal(model.tree(execId(1)), undefined);
    assert.equal(model.summaries().length, 10);
    assert.deepEqual(model.drainEffects(), []);
    assert.equal(model.totals().inputTokens, 5000);
  });

  test('a child evicted before its parent leaves its tokens in the parent\'s totals, counted once', () => {
    const model = new ExecutionModel({ caps: { maxFinishedExecutions: 1 } });
    const link = { type: 'child_workflow_started', node_id: 'sub', child_execution_id: execId(2), child_workflow_id: 'c' };
    applyAll(model, run(1, [[started(), 0], [scheduled('sub'), 1], [nodeStarted('sub'), 2], [link, 3]]));
    applyAll(model, run(2, [[started(), 4], [scheduled('m', 'model'), 5], [scheduled('n', 'model'), 5], [completed('m', 1, { gen_ai_model: 'gpt-4o', input_tokens: 500, output_tokens: 50 }), 6]]));
    // A grandchild, evicted with its parent 2: counted once through 2's leftovers.
    applyAll(model, run(3, [[started(), 6], [completed('x', 1, { gen_ai_model: 'gpt-4o', input_tokens: 7, output_tokens: 0 }), 7], [wfCompleted(), 8]]));
    model.apply(ev(2, 5, { ...link, node_id: 'n', child_execution_id: execId(3) }, 7), 's', 0);
    model.apply(ev(2, 6, wfCompleted(), 9), 's', 0);
    const whole = model.summaries().find((s) => s.id === execId(1))!.subtreeTotals;
    assert.equal(whole.inputTokens, 507);
    applyAll(model, modelRun(4, 20)); // finishes: 2 (and 3 before it) are evicted
    assert.equal(model.tree(execId(2)), undefined);
    assert.equal(model.tree(execId(3)), undefined);
    const parent = model.summaries().find((s) => s.id === execId(1))!;
    assert.deepEqual(parent.subtreeTotals, whole);
    assert.equal(parent.totals.inputTokens, 0);
    applyAll(model, run(1, [[completed('sub', 1, { gen_ai_model: 'gpt-4o', input_tokens: 1, output_tokens: 0 }), 30], [wfCompleted(), 31]], 5));
    assert.equal(model.summaries().find((s) => s.id === execId(1))!.subtreeTotals.inputTokens, 508);
    assert.equal(model.totals().inputTokens, 508 + 100);
  });

  test('a new event for an evicted finished execution is dropped and counted, not resurrected', () => {
    const model = new ExecutionModel({ caps: { maxFinishedExecutions: 1 } });
    applyAll(model, modelRun(1, 0));
    applyAll(model, modelRun(2, 100));
    model.apply(ev(1, 6, completed('late'), 50), 's', 0);
    assert.equal(model.tree(execId(1)), undefined);
    assert.equal(model.ingest().lateAfterEviction, 1);
  });

  // Found by the fuzz tests (model-fuzz.test.ts): the held events vanished uncounted.
  test('events held behind a gap are counted as dropped when their execution is evicted for room', () => {
    const model = new ExecutionModel({ caps: { maxExecutions: 2 } });
    model.apply(ev(1, 3, scheduled('a'), 0), 's', 0);
    model.apply(ev(1, 4, scheduled('b'), 1), 's', 0);
    applyAll(model, run(2, [[started(), 10]]));
    applyAll(model, run(3, [[started(), 20]]));
    const ingest = model.ingest();
    assert.deepEqual([ingest.evicted, ingest.buffered, ingest.droppedHeld, ingest.applied], [1, 0, 2, 2]);
  });

  test('past maxExecutions the oldest finished goes first, then the least recently active running one', () => {
    const model = new ExecutionModel({ caps: { maxExecutions: 3 } });
    applyAll(model, run(1, [[started(), 0]]));
    applyAll(model, modelRun(2, 10));
    applyAll(model, run(3, [[started(), 20]]));
    model.apply(ev(1, 2, scheduled('a', 'tool'), 30), 's', 0);
    applyAll(model, run(4, [[started(), 40]]));
    assert.deepEqual(model.summaries().map((s) => s.id).sort(), [execId(1), execId(3), execId(4)]);
    applyAll(model, run(5, [[started(), 50]]));
    // Execution 3 was the least recently active of the running ones.
    assert.deepEqual(model.summaries().map((s) => s.id).sort(), [execId(1), execId(4), execId(5)]);
    assert.deepEqual([model.ingest().evicted, model.ingest().evictedActive], [2, 1]);
    assert.equal(model.queueDepth().total, 1);
    // An evicted running execution that keeps going comes back as a partial one.
    model.apply(ev(3, 2, scheduled('b', 'tool'), 60), 's', 0);
    assert.equal(model.tree(execId(3))?.summary.startSeen, false);
  });

  test('running executions are evicted least recently active first, however often each was touched', () => {
    const model = new ExecutionModel({ caps: { maxExecutions: 3 } });
    for (let n = 1; n <= 3; n++) applyAll(model, run(n, [[started(), n]]));
    model.apply(ev(1, 2, scheduled('a', 'tool'), 10), 's', 0);
    model.apply(ev(2, 2, scheduled('a', 'tool'), 11), 's', 0);
    model.apply(ev(1, 3, scheduled('b', 'tool'), 12), 's', 0);
    assert.deepEqual(model.activeExecutionIds(), [execId(3), execId(2), execId(1)]);
    applyAll(model, run(4, [[started(), 20]]));
    applyAll(model, run(5, [[started(), 21]]));
    // 3 was idle longest, then 2 (1 was touched after it).
    assert.deepEqual(model.activeExecutionIds(), [execId(1), execId(4), execId(5)]);
    model.apply(ev(4, 2, scheduled('a', 'tool'), 22), 's', 0);
    applyAll(model, run(6, [[started(), 23]]));
    assert.deepEqual(model.activeExecutionIds(), [execId(5), execId(4), execId(6)]);
    assert.equal(model.ingest().evictedActive, 3);
  });

  test('eviction takes an evicted execution\'s queued work out of queue depth', () => {
    const model = new ExecutionModel({ caps: { maxExecutions: 1 } });
    applyAll(model, run(1, [[started(), 0], [scheduled('a', 'tool'), 1]]));
    assert.equal(model.queueDepth().total, 1);
    applyAll(model, run(2, [[started(), 2]]));
    assert.deepEqual(model.queueDepth(), { total: 0, byQueue: {} });
    assert.equal(model.statusCounts().running, 1);
  });

  test('past maxAttemptsPerExecution the oldest ended attempts are dropped, totals kept', () => {
    const model = new ExecutionModel({ caps: { maxAttemptsPerExecution: 5 } });
    model.apply(ev(1, 1, started(), 0), 's', 0);
    let seq = 2;
    for (let i = 0; i < 8; i++) {
      model.apply(ev(1, seq++, nodeStarted('loop', i), seq), 's', 0);
      model.apply(ev(1, seq++, completed('loop', 1, { gen_ai_model: 'gpt-4o', input_tokens: 1, output_tokens: 1 }), seq), 's', 0);
    }
    const tree = model.tree(execId(1));
    assert.deepEqual(tree?.nodes[0]?.attempts.map((a) => a.id), ['loop#4', 'loop#5', 'loop#6', 'loop#7', 'loop#8']);
    assert.equal(tree?.summary.droppedAttempts, 3);
    assert.equal(tree?.nodes[0]?.totals.inputTokens, 8);
    assert.equal(tree?.summary.totals.inputTokens, 8);
  });

  test('the tombstone list is capped, oldest forgotten first', () => {
    const model = new ExecutionModel({ caps: { maxFinishedExecutions: 0, maxTombstones: 2 } });
    for (let n = 1; n <= 3; n++) applyAll(model, run(n, [[started(), n], [wfCompleted(), n + 1]]));
    assert.equal(model.ingest().evicted, 3);
    // Execution 1's tombstone is gone: its replay is a new (partial) execution again; 3's is still known.
    model.apply(ev(3, 1, started(), 3), 's', 0);
    assert.equal(model.ingest().duplicates, 1);
    model.apply(ev(1, 1, started(), 1), 's', 0);
    assert.equal(model.ingest().duplicates, 1);
    assert.equal(model.tree(execId(1))?.summary.status, 'running');
  });
  test('lists the distinct models an execution called, first used first, up to MAX_MODELS_PER_EXECUTION', () => {
    const model = new ExecutionModel();
    const calls = ['gpt-4o', 'claude-haiku-4-5', 'gpt-4o', ...Array.from({ length: MAX_MODELS_PER_EXECUTION + 3 }, (_, i) => `m${i}`)];
    applyAll(model, run(1, [[started(), 0], ...calls.map((m, i) => [completed(`n${i}`, 1, { gen_ai_model: m, input_tokens: 1, output_tokens: 1 }), i + 1] as const)]));
    const models = model.tree(execId(1))?.summary.models;
    assert.deepEqual(models, ['gpt-4o', 'claude-haiku-4-5', ...Array.from({ length: MAX_MODELS_PER_EXECUTION - 2 }, (_, i) => `m${i}`)]);
    applyAll(model, run(2, [[started(), 0], [completed('tool', 1), 1]]));
    assert.deepEqual(model.tree(execId(2))?.summary.models, []);
  });

  test('a flood of 200,000 distinct executions (running, finished, and first seen mid-stream) keeps every map at its default cap', () => {
    const FLOOD = 200_000;
    const caps = DEFAULT_MODEL_CAPS;
    const model = new ExecutionModel();
    // The maps the caps bound, read as they are (private on purpose: nothing outside the model needs their sizes).
    const inner = model as unknown as {
      execs: Map<string, unknown>; active: { size: number }; finished: { size: number }; tombstones: { size: number }; childLinks: Map<string, unknown>;
      gate: { bufferedTotal: number };
    };
    let peakExecs = 0;
    let peakBuffered = 0;
    for (let n = 1; n <= FLOOD; n++) {
      const t = n * 10;
      if (n % 3 === 0) applyAll(model, run(n, [[started(`wf-${n}`), t], [wfCompleted(), t + 1]]));
      else if (n % 3 === 1) applyAll(model, run(n, [[started(`wf-${n}`), t]]));
      // Sequences 2 and 3 without 1: held behind the gap until the total buffer overflows or the gap times out.
      else applyAll(model, run(n, [[scheduled('a'), t], [nodeStarted('a'), t + 1]], 2));
      if (n % 1000 === 0) {
        model.drainEffects();
        peakExecs = Math.max(peakExecs, inner.execs.size);
        peakBuffered = Math.max(peakBuffered, inner.gate.bufferedTotal, model.ingest().buffered);
      }
    }
    assert.ok(peakExecs <= caps.maxExecutions, `${peakExecs} executions tracked at the peak`);
    assert.ok(peakBuffered <= caps.maxBufferedTotal, `${peakBuffered} events held at the peak`);
    assert.equal(inner.execs.size, caps.maxExecutions, 'the execution map sits at its cap');
    assert.ok(inner.finished.size <= caps.maxFinishedExecutions, `${inner.finished.size} finished kept`);
    assert.equal(inner.finished.size + inner.active.size, inner.execs.size, 'every kept execution is on exactly one list');
    assert.ok(inner.tombstones.size <= caps.maxTombstones, `${inner.tombstones.size} tombstones`);
    assert.equal(inner.childLinks.size, 0);
    // Executions still held behind their gap are tracked but not listed yet.
    assert.ok(model.summaries().length > 0 && model.summaries().length <= caps.maxExecutions);
    assert.equal(model.ingest().evicted, FLOOD - caps.maxExecutions, 'everything past the cap was evicted and counted');
  });
});
