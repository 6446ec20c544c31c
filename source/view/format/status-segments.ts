import type { Snapshot } from '../../core/model/types.js';
import type { Tone } from './glyphs.js';
import { formatUsd } from './money.js';
import { sanitise } from './sanitise.js';
import { formatTokens } from './tokens.js';
import { displayWidth, truncateToWidth } from './truncate.js';

/** A piece of a one-line bar, with its own tone. */
export interface Segment {
  readonly text: string;
  readonly tone?: Tone | undefined;
  readonly bold?: boolean | undefined;
}

/** Separator between status bar segments. */
export const SEGMENT_SEPARATOR = ' · ';

/** The status bar's segments for a snapshot: name, DEMO, sources, rates, counts, totals, PAUSED, ingest trouble. */
export function statusSegments(s: Snapshot): Segment[] {
  const out: Segment[] = [{ text: 'jamjet-top', bold: true }];
  if (s.demo) out.push({ text: 'DEMO', tone: 'waiting', bold: true });
  if (s.paused) out.push({ text: 'PAUSED', tone: 'waiting', bold: true });
  for (const src of s.sources) {
    const message = src.message === undefined ? '' : `: ${sanitise(src.message, 120)}`;
    const tone: Tone = src.state === 'connected' ? 'ok' : src.state === 'ended' ? 'muted' : src.state === 'error' ? 'error' : 'waiting';
    out.push({ text: `${sanitise(src.url, 200)} ${src.state}${message}`, tone });
  }
  const running = s.statusCounts.running + s.statusCounts.paused;
  const total = Object.values(s.statusCounts).reduce((a, b) => a + b, 0);
  out.push({ text: `${formatRate(s.eventsPerSec)} ev/s` });
  out.push({ text: `running ${running}/${total}`, tone: running > 0 ? 'running' : undefined });
  out.push({ text: `queue ${s.queue.total}` });
  const tokens = s.totals.inputTokens + s.totals.outputTokens;
  out.push({ text: `${formatTokens(tokens)} tok ${formatUsd(s.totals.costUsd)}` });
  const rejected = Object.values(s.ingest.rejected).reduce<number>((a, b) => a + (b ?? 0), 0);
  const trouble = [
    rejected > 0 ? `rejected ${rejected}` : '',
    s.ingest.duplicates > 0 ? `dup ${s.ingest.duplicates}` : '',
    s.ingest.gaps > 0 ? `gap ${s.ingest.gaps}` : '',
  ].filter((t) => t !== '');
  if (trouble.length > 0) out.push({ text: trouble.join(' '), tone: 'error' });
  out.push({ text: '? help', tone: 'muted' });
  return out;
}

/** Cuts segments (joined by SEGMENT_SEPARATOR) to `width` columns, dropping what does not fit. */
export function fitSegments(segments: readonly Segment[], width: number): Segment[] {
  const out: Segment[] = [];
  let used = 0;
  for (const seg of segments) {
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

function formatRate(perSec: number): string {
  if (!Number.isFinite(perSec) || perSec <= 0) return '0';
  return perSec < 10 ? perSec.toFixed(1) : formatTokens(Math.round(perSec));
}
