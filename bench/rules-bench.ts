import { RuleManager } from '../source/core/alerts/engine/rule-manager.js';
import { evaluateInstant } from '../source/core/alerts/promql/evaluate.js';
import { parseExpr } from '../source/core/alerts/promql/parse.js';
import { SampleStore } from '../source/core/alerts/promql/sample-store.js';
import type { VectorSample } from '../source/core/alerts/promql/types.js';
import { compileTemplate } from '../source/core/alerts/rules/template.js';
import type { RuleGroupSpec, RuleSpec } from '../source/core/alerts/rules/rule-types.js';
import { emitScrape, scrapeSamples } from '../source/core/alerts/scrape-samples.js';
import { PromMetrics } from '../source/core/metrics/prom-registry.js';
import { SeriesStore } from '../source/core/metrics/series-store.js';
import type { ModelEffect } from '../source/core/model/types.js';
import { result, timeMs, type BenchResult } from './bench-result.js';

const START = Date.UTC(2026, 2, 14, 9, 0, 0);
/** Workflows in the bench's scrape: with their duration histograms, about 5,000 series in all. */
const WORKFLOWS = 110;
const EXEC_STATUSES = ['completed', 'failed', 'cancelled', 'limit_exceeded'] as const;
const HISTOGRAM_STATUSES = ['completed', 'failed'] as const;
const LE = ['5', '10', '25', '50', '100', '250', '500', '1000', '2500', '5000', '10000', '30000', '60000', '120000', '300000', '600000', '1200000', '1800000', '+Inf'];
const NODE_KINDS = ['model', 'tool', 'eval', 'condition', 'approval', 'parallel', 'child'];
const MODELS = Array.from({ length: 10 }, (_, i) => `model-${i}`);
/** Five minutes of history at one sample a second, what a 5m rate reads. */
const HISTORY_S = 300;
const ROUNDS = 30;
/** Workflows × 2 statuses in the tick-append bench: with their histogram buckets, about the 5,000 series the issue names. */
const TICK_WORKFLOWS = 140;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * The tool's own scrape at the issue's scale, as the engine appends it every second: executions by workflow and
 * status, their duration histograms (the bulk of the series), node histograms, tokens, cost and calls by model,
 * the gauges; counters growing at a rate of their own, five minutes of them.
 */
function scrapeSeries(): { labels: Record<string, string>; rate: number }[] {
  const out: { labels: Record<string, string>; rate: number }[] = [];
  let k = 0;
  const add = (labels: Record<string, string>, rate: number) => out.push({ labels, rate: rate * (1 + (k++ % 7)) });
  for (let w = 0; w < WORKFLOWS; w++) {
    const workflow_id = `wf-${w}`;
    for (const status of EXEC_STATUSES) add({ __name__: 'jamjet_executions_total', workflow_id, status }, status === 'completed' ? 0.2 : 0.01);
    for (const status of HISTOGRAM_STATUSES) {
      LE.forEach((le, i) => add({ __name__: 'jamjet_execution_duration_ms_bucket', workflow_id, status, le }, 0.01 * (i + 1)));
      add({ __name__: 'jamjet_execution_duration_ms_sum', workflow_id, status }, 500);
      add({ __name__: 'jamjet_execution_duration_ms_count', workflow_id, status }, 0.2);
    }
    add({ __name__: 'jamjet_top_longest_running_execution_seconds', workflow_id }, 0);
  }
  for (const node_kind of NODE_KINDS) {
    LE.forEach((le, i) => add({ __name__: 'jamjet_node_duration_ms_bucket', node_kind, le }, 0.1 * (i + 1)));
    add({ __name__: 'jamjet_node_duration_ms_sum', node_kind }, 50);
    add({ __name__: 'jamjet_node_duration_ms_count', node_kind }, 2);
  }
  for (const model of MODELS) {
    for (const direction of ['input', 'output']) add({ __name__: 'jamjet_model_tokens_total', model, direction }, 100);
    add({ __name__: 'jamjet_model_cost_usd_total', model }, 0.001);
    for (const status of ['completed', 'failed']) add({ __name__: 'jamjet_model_calls_total', model, status }, status === 'failed' ? 0.05 : 1);
  }
  add({ __name__: 'jamjet_queue_depth' }, 0);
  add({ __name__: 'jamjet_top_source_up', source: 'ws://runtime' }, 0);
  return out;
}

export function filledStore(): { store: SampleStore; series: number } {
  const store = new SampleStore();
  const series = scrapeSeries();
  for (let s = 0; s <= HISTORY_S; s++) {
    store.appendScrape('scrape', START + s * 1000, series.map((x) => ({ labels: x.labels, v: x.labels.__name__ === 'jamjet_top_source_up' ? 1 : Math.floor(x.rate * s) })));
  }
  return { store, series: series.length };
}

/**
 * Fifty alerting rules of the kinds a team runs over these series: the built-in rules, the docs' two, and
 * variants of each (quantiles of the duration histograms, error ratios, token and cost rates, absences), with
 * thresholds a healthy fleet passes now and then.
 */
const RECORDED_BUCKETS = 'workflow_le:jamjet_execution_duration_ms_bucket:rate5m';

export function fiftyRules(): RuleSpec[] {
  const shapes = [
    (k: number) => `sum by (workflow_id) (rate(jamjet_executions_total{status="failed"}[5m])) / sum by (workflow_id) (rate(jamjet_executions_total[5m])) > 0.${k + 3}`,
    (k: number) => `histogram_quantile(0.${k + 5}, ${RECORDED_BUCKETS}) > 250000`,
    (k: number) => `histogram_quantile(0.9${k}, sum by (node_kind, le) (rate(jamjet_node_duration_ms_bucket[${k + 1}m]))) > 600000`,
    (k: number) => `sum by (model) (rate(jamjet_model_tokens_total[${k + 1}m])) > 5000`,
    (k: number) => `sum(rate(jamjet_model_cost_usd_total[15m])) * 3600 > ${100 + k}`,
    (k: number) => `sum by (model) (rate(jamjet_model_calls_total{status="failed"}[5m])) / sum by (model) (rate(jamjet_model_calls_total[5m])) > 0.${k + 1}`,
    (k: number) => `rate(jamjet_executions_total{status="failed"}[5m]) / rate(jamjet_executions_total[5m]) > ${1 + k}`,
    (k: number) => `max by (workflow_id) (jamjet_top_longest_running_execution_seconds) > 3 * histogram_quantile(0.99, ${RECORDED_BUCKETS}) / 1000 + ${k}`,
    (k: number) => `jamjet_queue_depth > ${100 + k} or jamjet_top_source_up == ${k}`,
    (k: number) => `absent(jamjet_executions_total{workflow_id="wf-${k}"}) or sum(increase(jamjet_executions_total[${k + 1}m])) < 1`,
  ];
  const at = { file: 'bench.yml', line: 1, column: 1 };
  const summary = compileTemplate('{{ $labels.workflow_id }} at {{ $value | humanize }}');
  // The duration histogram's per-workflow rate is recorded once and read by every quantile rule, as
  // Prometheus's own docs advise for histograms read by many rules.
  const recorded: RuleSpec = { kind: 'record', name: RECORDED_BUCKETS, expr: 'sum by (workflow_id, le) (rate(jamjet_execution_duration_ms_bucket[5m]))', labels: {}, position: at };
  return [recorded, ...Array.from({ length: 49 }, (_, i): RuleSpec => ({
    kind: 'alert', name: `Rule${i}`, expr: shapes[i % shapes.length]!(Math.floor(i / shapes.length)), forMs: 60_000, keepFiringForMs: 0,
    labels: {}, annotations: { summary }, position: at,
  }))];
}

/** One round of the 50 rules (the engine's evaluateDue), against one hand-written pass over the same window. */
function benchEvaluation(): BenchResult {
  const { store, series } = filledStore();
  const group: RuleGroupSpec = { name: 'bench', file: 'bench.yml', intervalMs: 1000, limit: 0, rules: fiftyRules(), position: { file: 'bench.yml', line: 1, column: 1 } };
  const manager = new RuleManager({
    compile: (expr) => {
      const ast = parseExpr(expr);
      return (t) => evaluateInstant(ast, store, t, { subqueryStepMs: 1000 });
    },
    append: (ruleKey, t, samples) => store.appendScrape(ruleKey, t, samples),
    externalLabels: {},
    externalURL: 'http://bench',
    defaultIntervalMs: 1000,
  });
  const end = START + HISTORY_S * 1000;
  manager.load([group], end - ROUNDS * 1000 - 3000);
  // The baseline: one hand-written pass over every sample of every series in the 5m window, summed by metric name.
  const every = [{ name: '__name__', op: '=~' as const, value: '.+' }];
  const baseline = (): number => {
    const sums = new Map<string, number>();
    for (const s of store.select(every, end - 300_000, end)) {
      let acc = 0;
      for (let i = s.start; i < s.end; i++) acc += s.v[i]!;
      sums.set(s.labels.__name__!, (sums.get(s.labels.__name__!) ?? 0) + acc);
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
  const rules = manager.groups()[0]!.rules;
  const alerts = rules.reduce((n, r) => n + (r.type === 'alerting' ? r.alerts.length : 0), 0);
  if (!rules.some((r) => r.type === 'recording' && r.health === 'ok')) throw new Error('the bench\'s recording rule did not run');
  const failing = rules.filter((r) => r.health === 'err');
  if (failing.length > 0) throw new Error(`bench rules failed: ${failing.map((r) => `${r.name}: ${r.lastError}`).join('; ')}`);
  const value = median(ours.slice(3));
  return result(
    `rule evaluation: 50 rules (one recording the duration histogram's rate, 49 alerting) over the tool's own ${series} series (5m of 1 s samples, ${alerts} alerts active), per round (baseline: one hand-written pass over every sample in the 5m window)`,
    value, 'ms', 'lower', median(base.slice(3)), { text: '< 50 ms', met: value < 50 },
  );
}

/** Appending one tick's samples (the series store read as a scrape, into the sample store), against rendering that scrape. */
export async function benchTickAppend(): Promise<BenchResult> {
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
  // Steady state: fifteen minutes of ticks first (the store's default retention), so the columns have grown
  // to their size and retention trims as it appends, as in a monitor that has been running a while.
  for (let i = 0; i < 15 * 60; i++) store.appendScrape('scrape', (t += 1000), scrapeSamples((key) => series.scan(key)));
  for (let i = 0; i < 5; i++) await prom.render(false);
  // Each timed in its own run of rounds, as each runs in a monitor: a tick every second, a scrape now and then.
  const ours: number[] = [];
  for (let i = 0; i < ROUNDS; i++) ours.push(timeMs(() => store.appendScrapeWith('scrape', (t += 1000), (add) => emitScrape((key) => series.scan(key), add))));
  const scrape: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = process.hrtime.bigint();
    await prom.render(false);
    scrape.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const value = median(ours);
  const baseline = median(scrape);
  samples = scrapeSamples((key) => series.scan(key));
  return result(`tick append: one tick's ${samples.length} samples into the rules' store (baseline: rendering the same scrape of /metrics)`, value, 'ms', 'lower', baseline, {
    text: '< 10% of a scrape',
    met: value < 0.1 * baseline,
  });
}

export async function benchRules(): Promise<BenchResult[]> {
  return [benchEvaluation(), await benchTickAppend()];
}
