import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILT_IN_PRICES, estimateCost, normaliseModelName, priceTable } from '../../../source/core/model/price-table.js';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { completed, ev, execId, started } from '../../helpers/model-events.js';

describe('price table', () => {
  test('holds the reference table in USD per million tokens, with no fallback entry', () => {
    assert.deepEqual(BUILT_IN_PRICES.get('gpt-4o'), { inputPerMTok: 2.5, outputPerMTok: 10 });
    assert.deepEqual(BUILT_IN_PRICES.get('claude-3-haiku-20240307'), { inputPerMTok: 0.25, outputPerMTok: 1.25 });
    assert.equal(BUILT_IN_PRICES.size, 11);
    assert.equal(estimateCost(BUILT_IN_PRICES, 'llama3:8b', 1000, 1000), undefined);
  });

  test('normalises provider prefixes, case and whitespace before lookup', () => {
    assert.equal(normaliseModelName(' OpenAI/GPT-4o '), 'gpt-4o');
    assert.equal(normaliseModelName('openrouter/anthropic/claude-sonnet-4-6'), 'claude-sonnet-4-6');
    assert.equal(estimateCost(BUILT_IN_PRICES, 'anthropic/claude-sonnet-4-6', 1843, 612), 1843 * 3 / 1e6 + 612 * 15 / 1e6);
  });

  test('jamjet.toml overrides replace built-in prices and add new models', () => {
    const prices = priceTable({ 'GPT-4o': { input_per_mtok: 1, output_per_mtok: 2 }, 'ollama/llama3': { input_per_mtok: 0, output_per_mtok: 0 } });
    assert.equal(estimateCost(prices, 'gpt-4o', 1e6, 1e6), 3);
    assert.equal(estimateCost(prices, 'llama3', 5, 5), 0);
    assert.equal(estimateCost(BUILT_IN_PRICES, 'gpt-4o', 1e6, 0), 2.5);
  });
});

describe('cost of a model call', () => {
  const call = (model: ExecutionModel, n: number, extra: Record<string, unknown>): void => {
    model.apply(ev(n, 1, started(), 0), 's', 0);
    model.apply(ev(n, 2, completed('m', 10, extra), 10), 's', 0);
  };

  test('uses the event cost when present, else estimates, else marks it unpriced', () => {
    const model = new ExecutionModel();
    call(model, 1, { gen_ai_model: 'gpt-4o', input_tokens: 1000, output_tokens: 100, cost_usd: 0.5 });
    call(model, 2, { gen_ai_model: 'gpt-4o', input_tokens: 1000, output_tokens: 100 });
    call(model, 3, { gen_ai_model: 'mystery-1', input_tokens: 70, output_tokens: 30 });
    const span = (n: number) => model.tree(execId(n))?.nodes[0]?.attempts[0];
    assert.deepEqual([span(1)?.costSource, span(1)?.costUsd], ['event', 0.5]);
    assert.deepEqual([span(2)?.costSource, span(2)?.costUsd], ['estimated', 1000 * 2.5 / 1e6 + 100 * 10 / 1e6]);
    assert.deepEqual([span(3)?.costSource, span(3)?.costUsd], ['unpriced', undefined]);
    assert.deepEqual(model.tree(execId(3))?.summary.totals, { inputTokens: 70, outputTokens: 30, costUsd: 0, unpricedTokens: 100 });
    const totals = model.totals();
    assert.equal(totals.inputTokens, 2070);
    assert.equal(totals.unpricedTokens, 100);
    assert.ok(Math.abs(totals.costUsd - (0.5 + 0.0035)) < 1e-12);
    const tokens = model.drainEffects().filter((e) => e.type === 'tokens_used');
    assert.deepEqual(tokens.map((e) => e.type === 'tokens_used' && [e.model, e.costSource, e.costUsd]), [
      ['gpt-4o', 'event', 0.5], ['gpt-4o', 'estimated', 0.0035], ['mystery-1', 'unpriced', undefined],
    ]);
  });

  test('uses jamjet.toml prices when the model is given them', () => {
    const model = new ExecutionModel({ prices: priceTable({ 'mystery-1': { input_per_mtok: 10, output_per_mtok: 20 } }) });
    call(model, 1, { gen_ai_model: 'mystery-1', input_tokens: 1e6, output_tokens: 1e6 });
    assert.deepEqual(model.totals(), { inputTokens: 1e6, outputTokens: 1e6, costUsd: 30, unpricedTokens: 0 });
  });

  test('tokens without a model name are counted and unpriced', () => {
    const model = new ExecutionModel();
    call(model, 1, { input_tokens: 5, output_tokens: 6 });
    const span = model.tree(execId(1))?.nodes[0]?.attempts[0];
    assert.equal(span?.costSource, 'unpriced');
    assert.equal(span?.kind, 'model');
    assert.equal(model.totals().unpricedTokens, 11);
  });
});
