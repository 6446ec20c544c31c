import { decodeStreamFrame } from '../source/core/decode/decode-stream-frame.js';
import { ExecutionModel } from '../source/core/model/execution-model.js';
import type { ModelEffect } from '../source/core/model/types.js';
import { createWorkload } from '../source/core/sim/workload.js';
import type { ScriptedEvent } from '../source/core/sim/script-builder.js';
import { pairedResult, timeMs, type BenchResult, type Pair } from './bench-result.js';

/** Events per protocol-v1 frame in the recorded stream (the sim batches similarly). */
const EVENTS_PER_FRAME = 50;
const START = Date.UTC(2026, 2, 14, 9, 0, 0);

/**
 * Yields protocol-v1 `events` frames of the demo workload, `total` events in all, interleaved by time
 * the way a busy runtime would send them.
 */
export function* recordedFrames(total: number, seed = 7): Generator<string> {
  for (const frame of recordedFrameItems(total, seed)) yield frame.text;
}

/** {@link recordedFrames} with each frame's last cursor, for a server that resumes after a cursor. */
export function* recordedFrameItems(total: number, seed = 7): Generator<{ readonly text: string; readonly lastCursor: number }> {
  const workload = createWorkload(seed, START, 20);
  const pending: ScriptedEvent[] = [];
  let cursor = 0;
  let emitted = 0;
  let horizon = START;
  while (emitted < total) {
    // Pull executions until the queue holds everything due before the next start time.
    while (pending.length < EVENTS_PER_FRAME * 4) {
      const item = workload.next();
      horizon = item.startAt;
      for (const script of item.scripts) pending.push(...script.events);
    }
    pending.sort((a, b) => a.at - b.at);
    const due = pending.filter((e) => e.at <= horizon);
    const ready = due.length >= EVENTS_PER_FRAME ? due : pending.slice(0, EVENTS_PER_FRAME);
    const batch = ready.slice(0, Math.min(EVENTS_PER_FRAME, total - emitted));
    const taken = new Set(batch);
    for (let i = pending.length - 1; i >= 0; i--) if (taken.has(pending[i]!)) pending.splice(i, 1);
    const items = batch.map((e) => ({ cursor: ++cursor, event: e.envelope, ...(e.nodeKind ? { node_kind: e.nodeKind } : {}) }));
    emitted += batch.length;
    yield { text: JSON.stringify({ type: 'events', events: items }), lastCursor: cursor };
  }
}

/** The decode + reduce path over recorded frames, handing each frame's effects on as the pipeline does. */
export function decodeAndReduce(frames: readonly string[], model: ExecutionModel, onEffects?: (effects: ModelEffect[]) => void): number {
  let applied = 0;
  let now = START;
  for (const text of frames) {
    const frame = decodeStreamFrame(text);
    if (frame.type !== 'events') continue;
    for (const item of frame.items) {
      if (item.result.ok) {
        model.apply(item.result.event, 'bench', now);
        applied++;
      }
    }
    now += 5;
    model.tick(now);
    const effects = model.drainEffects();
    onEffects?.(effects);
  }
  return applied;
}

/** Pairs of runs taken for the decode + reduce figure (an odd count, so the median is one of them). */
const DECODE_REDUCE_RUNS = 9;

/**
 * Decode + reduce throughput against plain JSON.parse of the same frames. Each pair is one pass of each, back to
 * back, in alternating order, so other work on the machine slows both alike; the figure is the median per-pair
 * ratio with its spread.
 */
export function benchDecodeReduce(events = 200_000, runs = DECODE_REDUCE_RUNS): BenchResult[] {
  const frames = [...recordedFrames(events)];
  // Warm up both paths on the whole stream so the JIT has compiled them.
  const parseAll = (): void => {
    for (const f of frames) JSON.parse(f);
  };
  parseAll();
  decodeAndReduce(frames, new ExecutionModel());
  const pairs: Pair[] = [];
  for (let r = 0; r < runs; r++) {
    let parseMs: number;
    let fullMs: number;
    if (r % 2 === 0) {
      parseMs = timeMs(parseAll);
      fullMs = timeMs(() => decodeAndReduce(frames, new ExecutionModel()));
    } else {
      fullMs = timeMs(() => decodeAndReduce(frames, new ExecutionModel()));
      parseMs = timeMs(parseAll);
    }
    pairs.push({ value: events / (fullMs / 1000), baseline: events / (parseMs / 1000) });
  }
  return [
    pairedResult(`decode+reduce throughput (${events} events, baseline: JSON.parse of the same frames)`, 'events/s', 'higher', pairs, {
      text: '>= 0.5x JSON.parse and > 100,000 events/s (median of the pairs)',
      met: (ratio, value) => ratio >= 0.5 && value > 100_000,
    }),
  ];
}
