import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, StreamClock } from '../../../source/core/clock.js';
import { MetricsSink } from '../../../source/core/metrics/metrics-sink.js';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { IngestPipeline } from '../../../source/core/monitor/ingest-pipeline.js';
import { isReplayFile } from '../../../source/core/sources/create-sources.js';
import { fixtureEvents } from '../../helpers/model-events.js';

/** A wall clock long after the fixtures' events (they are from 2026-03). */
const WALL = Date.UTC(2026, 11, 5, 12, 0, 0);

describe('StreamClock', () => {
  test('reads the wall clock until the first event, then the newest event time, never past the wall clock', () => {
    const wall = new ManualClock(WALL);
    const clock = new StreamClock(wall);
    assert.equal(clock.now(), WALL);
    clock.observe(WALL - 60_000);
    assert.equal(clock.now(), WALL - 60_000);
    clock.observe(WALL - 120_000);
    assert.equal(clock.now(), WALL - 60_000, 'an older event does not move it back');
    clock.observe(WALL + 86_400_000);
    assert.equal(clock.now(), WALL, 'a future timestamp is held to the wall clock');
  });

  test('runs its timers on the wall clock', () => {
    const wall = new ManualClock(WALL);
    const clock = new StreamClock(wall);
    let fired = 0;
    clock.setTimeout(() => fired++, 100);
    clock.observe(WALL - 3_600_000);
    wall.advance(100);
    assert.equal(fired, 1);
  });

  test('a replayed file through the pipeline has percentiles and rates as of its own time; on the wall clock it has none', () => {
    const events = fixtureEvents('model-success-run');
    const measure = (clock: ManualClock | StreamClock) => {
      const model = new ExecutionModel();
      const metrics = new MetricsSink(model, clock, { processMetrics: false });
      const pipeline = new IngestPipeline({ model, clock: clock as StreamClock, sinks: [metrics] });
      pipeline.batch({ sourceId: 'replay', events, rejections: [] });
      return { windows: metrics.windows.snapshot(clock.now()), rates: metrics.rates(clock.now()) };
    };
    const replayed = measure(new StreamClock(new ManualClock(WALL)));
    assert.ok(replayed.windows.execution['5m'].count >= 1, 'the finished execution is in the 5 m window');
    assert.notEqual(replayed.windows.execution['5m'].p50, undefined);
    assert.ok(replayed.rates.tokensPerSec > 0, 'tokens per second over the replay\'s last minute');
    const wall = measure(new ManualClock(WALL));
    assert.equal(wall.windows.execution['5m'].count, 0, 'months-old events are outside every window of the wall clock');
  });
});

describe('isReplayFile', () => {
  test('is true for .jsonl paths and file: URLs only', () => {
    assert.equal(isReplayFile('runs/today.jsonl'), true);
    assert.equal(isReplayFile('file:///tmp/x.JSONL'), true);
    assert.equal(isReplayFile('-'), false, 'stdin may be a live pipe');
    assert.equal(isReplayFile('ws://127.0.0.1:7700/v1/events'), false);
    assert.equal(isReplayFile('http://host/x.jsonl'), false);
  });
});
