import { isActive } from '../../core/snapshot/snapshot.js';
import type { ExecutionStatus, ExecutionTree, NodeView, SpanView, SpanWait } from '../../core/snapshot/snapshot.js';
import { formatDuration } from './duration.js';
import { EXECUTION_GLYPHS, SPAN_GLYPHS, STALE_GLYPH, TONE_ANSI, executionTone, spanTone, type Tone } from './glyphs.js';
import { formatUsd } from './money.js';
import { sanitise } from './sanitise.js';
import { displayWidth, truncateToWidth } from './truncate.js';
import { formatUtcTime } from './utc-time.js';

/** One printed line of a trace: tree-drawing prefix, content, and how to colour it. */
export interface TraceLine {
  readonly prefix: string;
  readonly text: string;
  readonly tone?: Tone | undefined;
}

/** Options for traceLines: `now` for running elapsed times, `width` to cut every line to. */
export interface TraceLineOptions {
  readonly now: number;
  readonly width?: number | undefined;
}

/** Child executions nested deeper than this are elided (guards against a cycle in bad data). */
export const MAX_TRACE_DEPTH = 8;

/** Wire text on one trace line is cut to this many characters before width truncation. */
export const MAX_TRACE_TEXT = 500;

/** One line of a trace before it is flattened, with the lines nested under it. */
export interface TraceItem {
  readonly text: string;
  readonly tone?: Tone | undefined;
  readonly children: TraceItem[];
}
type Item = TraceItem;

const item = (text: string, tone?: Tone, children: Item[] = []): Item => ({ text, tone, children });
const wire = (text: string | undefined): string => sanitise(text ?? '', MAX_TRACE_TEXT);

/**
 * Renders an execution tree in the JamJet observability docs' trace format (`execution …`, `├── node:…`,
 * `model.call …`, tokens, cost, retries, waits, nested child executions). All wire text is sanitised.
 */
export function traceLines(tree: ExecutionTree, opts: TraceLineOptions): TraceLine[] {
  const out: TraceLine[] = [];
  flatten(executionItem(tree, opts.now, 0), '', '', out);
  if (opts.width === undefined) return out;
  const width = opts.width;
  return out.map((line) => fitLine(line, width));
}

/** Joins trace lines into plain text, one per line (no trailing newline); ANSI colour only when asked. */
export function traceLinesToText(lines: readonly TraceLine[], opts: { color: boolean }): string {
  return lines
    .map((l) => (opts.color && l.tone ? `${l.prefix}\u001b[${TONE_ANSI[l.tone]}m${l.text}\u001b[39m` : l.prefix + l.text))
    .join('\n');
}

function fitLine(line: TraceLine, width: number): TraceLine {
  const prefixWidth = displayWidth(line.prefix);
  if (prefixWidth >= width) return { ...line, prefix: truncateToWidth(line.prefix, width), text: '' };
  return { ...line, text: truncateToWidth(line.text, width - prefixWidth) };
}

function flatten(node: Item, prefix: string, childPrefix: string, out: TraceLine[]): void {
  out.push(node.tone ? { prefix, text: node.text, tone: node.tone } : { prefix, text: node.text });
  node.children.forEach((child, i) => {
    const last = i === node.children.length - 1;
    flatten(child, childPrefix + (last ? '└── ' : '├── '), childPrefix + (last ? '    ' : '│   '), out);
  });
}

const EXECUTION_WORDS: Readonly<Record<ExecutionStatus, string>> = {
  running: 'running',
  paused: 'paused',
  completed: '',
  failed: 'failed',
  cancelled: 'cancelled',
  limit_exceeded: 'limit exceeded',
};

/** An execution's clock: a stale one's stops at the last event seen from it. */
export function executionNow(tree: ExecutionTree, treeNow: number): number {
  const s = tree.summary;
  return s.stale && s.lastSeenAt !== undefined ? Math.min(treeNow, s.lastSeenAt) : treeNow;
}

/** An execution's own line (`execution exec_… wf (2.1s) ● running`) and its tone, without what nests under it. */
export function executionHead(tree: ExecutionTree, treeNow: number): { text: string; tone: Tone | undefined } {
  const s = tree.summary;
  const open = isActive(s.status);
  // What a stale execution is doing now is unknown: its clocks stop at the last event seen from it.
  const now = executionNow(tree, treeNow);
  const ms = s.durationMs ?? elapsed(s.startedAt, open ? now : s.endedAt);
  const word = EXECUTION_WORDS[s.status];
  const text = [
    `execution ${wire(s.id)}`,
    s.workflowId === undefined ? '' : ` ${wire(s.workflowId)}`,
    ms === undefined ? '' : ` (${formatDuration(ms)})`,
    s.stale ? ` ${STALE_GLYPH} stale: ${word} when last seen ${formatUtcTime(s.lastSeenAt)}` : word ? ` ${EXECUTION_GLYPHS[s.status]} ${word}` : '',
  ].join('');
  if (s.stale) return { text, tone: 'muted' };
  return { text, tone: executionTone(s.status) === 'ok' ? undefined : executionTone(s.status) };
}

function executionItem(tree: ExecutionTree, treeNow: number, depth: number): Item {
  const s = tree.summary;
  const now = executionNow(tree, treeNow);
  const head = executionHead(tree, treeNow);
  const children: Item[] = [];
  if (depth >= MAX_TRACE_DEPTH) {
    children.push(item('… deeper executions not shown', 'muted'));
  } else {
    for (const node of tree.nodes) children.push(nodeItem(node, now, depth));
  }
  if (s.error !== undefined) children.push(item(`error: ${wire(s.error)}`, 'error'));
  return item(head.text, head.tone, children);
}

/** `node:search (search) [tool]`, sanitised. */
export function nodeHead(node: NodeView): string {
  return `node:${wire(node.nodeId)} (${wire(node.nodeId)}) [${wire(node.kind)}]`;
}

function nodeItem(node: NodeView, now: number, depth: number): Item {
  const head = nodeHead(node);
  const children: Item[] = [];
  let text: string;
  const only = node.attempts.length === 1 ? node.attempts[0] : undefined;
  if (only) {
    text = `${head}${spanTiming(only, now)}`;
    children.push(...spanDetails(only, node, now));
  } else {
    const first = node.attempts[0];
    const last = node.attempts[node.attempts.length - 1];
    const open = node.status === 'running' || node.status === 'waiting';
    const ms = elapsed(first?.startedAt, open ? now : last?.endedAt);
    text = `${head}${ms === undefined ? '' : ` ${formatDuration(ms)}`}${statusSuffix(node.status)}`;
    node.attempts.forEach((span, i) => {
      children.push(item(`attempt ${i + 1}/${node.attempts.length}${spanTiming(span, now)}`, spanTone(span.status), spanDetails(span, node, now)));
    });
  }
  if (node.child) children.push(executionItem(node.child, now, depth + 1));
  return item(text, spanTone(node.status), children);
}

/** ` 823ms`, ` 3.2s ● running`, ` queued 3.2s`, ` 412ms ✖ failed`. */
export function spanTiming(span: SpanView, now: number): string {
  if (span.status === 'queued') {
    const waited = elapsed(span.scheduledAt, now);
    return ` queued${waited === undefined ? '' : ` ${formatDuration(waited)}`}`;
  }
  if (span.status === 'skipped') return ' skipped';
  const open = span.status === 'running' || span.status === 'waiting';
  const ms = open ? elapsed(span.startedAt, now) : span.durationMs ?? elapsed(span.startedAt, span.endedAt);
  return `${ms === undefined ? '' : ` ${formatDuration(ms)}`}${statusSuffix(span.status)}`;
}

/** ` ● running`, ` ✖ failed`…; nothing for completed. */
export function statusSuffix(status: SpanView['status']): string {
  switch (status) {
    case 'running': return ` ${SPAN_GLYPHS.running} running`;
    case 'waiting': return ` ${SPAN_GLYPHS.waiting} waiting`;
    case 'failed': return ` ${SPAN_GLYPHS.failed} failed`;
    case 'cancelled': return ` ${SPAN_GLYPHS.cancelled} cancelled`;
    case 'queued': return ' queued';
    case 'skipped': return ' skipped';
    case 'completed': return '';
  }
}

/** The lines nested under an attempt: model call with tokens and cost, score, waits, notes, error, an unloaded child. */
export function spanDetails(span: SpanView, node: NodeView, now: number): Item[] {
  const out: Item[] = [];
  const usage: Item[] = [];
  if (span.inputTokens !== undefined) usage.push(item(`input_tokens: ${span.inputTokens}`));
  if (span.outputTokens !== undefined) usage.push(item(`output_tokens: ${span.outputTokens}`));
  if (span.costSource === 'unpriced') usage.push(item('cost: unpriced', 'muted'));
  else if (span.costSource !== 'none' && span.costUsd !== undefined) {
    usage.push(item(`cost: ${formatUsd(span.costUsd)}${span.costSource === 'estimated' ? ' (estimated)' : ''}`));
  }
  if (span.model !== undefined) out.push(item(`model.call ${wire(span.model)}`, undefined, usage));
  else out.push(...usage);
  if (span.score !== undefined || span.passed !== undefined) out.push(scoreItem(span));
  for (const wait of span.waits) out.push(waitItem(wait, now));
  for (const note of span.notes) out.push(item(wire(note)));
  if (span.error !== undefined) {
    out.push(item(`error: ${wire(span.error)}${span.retryable ? ' (retryable)' : ''}`, 'error'));
  }
  if (span.childExecutionId !== undefined && span.childExecutionId !== node.child?.summary.id) {
    const wf = span.childWorkflowId === undefined ? '' : ` ${wire(span.childWorkflowId)}`;
    out.push(item(`execution ${wire(span.childExecutionId)}${wf} (not loaded)`, 'muted'));
  }
  return out;
}

function scoreItem(span: SpanView): Item {
  const verdict = span.passed === undefined ? '' : span.passed ? 'passed' : 'failed';
  if (span.score === undefined) return item(verdict, span.passed ? 'ok' : 'error');
  const score = String(Math.round(span.score * 100) / 100);
  return item(`score: ${score}${verdict ? ` (${verdict})` : ''}`, span.passed === false ? 'error' : undefined);
}

const OPEN_WAIT: Readonly<Record<SpanWait['kind'], string>> = {
  approval: 'waiting for approval',
  interrupt: 'interrupted',
  parked: 'parked',
  retry: 'retry back-off',
};

function waitItem(wait: SpanWait, now: number): Item {
  const detail = wait.detail === undefined ? '' : `: ${wire(wait.detail)}`;
  const decided = wait.decision !== undefined;
  if (wait.until === undefined && !decided) {
    return item(`${SPAN_GLYPHS.waiting} ${OPEN_WAIT[wait.kind]}${detail} (${formatDuration(elapsed(wait.since, now))})`, 'waiting');
  }
  const waited = wait.until === undefined ? '' : ` (waited ${formatDuration(elapsed(wait.since, wait.until))})`;
  if (decided) {
    const decision = wire(wait.decision);
    const by = wait.by === undefined ? '' : ` by ${wire(wait.by)}`;
    const tone: Tone = wait.decision === 'rejected' ? 'error' : 'ok';
    return item(`${decision}${by}${detail}${waited}`, tone);
  }
  const past = wait.kind === 'approval' ? 'waited for approval' : wait.kind === 'interrupt' ? 'resumed' : OPEN_WAIT[wait.kind];
  return item(`${past}${detail}${waited}`, 'muted');
}

/** `to - from`, never negative; undefined when either is unknown. */
export function elapsed(from: number | undefined, to: number | undefined): number | undefined {
  if (from === undefined || to === undefined) return undefined;
  return Math.max(0, to - from);
}
