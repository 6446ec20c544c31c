import type { Key } from 'ink';

/** Everything a key can ask the dashboard to do. */
export type KeyAction =
  | 'down' | 'up' | 'pageDown' | 'pageUp' | 'top' | 'bottom'
  | 'open' | 'back' | 'nextPane' | 'prevPane' | 'zoom'
  | 'pane1' | 'pane2' | 'pane3' | 'pane4' | 'pane5'
  | 'filter' | 'sort' | 'faults' | 'group' | 'follow' | 'copy'
  | 'fold' | 'expandAll' | 'collapseAll'
  | 'cancel' | 'approve'
  | 'alerts' | 'pause' | 'help' | 'quit';

/** Where a binding applies: everywhere, the dashboard's panes, or the execution detail. */
export type KeyScope = 'global' | 'panes' | 'detail';

/** One row of the keymap: the keys (as shown in help), the action, what it does, and where. */
export interface KeyBinding {
  readonly keys: readonly string[];
  readonly action: KeyAction;
  readonly description: string;
  readonly scope: KeyScope;
}

/** The panes the number keys choose, in their order (`1` is the first). */
export const NUMBERED_PANES = ['executions', 'alerts', 'queue', 'spend', 'sources'] as const;

/** The one keymap: key → action → description. The help overlay is generated from it. */
export const KEYMAP: readonly KeyBinding[] = [
  { keys: ['j', '↓', 'wheel ↓'], action: 'down', description: 'next row', scope: 'global' },
  { keys: ['k', '↑', 'wheel ↑'], action: 'up', description: 'previous row', scope: 'global' },
  { keys: ['PgDn', 'Ctrl-F'], action: 'pageDown', description: 'page down', scope: 'global' },
  { keys: ['PgUp', 'Ctrl-B'], action: 'pageUp', description: 'page up', scope: 'global' },
  { keys: ['g', 'Home'], action: 'top', description: 'first row', scope: 'global' },
  { keys: ['G', 'End'], action: 'bottom', description: 'last row', scope: 'global' },
  { keys: ['Enter', 'click'], action: 'open', description: 'open the execution (detail) / filter by the alert', scope: 'panes' },
  { keys: ['Esc'], action: 'back', description: 'back: close detail, help, zoom; clear the filter', scope: 'global' },
  { keys: ['Tab'], action: 'nextPane', description: 'next pane (detail: next tab)', scope: 'global' },
  { keys: ['Shift-Tab'], action: 'prevPane', description: 'previous pane (detail: previous tab)', scope: 'global' },
  { keys: ['1', '2', '3', '4', '5'], action: 'pane1', description: 'executions, alerts, queue, spend, sources (detail: tree, events, state)', scope: 'global' },
  { keys: ['z'], action: 'zoom', description: 'zoom: the focused pane takes the whole screen', scope: 'panes' },
  { keys: ['/'], action: 'filter', description: 'filter: text, status:failed workflow:x model:y node:z (combinable)', scope: 'panes' },
  { keys: ['s'], action: 'sort', description: 'sort: newest, duration, cost, tokens, status', scope: 'panes' },
  { keys: ['f'], action: 'faults', description: 'faults only (failed, cancelled, limit exceeded, stale)', scope: 'panes' },
  { keys: ['w'], action: 'group', description: 'group executions by workflow', scope: 'panes' },
  { keys: ['F'], action: 'follow', description: 'follow the selected execution as it moves', scope: 'panes' },
  { keys: ['y'], action: 'copy', description: 'copy the selected execution id (OSC 52)', scope: 'global' },
  { keys: ['Space'], action: 'fold', description: 'fold / unfold the node (detail)', scope: 'detail' },
  { keys: ['+'], action: 'expandAll', description: 'unfold every node (detail)', scope: 'detail' },
  { keys: ['-'], action: 'collapseAll', description: 'fold every child workflow (detail)', scope: 'detail' },
  { keys: ['c'], action: 'cancel', description: 'cancel the execution (asks first)', scope: 'global' },
  { keys: ['A'], action: 'approve', description: 'approve or reject its waiting approval (asks first)', scope: 'global' },
  { keys: ['a'], action: 'alerts', description: 'alerts pane', scope: 'panes' },
  { keys: ['p'], action: 'pause', description: 'pause / resume the display (ingest continues)', scope: 'global' },
  { keys: ['?'], action: 'help', description: 'show / hide this help', scope: 'global' },
  { keys: ['q', 'Ctrl-C'], action: 'quit', description: 'quit', scope: 'global' },
];

const NUMBER_ACTIONS: Readonly<Record<string, KeyAction>> = { 1: 'pane1', 2: 'pane2', 3: 'pane3', 4: 'pane4', 5: 'pane5' };

const BY_KEY: ReadonlyMap<string, KeyAction> = new Map([
  ...KEYMAP.filter((b) => b.action !== 'pane1').flatMap((binding) => binding.keys.map((k) => [k, binding.action] as const)),
  ...Object.entries(NUMBER_ACTIONS),
]);

/** Names an Ink key event the way KEYMAP spells keys (`↓`, `Enter`, `Ctrl-C`, `G`). */
export function keyName(input: string, key: Partial<Key>): string {
  if (key.upArrow) return '↑';
  if (key.downArrow) return '↓';
  if (key.pageDown) return 'PgDn';
  if (key.pageUp) return 'PgUp';
  if (key.home) return 'Home';
  if (key.end) return 'End';
  if (key.return) return 'Enter';
  if (key.escape) return 'Esc';
  if (key.tab) return key.shift ? 'Shift-Tab' : 'Tab';
  if (key.backspace || key.delete) return 'Backspace';
  if (key.ctrl && input.length === 1) return `Ctrl-${input.toUpperCase()}`;
  if (input === ' ') return 'Space';
  return input;
}

/** The action bound to a key name, if any. */
export function actionOf(name: string): KeyAction | undefined {
  return BY_KEY.get(name);
}

/** The action bound to an Ink key event, if any (one key; see {@link keyNames} for bursts). */
export function resolveKey(input: string, key: Partial<Key>): KeyAction | undefined {
  return BY_KEY.get(keyName(input, key));
}

/** A mouse event from an SGR report (`ESC [ < b ; x ; y M`): wheel or a left click at a 0-based row. */
export type MouseEvent = { readonly type: 'wheelUp' | 'wheelDown' } | { readonly type: 'click'; readonly row: number; readonly column: number };

const SGR_MOUSE = /^\[<(\d+);(\d+);(\d+)([Mm])$/;

/** Parses an SGR mouse report; undefined when `input` is not one (or is a release, a drag or another button). */
export function parseMouse(input: string): MouseEvent | undefined {
  // Ink strips the leading ESC of a CSI sequence before it reaches useInput; a raw one keeps it.
  const m = SGR_MOUSE.exec(input.startsWith('\u001b') ? input.slice(1) : input);
  if (m === null) return undefined;
  const button = Number(m[1]);
  if (button === 64) return { type: 'wheelUp' };
  if (button === 65) return { type: 'wheelDown' };
  if (button === 0 && m[4] === 'M') return { type: 'click', column: Number(m[2]) - 1, row: Number(m[3]) - 1 };
  return undefined;
}

/** Control characters that arrive inside a burst of text, by the key they are. */
const BURST_CONTROLS: Readonly<Record<string, string>> = { '\r': 'Enter', '\n': 'Enter', '\t': 'Tab' };

/**
 * The key names in one Ink input event. Ink splits escape sequences (arrows, mouse reports) into events of
 * their own but hands over the characters that arrived in one read as one string (`jjjj` typed fast, key
 * repeat over SSH, a paste, `/status:failed⏎` sent at once): each character is a key of its own, a
 * carriage return inside it Enter and a tab Tab.
 */
export function keyNames(input: string, key: Partial<Key>): string[] {
  const special = key.upArrow || key.downArrow || key.pageDown || key.pageUp || key.home || key.end || key.return ||
    key.escape || key.tab || key.backspace || key.delete || key.ctrl;
  if (special || input.length <= 1) return [keyName(input, key)];
  return [...input].map((ch) => BURST_CONTROLS[ch] ?? keyName(ch, {}));
}
