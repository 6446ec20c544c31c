import type { StoredExecution } from '../store/store-queries.js';
import type { InspectDocument } from './inspect-report.js';
import type { TimelineEntry } from './timeline.js';
import { isActive } from '../model/lifecycle.js';

/** How numbers and wire text are shown; the command passes the view's formatters and sanitiser. */
export interface TextFormat {
  duration(ms: number | undefined): string;
  usd(n: number | undefined): string;
  tokens(n: number | undefined): string;
  /** Escapes control characters in text that came off the wire. */
  clean(text: string): string;
}

/** `2026-03-16 09:59:00` (UTC), as the list's STARTED column shows times. */
const utc = (t: number): string => new Date(t).toISOString().replace('T', ' ').slice(0, 19);
const pad = (s: string, w: number): string => (s.length >= w ? s : s + ' '.repeat(w - s.length));
const padLeft = (s: string, w: number): string => (s.length >= w ? s : ' '.repeat(w - s.length) + s);

/** Whether the execution started child workflows (then its totals are shown with its own share apart). */
function hasChildren(doc: InspectDocument): boolean {
  return doc.tree.some((n) => n.child !== null || n.attempts.some((a) => a.child_execution_id !== null));
}

/**
 * The summary under the trace: status, duration, tokens and cost (including child workflows', with the
 * execution's own share and its children's apart when it has any), by model, critical path.
 */
export function summaryLines(doc: InspectDocument, f: TextFormat): string[] {
  const e = doc.execution;
  const t = doc.totals;
  const tokenNotes: string[] = [];
  const costNotes: string[] = [];
  if (hasChildren(doc)) {
    const o = doc.own;
    // Children's share = totals - own: the same subtraction a script does with --json's totals and own.
    const cIn = t.input_tokens - o.input_tokens;
    const cOut = t.output_tokens - o.output_tokens;
    tokenNotes.push(`own ${f.tokens(o.input_tokens)} in / ${f.tokens(o.output_tokens)} out`, `children ${f.tokens(cIn)} in / ${f.tokens(cOut)} out`);
    costNotes.push(`own ${f.usd(o.cost_usd)}`, `children ${f.usd(Math.max(0, t.cost_usd - o.cost_usd))}`);
  }
  if (t.unpriced_tokens > 0) tokenNotes.push(`${f.tokens(t.unpriced_tokens)} unpriced`);
  const notes = (parts: string[]): string => (parts.length > 0 ? ` (${parts.join(', ')})` : '');
  const seen = e.last_seen_at === null ? undefined : Date.parse(e.last_seen_at);
  const started = e.started_at === null ? undefined : Date.parse(e.started_at);
  const lines = e.stale
    ? [
        `status         stale: ${e.status} when last seen ${seen === undefined ? '—' : `${utc(seen)} UTC`}; nothing follows its source any more`,
        `duration       ${f.duration(seen === undefined || started === undefined ? undefined : seen - started)} until last seen`,
      ]
    : [`status         ${e.status}${e.error ? `: ${f.clean(e.error)}` : ''}`, `duration       ${f.duration(e.duration_ms ?? undefined)}`];
  lines.push(
    `events         ${e.event_count}`,
    `tokens         ${f.tokens(t.input_tokens)} in / ${f.tokens(t.output_tokens)} out${notes(tokenNotes)}`,
    `cost           ${f.usd(t.cost_usd)}${notes(costNotes)}`,
  );
  if (doc.by_model.length > 0) {
    const width = Math.max(...doc.by_model.map((m) => f.clean(m.model).length));
    lines.push('by model');
    for (const m of doc.by_model) {
      lines.push(`  ${pad(f.clean(m.model), width)}  ${padLeft(String(m.calls), 3)} call${m.calls === 1 ? ' ' : 's'}  ${padLeft(f.tokens(m.input_tokens), 6)} in  ${padLeft(f.tokens(m.output_tokens), 6)} out  ${m.cost_usd === null ? 'unpriced' : f.usd(m.cost_usd)}`);
    }
  }
  if (doc.critical_path.length > 0) {
    const repeated = new Set(doc.critical_path.filter((s, i, all) => all.findIndex((o) => o.node_id === s.node_id) !== i).map((s) => s.node_id));
    const step = (s: InspectDocument['critical_path'][number]): string =>
      `${f.clean(repeated.has(s.node_id) ? s.span_id : s.node_id)} (${f.duration(s.duration_ms)})`;
    lines.push(`critical path  ${doc.critical_path.map(step).join(' → ')}`);
  }
  return lines;
}

/** `--events`: sequence, +time since start, type, node, one-line summary. */
export function timelineLines(entries: readonly TimelineEntry[], f: TextFormat): string[] {
  const seqW = Math.max(3, ...entries.map((e) => String(e.sequence).length));
  const typeW = Math.max(4, ...entries.map((e) => e.type.length));
  const nodeW = Math.max(4, ...entries.map((e) => f.clean(e.nodeId ?? '—').length));
  const header = `${padLeft('SEQ', seqW)}  ${pad('+TIME', 8)}  ${pad('TYPE', typeW)}  ${pad('NODE', nodeW)}  SUMMARY`;
  return [
    header,
    ...entries.map((e) =>
      `${padLeft(String(e.sequence), seqW)}  ${pad(`+${f.duration(e.offsetMs)}`, 8)}  ${pad(f.clean(e.type), typeW)}  ${pad(f.clean(e.nodeId ?? '—'), nodeW)}  ${f.clean(e.summary)}`),
  ];
}

/** Marks a child workflow's row in lists: its tokens and cost are also in its parent's row. */
export const CHILD_ROW_MARK = '↳ ';

/** A row of the list, with whether it is stale (unfinished, and nothing follows its source any more). */
export type ListedExecution = StoredExecution & { readonly stale?: boolean | undefined };

/** The STATUS cell of a stale row: `stale, last seen 09:59:00`, with the date when it differs from the start's. */
function staleStatus(r: StoredExecution): string {
  if (r.lastEventAt === undefined) return 'stale';
  const seen = utc(r.lastEventAt);
  const sameDay = r.startedAt !== undefined && utc(r.startedAt).slice(0, 10) === seen.slice(0, 10);
  return `stale, last seen ${sameDay ? seen.slice(11) : seen}`;
}

/**
 * The no-id table of recent executions. TOKENS and COST include each execution's child workflows'; a child
 * workflow's own row is marked CHILD_ROW_MARK before its workflow id. A stale one's duration runs to its
 * last event, not to now.
 */
export function executionTableLines(rows: readonly ListedExecution[], f: TextFormat, now: number): string[] {
  const cells = rows.map((r) => {
    const open = isActive(r.status);
    const end = r.endedAt ?? (open && !r.stale ? now : r.lastEventAt);
    return [
      r.executionId,
      `${r.parentExecutionId === undefined ? '' : CHILD_ROW_MARK}${f.clean(r.workflowId ?? '—')}`,
      r.stale ? staleStatus(r) : r.status,
      r.startedAt === undefined ? '—' : utc(r.startedAt),
      f.duration(r.startedAt === undefined || end === undefined ? undefined : end - r.startedAt),
      r.nodeCount === undefined ? '—' : String(r.nodeCount),
      r.inputTokens === undefined || r.outputTokens === undefined ? '—' : f.tokens(r.inputTokens + r.outputTokens),
      f.usd(r.costUsd),
    ];
  });
  const head = ['EXECUTION', 'WORKFLOW', 'STATUS', 'STARTED (UTC)', 'DURATION', 'NODES', 'TOKENS', 'COST'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const right = new Set([4, 5, 6, 7]);
  const fmt = (c: string[]): string => c.map((v, i) => (right.has(i) ? padLeft(v, widths[i]!) : pad(v, widths[i]!))).join('  ').trimEnd();
  return [fmt(head), ...cells.map(fmt)];
}
