import type { ReactNode } from 'react';
import { Box } from 'ink';
import type { Snapshot, SourceStatus } from '../../core/snapshot/snapshot.js';
import { Line } from '../components/line.js';
import { formatDuration } from '../format/duration.js';
import type { Tone } from '../format/glyphs.js';
import { sanitise } from '../format/sanitise.js';
import { PaneTitle } from './pane-title.js';

/** What the sources pane reads of a snapshot. */
export type SourcesPaneData = Pick<Snapshot, 'now' | 'sources' | 'ingest'>;

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

/**
 * Each source's URL (credentials already stripped), state in words, how long since its newest event and
 * how far behind it runs, events and rejections; then the rejections by reason over all sources.
 */
export function SourcesPane({ data, width, height, focused, color }: SourcesPaneProps): ReactNode {
  if (height <= 0) return null;
  const lines: { text: string; tone?: Tone | undefined }[] = data.sources.map((src) => ({ text: sourceLine(src, data.now), tone: stateTone(src.state) }));
  if (lines.length === 0) lines.push({ text: 'no source yet', tone: 'muted' });
  const reasons = Object.entries(data.ingest.rejected).filter(([, n]) => (n ?? 0) > 0);
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
