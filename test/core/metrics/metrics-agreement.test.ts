// The registry serves /metrics, the series store serves the dashboard's rates (and next the alert rules):
// both are fed the same effects, batches and statuses by the metrics sink, with the same label caps. After a
// sim workload (with duplicates, rejections, reconnects and labels past their caps), a scrape and the store
// must agree on every series of every catalogue metric the store keeps: counters, histograms and gauges.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../source/core/clock.js';
import { decodeEnvelope } from '../../../source/core/decode/decode-envelope.js';
import type { TypedEvent } from '../../../source/core/decode/event.js';
import { METRICS, type MetricKey } from '../../../source/core/metrics/metric-catalogue.js';
import { MetricsSink } from '../../../source/core/metrics/metrics-sink.js';
import type { StoredMetric } from '../../../source/core/metrics/series-store.js';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { BUILT_IN_PRICES } from '../../../source/core/model/price-table.js';
import { IngestPipeline } from '../../../source/core/monitor/ingest-pipeline.js';
import type { SourceStatus } from '../../../source/core/sources/event-source.js';
import { parseExposition, type Exposition } from '../../helpers/parse-exposition.js';
import { runSimFor, SIM_T0 } from '../../helpers/sim-fixtures.js';

const BATCH = 64;

/** The decoded events of a sim run: many workflows and models, child workflows, failures. */
function simEvents(): TypedEvent[] {
  const { items } = runSimFor({ seed: 23, rate: 3, executions: 60 }, 300_000);
  return items.map((item) => {
    const r = decodeEnvelope(item.event, item.node_kind);
    if (!r.ok) throw new Error(r.rejection.detail);
    return r.event;
  });
}

const status = (id: string, state: SourceStatus['state'], reconnects: number): SourceStatus =>
  ({ id, url: `ws://${id}`, kind: 'websocket', state, events: 0, rejected: 0, reconnects });

/** A label set as one comparable string. */
const key = (labels: Readonly<Record<string, string>>): string => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

/** Every sample of `name` in the scrape, by its labels. */
function scraped(exp: Exposition, name: string): Map<string, number> {
  return new Map(exp.samples.filter((s) => s.name === name).map((s) => [key(s.labels), s.value]));
}

/** The same, from the store: a counter's or gauge's value, or a histogram's _count, _sum and cumulative _bucket series. */
function stored(metrics: MetricsSink, metric: StoredMetric, suffix: '' | '_count' | '_sum' | '_bucket'): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of metrics.series.read(metric)) {
    if (suffix === '' || suffix === '_count') out.set(key(s.labels), s.value);
    else if (suffix === '_sum') out.set(key(s.labels), s.sum!);
    else for (const b of s.buckets!) out.set(key({ ...s.labels, le: b.le === Infinity ? '+Inf' : String(b.le) }), b.count);
  }
  return out;
}

describe('a scrape of /metrics and the series store after a sim workload', () => {
  let exp: Exposition;
  let metrics: MetricsSink;

  before(async () => {
    const events = simEvents();
    const clock = new ManualClock(SIM_T0 + 300_000);
    const model = new ExecutionModel({ prices: BUILT_IN_PRICES });
    // Small caps, so workflow ids, models and sources overflow into `other` on both sides.
    metrics = new MetricsSink(model, clock, { processMetrics: false, labelCaps: { workflow_id: 2, model: 1, source: 1 } });
    const pipeline = new IngestPipeline({ model, clock, sinks: [metrics] });
    pipeline.status(status('sim', 'connected', 0));
    for (let i = 0; i < events.length; i += BATCH) {
      pipeline.batch({ sourceId: i % (4 * BATCH) === 0 ? 'sim-b' : 'sim', events: events.slice(i, i + BATCH), rejections: [], cursor: String(i) });
      clock.advance(100);
      if (i % (8 * BATCH) === 0) metrics.tick(clock.now());
    }
    // A reconnect that replays a stretch (duplicates), a frame the decoder refused, a second source going away.
    pipeline.status(status('sim', 'reconnecting', 1));
    pipeline.status(status('sim', 'connected', 1));
    pipeline.batch({ sourceId: 'sim', events: events.slice(0, 3 * BATCH), rejections: [{ reason: 'invalid_json', detail: 'x' }], cursor: 'again' });
    pipeline.status(status('sim-b', 'error', 4));
    clock.advance(60_000);
    pipeline.tick(clock.now());
    metrics.tick(clock.now());
    exp = parseExposition((await metrics.render(false)).body);
  });

  test('the workload exercised what it should: overflow, duplicates, rejections, reconnects, failures', () => {
    assert.ok(scraped(exp, METRICS.labelOverflow.name).size >= 3, 'workflow_id, model and source overflowed');
    assert.ok((scraped(exp, METRICS.eventsDuplicate.name).get(key({})) ?? 0) > 0);
    assert.equal(scraped(exp, METRICS.eventsRejected.name).get(key({ reason: 'invalid_json' })), 1);
    assert.ok([...scraped(exp, METRICS.executions.name).keys()].some((k) => k.includes('"failed"')), 'some executions failed');
    assert.ok(scraped(exp, METRICS.tokens.name).size >= 2);
  });

  const stores = (Object.keys(METRICS) as MetricKey[]).filter((k): k is StoredMetric => k !== 'alerts');
  for (const metric of stores) {
    const spec = METRICS[metric];
    const suffixes = spec.type === 'histogram' ? (['_count', '_sum', '_bucket'] as const) : (['' as const]);
    for (const suffix of suffixes) {
      test(`agree on every series of ${spec.name}${suffix}`, () => {
        const fromScrape = scraped(exp, spec.name + suffix);
        assert.ok(fromScrape.size > 0, `${spec.name}${suffix} has series`);
        assert.deepEqual(stored(metrics, metric, suffix), fromScrape);
      });
    }
  }
});
