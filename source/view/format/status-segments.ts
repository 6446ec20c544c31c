import type { AlertsData, Snapshot } from '../../core/snapshot/snapshot.js';
import { ALERT_GLYPHS } from './alert-row.js';
import type { Tone } from './glyphs.js';
import { formatUsd } from './money.js';
import { formatRate } from './rate.js';
import { sanitise } from './sanitise.js';
import { formatTokens } from './tokens.js';
import { displayWidth, truncateToWidth } from './truncate.js';

/** A piece of a one-line bar, with its own tone. */
export interface Segment {
  readonly text: string;
  readonly tone?: Tone | undefined;
  readonly bold?: boolean | undefined;
  /** When the bar is too narrow, segments with the lowest priority are dropped first (default 5). */
  readonly priority?: number | undefined;
}

/** Separator between status bar segments. */
export const SEGMENT_SEPARATOR = ' · ';
/** Most notices shown at once; the rest are counted in a `+N notices` segment. */
export const MAX_STATUS_NOTICES = 3;
/** Longest notice, in characters, before it is cut (a notice is one line, not a log). */
export const MAX_NOTICE_LENGTH = 160;

/** The status bar's segments for a snapshot: name, DEMO, PAUSED, notices, sources, alert counts, rates, counts, totals, ingest trouble. */
export function statusSegments(s: Snapshot): Segment[] {
  const out: Segment[] = [{ text: 'jamjet-top', bold: true, priority: 9 }];
  if (s.demo) out.push({ text: 'DEMO', tone: 'waiting', bold: true, priority: 9 });
  if (s.paused) out.push({ text: 'PAUSED', tone: 'waiting', bold: true, priority: 10 });
  // Notices (a busy metrics port, a store that cannot open) are why something is missing: kept to the last.
  const notices = s.notices ?? [];
  for (const notice of notices.slice(0, MAX_STATUS_NOTICES)) {
    out.push({ text: sanitise(notice, MAX_NOTICE_LENGTH), tone: 'waiting', bold: true, priority: 10 });
  }
  if (notices.length > MAX_STATUS_NOTICES) out.push({ text: `+${notices.length - MAX_STATUS_NOTICES} notices`, tone: 'waiting', priority: 8 });
  for (const src of s.sources) {
    const message = src.message === undefined ? '' : `: ${sanitise(src.message, 120)}`;
    const tone: Tone = src.state === 'connected' ? 'ok' : src.state === 'ended' ? 'muted' : src.state === 'error' ? 'error' : 'waiting';
    out.push({ text: `${sanitise(src.url, 200)} ${src.state}${message}`, tone, priority: 7 });
  }
  if (s.alerts) out.push(...alertSegments(s.alerts));
  // Running counts live executions only: a stale one's source stopped sending, so it is counted apart.
  const running = s.executionStates.running + s.executionStates.paused;
  const total = Object.values(s.statusCounts).reduce((a, b) => a + b, 0);
  // Rates come with the metrics; without them (a view with no metrics sink) there is no figure to show.
  if (s.rates) out.push({ text: `${formatRate(s.rates.eventsPerSec)} ev/s`, priority: 3 });
  out.push({ text: `running ${running}/${total}`, tone: running > 0 ? 'running' : undefined, priority: 6 });
  if (s.executionStates.stale > 0) out.push({ text: `stale ${s.executionStates.stale}`, tone: 'waiting', priority: 6 });
  out.push({ text: `queue ${s.queue.total}`, priority: 4 });
  const tokens = s.totals.inputTokens + s.totals.outputTokens;
  out.push({ text: `${formatTokens(tokens)} tok ${formatUsd(s.totals.costUsd)}`, priority: 5 });
  const rejected = Object.values(s.ingest.rejected).reduce<number>((a, b) => a + (b ?? 0), 0);
  const trouble = [
    rejected > 0 ? `rejected ${rejected}` : '',
    s.ingest.duplicates > 0 ? `dup ${s.ingest.duplicates}` : '',
    s.ingest.gaps > 0 ? `gap ${s.ingest.gaps}` : '',
    s.ingest.unknownTypes > 0 ? `unknown types ${s.ingest.unknownTypes}` : '',
    (s.ingest.evictedActive ?? 0) > 0 ? `evicted running ${s.ingest.evictedActive}` : '',
    (s.ingest.lateAfterEviction ?? 0) > 0 ? `late ${s.ingest.lateAfterEviction}` : '',
  ].filter((t) => t !== '');
  if (trouble.length > 0) out.push({ text: trouble.join(' '), tone: 'error', priority: 8 });
  out.push({ text: '? help', tone: 'muted', priority: 1 });
  return out;
}

/**
 * The header's alert counts: firing (red, kept almost to the last) and pending (yellow, dropped sooner),
 * each only when non-zero; `no alerts` (dropped first) when rules run and nothing is pending or firing.
 */
function alertSegments(a: AlertsData): Segment[] {
  if (a.firing === 0 && a.pending === 0) return [{ text: 'no alerts', tone: 'muted', priority: 2 }];
  const out: Segment[] = [];
  if (a.firing > 0) out.push({ text: `${ALERT_GLYPHS.firing} ${a.firing} firing`, tone: 'error', bold: true, priority: 8 });
  if (a.pending > 0) out.push({ text: `${ALERT_GLYPHS.pending} ${a.pending} pending`, tone: 'waiting', priority: 6 });
  return out;
}

/**
 * Fits segments (joined by SEGMENT_SEPARATOR) into `width` columns: drops the lowest-priority ones
 * while too wide, then cuts what is left; separators come back as muted segments of their own.
 */
export function fitSegments(segments: readonly Segment[], width: number): Segment[] {
  const kept = [...segments];
  const widthOf = (list: readonly Segment[]) => displayWidth(list.map((x) => x.text).join(SEGMENT_SEPARATOR));
  while (kept.length > 1 && widthOf(kept) > width) {
    let lowest = 0;
    kept.forEach((seg, i) => {
      if ((seg.priority ?? 5) < (kept[lowest]!.priority ?? 5)) lowest = i;
    });
    kept.splice(lowest, 1);
  }
  const out: Segment[] = [];
  let used = 0;
  for (const seg of kept) {
    const sep = out.length === 0 ? '' : SEGMENT_SEPARATOR;
    const room = width - used - displayWidth(sep);
    if (room <= 0) break;
    const text = truncateToWidth(seg.text, room);
    if (sep) out.push({ text: sep, tone: 'muted' });
    out.push({ ...seg, text });
    used += displayWidth(sep + text);
    if (text !== seg.text) break;
  }
  return out;
}
