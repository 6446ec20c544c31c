import type { ExecutionTree, NodeStatsData, NodeView, SpanView, Totals } from '../../core/snapshot/snapshot.js';
import { isFolded, type DetailState } from '../detail-state.js';
import { formatDuration } from './duration.js';
import type { Tone } from './glyphs.js';
import { formatUsd } from './money.js';
import { sanitise } from './sanitise.js';
import { formatTokens } from './tokens.js';
import {
  MAX_TRACE_DEPTH, elapsed, executionHead, executionNow, nodeHead, spanDetails, spanTiming, statusSuffix, type TraceItem,
} from './trace-lines.js';

/** A node with more attempts than this starts folded (its attempts one key away). */
export const MANY_ATTEMPTS = 3;

/** What a row's text needs at render time; the outline's shape does not depend on it. */
export interface RowContext {
  readonly now: number;
  readonly nodeStats?: NodeStatsData | undefined;
}

/** One row of the detail's tree: where it sits, whether it folds, and its text, built only when shown. */
export interface DetailRow {
  readonly key: string;
  /** Tree-drawing prefix (`│   ├── `). */
  readonly prefix: string;
  /** Set when the row can fold: whether it is folded now. */
  readonly folded?: boolean | undefined;
  /** The attempts it shows (`<execution id>/<span id>`), to mark the critical path. */
  readonly spanKeys?: readonly string[] | undefined;
  readonly line: (ctx: RowContext) => { readonly text: string; readonly tone?: Tone | undefined };
}

/** The tree as rows, with each row's index by key (for a cursor that follows its row). */
export interface DetailOutline {
  readonly rows: readonly DetailRow[];
  readonly indexOf: ReadonlyMap<string, number>;
}

type Emit = (prefix: string, childPrefix: string) => void;

/**
 * The execution tree in the docs' trace format as rows, folds applied. Only the shape is built here (keys,
 * prefixes, folds, one closure per row); timing, usage and p95 text is made by `line` for the rows on
 * screen, so a 5,000-node tree costs a walk, not 5,000 formatted lines, per frame.
 */
export function detailOutline(tree: ExecutionTree, state: Pick<DetailState, 'folds' | 'foldMode'>): DetailOutline {
  const rows: DetailRow[] = [];
  const push = (row: DetailRow): void => void rows.push(row);
  const folded = (key: string, byDefault: boolean): boolean => isFolded(state, key, byDefault);
  emitExecution(tree, 0, push, folded)('', '');
  const indexOf = new Map<string, number>();
  rows.forEach((r, i) => indexOf.set(r.key, i));
  return { rows, indexOf };
}

type Folded = (key: string, byDefault: boolean) => boolean;

function emitChildren(children: readonly Emit[], childPrefix: string): void {
  children.forEach((emit, i) => {
    const last = i === children.length - 1;
    emit(childPrefix + (last ? '└── ' : '├── '), childPrefix + (last ? '    ' : '│   '));
  });
}

function emitExecution(tree: ExecutionTree, depth: number, push: (row: DetailRow) => void, folded: Folded): Emit {
  return (prefix, childPrefix) => {
    const key = `x:${tree.summary.id}`;
    const children: Emit[] = [];
    if (depth >= MAX_TRACE_DEPTH) {
      children.push(constRow(`${key}/deeper`, '… deeper executions not shown', 'muted', push));
    } else {
      for (const node of tree.nodes) children.push(emitNode(node, tree, depth, push, folded));
    }
    const error = tree.summary.error;
    if (error !== undefined) children.push(constRow(`${key}/error`, `error: ${error}`, 'error', push, true));
    const canFold = depth > 0 && children.length > 0;
    const isFoldedNow = canFold && folded(key, false);
    push({
      key,
      prefix,
      folded: canFold ? isFoldedNow : undefined,
      line: (ctx) => {
        const head = executionHead(tree, ctx.now);
        const hidden = isFoldedNow ? ` (${tree.nodes.length} node${tree.nodes.length === 1 ? '' : 's'} folded)` : '';
        return { text: `${head.text}${executionUsage(tree)}${hidden}`, tone: head.tone };
      },
    });
    if (!isFoldedNow) emitChildren(children, childPrefix);
  };
}

function emitNode(node: NodeView, exec: ExecutionTree, depth: number, push: (row: DetailRow) => void, folded: Folded): Emit {
  return (prefix, childPrefix) => {
    const execId = exec.summary.id;
    const key = `n:${execId}/${node.nodeId}`;
    const only = node.attempts.length === 1 ? node.attempts[0] : undefined;
    const children: Emit[] = [];
    if (only) {
      children.push(...detailRows(`d:${execId}/${only.id}`, only, node, exec, push));
    } else {
      node.attempts.forEach((span, i) => children.push(emitAttempt(span, i, node, exec, push)));
    }
    if (node.child) children.push(emitExecution(node.child, depth + 1, push, folded));
    const canFold = children.length > 0;
    const isFoldedNow = canFold && folded(key, node.attempts.length > MANY_ATTEMPTS);
    push({
      key,
      prefix,
      folded: canFold ? isFoldedNow : undefined,
      spanKeys: node.attempts.map((a) => `${execId}/${a.id}`),
      line: (ctx) => {
        const now = executionNow(exec, ctx.now);
        const hidden = isFoldedNow && node.attempts.length > 1 ? ` (${node.attempts.length} attempts)` : '';
        const timing = only ? spanTiming(only, now) : nodeTiming(node, now);
        const last = node.attempts[node.attempts.length - 1];
        const usual = last ? usualTime(last, exec, ctx) : { text: '', slow: false };
        const tone = toneOf(node.status, usual.slow);
        return { text: `${nodeHead(node)}${timing}${nodeUsage(node)}${usual.text}${hidden}`, tone };
      },
    });
    if (!isFoldedNow) emitChildren(children, childPrefix);
  };
}

function emitAttempt(span: SpanView, index: number, node: NodeView, exec: ExecutionTree, push: (row: DetailRow) => void): Emit {
  return (prefix, childPrefix) => {
    const execId = exec.summary.id;
    push({
      key: `a:${execId}/${span.id}`,
      prefix,
      spanKeys: [`${execId}/${span.id}`],
      line: (ctx) => {
        const usual = usualTime(span, exec, ctx);
        const text = `attempt ${index + 1}/${node.attempts.length}${spanTiming(span, executionNow(exec, ctx.now))}${usual.text}`;
        return { text, tone: toneOf(span.status, usual.slow) };
      },
    });
    emitChildren(detailRows(`d:${execId}/${span.id}`, span, node, exec, push), childPrefix);
  };
}

/**
 * The lines under an attempt (model call, tokens, cost, waits, error), as trace-lines words them. Their
 * shape is read once here; each row's text is the same line taken from them again with the frame's now
 * (an open wait's elapsed time moves).
 */
function detailRows(keyBase: string, span: SpanView, node: NodeView, exec: ExecutionTree, push: (row: DetailRow) => void): Emit[] {
  const at = (path: readonly number[]) => (ctx: RowContext): { text: string; tone?: Tone | undefined } => {
    let items: readonly TraceItem[] = spanDetails(span, node, executionNow(exec, ctx.now));
    let found: TraceItem | undefined;
    for (const i of path) {
      found = items[i];
      items = found?.children ?? [];
    }
    return { text: found?.text ?? '', tone: found?.tone };
  };
  const emitItems = (items: readonly TraceItem[], path: readonly number[]): Emit[] =>
    items.map((it, i) => (prefix, childPrefix) => {
      const here = [...path, i];
      push({ key: `${keyBase}/${here.join('.')}`, prefix, line: at(here) });
      emitChildren(emitItems(it.children, here), childPrefix);
    });
  return emitItems(spanDetails(span, node, 0), []);
}

function constRow(key: string, text: string, tone: Tone, push: (row: DetailRow) => void, wire = false): Emit {
  return (prefix) => push({ key, prefix, line: () => ({ text: wire ? sanitiseWire(text) : text, tone }) });
}

const sanitiseWire = (text: string): string => sanitise(text, 500);

function nodeTiming(node: NodeView, now: number): string {
  const first = node.attempts[0];
  const last = node.attempts[node.attempts.length - 1];
  const open = node.status === 'running' || node.status === 'waiting';
  const ms = elapsed(first?.startedAt ?? first?.scheduledAt, open ? now : last?.endedAt);
  return `${ms === undefined ? '' : ` ${formatDuration(ms)}`}${statusSuffix(node.status)}`;
}

/** ` · p95 600ms`, or ` ▲ slower than p95 600ms` for an attempt past its workflow's p95 for this node. */
function usualTime(span: SpanView, exec: ExecutionTree, ctx: RowContext): { text: string; slow: boolean } {
  const wf = exec.summary.workflowId;
  const stats = wf === undefined ? undefined : ctx.nodeStats?.[wf]?.[span.nodeId];
  if (!stats) return { text: '', slow: false };
  const open = span.status === 'running' || span.status === 'waiting';
  const ms = open ? elapsed(span.startedAt, executionNow(exec, ctx.now)) : span.status === 'completed' || span.status === 'failed' ? span.durationMs ?? elapsed(span.startedAt, span.endedAt) : undefined;
  const slow = ms !== undefined && ms > stats.p95;
  return { text: slow ? ` ▲ slower than p95 ${formatDuration(stats.p95)}` : ` · p95 ${formatDuration(stats.p95)}`, slow };
}

function toneOf(status: SpanView['status'], slow: boolean): Tone | undefined {
  if (status === 'failed') return 'error';
  if (slow) return 'waiting';
  switch (status) {
    case 'running': return 'running';
    case 'waiting': return 'waiting';
    case 'queued':
    case 'skipped':
    case 'cancelled': return 'muted';
    default: return undefined;
  }
}

const hasUsage = (t: Totals): boolean => t.inputTokens + t.outputTokens + t.unpricedTokens > 0 || t.costUsd > 0;
const usage = (t: Totals): string => `${formatTokens(t.inputTokens + t.outputTokens)} tok ${formatUsd(t.costUsd)}`;

/** ` · own 1.3k tok $0.0145 · subtree 3.9k tok $0.0187`: the subtree only when a child workflow adds to it. */
function nodeUsage(node: NodeView): string {
  const own: Totals = node.attempts.reduce<Totals>((t, a) => ({
    inputTokens: t.inputTokens + (a.inputTokens ?? 0),
    outputTokens: t.outputTokens + (a.outputTokens ?? 0),
    costUsd: t.costUsd + (a.costSource === 'unpriced' ? 0 : a.costUsd ?? 0),
    unpricedTokens: 0,
  }), { inputTokens: 0, outputTokens: 0, costUsd: 0, unpricedTokens: 0 });
  const parts: string[] = [];
  if (hasUsage(own)) parts.push(`own ${usage(own)}`);
  if (node.child && hasUsage(node.totals)) parts.push(`subtree ${usage(node.totals)}`);
  return parts.map((p) => ` · ${p}`).join('');
}

function executionUsage(tree: ExecutionTree): string {
  const { totals, subtreeTotals } = tree.summary;
  const parts: string[] = [];
  if (hasUsage(totals)) parts.push(`own ${usage(totals)}`);
  if (tree.nodes.some((n) => n.child) && hasUsage(subtreeTotals)) parts.push(`subtree ${usage(subtreeTotals)}`);
  return parts.map((p) => ` · ${p}`).join('');
}
