import type { AlertsData, Snapshot } from '../../core/snapshot/snapshot.js';
import { ALERT_GLYPHS } from './alert-row.js';
import type { Tone } from './glyphs.js';
import { formatDuration } from './duration.js';
import { formatUsd, formatUsdRate } from './money.js';
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
  /** A shorter text, taken (with every other segment's) once only figures of SHORTEN_FROM or more are left. */
  readonly short?: string | undefined;
}

/** Separator between status bar segments. */
export const SEGMENT_SEPARATOR = ' · ';
/** Most notices shown at once; the rest are counted in a `+N notices` segment. */
export const MAX_STATUS_NOTICES = 3;
/** Longest notice, in characters, before it is cut (a notice is one line, not a log). */
export const MAX_NOTICE_LENGTH = 160;
/**
 * What the header keeps longest, as priorities: narrowing, it drops the lowest first (README's "Header"
 * lists this order). Shown on every width: PAUSED, notices and the name.
 */
export const HEADER_PRIORITY = {
  help: 1,
  lag: 2,
  noAlerts: 2,
  eventsPerSec: 3,
  tokens: 3,
  sourceConnected: 4,
  ingestTrouble: 4.2,
  queue: 4.4,
  pendingAlerts: 4.6,
  latency: 4.8,
  spend: 5,
  errorRate: 5.2,
  stale: 6,
  running: 6,
  moreNotices: 6.5,
  sourceDown: 7,
  firingAlerts: 8,
  name: 9,
  demo: 9,
  paused: 10,
  notices: 10,
} as const;

/**
 * Narrowing, the header drops the segments below this priority first (help, lag, events/s, tokens), then
 * every segment takes its short form, then it drops by priority again. README's "Header" lists the order.
 */
export const SHORTEN_FROM = 4;

const percent = (ratio: number): string => (ratio === 0 ? '0%' : ratio < 0.001 ? '<0.1%' : `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`);

/**
 * The header's segments for a snapshot: name, DEMO, PAUSED, notices, sources, alert counts, events/s, running
 * and finished executions, error rate (5 m), execution p50/p95/p99 (5 m), tokens and tokens/s, spend and its
 * burn rate, queue depth, display lag and ingest trouble. Figures the snapshot lacks (no metrics: follow) are
 * left out, never shown as a made-up 0.
 */
export function statusSegments(s: Snapshot): Segment[] {
  const out: Segment[] = [{ text: 'jamjet-top', bold: true, priority: HEADER_PRIORITY.name }];
  if (s.demo) out.push({ text: 'DEMO', tone: 'waiting', bold: true, priority: HEADER_PRIORITY.demo });
  if (s.paused) out.push({ text: 'PAUSED', tone: 'waiting', bold: true, priority: HEADER_PRIORITY.paused });
  // Notices (a busy metrics port, a store that cannot open) are why something is missing: kept to the last.
  const notices = s.notices ?? [];
  for (const notice of notices.slice(0, MAX_STATUS_NOTICES)) {
    out.push({ text: sanitise(notice, MAX_NOTICE_LENGTH), tone: 'waiting', bold: true, priority: HEADER_PRIORITY.notices });
  }
  if (notices.length > MAX_STATUS_NOTICES) out.push({ text: `+${notices.length - MAX_STATUS_NOTICES} notices`, tone: 'waiting', priority: HEADER_PRIORITY.moreNotices });
  s.sources.forEach((src, i) => {
    const message = src.message === undefined ? '' : `: ${sanitise(src.message, 120)}`;
    const tone: Tone = src.state === 'connected' ? 'ok' : src.state === 'ended' ? 'muted' : src.state === 'error' ? 'error' : 'waiting';
    // Narrow, a source is its state (numbered when there are several): the URL is in the sources pane.
    const name = s.sources.length === 1 ? 'src' : `src${i + 1}`;
    // A connected source is news only on a wide screen; one that is not is kept almost to the last.
    const priority = src.state === 'connected' ? HEADER_PRIORITY.sourceConnected : HEADER_PRIORITY.sourceDown;
    out.push({ text: `${sanitise(src.url, 200)} ${src.state}${message}`, short: `${name} ${src.state === 'connected' ? 'ok' : src.state}`, tone, priority });
  });
  if (s.alerts) out.push(...alertSegments(s.alerts));
  // Rates come with the metrics; without them (a view with no metrics sink) there is no figure to show.
  if (s.rates) out.push({ text: `${formatRate(s.rates.eventsPerSec)} ev/s`, priority: HEADER_PRIORITY.eventsPerSec });
  // Running counts live executions only: a stale one's source stopped sending, so it is counted apart.
  const running = s.executionStates.running + s.executionStates.paused;
  const total = Object.values(s.statusCounts).reduce((a, b) => a + b, 0);
  const finished = Math.max(0, total - running - s.executionStates.stale);
  out.push({ text: `running ${running} done ${finished}`, short: `run ${running}/${finished}`, tone: running > 0 ? 'running' : undefined, priority: HEADER_PRIORITY.running });
  if (s.executionStates.stale > 0) out.push({ text: `stale ${s.executionStates.stale}`, tone: 'waiting', priority: HEADER_PRIORITY.stale });
  if (s.rates?.errorRatio5m !== undefined) {
    out.push({ text: `err ${percent(s.rates.errorRatio5m)} 5m`, short: `err ${percent(s.rates.errorRatio5m)}`, tone: s.rates.errorRatio5m > 0 ? 'error' : undefined, priority: HEADER_PRIORITY.errorRate });
  }
  const latency = s.windows?.execution['5m'];
  if (latency !== undefined && latency.count > 0) {
    out.push({
      text: `p50/95/99 ${formatDuration(latency.p50)}/${formatDuration(latency.p95)}/${formatDuration(latency.p99)}`,
      short: `p95 ${formatDuration(latency.p95)}`,
      priority: HEADER_PRIORITY.latency,
    });
  }
  const tokens = s.totals.inputTokens + s.totals.outputTokens;
  const tokenRate = s.rates ? ` ${formatRate(s.rates.tokensPerSec)}/s` : '';
  out.push({ text: `${formatTokens(tokens)} tok${tokenRate}`, priority: HEADER_PRIORITY.tokens });
  const burn = s.rates ? `${formatUsdRate(s.rates.costPerHour)}/h` : undefined;
  out.push({ text: `${formatUsd(s.totals.costUsd)}${burn === undefined ? '' : ` ${burn}`}`, short: burn, priority: HEADER_PRIORITY.spend });
  out.push({ text: `queue ${s.queue.total}`, short: `q ${s.queue.total}`, priority: HEADER_PRIORITY.queue });
  const lag = displayLag(s);
  if (lag !== undefined) out.push({ text: `lag ${formatDuration(lag)}`, tone: lag >= LAG_WARN_MS ? 'waiting' : 'muted', priority: HEADER_PRIORITY.lag });
  const rejected = Object.values(s.ingest.rejected).reduce<number>((a, b) => a + (b ?? 0), 0);
  const trouble = [
    rejected > 0 ? `rejected ${rejected}` : '',
    s.ingest.duplicates > 0 ? `dup ${s.ingest.duplicates}` : '',
    s.ingest.gaps > 0 ? `gap ${s.ingest.gaps}` : '',
    s.ingest.unknownTypes > 0 ? `unknown types ${s.ingest.unknownTypes}` : '',
    (s.ingest.evictedActive ?? 0) > 0 ? `evicted running ${s.ingest.evictedActive}` : '',
    (s.ingest.lateAfterEviction ?? 0) > 0 ? `late ${s.ingest.lateAfterEviction}` : '',
    (s.ingest.droppedHeld ?? 0) > 0 ? `dropped held ${s.ingest.droppedHeld}` : '',
  ].filter((t) => t !== '');
  if (trouble.length > 0) out.push({ text: trouble.join(' '), short: shortTrouble(trouble.join(' ')), tone: 'error', priority: HEADER_PRIORITY.ingestTrouble });
  out.push({ text: '? help', tone: 'muted', priority: HEADER_PRIORITY.help });
  return out;
}

/** Ingest trouble in fewer letters: `rej 3 dup 2 unk 1`. */
function shortTrouble(text: string): string {
  return text.replace('rejected', 'rej').replace('unknown types', 'unk').replace('evicted running', 'evict');
}

/** Display lag from which the header shows it in the warning tone. */
export const LAG_WARN_MS = 2_000;

/**
 * How far the display lags the runtime: the newest event's own delay from its `created_at` to its arrival
 * (the live sources' worst), plus the time since the snapshot was built when paused (the frame is frozen).
 * Undefined when no live source has delivered an event (a replayed file's events are old by design).
 */
export function displayLag(s: Snapshot, now: number = s.now): number | undefined {
  let worst: number | undefined;
  for (const src of s.sources) {
    if (src.kind === 'jsonl' || src.state !== 'connected' || src.lagMs === undefined) continue;
    worst = Math.max(worst ?? 0, Math.max(0, src.lagMs));
  }
  if (worst === undefined) return undefined;
  return worst + Math.max(0, now - s.now);
}

/**
 * The header's alert counts: firing (red, kept almost to the last) and pending (yellow, dropped sooner),
 * each only when non-zero; `no alerts` (dropped first) when rules run and nothing is pending or firing.
 */
function alertSegments(a: AlertsData): Segment[] {
  if (a.firing === 0 && a.pending === 0) return [{ text: 'no alerts', tone: 'muted', priority: HEADER_PRIORITY.noAlerts }];
  const out: Segment[] = [];
  if (a.firing > 0) out.push({ text: `${ALERT_GLYPHS.firing} ${a.firing} firing`, short: `${ALERT_GLYPHS.firing}${a.firing}`, tone: 'error', bold: true, priority: HEADER_PRIORITY.firingAlerts });
  if (a.pending > 0) out.push({ text: `${ALERT_GLYPHS.pending} ${a.pending} pending`, short: `${ALERT_GLYPHS.pending}${a.pending}`, tone: 'waiting', priority: HEADER_PRIORITY.pendingAlerts });
  return out;
}

/**
 * Fits segments (joined by SEGMENT_SEPARATOR) into `width` columns: drops the lowest-priority ones while too
 * wide, all segments taking their short forms once what is left is of SHORTEN_FROM or more, then cuts what
 * is left; separators come back as muted segments of their own.
 */
export function fitSegments(segments: readonly Segment[], width: number): Segment[] {
  const kept = [...segments];
  const widthOf = (list: readonly Segment[]) => displayWidth(list.map((x) => x.text).join(SEGMENT_SEPARATOR));
  while (kept.length > 1 && widthOf(kept) > width) {
    let lowest = 0;
    kept.forEach((seg, i) => {
      if ((seg.priority ?? 5) < (kept[lowest]!.priority ?? 5)) lowest = i;
    });
    // Once only figures that matter are left, segments take their short forms (the one that saves most
    // first) before one more goes.
    if ((kept[lowest]!.priority ?? 5) >= SHORTEN_FROM) {
      let best = -1;
      let saves = 0;
      kept.forEach((seg, i) => {
        const saving = seg.short === undefined ? 0 : displayWidth(seg.text) - displayWidth(seg.short);
        if (saving > saves) [best, saves] = [i, saving];
      });
      if (best >= 0) {
        const seg = kept[best]!;
        kept[best] = { ...seg, text: seg.short!, short: undefined };
        continue;
      }
    }
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
