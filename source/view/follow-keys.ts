import type { DetailAction } from './detail-state.js';

/** The subset of Ink's key flags follow reads. */
export interface FollowKey {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly pageUp?: boolean;
  readonly pageDown?: boolean;
  readonly tab?: boolean;
  readonly shift?: boolean;
  readonly return?: boolean;
}

const BY_INPUT: Readonly<Record<string, DetailAction>> = {
  j: 'down', k: 'up', g: 'top', G: 'bottom', ' ': 'toggleFold', '+': 'expandAll', '-': 'collapseAll',
  '1': { tab: 'tree' }, '2': { tab: 'events' }, '3': { tab: 'state' }, t: { tab: 'tree' }, e: { tab: 'events' }, s: { tab: 'state' },
};

/**
 * `jamjet follow`'s keys onto the detail's actions (the dashboard maps its own in keymap.ts): j/k and
 * arrows, PgUp/PgDn, g/G (G follows the tail again), Tab/Shift-Tab, Space or Enter to fold, +/- to
 * expand or collapse all, 1/2/3 or t/e/s for the tabs.
 */
export function followAction(input: string, key: FollowKey): DetailAction | undefined {
  if (key.downArrow) return 'down';
  if (key.upArrow) return 'up';
  if (key.pageDown) return 'pageDown';
  if (key.pageUp) return 'pageUp';
  if (key.tab) return key.shift ? 'prevTab' : 'nextTab';
  if (key.return) return 'toggleFold';
  return BY_INPUT[input];
}
