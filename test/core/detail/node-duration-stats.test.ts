import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_NODE_STAT_PAIRS, MIN_NODE_STAT_SAMPLES, NodeDurationSketches } from '../../../source/core/detail/node-duration-stats.js';
import type { ModelEffect, SpanStatus } from '../../../source/core/model/types.js';
import { stubSpan } from '../../helpers/model-events.js';

const ended = (workflowId: string, nodeId: string, durationMs: number, status: SpanStatus = 'completed'): ModelEffect => ({
  type: 'attempt_ended', executionId: 'exec_1', workflowId, nodeId, nodeKind: 'tool', attempt: 0, status, durationMs, time: 0, source: 't',
  span: stubSpan(nodeId, 'tool', status, durationMs),
});

describe('NodeDurationSketches', () => {
  test('offers a node\'s p50 and p95 once it has MIN_NODE_STAT_SAMPLES completed attempts', () => {
    const stats = new NodeDurationSketches();
    const durations = Array.from({ length: MIN_NODE_STAT_SAMPLES - 1 }, (_, i) => (i + 1) * 10);
    stats.effects(durations.map((d) => ended('wf', 'search', d)));
    assert.equal(stats.stats('wf', 'search'), undefined);
    stats.effects([ended('wf', 'search', MIN_NODE_STAT_SAMPLES * 10)]);
    const s = stats.stats('wf', 'search')!;
    assert.equal(s.count, MIN_NODE_STAT_SAMPLES);
    // 1% sketch accuracy doubled: within 2% of the exact 95th (190) and 50th (100) of 10..200.
    assert.ok(Math.abs(s.p95 - 190) <= 190 * 0.02 + 1e-9, String(s.p95));
    assert.ok(Math.abs(s.p50 - 100) <= 100 * 0.02 + 1e-9, String(s.p50));
  });

  test('leaves failed attempts and other effects out', () => {
    const stats = new NodeDurationSketches();
    stats.effects(Array.from({ length: 30 }, () => ended('wf', 'x', 5_000, 'failed')));
    assert.equal(stats.stats('wf', 'x'), undefined);
    assert.equal(stats.size, 0);
  });

  test('tracks at most MAX_NODE_STAT_PAIRS pairs and counts the attempts of the rest', () => {
    const stats = new NodeDurationSketches();
    for (let i = 0; i < MAX_NODE_STAT_PAIRS; i++) stats.effects([ended(`wf${i % 7}`, `n${i}`, 10)]);
    stats.effects([ended('wf-new', 'n', 10), ended('wf-new', 'n', 10), ended('wf0', 'n0', 10)]);
    assert.equal(stats.size, MAX_NODE_STAT_PAIRS);
    assert.equal(stats.untracked, 2);
  });

  test('lists only the workflows asked for, with only the nodes that have enough samples', () => {
    const stats = new NodeDurationSketches();
    for (let i = 0; i < MIN_NODE_STAT_SAMPLES; i++) stats.effects([ended('a', 'x', 100), ended('b', 'y', 200)]);
    stats.effects([ended('a', 'rare', 1)]);
    const out = stats.forWorkflows(['a', 'missing']);
    assert.deepEqual(Object.keys(out), ['a']);
    assert.deepEqual(Object.keys(out['a']!), ['x']);
  });
});
