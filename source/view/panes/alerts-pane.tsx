import type { ReactNode } from 'react';
import { Box } from 'ink';
import type { AlertsData } from '../../core/snapshot/snapshot.js';
import { Line } from '../components/line.js';
import { WindowedList } from '../components/windowed-list.js';
import { alertNameWidth, alertRow } from '../format/alert-row.js';
import { PaneTitle } from './pane-title.js';

/** Props for AlertsPane. */
export interface AlertsPaneProps {
  readonly alerts: AlertsData;
  /** Row of the selected alert. */
  readonly selected: number;
  readonly now: number;
  readonly width: number;
  /** Total lines this pane may use, title included. */
  readonly height: number;
  readonly focused: boolean;
  readonly color: boolean;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `Alerts: 2 firing, 1 pending · 6 rules · 1 rule failing` (a failing rule is why an alert may be missing). */
export function alertsPaneTitle(data: AlertsData): string {
  const failing = data.rulesFailing > 0 ? ` · ${plural(data.rulesFailing, 'rule')} failing` : '';
  return `Alerts: ${data.firing} firing, ${data.pending} pending · ${plural(data.rules, 'rule')}${failing}`;
}

/** What the pane says with no alert: whether rules are loaded at all, and how many. */
export function alertsEmptyText(data: AlertsData): string {
  return data.rules === 0 ? 'no alert rules loaded' : `no alerts firing or pending (${plural(data.rules, 'rule')})`;
}

/** The pending and firing alerts, firing first as the rule engine orders them, windowed around a selection. */
export function AlertsPane(props: AlertsPaneProps): ReactNode {
  const { alerts: data, selected, now, width, height, focused, color } = props;
  if (height <= 0) return null;
  const rowWidth = Math.max(0, width - 2);
  const nameW = alertNameWidth(data.alerts);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PaneTitle text={alertsPaneTitle(data)} width={width} focused={focused} color={color} />
      {height > 1 && data.alerts.length === 0 && <Line text={`  ${alertsEmptyText(data)}`} width={width} color={color} tone="muted" />}
      {data.alerts.length > 0 && <WindowedList
        items={data.alerts}
        selected={selected}
        height={height - 1}
        rowKey={(a, i) => `${i}:${a.name}`}
        renderRow={(a, _i, isSelected) => {
          const row = alertRow(a, now, rowWidth, nameW);
          const cursor = focused && isSelected;
          return <Line text={`${cursor ? '›' : ' '} ${row.text}`} width={width} color={color} tone={row.tone} inverse={cursor} fill={cursor} />;
        }}
      />}
    </Box>
  );
}
