import { get as httpGet } from 'node:http';
import { ManualClock } from '../source/core/clock.js';
import { PromMetrics } from '../source/core/metrics/prom-registry.js';
import { MetricsSink } from '../source/core/metrics/metrics-sink.js';
import { SeriesStore } from '../source/core/metrics/series-store.js';
import { ExecutionModel } from '../source/core/model/execution-model.js';
import type { ModelEffect } from '../source/core/model/types.js';
import { healthReport } from '../source/core/server/health-report.js';
import { startHttpServer } from '../source/core/server/http-server.js';
import { pairedResult, result, timeMs, type BenchResult, type Pair } from './bench-result.js';
import { decodeAndReduce, recordedFrames } from './decode-reduce-bench.js';

/** Workflow ids × 2 statuses = the 10,000 counter series the scrape target names. */
const SCRAPE_WORKFLOWS = 5_000;
const SCRAPE_RUNS = 40;
const START = Date.UTC(2026, 2, 14, 9, 0, 0);

/** The scrape may take this much longer than prom-client's serialisation of the same registry alone. */
const SCRAPE_TARGET_RATIO = 1.2;

/**
 * A GET's body as the bytes that arrived, or only their count. The scraper shares this thread with the server
 * here (Prometheus runs in its own process), so it does as little as a client can: node:http, the chunks left
 * as they came unless the body is wanted.
 */
function get(url: string, keep = false): Promise<Buffer | number> {
  return new Promise((resolve, reject) => {
    httpGet(url, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (keep) chunks.push(c);
      });
      res.on('end', () => resolve(keep ? Buffer.concat(chunks) : bytes));
      res.on('error', reject);
    }).on('error', reject);
  });
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** A GET /metrics through our server, end to end, against prom-client serialising the same registry alone. */
export async function benchScrape(): Promise<BenchResult> {
  const store = new SeriesStore({ startedAt: START, labelCaps: { workflow_id: SCRAPE_WORKFLOWS } });
  const prom = new PromMetrics({ read: (key) => store.read(key) });
  const effects: ModelEffect[] = [];
  const executionId = 'exec_' + '0'.repeat(32);
  const zero = { inputTokens: 0, outputTokens: 0, costUsd: 0, unpricedTokens: 0 };
  for (let i = 0; i < SCRAPE_WORKFLOWS; i++) {
    for (const status of ['completed', 'failed'] as const) {
      // The registry reads the effect's own fields; the summary is there because every execution_ended has one.
      const summary = {
        id: executionId, source: 'bench', workflowId: `workflow-${i}`, status, stale: false, startSeen: false, lastEventAt: START, eventCount: 0,
        currentNodes: [], queuedNodes: 0, waitingApproval: false, models: [], totals: zero, subtreeTotals: zero,
      };
      effects.push({ type: 'execution_ended', executionId, workflowId: `workflow-${i}`, status, source: 'bench', time: START, summary });
    }
  }
  store.apply(effects, START);
  const server = await startHttpServer({ host: '127.0.0.1', port: 0, metrics: prom, health: () => healthReport([]) });
  try {
    const body = (await get(`${server.url}/metrics`, true)).toString();
    const series = body.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
    for (let i = 0; i < 5; i++) {
      await get(`${server.url}/metrics`);
      await prom.vendorSerialise();
    }
    const pairs: Pair[] = [];
    for (let i = 0; i < SCRAPE_RUNS; i++) {
      // Alternating order, so a slowdown from other work on the machine falls on both sides alike. Two costs still fall
      // on the scrape side only: the client's own reading (this thread, ~1 ms), and the scavenges V8 schedules as a task
      // when the young generation fills, which run only when the event loop turns, so inside a scrape even when the
      // baseline's allocation asked for them (with --no-minor-gc-task both sides see as many scavenges).
      const scrape = (): Promise<number> => timeAsync(() => get(`${server.url}/metrics`));
      const vendor = (): Promise<number> => timeAsync(() => prom.vendorSerialise());
      if (i % 2 === 0) pairs.push({ value: await scrape(), baseline: await vendor() });
      else {
        const baseline = await vendor();
        pairs.push({ value: await scrape(), baseline });
      }
    }
    return pairedResult(`GET /metrics end to end, ${series} series (baseline: prom-client registry.metrics() alone)`, 'ms', 'lower', pairs, {
      text: `<= ${SCRAPE_TARGET_RATIO}x prom-client's own serialisation (median of the pairs)`,
      met: (ratio) => ratio <= SCRAPE_TARGET_RATIO,
    });
  } finally {
    await server.close();
  }
}

/** The decode + reduce path, keeping each frame's effects when asked (the metrics are then fed from them). */
function decodeReduce(frames: readonly string[], keep: ModelEffect[][] | undefined): number {
  return decodeAndReduce(frames, new ExecutionModel(), keep ? (effects) => keep.push(effects) : undefined);
}

/**
 * Cost per event of the metrics sink's effects path (the series store and the latency windows; the registry only serialises it,
 * as the monitor feeds them: once per batch), against the decode + reduce cost per event.
 */
function benchUpdate(events = 200_000): BenchResult {
  const frames = [...recordedFrames(events)];
  const batches: ModelEffect[][] = [];
  const applied = decodeReduce(frames, batches);
  decodeReduce(frames.slice(0, 200), undefined);
  let reduceBest = Infinity;
  for (let r = 0; r < 3; r++) reduceBest = Math.min(reduceBest, timeMs(() => decodeReduce(frames, undefined)));

  const clock = new ManualClock(START);
  const metrics = new MetricsSink(new ExecutionModel(), clock, { processMetrics: false });
  const feed = () => {
    for (const batch of batches) {
      metrics.effects(batch);
      clock.advance(5);
    }
  };
  feed(); // warm: label handles cached, JIT warmed
  let updateBest = Infinity;
  for (let r = 0; r < 3; r++) updateBest = Math.min(updateBest, timeMs(feed));

  const perEvent = (updateBest * 1000) / applied;
  const reducePerEvent = (reduceBest * 1000) / applied;
  return result(`metrics update (series store + latency windows) per event, ${applied} events (baseline: decode+reduce per event)`, perEvent, 'µs/event', 'lower', reducePerEvent, {
    text: '< 0.2x decode+reduce',
    met: perEvent < reducePerEvent * 0.2,
  });
}

/** The metrics benchmarks of `npm run bench`. */
export async function benchMetrics(): Promise<BenchResult[]> {
  return [await benchScrape(), benchUpdate()];
}
