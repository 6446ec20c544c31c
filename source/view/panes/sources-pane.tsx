import type { ReactNode } from 'react';
import { Box } from 'ink';
import type { RejectedFrame, Snapshot, SourceStatus } from '../../core/snapshot/snapshot.js';
import { Line } from '../components/line.js';
import { formatDuration } from '../format/duration.js';
import type { Tone } from '../format/glyphs.js';
import { sanitise } from '../format/sanitise.js';
import { PaneTitle } from './pane-title.js';

/** What the sources pane reads of a snapshot. */
export type SourcesPaneData = Pick<Snapshot, 'now' | 'sources' | 'ingest' | 'rejectedFrames'>;

/** Props for SourcesPane. */
export interface SourcesPaneProps {
  readonly data: SourcesPaneData;
  readonly width: number;
  /** Total lines this pane may use, title included. */
  readonly height: number;
  readonly focused: boolean;
  readonly color: boolean;
}

/** Longest source URL or message shown (already redacted by the source; sanitised here). */
const MAX_URL_CHARS = 120;
/** Longest escaped excerpt of a rejected input shown (escaping can make it longer than the raw excerpt). */
const MAX_EXCERPT_CHARS = 600;

type PaneLine = { text: string; tone?: Tone | undefined };

function stateTone(state: SourceStatus['state']): Tone {
  return state === 'connected' ? 'ok' : state === 'ended' ? 'muted' : state === 'error' ? 'error' : 'waiting';
}

/** `connected  ws://127.0.0.1:7700/v1/events · last event 2.0s ago · lag 120ms · 1234 events · 3 rejected · why`. */
export function sourceLine(src: SourceStatus, now: number): string {
  const parts = [`${src.state.padEnd(12)} ${sanitise(src.url, MAX_URL_CHARS)}`];
  parts.push(src.lastEventAt === undefined ? 'no event yet' : `last event ${formatDuration(now - src.lastEventAt)} ago`);
  if (src.lagMs !== undefined) parts.push(`lag ${formatDuration(src.lagMs)}`);
  parts.push(`${src.events} events`, `${src.rejected} rejected`);
  const why = src.reason ?? src.message;
  if (why !== undefined && why !== '') parts.push(sanitise(why, MAX_URL_CHARS));
  return parts.join(' · ');
}

/** `  09:29:58Z invalid_json · line 3: not valid JSON · {"id":…`: a rejected input, wire text escaped. */
export function rejectedFrameLine(frame: RejectedFrame): string {
  const time = `${new Date(frame.at).toISOString().slice(11, 19)}Z`;
  const parts = [`  ${time} ${frame.reason}`, sanitise(frame.detail, MAX_URL_CHARS)];
  if (frame.excerpt !== undefined && frame.excerpt !== '') parts.push(sanitise(frame.excerpt, MAX_EXCERPT_CHARS));
  return parts.join(' · ');
}

/**
 * How many of each source's rejected inputs fit in `budget` lines: dealt out newest first, one per source
 * per round, so a noisy source cannot hide another's.
 */
function shareRows(lists: readonly (readonly RejectedFrame[])[], budget: number): number[] {
  const counts = lists.map(() => 0);
  for (let round = 0, dealt = true; budget > 0 && dealt; round++) {
    dealt = false;
    for (let i = 0; i < lists.length && budget > 0; i++) {
      if (lists[i]!.length > round) {
        counts[i]!++;
        budget--;
        dealt = true;
      }
    }
  }
  return counts;
}

/**
 * Each source's URL (credentials already stripped), state in words, how long since its newest event and
 * how far behind it runs, events and rejections, and under it its last rejected inputs (newest first, as
 * many as fit); then the rejections by reason over all sources.
 */
export function SourcesPane({ data, width, height, focused, color }: SourcesPaneProps): ReactNode {
  if (height <= 0) return null;
  const reasons = Object.entries(data.ingest.rejected).filter(([, n]) => (n ?? 0) > 0);
  const rejected = data.sources.map((src) => data.rejectedFrames?.[src.id] ?? []);
  // Source lines and the summary come first; rejected inputs get the rows left over.
  const rows = shareRows(rejected, height - 1 - data.sources.length - (reasons.length > 0 ? 1 : 0));
  const lines: PaneLine[] = data.sources.flatMap((src, i) => [
    { text: sourceLine(src, data.now), tone: stateTone(src.state) },
    ...rejected[i]!.slice(0, rows[i]).map((frame): PaneLine => ({ text: rejectedFrameLine(frame), tone: 'muted' })),
  ]);
  if (lines.length === 0) lines.push({ text: 'no source yet', tone: 'muted' });
  if (reasons.length > 0) lines.push({ text: `rejected by reason: ${reasons.map(([r, n]) => `${r} ${n}`).join(' · ')}`, tone: 'error' });
  const avail = height - 1;
  const shown = lines.length <= avail ? lines : [...lines.slice(0, Math.max(0, avail - 1)), { text: `+${lines.length - avail + 1} more`, tone: 'muted' as const }];
  const total = data.sources.reduce((n, s) => n + s.rejected, 0);
  return (
    <Box flexDirection="column" width={width} height={Math.min(height, shown.length + 1)}>
      <PaneTitle text={`Sources: ${data.sources.length} · ${data.ingest.applied} events applied · ${total} rejected`} width={width} focused={focused} color={color} />
      {shown.slice(0, avail).map((line, i) => <Line key={i} text={line.text} width={width} color={color} tone={line.tone} />)}
    </Box>
  );
}
