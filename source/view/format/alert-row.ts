import type { AlertView } from '../../core/snapshot/snapshot.js';
import { formatDuration } from './duration.js';
import type { Tone } from './glyphs.js';
import { sanitise } from './sanitise.js';
import { formatTokens } from './tokens.js';
import { displayWidth, padToWidth, truncateToWidth } from './truncate.js';

/** One mark per alert state; the shapes differ, so the state reads without colour (NO_COLOR). */
export const ALERT_GLYPHS: Readonly<Record<AlertView['state'], string>> = { firing: '▲', pending: '△' };

/** Labels shown first, in this order: the ones that also filter the executions list, then severity. */
export const TELLING_LABELS: readonly string[] = ['workflow_id', 'model', 'status', 'source', 'severity'];

/** Wire text in one alert row (name, label values, summary) is cut to this many characters before width truncation. */
export const MAX_ALERT_TEXT = 200;

const NAME_MIN_W = 12;
const NAME_MAX_W = 28;
/** `pending 1h02m`: the state word and how long the alert has been in it. */
const SINCE_W = 13;
const VALUE_W = 8;
/** Share of what is left after the fixed columns that the labels keep when labels and summary both run long. */
const LABELS_SHARE = 0.45;

/** A compact number for the value column: `3`, `0.125`, `42.5`, `1.2k`, `1.5e-7`, `NaN`, `+Inf`. */
export function formatAlertValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (Math.abs(v) >= 999.5) return formatTokens(v);
  return String(Number(v.toPrecision(3)));
}

/** `firing 2m05s` (since it fired) or `pending 12.0s` (since it became active), relative to `now`. */
export function alertSince(alert: AlertView, now: number): string {
  const since = alert.state === 'firing' ? alert.firedAt ?? alert.activeAt : alert.activeAt;
  return `${alert.state} ${formatDuration(now - since)}`;
}

/** The alert's labels as `k=v`, the telling ones first (TELLING_LABELS), then the rest by name; all sanitised. */
export function alertLabelsText(labels: Readonly<Record<string, string>>): string {
  const rank = (k: string) => {
    const i = TELLING_LABELS.indexOf(k);
    return i < 0 ? TELLING_LABELS.length : i;
  };
  return Object.keys(labels)
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => `${sanitise(k, MAX_ALERT_TEXT)}=${sanitise(labels[k], MAX_ALERT_TEXT)}`)
    .join(' ');
}

/** The name column's width for a list of alerts, so their columns line up: the longest name, within bounds. */
export function alertNameWidth(alerts: readonly AlertView[]): number {
  let longest = 0;
  for (const a of alerts) longest = Math.max(longest, displayWidth(sanitise(a.name, MAX_ALERT_TEXT)));
  return Math.max(NAME_MIN_W, Math.min(NAME_MAX_W, longest));
}

/**
 * One alerts-pane row, `width` columns at most: state mark, name, state and since when, value, the most
 * telling labels, then the summary (`nameW`: the name column, shared by a list's rows, see alertNameWidth); firing rows carry the error tone, pending ones the waiting tone.
 */
export function alertRow(alert: AlertView, now: number, width: number, nameW = alertNameWidth([alert])): { text: string; tone: Tone } {
  const name = sanitise(alert.name, MAX_ALERT_TEXT);
  const rest = Math.max(0, width - (2 + nameW + 1 + SINCE_W + 1 + VALUE_W + 2));
  const labels = alertLabelsText(alert.labels);
  const summary = alert.summary === undefined ? '' : sanitise(alert.summary, MAX_ALERT_TEXT);
  // The labels get what the summary leaves, and at least their share when both are too long.
  const spare = rest - displayWidth(summary) - 2;
  const labelsW = summary === '' ? rest : Math.min(displayWidth(labels), Math.max(spare, Math.floor(rest * LABELS_SHARE)));
  const line = [
    `${ALERT_GLYPHS[alert.state]} `,
    padToWidth(name, nameW), ' ',
    alertSince(alert, now).padEnd(SINCE_W), ' ',
    formatAlertValue(alert.value).padStart(VALUE_W), '  ',
    labelsW > 0 ? `${padToWidth(labels, labelsW)}${summary === '' ? '' : '  '}` : '',
    summary,
  ].join('');
  return { text: truncateToWidth(line.trimEnd(), width), tone: alert.state === 'firing' ? 'error' : 'waiting' };
}
