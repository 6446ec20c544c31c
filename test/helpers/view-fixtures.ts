import type {
  AlertsData, ExecutionStatus, ExecutionSummary, ExecutionTree, NodeView, RateStats, Snapshot, SpanView, Totals, WindowStats,
} from '../../source/core/snapshot/snapshot.js';


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
    source: 'demo', stale: false, startSeen: true, lastEventAt: NOW, eventCount: 10, currentNodes: [], queuedNodes: 0,
    waitingApproval: false, models: [], totals: ZERO_TOTALS, subtreeTotals: ZERO_TOTALS, ...over,
  };
}

const CHILD_TOTALS: Totals = { inputTokens: 2048, outputTokens: 512, costUsd: 0.0042, unpricedTokens: 0 };
const OWN_TOTALS: Totals = { inputTokens: 412, outputTokens: 891, costUsd: 0.0145, unpricedTokens: 0 };

/** A child execution `deep_research` that completed in 10s. */
export function childTree(): ExecutionTree {
  const start = NOW - 40_000;
  return {
    summary: summary({
      id: execId(0xc0ffee), workflowId: 'deep_research', status: 'completed', startedAt: start, endedAt: start + 10_000, durationMs: 10_000,
      parentExecutionId: execId(0xa1), parentNodeId: 'research', totals: CHILD_TOTALS, subtreeTotals: CHILD_TOTALS,
    }),
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
      // Totals include the child's, as the model's summaries do.
      totals: OWN_TOTALS,
      subtreeTotals: { inputTokens: 412 + 2048, outputTokens: 891 + 512, costUsd: 0.0145 + 0.0042, unpricedTokens: 0 },
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

const WORKFLOWS = ['research-agent', 'support-triage', 'deep_research', 'invoice-extract'];
const STATUSES: ExecutionStatus[] = ['running', 'paused', 'completed', 'failed', 'cancelled', 'limit_exceeded'];

/** `count` executions cycling through every status and a few workflows, running ones first. */
export function executionList(count: number): ExecutionSummary[] {
  const list: ExecutionSummary[] = [];
  for (let i = 0; i < count; i++) {
    const status = STATUSES[i % STATUSES.length]!;
    const open = status === 'running' || status === 'paused';
    const startedAt = NOW - 5_000 - i * 7_300;
    const tokens = (i * 977) % 40_000;
    list.push(summary({
      id: execId(0xb000 + i), workflowId: WORKFLOWS[i % WORKFLOWS.length]!, status, startedAt,
      endedAt: open ? undefined : startedAt + 1_000 + i * 311,
      durationMs: open ? undefined : 1_000 + i * 311,
      currentNodes: status === 'running' ? ['draft'] : status === 'paused' ? ['publish'] : [],
      waitingApproval: status === 'paused',
      error: status === 'failed' ? 'tool http_fetch: 503 Service Unavailable' : status === 'limit_exceeded' ? 'token budget exceeded' : undefined,
      subtreeTotals: { inputTokens: tokens, outputTokens: Math.floor(tokens / 3), costUsd: tokens * 0.000004, unpricedTokens: 0 },
    }));
  }
  return [...list.filter((e) => e.status === 'running' || e.status === 'paused'), ...list.filter((e) => e.status !== 'running' && e.status !== 'paused')];
}

/** A realistic snapshot: the focus tree's execution first, then `count` others, sources, counters. */
export function snapshotWith(over: Partial<Snapshot> = {}, count = 12): Snapshot {
  const focus = focusTree();
  const executions = [focus.summary, ...executionList(count)];
  const statusCounts: Record<ExecutionStatus, number> = { running: 0, paused: 0, completed: 0, failed: 0, cancelled: 0, limit_exceeded: 0 };
  for (const e of executions) statusCounts[e.status]++;
  const stale = executions.filter((e) => e.stale).length;
  const staleRunning = executions.filter((e) => e.stale && e.status === 'running').length;
  return {
    version: 1, now: NOW, executions, focus, queue: { total: 3, byQueue: { default: 3 } },
    totals: { inputTokens: 1_204_000, outputTokens: 310_000, costUsd: 12.345, unpricedTokens: 0 },
    statusCounts,
    executionStates: { running: statusCounts.running - staleRunning, paused: statusCounts.paused - (stale - staleRunning), stale },
    ingest: { applied: 5000, duplicates: 2, gaps: 0, buffered: 0, unknownTypes: 0, rejected: { invalid_json: 3 }, evicted: 0 },
    rates: rateStatsFixture(),
    sources: [{ id: 'demo', url: 'demo://seed-7', kind: 'websocket', state: 'connected', events: 5000, rejected: 3, reconnects: 0 }],
    demo: true, paused: false,
    ...over,
  };
}

/** Latency windows with every window filled except node 15m (count 0), for the metrics pane and the dashboard golden. */
export function windowStatsFixture(over: Partial<WindowStats> = {}): WindowStats {
  return {
    now: NOW,
    execution: {
      '1m': { count: 12, p50: 1_200, p95: 4_500, p99: 9_800 },
      '5m': { count: 61, p50: 1_100, p95: 4_000, p99: 12_300 },
      '15m': { count: 170, p50: 950, p95: 65_000, p99: 125_000 },
    },
    node: {
      '1m': { count: 80, p50: 120, p95: 830, p99: 2_100 },
      '5m': { count: 400, p50: 110, p95: 900, p99: 2_400 },
      '15m': { count: 0 },
    },
    ...over,
  };
}

/** Rates with an error ratio and histories of different lengths (a zero run, a steady climb), 42.5 events/s. */
export function rateStatsFixture(over: Partial<RateStats> = {}): RateStats {
  return {
    now: NOW,
    eventsPerSec: 42.5, executionsPerSec: 0.8, errorsPerSec: 0.1, errorRatio: 0.125, nodesPerSec: 5.3, tokensPerSec: 1_234, costPerHour: 0.42,
    history: {
      sampleMs: 5_000,
      executionsPerSec: [0.2, 0.3, 0.5, 0.6, 0.8, 0.8, 0.7, 0.8],
      errorsPerSec: [0, 0, 0, 0, 0.05, 0.1, 0.1, 0.1],
      tokensPerSec: [400, 600, 800, 1_000, 1_100, 1_200, 1_234],
      costPerHour: [0.1, 0.2, 0.3, 0.35, 0.4, 0.42],
    },
    ...over,
  };
}

/** Two firing alerts and one pending, firing first (as the rule engine orders them), over 6 rules. */
export function alertsFixture(over: Partial<AlertsData> = {}): AlertsData {
  return {
    alerts: [
      {
        name: 'ModelErrorRateHigh', state: 'firing', labels: { severity: 'page', model: 'claude-sonnet-4-6' },
        activeAt: NOW - 185_000, firedAt: NOW - 125_000, value: 0.25, summary: 'claude-sonnet-4-6 fails 25% of its calls',
      },
      {
        name: 'ExecutionStuck', state: 'firing', labels: { workflow_id: 'research-agent', severity: 'warn' },
        activeAt: NOW - 90_000, firedAt: NOW - 30_000, value: 612_000, summary: 'research-agent has run for 10m12s',
      },
      { name: 'QueueBacklog', state: 'pending', labels: { queue: 'default' }, activeAt: NOW - 12_000, value: 42 },
    ],
    firing: 2, pending: 1, rules: 6, rulesFailing: 0,
    ...over,
  };
}
