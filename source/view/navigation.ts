import type { KeyAction } from './keymap.js';

/** The panes that can hold keyboard focus: the executions list, then the ones the number keys name. */
export type Pane = 'executions' | 'alerts' | 'queue' | 'spend' | 'sources';

/** Where a movement action takes a cursor in a list of `count` rows showing `page` rows at a time. */
export function moveCursor(action: KeyAction, cursor: number, count: number, page: number): number {
  if (count <= 0) return 0;
  const step = Math.max(1, page - 1);
  const next = (() => {
    switch (action) {
      case 'down': return cursor + 1;
      case 'up': return cursor - 1;
      case 'pageDown': return cursor + step;
      case 'pageUp': return cursor - step;
      case 'top': return 0;
      case 'bottom': return count - 1;
      default: return cursor;
    }
  })();
  return Math.min(Math.max(0, next), count - 1);
}
