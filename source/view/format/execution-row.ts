import type { ExecutionSummary } from '../../core/model/types.js';
import { formatDuration } from './duration.js';
import { EXECUTION_GLYPHS, STALE_GLYPH, executionTone, type Tone } from './glyphs.js';
import { formatUsd } from './money.js';
import { sanitise } from './sanitise.js';
import { formatTokens } from './tokens.js';
import { padToWidth, truncateToWidth } from './truncate.js';

/** Fixed column widths of the executions table (the workflow and node columns share the rest). */
const ID_W = 14;
const AGE_W = 7;
const TOKENS_W = 6;
const COST_W = 8;
const FIXED = 2 + (ID_W + 1) + (AGE_W + 1) + (TOKENS_W + 1) + COST_W + 2;

/** Short display id: `exec_` and the first 8 hex digits, then `…`. */
export function shortExecutionId(id: string): string {
  const clean = sanitise(id, 64);
  return /^exec_[0-9a-f]{9,}$/.test(clean) ? `${clean.slice(0, 13)}…` : truncateToWidth(clean, ID_W);
}

/** Running executions: time since start (a stale one's stops at its last event); finished: their duration. */
export function executionAge(e: ExecutionSummary, now: number): number | undefined {
  if (e.status === 'running' || e.status === 'paused') {
    const until = e.stale && e.lastSeenAt !== undefined ? Math.min(now, e.lastSeenAt) : now;
    return e.startedAt === undefined ? undefined : Math.max(0, until - e.startedAt);
  }
  if (e.durationMs !== undefined) return e.durationMs;
  return e.startedAt !== undefined && e.endedAt !== undefined ? Math.max(0, e.endedAt - e.startedAt) : undefined;
}

function split(width: number): { workflow: number; nodes: number } {
  const rest = Math.max(0, width - FIXED);
  const workflow = Math.max(8, Math.min(24, Math.floor(rest * 0.4)));
  return { workflow, nodes: Math.max(0, rest - workflow) };
}

function assemble(width: number, cells: { glyph: string; id: string; workflow: string; age: string; nodes: string; tokens: string; cost: string }): string {
  const w = split(width);
  const line = [
    cells.glyph.padEnd(2),
    padToWidth(cells.id, ID_W), ' ',
    padToWidth(cells.workflow, w.workflow), ' ',
    cells.age.padStart(AGE_W), ' ',
    padToWidth(cells.nodes, w.nodes), ' ',
    cells.tokens.padStart(TOKENS_W), ' ',
    cells.cost.padStart(COST_W),
  ].join('');
  return truncateToWidth(line, width);
}

/** The column header line of the executions table, `width` columns wide at most. */
export function executionHeader(width: number): string {
  return assemble(width, { glyph: '', id: 'EXECUTION', workflow: 'WORKFLOW', age: 'AGE', nodes: 'NODES', tokens: 'TOKENS', cost: 'COST' });
}

/** One executions-table row (status glyph, id, workflow, age, current nodes, tokens, cost) and its tone. */
export function executionRow(e: ExecutionSummary, now: number, width: number): { text: string; tone?: Tone | undefined } {
  const t = e.subtreeTotals;
  const tokens = t.inputTokens + t.outputTokens;
  let nodes = e.currentNodes.map((n) => sanitise(n, 80)).join(', ');
  if (e.waitingApproval) nodes = `approval: ${nodes}`;
  if (nodes === '' && e.queuedNodes > 0) nodes = `queued ${e.queuedNodes}`;
  if (nodes === '' && e.error !== undefined) nodes = sanitise(e.error, 200);
  if (e.stale) nodes = `stale, seen ${formatDuration(now - (e.lastSeenAt ?? e.lastEventAt))} ago${nodes === '' ? '' : ` · ${nodes}`}`;
  const text = assemble(width, {
    glyph: e.stale ? STALE_GLYPH : EXECUTION_GLYPHS[e.status],
    id: shortExecutionId(e.id),
    workflow: e.workflowId === undefined ? '?' : sanitise(e.workflowId, 80),
    age: formatDuration(executionAge(e, now)),
    nodes,
    tokens: tokens > 0 ? formatTokens(tokens) : '—',
    cost: t.costUsd > 0 ? formatUsd(t.costUsd) : t.unpricedTokens > 0 ? 'unpriced' : '—',
  });
  if (e.stale) return { text, tone: 'muted' };
  return { text, tone: executionTone(e.status) === 'ok' ? undefined : executionTone(e.status) };
}
