import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../source/core/clock.js';
import type { Rejection } from '../../../source/core/decode/event.js';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { IngestPipeline } from '../../../source/core/monitor/ingest-pipeline.js';
import { MemorySink } from '../../../source/core/monitor/monitor-sink.js';
import type { SourceBatch, SourceStatus } from '../../../source/core/sources/event-source.js';
import { SOURCE_DOWN_GRACE_MS } from '../../../source/core/model/source-liveness.js';
import { completed, execId, nodeStarted, run, scheduled, started, wfCompleted } from '../../helpers/model-events.js';

/** What a MemorySink saw, in the shapes these tests read. */
function views(sink: MemorySink) {
  return {
    writes: () => sink.callsOf('events').map(({ events, sourceKey, cursor }) => ({ events, sourceKey, cursor })),
    effects: () => sink.allEffects(),
    effectCalls: () => sink.callsOf('effects').length,
    ofType: (type: string) => sink.allEffects().filter((e) => e.type === type),
    statuses: () => sink.callsOf('status').map((c) => c.status),
    states: () => sink.callsOf('status').map((c) => [c.sourceKey, c.status.state]),
  };
}

function setup(cursorKey?: (id: string) => string) {
  const clock = new ManualClock(1_000);
  const model = new ExecutionModel();
  const sink = new MemorySink();
  const pipeline = new IngestPipeline({ model, clock, sinks: [sink], cursorKey });
  return { clock, model, sink, seen: views(sink), pipeline };
}

/** A whole execution: started, one node scheduled/started/completed, completed. */
const whole = (n: number) =>
  run(n, [[started('wf'), 0], [scheduled('a'), 10], [nodeStarted('a'), 20], [completed('a', 30), 50], [wfCompleted(), 60]]);

const rejection = (reason: Rejection['reason']): Rejection => ({ reason, detail: 'bad' });

function status(id: string, state: SourceStatus['state'], events: number): SourceStatus {
  return { id, url: `ws://127.0.0.1:1/${id}`, kind: 'websocket', state, events, rejected: 0, reconnects: 0 };
}

describe('IngestPipeline', () => {
  test('applies every event of a batch to the model', () => {
    const { model, pipeline } = setup();
    pipeline.batch({ sourceId: 'src1', events: whole(1), rejections: [] });
    assert.equal(model.ingest().applied, 5);
    assert.equal(model.tree(execId(1))?.summary.status, 'completed');
  });

  test('counts the rejections of a batch by reason in the model', () => {
    const { model, pipeline } = setup();
    pipeline.batch({ sourceId: 'src1', events: [], rejections: [rejection('invalid_json'), rejection('invalid_json'), rejection('missing_field')] });
    assert.deepEqual(model.ingest().rejected, { invalid_json: 2, missing_field: 1 });
  });

  test('hands events to the event sinks under the cursor key of their source, with the cursor', () => {
    const { seen, pipeline } = setup((id) => (id === 'src1' ? 'ws://runtime.example/v1/events' : id));
    const batch = whole(1);
    pipeline.batch({ sourceId: 'src1', events: batch, rejections: [], cursor: '42' });
    assert.equal(seen.writes().length, 1);
    assert.equal(seen.writes()[0]!.sourceKey, 'ws://runtime.example/v1/events');
    assert.equal(seen.writes()[0]!.cursor, '42');
    assert.deepEqual(seen.writes()[0]!.events.map((e) => e.sequence), [1, 2, 3, 4, 5]);
  });

  test('uses the source id as the key when no cursorKey is given', () => {
    const { seen, pipeline } = setup();
    pipeline.batch({ sourceId: 'src7', events: whole(1).slice(0, 1), rejections: [], cursor: 'c' });
    assert.equal(seen.writes()[0]!.sourceKey, 'src7');
  });

  test('stores a cursor that moved even when its batch carried no events', () => {
    const { seen, pipeline } = setup();
    pipeline.batch({ sourceId: 'src1', events: [], rejections: [rejection('invalid_json')], cursor: '9' });
    assert.deepEqual(seen.writes(), [{ events: [], sourceKey: 'src1', cursor: '9' }]);
  });

  test('does not bother the event sinks with a batch of nothing and no cursor', () => {
    const { seen, pipeline } = setup();
    pipeline.batch({ sourceId: 'src1', events: [], rejections: [rejection('invalid_json')] });
    assert.equal(seen.writes().length, 0);
  });

  test('forwards each effect to the effect sinks once: the same batch applied twice adds none', () => {
    const { seen, model, pipeline } = setup();
    const batch: SourceBatch = { sourceId: 'src1', events: whole(1), rejections: [] };
    pipeline.batch(batch);
    const first = seen.effects();
    assert.deepEqual(first.map((e) => e.type), ['execution_started', 'attempt_started', 'attempt_ended', 'execution_ended']);
    pipeline.batch(batch);
    assert.equal(seen.effects().length, first.length);
    assert.equal(model.ingest().duplicates, 5);
    assert.equal(model.ingest().applied, 5);
  });

  test('drains the model after each batch, so nothing is left for someone else to drain', () => {
    const { model, pipeline } = setup();
    pipeline.batch({ sourceId: 'src1', events: whole(1), rejections: [] });
    assert.deepEqual(model.drainEffects(), []);
  });

  test('does not call the effect sinks for a batch that caused no effects', () => {
    const { seen, pipeline } = setup();
    pipeline.batch({ sourceId: 'src1', events: [], rejections: [rejection('invalid_json')] });
    assert.equal(seen.effectCalls(), 0);
  });

  test('hands each sink the events, then the effects, then the batch, after the model applied it', () => {
    const clock = new ManualClock(0);
    const model = new ExecutionModel();
    const applied: string[] = [];
    const sink = new MemorySink('order', undefined, (_, call) => applied.push(`${call.type}@${model.ingest().applied}`));
    const pipeline = new IngestPipeline({ model, clock, sinks: [sink] });
    pipeline.batch({ sourceId: 'src1', events: whole(1), rejections: [] });
    assert.deepEqual(applied, ['events@5', 'effects@5', 'batch@5']);
  });

  test('tick(now) gives up on an overdue gap and forwards the effects that releases', () => {
    const { clock, seen, model, pipeline } = setup();
    const events = whole(1);
    // Sequence 3 (node_started) never arrives: 4 and 5 wait behind the hole.
    pipeline.batch({ sourceId: 'src1', events: [events[0]!, events[1]!, events[3]!, events[4]!], rejections: [] });
    assert.equal(model.ingest().buffered, 2);
    assert.equal(seen.ofType('execution_ended').length, 0);

    pipeline.tick(clock.now() + 100);
    assert.equal(seen.ofType('execution_ended').length, 0, 'a gap younger than the timeout is still waited for');

    pipeline.tick(clock.now() + 60_000);
    assert.equal(model.ingest().gaps, 1);
    assert.equal(model.ingest().buffered, 0);
    assert.equal(seen.ofType('execution_ended').length, 1);
    assert.equal(model.tree(execId(1))?.summary.status, 'completed');
  });

  test('status() keeps the latest status of each source, in first-seen order, and passes each on', () => {
    const { pipeline, seen } = setup();
    pipeline.status(status('src1', 'connecting', 0));
    pipeline.status(status('src2', 'connecting', 0));
    pipeline.status(status('src1', 'connected', 10));
    pipeline.status(status('src1', 'reconnecting', 12));
    assert.deepEqual(pipeline.sourceStatuses().map((s) => [s.id, s.state, s.events]), [['src1', 'reconnecting', 12], ['src2', 'connecting', 0]]);
    assert.equal(seen.statuses().length, 4);
  });

  test('a source that goes away makes its running executions stale on the tick past the grace', () => {
    const { clock, model, pipeline } = setup();
    pipeline.status(status('src1', 'connected', 0));
    pipeline.batch({ sourceId: 'src1', events: whole(1).slice(0, 3), rejections: [] });
    pipeline.status(status('src1', 'reconnecting', 3));
    clock.advance(SOURCE_DOWN_GRACE_MS - 1);
    pipeline.tick(clock.now());
    assert.equal(model.tree(execId(1))?.summary.stale, false);
    clock.advance(1);
    pipeline.tick(clock.now());
    assert.equal(model.tree(execId(1))?.summary.stale, true);
    pipeline.status(status('src1', 'connected', 3));
    assert.equal(model.tree(execId(1))?.summary.stale, false);
  });

  test('hands each source state to the event sinks under the source\'s key', () => {
    const { seen, pipeline } = setup((id) => `key-of-${id}`);
    pipeline.status(status('src1', 'connecting', 0));
    pipeline.status(status('src1', 'connected', 0));
    pipeline.status(status('src1', 'ended', 0));
    assert.deepEqual(seen.states(), [['key-of-src1', 'connecting'], ['key-of-src1', 'connected'], ['key-of-src1', 'ended']]);
  });

  test('merges batches of two sources into one model, each event under its own source', () => {
    const { seen, model, pipeline } = setup();
    pipeline.batch({ sourceId: 'src1', events: whole(1), rejections: [], cursor: 'a' });
    pipeline.batch({ sourceId: 'src2', events: whole(2), rejections: [], cursor: 'b' });
    assert.deepEqual(model.summaries().map((x) => [x.id, x.source]).sort(), [[execId(1), 'src1'], [execId(2), 'src2']]);
    assert.deepEqual(seen.writes().map((w) => [w.sourceKey, w.cursor]), [['src1', 'a'], ['src2', 'b']]);
  });
});
