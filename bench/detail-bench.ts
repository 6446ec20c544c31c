import { EventJournal } from '../source/core/detail/event-journal.js';
import { NodeDurationSketches } from '../source/core/detail/node-duration-stats.js';
import { decodeStreamFrame } from '../source/core/decode/decode-stream-frame.js';
import type { TypedEvent } from '../source/core/decode/event.js';
import { ExecutionModel } from '../source/core/model/execution-model.js';
import type { ModelEffect } from '../source/core/model/types.js';
import { result, timeMs, type BenchResult } from './bench-result.js';
import { decodeAndReduce, recordedFrames } from './decode-reduce-bench.js';

/** Per frame, its decoded events and the effects the model emitted for them, as the pipeline hands them to sinks. */
function recordBatches(frames: readonly string[]): { events: TypedEvent[]; effects: ModelEffect[] }[] {
  const model = new ExecutionModel();
  let now = Date.UTC(2026, 2, 14, 9, 0, 0);
  const out: { events: TypedEvent[]; effects: ModelEffect[] }[] = [];
  for (const text of frames) {
    const frame = decodeStreamFrame(text);
    if (frame.type !== 'events') continue;
    const events: TypedEvent[] = [];
    for (const item of frame.items) if (item.result.ok) events.push(item.result.event);
    for (const e of events) model.apply(e, 'bench', now);
    now += 5;
    model.tick(now);
    out.push({ events, effects: model.drainEffects() });
  }
  return out;
}

/**
 * What the detail's two ingest-path sinks (event journal, node p95 sketches) cost per event, against
 * decode + reduce of the same stream in the same run: the ratio is their share added to ingest.
 */
export function benchDetailSinks(events = 200_000): BenchResult[] {
  const frames = [...recordedFrames(events)];
  const batches = recordBatches(frames);
  const feed = (): void => {
    const journal = new EventJournal();
    const stats = new NodeDurationSketches();
    for (const b of batches) {
      journal.events(b.events);
      stats.effects(b.effects);
    }
  };
  decodeAndReduce(frames, new ExecutionModel());
  feed();
  let reduce = Infinity;
  let sinks = Infinity;
  for (let r = 0; r < 5; r++) {
    reduce = Math.min(reduce, timeMs(() => decodeAndReduce(frames, new ExecutionModel())));
    sinks = Math.min(sinks, timeMs(feed));
  }
  const perEvent = (ms: number): number => (ms * 1e6) / events;
  return [
    result(`detail sinks: journal + node p95 sketches per event (${events} events, baseline: decode+reduce per event)`, perEvent(sinks), 'ns/event', 'lower', perEvent(reduce), {
      text: '<= 0.1x decode+reduce',
      met: sinks <= reduce * 0.1,
    }),
  ];
}
