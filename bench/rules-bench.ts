import { RuleManager } from '../source/core/alerts/engine/rule-manager.js';
import { evaluateInstant } from '../source/core/alerts/promql/evaluate.js';
import { parseExpr } from '../source/core/alerts/promql/parse.js';
import { SampleStore } from '../source/core/alerts/promql/sample-store.js';
import type { VectorSample } from '../source/core/alerts/promql/types.js';
import { compileTemplate } from '../source/core/alerts/rules/template.js';
import type { RuleGroupSpec, RuleSpec } from '../source/core/alerts/rules/rule-types.js';
import { scrapeSamples } from '../source/core/alerts/scrape-samples.js';
import { PromMetrics } from '../source/core/metrics/prom-registry.js';
import { SeriesStore } from '../source/core/metrics/series-store.js';
import type { ModelEffect } from '../source/core/model/types.js';
import { result, timeMs, type BenchResult } from './bench-result.js';

const START = Date.UTC(2026, 2, 14, 9, 0, 0);
/** 1,000 workflows × 5 statuses: the 5,000 series the issue names. */
const WORKFLOWS = 1_000;
const STATUSES = ['completed', 'failed', 'cancelled', 'limit_exceeded', 'running'] as const;
/** Five minutes of history at one sample a second, what a 5m rate reads. */
const HISTORY_S = 300;
const ROUNDS = 30;
/** Workflows × 2 statuses in the tick-append bench: with their histogram buckets, about the 5,000 series the issue names. */
const TICK_WORKFLOWS = 140;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** The 5,000 series with five minutes of growing counters. */
function filledStore(): SampleStore {
  const store = new SampleStore();
  const labels = STATUSES.flatMap((status) => Array.from({ length: WORKFLOWS }, (_, i) => ({ __name__: 'jamjet_executions_total', workflow_id: `wf-${i}`, status })));
  for (let s = 0; s <= HISTORY_S; s++) {
    store.appendScrape('scrape', START + s * 1000, labels.map((l, i) => ({ labels: l, v: Math.floor((s * (1 + (i % 7))) / 5) })));
  }
  return store;
}

/** Fifty alerting rules of the kinds people write over these series (rates, ratios, aggregations, quantiles). */
function fiftyRules(): RuleSpec[] {
  const shapes = [
    (k: number) => `sum by (workflow_id) (rate(jamjet_executions_total{status="failed"}[5m])) / sum by (workflow_id) (rate(jamjet_executions_total[5m])) > 0.${k + 1}`,
    (k: number) => `rate(jamjet_executions_total{status="failed"}[5m]) > ${k / 10}`,
    (k: number) => `sum(increase(jamjet_executions_total[${k + 1}m])) > 100`,
    (k: number) => `topk(5, sum by (workflow_id) (rate(jamjet_executions_total[5m]))) > ${k}`,
    (k: number) => `count by (status) (jamjet_executions_total > ${k * 10})`,
    (k: number) => `max_over_time(jamjet_executions_total{workflow_id=~"wf-${k}.*"}[5m]) > 10`,
    (k: number) => `quantile(0.9, rate(jamjet_executions_total[${k + 1}m])) > 0`,
    (k: number) => `absent(jamjet_executions_total{workflow_id="wf-${k}"})`,
    (k: number) => `sum without (status) (jamjet_executions_total) > ${k * 100}`,
    (k: number) => `avg by (status) (deriv(jamjet_executions_total[2m])) > ${k / 100}`,
  ];
  const at = { file: 'bench.yml', line: 1, column: 1 };
  const summary = compileTemplate('{{ $labels.workflow_id }} at {{ $value | humanize }}');
  return Array.from({ length: 50 }, (_, i) => ({
    kind: 'alert', name: `Rule${i}`, expr: shapes[i % shapes.length]!(Math.floor(i / shapes.length)), forMs: 60_000, keepFiringForMs: 0,
    labels: {}, annotations: { summary }, position: at,
  }));
}

/** One round of the 50 rules (the engine's evaluateDue), against one hand-written pass over the same window. */
function benchEvaluation(): BenchResult {
  const store = filledStore();
  const group: RuleGroupSpec = { name: 'bench', file: 'bench.yml', intervalMs: 1000, limit: 0, rules: fiftyRules(), position: { file: 'bench.yml', line: 1, column: 1 } };
  const manager = new RuleManager({
    compile: (expr) => {
      const ast = parseExpr(expr);
      return (t) => evaluateInstant(ast, store, t, { subqueryStepMs: 1000 });
    },
    append: () => undefined,
    externalLabels: {},
    externalURL: 'http://bench',
    defaultIntervalMs: 1000,
  });
  const end = START + HISTORY_S * 1000;
  manager.load([group], end - ROUNDS * 1000 - 3000);
  // The baseline: read every sample of every series in the 5m window once and sum it by workflow.
  const baseline = (): number => {
    const sums = new Map<string, number>();
    for (const s of store.select([{ name: '__name__', op: '=', value: 'jamjet_executions_total' }], end - 300_000, end)) {
      let acc = 0;
      for (let i = s.start; i < s.end; i++) acc += s.v[i]!;
      sums.set(s.labels.workflow_id!, (sums.get(s.labels.workflow_id!) ?? 0) + acc);
    }
    return sums.size;
  };
  for (let i = 0; i < 3; i++) baseline();
  const ours: number[] = [];
  const base: number[] = [];
  for (let r = ROUNDS; r >= 1; r--) {
    const t = end - r * 1000;
    ours.push(timeMs(() => manager.evaluateDue(t)));
    base.push(timeMs(() => baseline()));
  }
  const failing = manager.groups()[0]!.rules.filter((r) => r.health === 'err');
  if (failing.length > 0) throw new Error(`bench rules failed: ${failing.map((r) => `${r.name}: ${r.lastError}`).join('; ')}`);
  const value = median(ours.slice(3));
  return result('rule evaluation: 50 alerting rules over 5,000 series, per round (baseline: one hand-written pass summing every sample of the 5m window)', value, 'ms', 'lower', median(base.slice(3)), {
    text: '< 50 ms',
    met: value < 50,
  });
}

/** Appending one tick's samples (the series store read as a scrape, into the sample store), against rendering that scrape. */
async function benchTickAppend(): Promise<BenchResult> {
  const series = new SeriesStore({ startedAt: START, labelCaps: { workflow_id: 2_500 } });
  const executionId = 'exec_' + '0'.repeat(32);
  const zero = { inputTokens: 0, outputTokens: 0, costUsd: 0, unpricedTokens: 0 };
  const effects: ModelEffect[] = [];
  for (let i = 0; i < TICK_WORKFLOWS; i++) {
    for (const status of ['completed', 'failed'] as const) {
      const summary = {
        id: executionId, source: 'bench', workflowId: `workflow-${i}`, status, stale: false, startSeen: false, lastEventAt: START, eventCount: 0,
        currentNodes: [], queuedNodes: 0, waitingApproval: false, models: [], totals: zero, subtreeTotals: zero,
      };
      effects.push({ type: 'execution_ended', executionId, workflowId: `workflow-${i}`, status, source: 'bench', time: START, summary, durationMs: 100 } as ModelEffect);
    }
  }
  series.apply(effects, START);
  const prom = new PromMetrics({ read: (key) => series.read(key), processMetrics: false });
  const store = new SampleStore();
  let samples: VectorSample[] = [];
  let t = START;
  for (let i = 0; i < 5; i++) {
    store.appendScrape('scrape', (t += 1000), scrapeSamples((key) => series.read(key)));
    await prom.render(false);
  }
  const ours: number[] = [];
  const scrape: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    ours.push(timeMs(() => {
      samples = scrapeSamples((key) => series.read(key));
      store.appendScrape('scrape', (t += 1000), samples);
    }));
    const start = process.hrtime.bigint();
    await prom.render(false);
    scrape.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const value = median(ours);
  const baseline = median(scrape);
  return result(`tick append: one tick's ${samples.length} samples into the rules' store (baseline: rendering the same scrape of /metrics)`, value, 'ms', 'lower', baseline, {
    text: '< 10% of a scrape',
    met: value < 0.1 * baseline,
  });
}

export async function benchRules(): Promise<BenchResult[]> {
  return [benchEvaluation(), await benchTickAppend()];
}
