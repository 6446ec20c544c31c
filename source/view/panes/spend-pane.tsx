import type { ReactNode } from 'react';
import { Box } from 'ink';
import type { Snapshot, UsageRow } from '../../core/snapshot/snapshot.js';
import { graphLines } from '../components/graph.js';
import { Line } from '../components/line.js';
import { formatDuration } from '../format/duration.js';
import type { Tone } from '../format/glyphs.js';
import { formatUsd } from '../format/money.js';
import { sanitise } from '../format/sanitise.js';
import { formatTokens } from '../format/tokens.js';
import { padToWidth } from '../format/truncate.js';
import { PaneTitle } from './pane-title.js';

/** What the tokens and cost pane reads of a snapshot. */
export type SpendPaneData = Pick<Snapshot, 'totals' | 'spend'>;

/** Props for SpendPane. */
export interface SpendPaneProps {
  readonly data: SpendPaneData;
  readonly width: number;
  /** Total lines this pane may use, title included. */
  readonly height: number;
  readonly focused: boolean;
  readonly color: boolean;
}

/** Widest model or workflow name column (wire strings: sanitised, then cut). */
const MAX_NAME_WIDTH = 32;
/** Most plot lines the $/min graph takes, however tall the pane. */
const MAX_GRAPH_LINES = 6;
/** Marks a row whose model has no price: its cost leaves out these tokens. */
const UNPRICED_MARK = 'unpriced';

/** `Tokens & cost: $1.23 spent, 12k in 3.4k out · $4.00/h (budget $5.00/h, 80%) · day at this pace $96.00`; `OVER BUDGET` in words. */
export function spendPaneTitle(data: SpendPaneData): string {
  const t = data.totals;
  const parts = [`Tokens & cost: ${formatUsd(t.costUsd)} spent, ${formatTokens(t.inputTokens)} in ${formatTokens(t.outputTokens)} out`];
  const spend = data.spend;
  if (spend) {
    const budget = spend.budgetUsdPerHour;
    const share = budget === undefined ? '' : ` (budget ${formatUsd(budget)}/h, ${Math.round((spend.costPerHour / budget) * 100)}%)`;
    const over = budget !== undefined && spend.costPerHour > budget;
    parts.push(`${over ? 'OVER BUDGET ' : ''}${formatUsd(spend.costPerHour)}/h${share}`, `day at this pace ${formatUsd(spend.projectedDayUsd)}`);
  }
  if (t.unpricedTokens > 0) parts.push(`${formatTokens(t.unpricedTokens)} tokens ${UNPRICED_MARK}`);
  return parts.join(' · ');
}

/** One table row: name, tokens in and out, spend, and `unpriced` when some of its tokens have no price. */
function usageLine(row: UsageRow, nameW: number): { text: string; tone?: Tone | undefined } {
  const unpriced = row.unpricedTokens > 0;
  const cost = unpriced ? `${formatUsd(row.costUsd)} + ${formatTokens(row.unpricedTokens)} tok ${UNPRICED_MARK}` : formatUsd(row.costUsd);
  const text = `${padToWidth(sanitise(row.name, MAX_NAME_WIDTH), nameW)} ${formatTokens(row.inputTokens).padStart(6)} ${formatTokens(row.outputTokens).padStart(6)}  ${cost}`;
  return { text, tone: unpriced ? 'waiting' : undefined };
}

/**
 * Spend and tokens: the totals, burn rate against the budget and a day's projection in the title; the
 * $/min graph; then usage by model and by workflow, most spent first (rows cut to the height, the rest
 * counted). Models with no price are marked `unpriced` in words, so it reads without colour.
 */
export function SpendPane({ data, width, height, focused, color }: SpendPaneProps): ReactNode {
  if (height <= 0) return null;
  const lines: { text: string; tone?: Tone | undefined }[] = [];
  const avail = height - 1;
  const spend = data.spend;
  const graphH = spend ? Math.min(MAX_GRAPH_LINES, Math.max(avail >= 6 ? 3 : avail >= 3 ? 1 : 0, Math.floor(avail / 3))) : 0;
  if (graphH > 0 && spend) {
    const graph = graphLines(spend.costPerMin, { width, height: graphH, format: formatUsd, span: `$/min, ${formatDuration(spend.historyMs)}` });
    for (const g of graph) lines.push({ text: g });
  }
  const byModel = spend?.usage.byModel ?? [];
  const byWorkflow = spend?.usage.byWorkflow ?? [];
  const nameW = Math.min(MAX_NAME_WIDTH, Math.max(8, ...[...byModel, ...byWorkflow].map((r) => sanitise(r.name, MAX_NAME_WIDTH).length)));
  const tableRows = avail - lines.length;
  if (!spend || (byModel.length === 0 && byWorkflow.length === 0)) {
    if (tableRows > 0) lines.push({ text: spend ? 'no model usage yet' : 'no model usage yet (metrics off: no graph)', tone: 'muted' });
  } else if (tableRows > 0) {
    // Two sections share the rows (the models alone when short): a header, then rows; a header counts what did not fit.
    const modelRoom = tableRows >= 6 ? Math.ceil(tableRows / 2) : tableRows;
    const sections: [string, readonly UsageRow[], number][] = [['MODEL', byModel, Math.min(modelRoom, byModel.length + 1)], ['WORKFLOW', byWorkflow, 0]];
    sections[1]![2] = tableRows - sections[0]![2];
    for (const [header, rows, room] of sections) {
      if (room < 2) continue;
      const shown = rows.slice(0, room - 1);
      const more = rows.length > shown.length ? `  (+${rows.length - shown.length} more)` : '';
      lines.push({ text: `${padToWidth(header, nameW)} ${'IN'.padStart(6)} ${'OUT'.padStart(6)}  COST${more}`, tone: 'muted' });
      for (const row of shown) lines.push(usageLine(row, nameW));
    }
  }
  return (
    <Box flexDirection="column" width={width} height={Math.min(height, lines.length + 1)}>
      <PaneTitle text={spendPaneTitle(data)} width={width} focused={focused} color={color} />
      {lines.slice(0, avail).map((line, i) => <Line key={i} text={line.text} width={width} color={color} tone={line.tone} />)}
    </Box>
  );
}
