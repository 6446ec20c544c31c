import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfiguredRules } from '../../../source/core/alerts/configured-rules.js';
import { evaluateInstant } from '../../../source/core/alerts/promql/evaluate.js';
import { parseExpr } from '../../../source/core/alerts/promql/parse.js';
import { SampleStore } from '../../../source/core/alerts/promql/sample-store.js';
import type { InstantValue } from '../../../source/core/alerts/promql/types.js';

const DOCS_EXPR = 'rate(jamjet_executions_total{status="failed"}[5m]) / rate(jamjet_executions_total[5m]) > 0.05';

test('the built-in rules load through the real loader and parser; the cost rule only with a budget', async () => {
  const plain = await loadConfiguredRules([], '/nowhere');
  assert.deepEqual(plain.errors, []);
  assert.deepEqual(plain.files, ['<built-in>']);
  const names = plain.groups.flatMap((g) => g.rules.map((r) => r.name));
  assert.deepEqual(names, ['HighExecutionErrorRate', 'ExecutionQueueBacklog', 'ModelErrorRate', 'ExecutionStuck', 'SourceDown']);
  const budget = await loadConfiguredRules([], '/nowhere', 2.5);
  const cost = budget.groups.flatMap((g) => g.rules).find((r) => r.name === 'CostBurnRate');
  assert.ok(cost, 'CostBurnRate is added with a budget');
  assert.match(cost.expr, /\* 3600 > 2\.5$/);
});

/** Ten minutes of counters, one sample a second: wf-a fails 1 in 20 executions, wf-b 1 in 4, wf-c never. */
function executions(): { store: SampleStore; t: number } {
  const store = new SampleStore();
  let t = 1_700_000_000_000;
  for (let s = 0; s <= 600; s++, t += 1_000) {
    const n = Math.floor(s / 5); // one execution ends every 5 s per workflow
    const series = (workflow_id: string, status: string, v: number) => ({ labels: { __name__: 'jamjet_executions_total', workflow_id, status }, v });
    store.appendScrape('scrape', t, [
      series('wf-a', 'completed', n - Math.floor(n / 20)), series('wf-a', 'failed', Math.floor(n / 20)),
      series('wf-b', 'completed', n - Math.floor(n / 4)), series('wf-b', 'failed', Math.floor(n / 4)),
      series('wf-c', 'completed', n),
    ]);
  }
  return { store, t: t - 1_000 };
}

const byWorkflow = (v: InstantValue) => {
  assert.equal(v.type, 'vector');
  return Object.fromEntries((v.type === 'vector' ? v.samples : []).map((s) => [`${s.labels.workflow_id}${s.labels.status ? `/${s.labels.status}` : ''}`, Math.round(s.v * 1000) / 1000]));
};

test('the docs\' error-rate expression as written fires at ratio 1 for any workflow with a failure; the built-in one gives the real fraction', async () => {
  const { store, t } = executions();
  // As written: one-to-one matching keeps `status`, so each failed series is divided by itself.
  assert.deepEqual(byWorkflow(evaluateInstant(parseExpr(DOCS_EXPR), store, t)), { 'wf-a/failed': 1, 'wf-b/failed': 1 });
  const builtin = (await loadConfiguredRules([], '/nowhere')).groups[0]!.rules.find((r) => r.name === 'HighExecutionErrorRate')!;
  // Corrected: summed by workflow first. wf-a's 5% is not above 0.05; wf-b's 25% is.
  assert.deepEqual(byWorkflow(evaluateInstant(parseExpr(builtin.expr), store, t)), { 'wf-b': 0.25 });
});
