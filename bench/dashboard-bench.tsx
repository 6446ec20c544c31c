/**
 * The dashboard under load, in one process as `jamjet top` runs it: the Ink app rendering published snapshots
 * while a 20,000 events/s stream is decoded, reduced and counted on the same thread. Ink runs through
 * ink-testing-library (debug mode: every render is written at once, so a frame's time is render + write,
 * without Ink's 30 fps throttle, which only ever delays a frame by at most 33 ms more).
 */
import { render } from 'ink-testing-library';
import { ManualClock, systemClock } from '../source/core/clock.js';
import { decodeStreamFrame } from '../source/core/decode/decode-stream-frame.js';
import type { TypedEvent } from '../source/core/decode/event.js';
import { MetricsSink } from '../source/core/metrics/metrics-sink.js';
import { ExecutionModel } from '../source/core/model/execution-model.js';
import { IngestPipeline } from '../source/core/monitor/ingest-pipeline.js';
import { SnapshotPublisher } from '../source/core/snapshot/snapshot-publisher.js';
import { App } from '../source/view/app.js';
import { completed, ev, nodeStarted, scheduled, started } from '../test/helpers/model-events.js';
import { result, type BenchResult } from './bench-result.js';
import { recordedFrames } from './decode-reduce-bench.js';

const SIZE = { rows: 40, columns: 120 };
const STREAM_RATE = 20_000;
const EVENTS_PER_FRAME = 50;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Frames as Ink writes them, with the time each was written. */
function frameLog(app: ReturnType<typeof render>): { frames: { at: number; text: string }[] } {
  const log = { frames: [] as { at: number; text: string }[] };
  const stdout = app.stdout as unknown as { write: (text: string) => boolean };
  const write = stdout.write.bind(stdout);
  stdout.write = (text: string) => {
    log.frames.push({ at: performance.now(), text });
    return write(text);
  };
  return log;
}

/** The line index of the selection marker in a frame, or -1. */
const markerRow = (text: string): number => text.split('\n').findIndex((l) => l.startsWith('› '));

/**
 * Keystroke to frame: `j` and `k` in turn every 100 ms for `seconds`, while the stream runs at STREAM_RATE
 * and the publisher publishes every 250 ms. A key's latency is from the write to the first frame in which
 * the marker sits where that key put it. Also reports whether ingest kept up (every event fed was applied).
 */
async function keystrokeLatency(seconds: number): Promise<{ latencies: number[]; fed: number; applied: number; rate: number; behindMs: number }> {
  // Twice what the run needs: the stream never runs dry, so the rate measured is the one ingest kept.
  const frames = [...recordedFrames(STREAM_RATE * (seconds * 2 + 4), 11)];
  const clock = systemClock();
  const model = new ExecutionModel();
  const metrics = new MetricsSink(model, clock, { processMetrics: false });
  const pipeline = new IngestPipeline({ model, clock, sinks: [metrics] });
  const publisher = new SnapshotPublisher({
    model, clock, demo: false, sources: () => [],
    contributors: { windows: (now) => metrics.windows.snapshot(now), rates: (now) => metrics.rates(now) },
  });
  // Some history first, so the list is full from the first key.
  let next = 0;
  let fed = 0;
  const feedFrame = (): void => {
    const frame = decodeStreamFrame(frames[next++]!);
    if (frame.type !== 'events') return;
    const events: TypedEvent[] = [];
    for (const item of frame.items) if (item.result.ok) events.push(item.result.event);
    fed += events.length;
    pipeline.batch({ sourceId: 'bench', events, rejections: [] });
  };
  for (let i = 0; i < (STREAM_RATE / EVENTS_PER_FRAME) * 2; i++) feedFrame();
  publisher.tick(true);
  const app = render(<App store={publisher} size={SIZE} color={false} />);
  const log = frameLog(app);
  await sleep(200);
  const fedBefore = fed;
  const start = performance.now();
  // The stream: as many frames as the rate says are due by now, every 10 ms (catching up when late).
  const initial = next;
  const dueBy = (at: number): number => Math.min(frames.length, initial + Math.floor(((at - start) / 1000) * (STREAM_RATE / EVENTS_PER_FRAME)));
  const stream = setInterval(() => {
    const until = dueBy(performance.now());
    while (next < until) feedFrame();
    pipeline.tick(clock.now());
  }, 10);
  const publish = setInterval(() => publisher.tick(), 250);
  const latencies: number[] = [];
  let down = true;
  for (let k = 0; k < seconds * 10; k++) {
    const before = markerRow(log.frames.at(-1)?.text ?? '');
    const want = before + (down ? 1 : -1);
    const from = log.frames.length;
    const sent = performance.now();
    app.stdin.write(down ? 'j' : 'k');
    down = !down;
    for (let waited = 0; waited < 2000; waited += 2) {
      const hit = log.frames.slice(from).find((f) => markerRow(f.text) === want);
      if (hit) {
        latencies.push(hit.at - sent);
        break;
      }
      await sleep(2);
    }
    await sleep(Math.max(0, 100 - (performance.now() - sent)));
  }
  const end = performance.now();
  clearInterval(stream);
  clearInterval(publish);
  const elapsed = (end - start) / 1000;
  // How far behind the stream ingest was when the run ended (frames due but not yet fed), in stream time.
  const behindMs = ((dueBy(end) - next) * EVENTS_PER_FRAME * 1000) / STREAM_RATE;
  // What the stream owed by the end, fed at once: a model that kept up has applied it all.
  const applied = model.ingest().applied + model.ingest().duplicates;
  app.unmount();
  return { latencies, fed, applied, rate: (fed - fedBefore) / elapsed, behindMs };
}

/** Median time from a forced publish to its frame written, over `count` frames, for the app on `model`. */
async function frameTime(model: ExecutionModel, clock: ManualClock, keys: string, count = 30): Promise<number> {
  const publisher = new SnapshotPublisher({ model, clock, demo: false, sources: () => [] });
  publisher.tick(true);
  const app = render(<App store={publisher} size={SIZE} color={false} />);
  const log = frameLog(app);
  await sleep(50);
  if (keys !== '') {
    app.stdin.write(keys);
    await sleep(200);
  }
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const from = log.frames.length;
    clock.advance(1_000);
    const t = performance.now();
    publisher.tick(true);
    for (let waited = 0; waited < 5000 && log.frames.length === from; waited++) await sleep(1);
    const frame = log.frames[from];
    if (frame) times.push(frame.at - t);
  }
  app.unmount();
  return percentile(times, 50);
}

const T0 = Date.UTC(2026, 2, 14, 9, 0, 0);

/** A model holding `n` running executions. */
function listModel(n: number): ExecutionModel {
  const model = new ExecutionModel({ caps: { maxExecutions: n + 10 } });
  for (let i = 1; i <= n; i++) model.apply(ev(i, 1, started(`wf-${i % 7}`), i), 'bench', T0 + i);
  return model;
}

/** A model holding one running execution with `nodes` completed nodes. */
function treeModel(nodes: number): ExecutionModel {
  const model = new ExecutionModel({ caps: { maxAttemptsPerExecution: nodes + 10 } });
  let seq = 1;
  model.apply(ev(1, seq++, started('wide'), 0), 'bench', T0);
  for (let i = 0; i < nodes; i++) {
    const id = `n${i}`;
    model.apply(ev(1, seq++, scheduled(id), i * 3 + 1), 'bench', T0);
    model.apply(ev(1, seq++, nodeStarted(id), i * 3 + 2), 'bench', T0);
    model.apply(ev(1, seq++, completed(id, 2), i * 3 + 3), 'bench', T0);
  }
  return model;
}

/** Keystroke-to-frame latency under a 20k events/s stream, and frame times for a big list and a big tree. */
export async function benchDashboard(seconds = 10): Promise<BenchResult[]> {
  const clock = new ManualClock(T0 + 60_000);
  const listSmall = await frameTime(listModel(100), clock, '');
  const listBig = await frameTime(listModel(10_000), clock, '');
  const treeSmall = await frameTime(treeModel(10), clock, '\r');
  const treeBig = await frameTime(treeModel(5_000), clock, '\r');
  const load = await keystrokeLatency(seconds);
  const p99 = percentile(load.latencies, 99);
  const p50 = percentile(load.latencies, 50);
  return [
    result(`dashboard: keystroke to frame p99 under a ${STREAM_RATE} ev/s stream (${load.latencies.length} keys; baseline: p50)`, p99, 'ms', 'lower', p50, {
      text: 'p99 < 100 ms',
      met: p99 < 100 && load.latencies.length >= seconds * 10 * 0.95,
    }),
    result(`dashboard: ingest rate while rendering and typing (baseline: the stream's ${STREAM_RATE} ev/s; ${Math.round(load.behindMs)} ms behind at the end)`, load.rate, 'ev/s', 'higher', STREAM_RATE, {
      text: 'keeps up: every event fed applied, >= 0.95x the stream, < 100 ms behind',
      met: load.applied >= load.fed && load.rate >= STREAM_RATE * 0.95 && load.behindMs < 100,
    }),
    result('dashboard: frame time, 10,000-execution list (baseline: 100 executions)', listBig, 'ms', 'lower', listSmall),
    result('dashboard: frame time, detail of a 5,000-node execution (baseline: 10 nodes)', treeBig, 'ms', 'lower', treeSmall),
  ];
}
