import type {
  ExecutionStatus, ExecutionSummary, ExecutionTree, NodeView, SpanView, Totals,
} from '../../source/core/model/types.js';

/** Fixed "now" for every view fixture: 2026-03-07T09:31:00Z. */
export const NOW = Date.UTC(2026, 2, 7, 9, 31, 0);

export const ZERO_TOTALS: Totals = { inputTokens: 0, outputTokens: 0, costUsd: 0, unpricedTokens: 0 };

/** An `exec_` + 32 hex id whose first hex digits are `n` (so ids sort and read predictably). */
export function execId(n: number): string {
  return `exec_${n.toString(16).padStart(8, '0')}${'0123456789abcdef01234567'}`;
}

/** A span with sensible defaults (a completed tool attempt). */
export function span(over: Partial<SpanView> & { nodeId: string }): SpanView {
  return {
    id: `${over.nodeId}#1`, attempt: 0, kind: 'tool', status: 'completed', costSource: 'none',
    waits: [], notes: [], ...over,
  };
}

/** A node whose status is its last attempt's. */
export function node(nodeId: string, kind: string, attempts: SpanView[], child?: ExecutionTree): NodeView {
  const last = attempts[attempts.length - 1];
  return { nodeId, kind, status: last?.status ?? 'queued', attempts, totals: ZERO_TOTALS, child };
}

/** An execution summary with defaults. */
export function summary(over: Partial<ExecutionSummary> & { id: string; status: ExecutionStatus }): ExecutionSummary {
  return {
    source: 'demo', startSeen: true, lastEventAt: NOW, eventCount: 10, currentNodes: [], queuedNodes: 0,
    waitingApproval: false, totals: ZERO_TOTALS, subtreeTotals: ZERO_TOTALS, ...over,
  };
}

/** A child execution `deep_research` that completed in 10s. */
export function childTree(): ExecutionTree {
  const start = NOW - 40_000;
  return {
    summary: summary({ id: execId(0xc0ffee), workflowId: 'deep_research', status: 'completed', startedAt: start, endedAt: start + 10_000, durationMs: 10_000, parentExecutionId: execId(0xa1), parentNodeId: 'research' }),
    nodes: [
      node('gather', 'tool', [span({ nodeId: 'gather', startedAt: start + 100, endedAt: start + 4100, durationMs: 4000 })]),
      node('summarise', 'model', [span({
        nodeId: 'summarise', kind: 'model', startedAt: start + 4200, endedAt: start + 9900, durationMs: 5700,
        model: 'claude-haiku-4-5', inputTokens: 2048, outputTokens: 512, costUsd: 0.0042, costSource: 'estimated',
      })]),
    ],
  };
}

/**
 * A running execution exercising every trace feature: tool, model call with tokens and cost, a node
 * retried after a failure, an eval score, a child workflow, an approval wait, a running and a queued node.
 */
export function focusTree(): ExecutionTree {
  const start = NOW - 60_000;
  return {
    summary: summary({
      id: execId(0xa1), workflowId: 'research-agent', status: 'paused', startedAt: start,
      currentNodes: ['publish', 'draft_more'], queuedNodes: 1, waitingApproval: true,
      totals: { inputTokens: 412, outputTokens: 891, costUsd: 0.0145, unpricedTokens: 0 },
    }),
    nodes: [
      node('search', 'tool', [span({ nodeId: 'search', startedAt: start + 10, endedAt: start + 833, durationMs: 823 })]),
      node('draft', 'model', [span({
        nodeId: 'draft', kind: 'model', startedAt: start + 900, endedAt: start + 2000, durationMs: 1100,
        model: 'claude-sonnet-4-6', system: 'anthropic', inputTokens: 412, outputTokens: 891, costUsd: 0.0145, costSource: 'event',
      })]),
      node('fetch', 'tool', [
        span({ nodeId: 'fetch', status: 'failed', startedAt: start + 2100, endedAt: start + 2512, durationMs: 412, error: 'HTTP 503 from upstream', retryable: true }),
        span({ id: 'fetch#2', nodeId: 'fetch', attempt: 1, startedAt: start + 3000, endedAt: start + 3300, durationMs: 300 }),
      ]),
      node('evaluate', 'eval', [span({ nodeId: 'evaluate', kind: 'eval', startedAt: start + 3400, endedAt: start + 3580, durationMs: 180, score: 4.7, passed: true })]),
      node('research', 'agent_tool', [span({ nodeId: 'research', kind: 'agent_tool', startedAt: start + 19_000, endedAt: start + 30_100, durationMs: 11_100, childExecutionId: execId(0xc0ffee), childWorkflowId: 'deep_research' })], childTree()),
      node('publish', 'tool', [span({ nodeId: 'publish', status: 'waiting', startedAt: start + 49_000, waits: [{ kind: 'approval', since: start + 50_000, detail: 'cms.publish' }] })]),
      node('draft_more', 'model', [span({ nodeId: 'draft_more', kind: 'model', status: 'running', startedAt: NOW - 3_200, model: 'local-llama' })]),
      node('notify', 'tool', [span({ nodeId: 'notify', status: 'queued', scheduledAt: NOW - 1_500 })]),
    ],
  };
}
