import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../source/core/clock.js';
import type { Rejection } from '../../../source/core/decode/event.js';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { IngestPipeline } from '../../../source/core/monitor/ingest-pipeline.js';
import { REJECTED_FRAMES_MAX_SOURCES, REJECTED_FRAMES_PER_SOURCE, RejectedFramesSink } from '../../../source/core/monitor/rejected-frames-sink.js';
import { SnapshotPublisher } from '../../../source/core/snapshot/snapshot-publisher.js';
import type { SourceBatch, SourceStatus } from '../../../source/core/sources/event-source.js';

const rejection = (n: number): Rejection => ({ reason: 'invalid_json', detail: `frame ${n}: not valid JSON`, excerpt: `{bad ${n}`, field: 'x', executionId: 'exec_1' });
const batch = (sourceId: string, ...ns: number[]): SourceBatch => ({ sourceId, events: [], rejections: ns.map(rejection) });

describe('RejectedFramesSink', () => {
  test('keeps each source\'s rejections with reason, detail, excerpt and arrival time, newest first', () => {
    const clock = new ManualClock(1_000);
    const sink = new RejectedFramesSink(clock);
    sink.batch(batch('ws', 1, 2));
    clock.advance(500);
    sink.batch(batch('rest', 3));
    sink.batch({ sourceId: 'quiet', events: [], rejections: [] });
    sink.batch(batch('ws', 4));
    assert.deepEqual(sink.rejectedFrames(), {
      rest: [{ at: 1_500, reason: 'invalid_json', detail: 'frame 3: not valid JSON', excerpt: '{bad 3' }],
      ws: [
        { at: 1_500, reason: 'invalid_json', detail: 'frame 4: not valid JSON', excerpt: '{bad 4' },
        { at: 1_000, reason: 'invalid_json', detail: 'frame 2: not valid JSON', excerpt: '{bad 2' },
        { at: 1_000, reason: 'invalid_json', detail: 'frame 1: not valid JSON', excerpt: '{bad 1' },
      ],
    });
  });

  test(`keeps only the last ${REJECTED_FRAMES_PER_SOURCE} of a source, across batches and within one burst`, () => {
    const sink = new RejectedFramesSink(new ManualClock(0));
    for (let n = 1; n <= REJECTED_FRAMES_PER_SOURCE + 5; n++) sink.batch(batch('ws', n));
    const kept = sink.rejectedFrames()['ws']!;
    assert.equal(kept.length, REJECTED_FRAMES_PER_SOURCE);
    assert.deepEqual([kept[0]!.excerpt, kept.at(-1)!.excerpt], [`{bad ${REJECTED_FRAMES_PER_SOURCE + 5}`, '{bad 6']);
    const burst = Array.from({ length: 50_000 }, (_, i) => i + 1);
    sink.batch(batch('ws', ...burst));
    const afterBurst = sink.rejectedFrames()['ws']!;
    assert.equal(afterBurst.length, REJECTED_FRAMES_PER_SOURCE);
    assert.deepEqual([afterBurst[0]!.excerpt, afterBurst.at(-1)!.excerpt], ['{bad 50000', `{bad ${50_000 - REJECTED_FRAMES_PER_SOURCE + 1}`]);
  });

  test(`keeps at most ${REJECTED_FRAMES_MAX_SOURCES} sources, forgetting the one that rejected least recently`, () => {
    const sink = new RejectedFramesSink(new ManualClock(0));
    for (let s = 0; s < REJECTED_FRAMES_MAX_SOURCES; s++) sink.batch(batch(`src${s}`, s));
    sink.batch(batch('src0', 99));
    sink.batch(batch('newcomer', 100));
    const ids = Object.keys(sink.rejectedFrames());
    assert.equal(ids.length, REJECTED_FRAMES_MAX_SOURCES);
    assert.ok(ids.includes('src0') && ids.includes('newcomer'));
    assert.ok(!ids.includes('src1'), 'the least recent one went');
  });

  test('hands out the same frozen object until something new is rejected', () => {
    const sink = new RejectedFramesSink(new ManualClock(0));
    sink.batch(batch('ws', 1));
    const first = sink.rejectedFrames();
    assert.equal(sink.rejectedFrames(), first);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first['ws']));
    sink.batch({ sourceId: 'ws', events: [], rejections: [] });
    assert.equal(sink.rejectedFrames(), first);
    sink.batch(batch('ws', 2));
    assert.notEqual(sink.rejectedFrames(), first);
  });

  test('as the rejectedFrames contributor, fed by the ingest pipeline, fills the snapshot for the Sources pane', () => {
    const clock = new ManualClock(5_000);
    const model = new ExecutionModel();
    const sink = new RejectedFramesSink(clock);
    const pipeline = new IngestPipeline({ model, clock, sinks: [sink] });
    const status: SourceStatus = { id: 'ws', url: 'ws://x', kind: 'websocket', state: 'connected', events: 0, rejected: 1, reconnects: 0 };
    const publisher = new SnapshotPublisher({
      model, clock, demo: false, sources: () => [status], contributors: { rejectedFrames: () => sink.rejectedFrames() },
    });
    pipeline.batch(batch('ws', 7));
    publisher.tick();
    assert.deepEqual(publisher.getSnapshot().rejectedFrames, { ws: [{ at: 5_000, reason: 'invalid_json', detail: 'frame 7: not valid JSON', excerpt: '{bad 7' }] });
    assert.equal(publisher.getSnapshot().ingest.rejected.invalid_json, 1);
  });
});
