import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { attemptSpans, effectSpanCount, effectSpans, executionRootSpan, unfinishedRootSpan } from '../../../source/core/telemetry/effect-spans.js';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { rootSpanIdOf, spanIdOf, traceIdOf } from '../../../source/core/telemetry/span-ids.js';
import type { ModelEffect, SpanView } from '../../../source/core/model/types.js';
import { fixtureEvents, stubSpan, stubSummary } from '../../helpers/model-events.js';

const HEX = '0123456789abcdef0123456789abcdef';
const EXEC = `exec_${HEX}`;
const CHILD = `exec_${'f'.repeat(32)}`;

function ended(span: SpanView, extra: Partial<Extract<ModelEffect, { type: 'attempt_ended' }>> = {}): Extract<ModelEffect, { type: 'attempt_ended' }> {
  return {
    type: 'attempt_ended', executionId: EXEC, workflowId: 'wf', workflowVersion: '1.0', nodeId: span.nodeId, nodeKind: span.kind,
    attempt: span.attempt, status: span.status, durationMs: span.durationMs ?? 0, time: span.endedAt ?? 0, source: 's', span, ...extra,
  };
}

describe('effect → spans', () => {
  test('effectSpanCount says how many spans each effect makes, without making them', () => {
    const model = new ExecutionModel();
    let checked = 0;
    for (const name of ['all-variants', 'model-retry-failure', 'model-approval-gate', 'model-interrupt-parent', 'model-interrupt-child', 'model-success-run']) {
      for (const e of fixtureEvents(name)) model.apply(e, 's', e.time);
    }
    model.tick(Date.UTC(2030, 0, 1));
    for (const effect of model.drainEffects()) {
      assert.equal(effectSpanCount(effect), effectSpans(effect).length, effect.type);
      checked += effectSpans(effect).length;
    }
    assert.ok(checked > 20, `spans checked: ${checked}`);
    const withTools: SpanView = { ...stubSpan('t', 'tool', 'completed', 5), toolCalls: [{ tool: 'a', at: 1 }, { tool: 'b', at: 2 }], model: 'm', scorers: [{ scorer: 's' }] };
    assert.equal(effectSpanCount(ended(withTools)), effectSpans(ended(withTools)).length);
  });

  test('ids: the trace id is the execution id hex; span ids are stable, 16 hex, never zero', () => {
    assert.equal(traceIdOf(EXEC), HEX);
    assert.match(rootSpanIdOf(EXEC), /^[0-9a-f]{16}$/);
    assert.equal(spanIdOf('a'), spanIdOf('a'));
    assert.notEqual(spanIdOf('n#1'), spanIdOf('n#2'));
    // Pinned: a serve restarted on a newer version must give a running execution's spans the same ids.
    assert.deepEqual([spanIdOf('exec_0123456789abcdef0123456789abcdef/plan'), spanIdOf(''), spanIdOf('a')], ['75c354c98212659e', '811c9dc55ad1e806', 'e40c292c41c9b750']);
  });

  test('a tool attempt with tool_called events: a tool.call child per call, each from its event to the next call or the end', () => {
    const span: SpanView = {
      ...stubSpan('search', 'tool', 'completed', 900), startedAt: 1_000, endedAt: 2_000,
      toolCalls: [{ tool: 'brave-search/web_search', at: 1_100 }, { tool: 'fetch', at: 1_500 }, { tool: 'late', at: 9_000 }],
    };
    const [node, ...tools] = attemptSpans(ended(span));
    assert.deepEqual(tools.map((t) => [t.name, t.startMs, t.endMs, t.parentSpanId, t.kind, t.attributes['jamjet.tool.name']]), [
      ['tool.call brave-search/web_search', 1_100, 1_500, node!.spanId, 'client', 'brave-search/web_search'],
      ['tool.call fetch', 1_500, 2_000, node!.spanId, 'client', 'fetch'],
      ['tool.call late', 2_000, 2_000, node!.spanId, 'client', 'late'],
    ], 'a call stamped after the attempt ended is held inside it');
    assert.equal(new Set([node!.spanId, ...tools.map((t) => t.spanId)]).size, 4, 'each its own span id');
  });

  test('a model attempt: node span under the root, a model.call child with the GenAI attributes, times from the events', () => {
    const span: SpanView = {
      ...stubSpan('draft', 'model', 'completed', 900), scheduledAt: 1_000, startedAt: 1_100, endedAt: 2_000, workerId: 'w1', queueType: 'model',
      model: 'claude-sonnet-4-6', system: 'anthropic', inputTokens: 412, outputTokens: 891, costUsd: 0.0147, costSource: 'event', finishReason: 'end_turn',
    };
    const [node, model, ...rest] = attemptSpans(ended(span));
    assert.equal(rest.length, 0);
    assert.deepEqual(node, {
      traceId: HEX, spanId: spanIdOf(`${EXEC}/draft#1`), parentSpanId: rootSpanIdOf(EXEC), name: 'node:draft', kind: 'internal', startMs: 1_100, endMs: 2_000,
      attributes: {
        'jamjet.execution.id': EXEC, 'jamjet.node.id': 'draft', 'jamjet.node.kind': 'model', 'jamjet.node.attempt': 0, 'jamjet.node.status': 'completed',
        'jamjet.workflow.id': 'wf', 'jamjet.workflow.version': '1.0', 'jamjet.worker.id': 'w1', 'jamjet.queue.type': 'model',
      },
      events: [], links: [], status: { code: 'ok' },
    });
    assert.equal(model!.name, 'model.call claude-sonnet-4-6');
    assert.equal(model!.parentSpanId, node!.spanId);
    assert.equal(model!.kind, 'client');
    assert.deepEqual([model!.startMs, model!.endMs], [1_100, 2_000]);
    assert.deepEqual(model!.attributes, {
      'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'claude-sonnet-4-6', 'gen_ai.system': 'anthropic', 'gen_ai.usage.input_tokens': 412,
      'gen_ai.usage.output_tokens': 891, 'gen_ai.response.finish_reasons': ['end_turn'], 'jamjet.cost_usd': 0.0147,
    });
  });

  test('a failed attempt carries the error status and message; retries are siblings told apart by jamjet.node.attempt', () => {
    const first = attemptSpans(ended({ ...stubSpan('t', 'tool', 'failed', 5), startedAt: 10, endedAt: 15, error: 'boom', retryable: true }))[0]!;
    const second = attemptSpans(ended({ ...stubSpan('t', 'tool', 'completed', 5), id: 't#2', attempt: 1, startedAt: 20, endedAt: 25 }))[0]!;
    assert.deepEqual(first.status, { code: 'error', message: 'boom' });
    assert.equal(first.attributes['jamjet.error.retryable'], true);
    assert.equal(first.parentSpanId, second.parentSpanId);
    assert.notEqual(first.spanId, second.spanId);
    assert.deepEqual([first.attributes['jamjet.node.attempt'], second.attributes['jamjet.node.attempt']], [0, 1]);
  });

  test('approvals and parks become span events at their times', () => {
    const span: SpanView = {
      ...stubSpan('publish', 'tool', 'completed', 5), startedAt: 100, endedAt: 900,
      waits: [{ kind: 'approval', since: 200, until: 700, detail: 'cms.publish (approver: human)', decision: 'approved', by: 'ana' }, { kind: 'parked', since: 750 }],
    };
    assert.deepEqual(attemptSpans(ended(span))[0]!.events, [
      { name: 'approval.requested', timeMs: 200, attributes: { 'jamjet.wait.detail': 'cms.publish (approver: human)' } },
      { name: 'approval.received', timeMs: 700, attributes: { 'jamjet.approval.decision': 'approved', 'jamjet.approval.by': 'ana' } },
      { name: 'parked', timeMs: 750, attributes: undefined },
    ]);
  });

  test('eval scorers and a critic verdict become eval.<scorer> children with their scores', () => {
    const span: SpanView = {
      ...stubSpan('evaluate', 'eval', 'completed', 5), startedAt: 1, endedAt: 2,
      scorers: [{ scorer: 'llm_judge', score: 4, passed: true }], score: 0.4, passed: false,
    };
    const [, judge, critic] = attemptSpans(ended(span));
    assert.equal(judge!.name, 'eval.llm_judge');
    assert.deepEqual(judge!.attributes, { 'jamjet.eval.scorer': 'llm_judge', 'jamjet.eval.score': 4, 'jamjet.eval.passed': true });
    assert.equal(critic!.name, 'eval.critic');
    assert.deepEqual(critic!.status, { code: 'error', message: 'critic failed' });
  });

  test('a child workflow is a span linked to the root of its own trace, whose root links back', () => {
    const span: SpanView = { ...stubSpan('research', 'subgraph', 'completed', 5), startedAt: 1, endedAt: 9, childExecutionId: CHILD, childWorkflowId: 'deep_research' };
    const link = attemptSpans(ended(span))[1]!;
    assert.equal(link.name, 'workflow.child deep_research');
    assert.deepEqual(link.links, [{ traceId: 'f'.repeat(32), spanId: rootSpanIdOf(CHILD) }]);
    const childRoot = executionRootSpan({
      type: 'execution_ended', executionId: CHILD, workflowId: 'deep_research', status: 'completed', time: 8,
      summary: { ...stubSummary(CHILD, 'deep_research', 'completed'), startedAt: 2, endedAt: 8, parentExecutionId: EXEC, parentNodeId: 'research' },
    });
    assert.equal(childRoot.traceId, 'f'.repeat(32));
    assert.equal(childRoot.parentSpanId, undefined);
    assert.deepEqual(childRoot.links, [{ traceId: HEX, spanId: rootSpanIdOf(EXEC), attributes: { 'jamjet.parent.node.id': 'research' } }]);
  });

  test('an execution root spans workflow_started to its terminal event; a failure is an error with its reason', () => {
    const root = effectSpans({
      type: 'execution_ended', executionId: EXEC, workflowId: 'wf', workflowVersion: '2', status: 'failed', error: 'node x failed', source: 's', time: 5_000,
      summary: { ...stubSummary(EXEC, 'wf', 'failed'), startedAt: 1_000, endedAt: 5_000 },
    });
    assert.equal(root.length, 1);
    assert.deepEqual({ ...root[0]!, attributes: undefined }, {
      traceId: HEX, spanId: rootSpanIdOf(EXEC), name: `execution ${EXEC}`, kind: 'internal', startMs: 1_000, endMs: 5_000, attributes: undefined,
      events: [], links: [], status: { code: 'error', message: 'failed: node x failed' },
    });
    assert.equal(root[0]!.attributes['jamjet.execution.status'], 'failed');
    assert.equal(root[0]!.attributes['jamjet.workflow.version'], '2');
  });

  test('an execution still open at shutdown or evicted ends with a status saying so', () => {
    const started = { type: 'execution_started', executionId: EXEC, workflowId: 'wf', workflowVersion: '1', source: 's', time: 100 } as const;
    const shut = unfinishedRootSpan(started, 900, 'shutdown');
    assert.deepEqual([shut.startMs, shut.endMs, shut.status.code, shut.attributes['jamjet.execution.status']], [100, 900, 'error', 'unfinished']);
    assert.match(shut.status.message!, /not finished when jamjet-top stopped/);
    assert.equal(unfinishedRootSpan(started, 50, 'evicted').attributes['jamjet.execution.status'], 'evicted');
    assert.equal(unfinishedRootSpan(started, 50, 'evicted').endMs, 100, 'never ends before it started');
  });

  test('effects that finish nothing map to no spans', () => {
    assert.deepEqual(effectSpans({ type: 'tokens_used', executionId: EXEC, nodeId: 'n', model: 'm', inputTokens: 1, outputTokens: 1, costSource: 'none', time: 1, source: 's' }), []);
  });
});
