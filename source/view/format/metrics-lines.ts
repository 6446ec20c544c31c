import type { LatencyPercentiles, RateStats, WindowName, WindowStats } from '../../core/snapshot/snapshot.js';
import { WINDOW_NAMES } from '../../core/snapshot/snapshot.js';
import { sparkline } from '../components/sparkline.js';
import { formatDuration } from './duration.js';
import { formatUsdRate } from './money.js';
import { formatRate } from './rate.js';
import type { Segment } from './status-segments.js';
import { displayWidth, truncateToWidth } from './truncate.js';

/** Most columns one sparkline may take, however wide the terminal (the history is short anyway). */
export const MAX_SPARK_WIDTH = 24;
/** Below this many columns a sparkline says nothing; the rates line drops them instead. */
export const MIN_SPARK_WIDTH = 3;
/** Lines the metrics pane needs to show everything: execution latency, node latency, rates. */
export const METRICS_LINES = 3;

const GAP = '  ';

/**
 * The metrics pane's lines for `width` columns and at most `height` lines: execution and node latency
 * percentiles per window (15m, then 5m, dropped when they do not fit), then rates with sparklines.
 * When short of lines, node latency goes first, then rates.
 */
export function metricsLines(stats: WindowStats, rateStats: RateStats, width: number, height: number): Segment[][] {
  if (height <= 0 || width <= 0) return [];
  const [exec, node] = latencyLines(stats, width);
  const rates = ratesLine(rateStats, width);
  const lines = height >= 3 ? [exec, node, rates] : height === 2 ? [exec, rates] : [exec];
  return lines.map((line) => cutSegments(line, width));
}

/** `p50/p95/p99` of one window, or `—` when nothing ended in it. */
export function percentilesText(p: LatencyPercentiles): string {
  if (p.count === 0) return '—';
  return `${formatDuration(p.p50)}/${formatDuration(p.p95)}/${formatDuration(p.p99)}`;
}

function latencyLines(stats: WindowStats, width: number): [Segment[], Segment[]] {
  const cells = WINDOW_NAMES.map((w: WindowName) => {
    const exec = percentilesText(stats.execution[w]);
    const node = percentilesText(stats.node[w]);
    return { name: w, exec, node, width: Math.max(displayWidth(exec), displayWidth(node)) };
  });
  const labels = { exec: 'exec p50/p95/p99', node: 'node p50/p95/p99' };
  // Columns line up between the two rows; the longest windows go first when the width runs out.
  let shown = cells.length;
  const widthOf = (n: number) => labels.exec.length + cells.slice(0, n).reduce((sum, c) => sum + GAP.length + c.name.length + 1 + c.width, 0);
  while (shown > 1 && widthOf(shown) > width) shown--;
  const row = (label: string, pick: (c: (typeof cells)[number]) => string): Segment[] => {
    const out: Segment[] = [{ text: label, tone: 'muted' }];
    cells.slice(0, shown).forEach((c, i) => {
      const text = pick(c);
      const pad = i < shown - 1 ? ' '.repeat(c.width - displayWidth(text)) : '';
      out.push({ text: `${GAP}${c.name} `, tone: 'muted' }, { text: text + pad });
    });
    return out;
  };
  return [row(labels.exec, (c) => c.exec), row(labels.node, (c) => c.node)];
}

function ratesLine(rates: RateStats, width: number): Segment[] {
  const { history } = rates;
  const ratio = rates.errorRatio === undefined || !Number.isFinite(rates.errorRatio) ? '' : ` (${(rates.errorRatio * 100).toFixed(1)}%)`;
  const items = [
    { label: 'exec/s', value: formatRate(rates.executionsPerSec), values: history.executionsPerSec, tone: undefined },
    { label: 'err/s', value: formatRate(rates.errorsPerSec) + ratio, values: history.errorsPerSec, tone: rates.errorsPerSec > 0 ? ('error' as const) : undefined },
    { label: 'tok/s', value: formatRate(rates.tokensPerSec), values: history.tokensPerSec, tone: undefined },
    { label: '$/h', value: formatUsdRate(rates.costPerHour), values: history.costPerHour, tone: undefined },
  ];
  const fixed = items.reduce((sum, it) => sum + it.label.length + 1 + displayWidth(it.value), 0) + GAP.length * (items.length - 1);
  // Each sparkline also costs the space before it.
  let spark = Math.min(MAX_SPARK_WIDTH, Math.floor((width - fixed) / items.length) - 1);
  if (spark < MIN_SPARK_WIDTH) spark = 0;
  const out: Segment[] = [];
  items.forEach((it, i) => {
    out.push({ text: `${i === 0 ? '' : GAP}${it.label} `, tone: 'muted' }, { text: it.value, tone: it.tone });
    const line = sparkline(it.values, spark);
    if (line !== '') out.push({ text: ` ${line}`, tone: 'running' });
  });
  return out;
}

/** Cuts a line of segments at `width` columns, marking the cut with `…`. */
function cutSegments(segments: readonly Segment[], width: number): Segment[] {
  const out: Segment[] = [];
  let used = 0;
  for (const seg of segments) {
    const room = width - used;
    if (room <= 0) break;
    const text = truncateToWidth(seg.text, room);
    out.push({ ...seg, text });
    used += displayWidth(text);
    if (text !== seg.text) break;
  }
  return out;
}
