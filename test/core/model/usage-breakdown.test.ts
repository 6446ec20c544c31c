import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { MAX_USAGE_MODELS, UsageTable, USAGE_OTHER } from '../../../source/core/model/usage-breakdown.js';
import { applyAll, completed, nodeStarted, run, scheduled, started, wfCompleted } from '../../helpers/model-events.js';

/** One execution of `workflow` with one model node that used `model`. */
const call = (n: number, workflow: string, model: string, input: number, output: number, extra: Record<string, unknown> = {}) => run(n, [
  [started(workflow), 0],
  [scheduled('llm'), 1],
  [nodeStarted('llm'), 2],
  [completed('llm', 100, { gen_ai_model: model, input_tokens: input, output_tokens: output, ...extra }), 3],
  [wfCompleted(), 4],
]);

describe('usage by model and by workflow', () => {
  test('sums tokens and spend per model and per workflow, most spent first, adding up to the totals', () => {
    const model = new ExecutionModel();
    applyAll(model, call(1, 'research', 'm-a', 100, 50, { cost_usd: 0.5 }));
    applyAll(model, call(2, 'research', 'm-b', 10, 5, { cost_usd: 2 }));
    applyAll(model, call(3, 'support', 'm-a', 1, 1, { cost_usd: 0.25 }));
    const usage = model.usage();
    assert.deepEqual(usage.byModel.map((r) => [r.name, r.inputTokens, r.outputTokens, r.costUsd]), [['m-b', 10, 5, 2], ['m-a', 101, 51, 0.75]]);
    assert.deepEqual(usage.byWorkflow.map((r) => [r.name, r.costUsd]), [['research', 2.5], ['support', 0.25]]);
    assert.equal(usage.byModel.reduce((n, r) => n + r.costUsd, 0), model.totals().costUsd);
  });

  test('keeps the usage of executions evicted from memory', () => {
    const model = new ExecutionModel({ caps: { maxFinishedExecutions: 1 } });
    for (let n = 1; n <= 5; n++) applyAll(model, call(n, `wf-${n % 2}`, 'm-a', 10, 10, { cost_usd: 1 }));
    assert.equal(model.summaries().length, 1, 'the others were evicted');
    assert.deepEqual(model.usage().byModel.map((r) => [r.name, r.costUsd, r.inputTokens]), [['m-a', 5, 50]]);
    assert.deepEqual(model.usage().byWorkflow.map((r) => [r.name, r.costUsd]), [['wf-1', 3], ['wf-0', 2]]);
  });

  test('flags a model with no price by its unpriced tokens, costing nothing', () => {
    const model = new ExecutionModel();
    applyAll(model, call(1, 'wf', 'no-such-model-xyz', 7, 3));
    const [row] = model.usage().byModel;
    assert.equal(row?.name, 'no-such-model-xyz');
    assert.equal(row?.unpricedTokens, 10);
    assert.equal(row?.costUsd, 0);
  });

  test('sums every model past the cap under other, so nothing is dropped', () => {
    const table = new UsageTable(3, 2);
    for (let i = 0; i < 10; i++) table.add(`m${i}`, `wf${i}`, 1, 1, 0.1, 0);
    const { byModel, byWorkflow } = table.view();
    assert.equal(byModel.length, 4);
    assert.equal(byModel.at(-1)?.name, USAGE_OTHER);
    assert.equal(byModel.at(-1)?.inputTokens, 7);
    assert.equal(byWorkflow.length, 3);
    assert.equal(byWorkflow.at(-1)?.inputTokens, 8);
    assert.equal(byModel.reduce((n, r) => n + r.inputTokens, 0), 10);
  });

  test('caps the model rows at MAX_USAGE_MODELS by default', () => {
    const table = new UsageTable();
    for (let i = 0; i <= MAX_USAGE_MODELS + 5; i++) table.add(`m${i}`, 'wf', 1, 0, 0, 0);
    assert.equal(table.view().byModel.length, MAX_USAGE_MODELS + 1);
  });

  test('names usage with no model or workflow unknown', () => {
    const table = new UsageTable();
    table.add(undefined, '', 1, 2, 0, 3);
    assert.deepEqual(table.view().byModel.map((r) => r.name), ['unknown']);
    assert.deepEqual(table.view().byWorkflow.map((r) => r.name), ['unknown']);
  });
});
