import { isActive } from '../../core/snapshot/snapshot.js';
import type { ExecutionSummary, ExecutionTree, Totals } from '../../core/snapshot/snapshot.js';
import { formatDuration } from './duration.js';
import { CHILD_ROW_MARK, EXECUTION_GLYPHS, STALE_GLYPH, executionTone, type Tone } from './glyphs.js';
import { formatUsd } from './money.js';
import { sanitise } from './sanitise.js';
import { formatTokens } from './tokens.js';
import { padToWidth, truncateToWidth } from './truncate.js';

/** Fixed column widths of the executions table (the workflow and now columns share the rest). */
const ID_W = 14;
/** `exec_` and 32 hex digits: the id column when ids are printed whole. */
const FULL_ID_W = 37;
/** `HH:MM:SS`, UTC like every stored time. */
const STARTED_W = 8;
const DURATION_W = 8;
const TOKENS_W = 6;
const COST_W = 8;
const fixedWidth = (idW: number): number => 2 + (idW + 1) + (STARTED_W + 1) + (DURATION_W + 1) + (TOKENS_W + 1) + COST_W + 2;

/** How the executions table prints ids: shortened on screen, whole where they will be copied (piped output). */
export interface ExecutionTableOptions {
  readonly fullIds?: boolean | undefined;
}

/** Short display id: `exec_` and the first 8 hex digits, then `…`. */
export function shortExecutionId(id: string): string {
  const clean = sanitise(id, 64);
  return /^exec_[0-9a-f]{9,}$/.test(clean) ? `${clean.slice(0, 13)}…` : truncateToWidth(clean, ID_W);
}

/** Running executions: elapsed since start (a stale one's stops at its last event); finished: their duration. */
export function executionAge(e: ExecutionSummary, now: number): number | undefined {
  if (isActive(e.status)) {
    const until = e.stale && e.lastSeenAt !== undefined ? Math.min(now, e.lastSeenAt) : now;
    return e.startedAt === undefined ? undefined : Math.max(0, until - e.startedAt);
  }
  if (e.durationMs !== undefined) return e.durationMs;
  return e.startedAt !== undefined && e.endedAt !== undefined ? Math.max(0, e.endedAt - e.startedAt) : undefined;
}

/** Fewest columns the workflow and now columns are given before STARTED makes way for them. */
const SHARED_MIN_W = 16;

function split(width: number, idW: number): { workflow: number; now: number; started: boolean } {
  // Narrow (60 columns), the start time goes first: the duration next to it says nearly as much.
  const started = width - fixedWidth(idW) >= SHARED_MIN_W;
  const rest = Math.max(0, width - fixedWidth(idW) + (started ? 0 : STARTED_W + 1));
  const workflow = Math.max(8, Math.min(24, Math.floor(rest * 0.4)));
  return { workflow, now: Math.max(0, rest - workflow), started };
}

type Cells = { glyph: string; id: string; workflow: string; started: string; duration: string; now: string; tokens: string; cost: string };

function assemble(width: number, cells: Cells, options: ExecutionTableOptions): string {
  const idW = options.fullIds ? FULL_ID_W : ID_W;
  const w = split(width, idW);
  const line = [
    cells.glyph.padEnd(2),
    padToWidth(cells.id, idW), ' ',
    padToWidth(cells.workflow, w.workflow), ' ',
    w.started ? `${cells.started.padEnd(STARTED_W)} ` : '',
    cells.duration.padStart(DURATION_W), ' ',
    padToWidth(cells.now, w.now), ' ',
    cells.tokens.padStart(TOKENS_W), ' ',
    cells.cost.padStart(COST_W),
  ].join('');
  return truncateToWidth(line, width);
}

/** The column header line of the executions table, `width` columns wide at most. */
export function executionHeader(width: number, options: ExecutionTableOptions = {}): string {
  return assemble(width, { glyph: '', id: 'EXECUTION', workflow: 'WORKFLOW', started: 'STARTED', duration: 'DURATION', now: 'NOW: NODE ELAPSED / ERROR', tokens: 'TOKENS', cost: 'COST' }, options);
}

/** `HH:MM:SS` of an epoch-ms time, in UTC; `—` when unknown. */
function clockTime(ms: number | undefined): string {
  return ms === undefined || !Number.isFinite(ms) ? '—' : new Date(ms).toISOString().slice(11, 19);
}

/**
 * What an execution is doing now: its current node and how long it has been at it (more nodes counted,
 * an approval wait named), else its queued nodes, else (ended) its error; stale ones say when last seen.
 */
function nowCell(e: ExecutionSummary, now: number): string {
  let text = '';
  const first = e.currentNodes[0];
  if (first !== undefined) {
    const elapsed = e.currentSince === undefined ? '' : ` ${formatDuration(now - e.currentSince)}`;
    const more = e.currentNodes.length > 1 ? ` +${e.currentNodes.length - 1}` : '';
    text = `${e.waitingApproval ? 'approval: ' : ''}${sanitise(first, 80)}${elapsed}${more}`;
  } else if (e.queuedNodes > 0) {
    text = `queued ${e.queuedNodes}`;
  } else if (e.error !== undefined) {
    text = sanitise(e.error, 200);
  }
  if (e.stale) text = `stale, seen ${formatDuration(now - (e.lastSeenAt ?? e.lastEventAt))} ago${text === '' ? '' : ` · ${text}`}`;
  return text;
}

/**
 * One executions-table row (status glyph, id, workflow, started, duration, what it does now, tokens, cost)
 * and its tone. Duration is elapsed so far while it runs. Tokens and cost include the execution's child
 * workflows'; a child's own row is marked CHILD_ROW_MARK.
 */
export function executionRow(e: ExecutionSummary, now: number, width: number, options: ExecutionTableOptions = {}): { text: string; tone?: Tone | undefined } {
  const t = e.subtreeTotals;
  const tokens = t.inputTokens + t.outputTokens;
  const text = assemble(width, {
    glyph: e.stale ? STALE_GLYPH : EXECUTION_GLYPHS[e.status],
    id: options.fullIds ? sanitise(e.id, FULL_ID_W) : shortExecutionId(e.id),
    workflow: `${e.parentExecutionId === undefined ? '' : CHILD_ROW_MARK}${e.workflowId === undefined ? '?' : sanitise(e.workflowId, 80)}`,
    started: clockTime(e.startedAt),
    duration: formatDuration(executionAge(e, now)),
    now: nowCell(e, now),
    tokens: tokens > 0 ? formatTokens(tokens) : '—',
    cost: t.costUsd > 0 ? formatUsd(t.costUsd) : t.unpricedTokens > 0 ? 'unpriced' : '—',
  }, options);
  if (e.stale) return { text, tone: 'muted' };
  return { text, tone: executionTone(e.status) === 'ok' ? undefined : executionTone(e.status) };
}

/** `3.9k $0.0187`; `unpriced` in place of the cost for usage with no known price. */
function usageText(t: Totals): string {
  const cost = t.costUsd > 0 || t.unpricedTokens === 0 ? formatUsd(t.costUsd) : 'unpriced';
  return `${formatTokens(t.inputTokens + t.outputTokens)} ${cost}`;
}

/**
 * The focused execution's usage for the tree pane's title: tokens and cost including child workflows',
 * then, when it started any, its own share and its children's
 * (`3.9k tok $0.0187 (own 1.3k $0.0145, children 2.6k $0.0042)`); empty when it used nothing.
 */
export function treeUsage(tree: ExecutionTree): string {
  const all = tree.summary.subtreeTotals;
  const own = tree.summary.totals;
  if (all.inputTokens + all.outputTokens + all.unpricedTokens === 0 && all.costUsd === 0) return '';
  const total = usageText(all).replace(' ', ' tok ');
  const hasChildren = tree.nodes.some((n) => n.child !== undefined || n.attempts.some((a) => a.childExecutionId !== undefined));
  if (!hasChildren) return total;
  const children: Totals = {
    inputTokens: all.inputTokens - own.inputTokens, outputTokens: all.outputTokens - own.outputTokens,
    costUsd: Math.max(0, all.costUsd - own.costUsd), unpricedTokens: all.unpricedTokens - own.unpricedTokens,
  };
  return `${total} (own ${usageText(own)}, children ${usageText(children)})`;
}
