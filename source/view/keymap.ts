import type { Key } from 'ink';

/** Everything a key can ask the dashboard to do. */
export type KeyAction =
  | 'down' | 'up' | 'pageDown' | 'pageUp' | 'top' | 'bottom'
  | 'open' | 'back' | 'nextPane' | 'alerts' | 'pause' | 'help' | 'quit';

/** One row of the keymap: the keys (as shown in help), the action, and what it does. */
export interface KeyBinding {
  readonly keys: readonly string[];
  readonly action: KeyAction;
  readonly description: string;
}

/** The one keymap: key → action → description. The help overlay is generated from it. */
export const KEYMAP: readonly KeyBinding[] = [
  { keys: ['j', '↓'], action: 'down', description: 'next row' },
  { keys: ['k', '↑'], action: 'up', description: 'previous row' },
  { keys: ['PgDn', 'Ctrl-F'], action: 'pageDown', description: 'page down' },
  { keys: ['PgUp', 'Ctrl-B'], action: 'pageUp', description: 'page up' },
  { keys: ['g', 'Home'], action: 'top', description: 'first row' },
  { keys: ['G', 'End'], action: 'bottom', description: 'last row' },
  { keys: ['Enter'], action: 'open', description: 'open the selected execution\'s tree / alert\'s executions' },
  { keys: ['Esc'], action: 'back', description: 'back to the executions list / clear the filter / close help' },
  { keys: ['Tab'], action: 'nextPane', description: 'next pane' },
  { keys: ['a'], action: 'alerts', description: 'alerts pane (when rules are evaluated)' },
  { keys: ['p'], action: 'pause', description: 'pause / resume the display (ingest continues)' },
  { keys: ['?'], action: 'help', description: 'show / hide this help' },
  { keys: ['q', 'Ctrl-C'], action: 'quit', description: 'quit' },
];

const BY_KEY: ReadonlyMap<string, KeyAction> = new Map(
  KEYMAP.flatMap((binding) => binding.keys.map((k) => [k, binding.action] as const)),
);

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
  if (key.tab) return 'Tab';
  if (key.ctrl && input.length === 1) return `Ctrl-${input.toUpperCase()}`;
  return input;
}

/** The action bound to an Ink key event, if any. */
export function resolveKey(input: string, key: Partial<Key>): KeyAction | undefined {
  return BY_KEY.get(keyName(input, key));
}
