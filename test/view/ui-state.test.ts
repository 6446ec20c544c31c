import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KeyAction } from '../../source/view/keymap.js';
import { INITIAL_UI_STATE, selectedRow, uiReducer, type UiContext, type UiState } from '../../source/view/ui-state.js';

const context: UiContext = { executionIds: ['a', 'b', 'c', 'd'], treeLineCount: 10, executionsPage: 3, treePage: 5 };
const apply = (actions: KeyAction[], state: UiState = INITIAL_UI_STATE, ctx = context): UiState =>
  actions.reduce((s, action) => uiReducer(s, { action, context: ctx }), state);

describe('uiReducer', () => {
  test('applies a burst of keys in order', () => {
    assert.equal(apply(['down', 'down', 'down']).selectedId, 'd');
    assert.equal(apply(['down', 'down', 'up']).selectedId, 'b');
  });
  test('stops at both ends of the list', () => {
    assert.equal(apply(['up']).selectedIndex, 0);
    assert.equal(apply(['bottom', 'down']).selectedId, 'd');
    assert.equal(apply(['bottom', 'top']).selectedId, 'a');
  });
  test('pages by the visible height less one row', () => {
    assert.equal(apply(['pageDown']).selectedId, 'c');
  });
  test('Enter and Tab give the tree pane the keys; Esc takes them back', () => {
    assert.equal(apply(['open']).pane, 'tree');
    assert.equal(apply(['open', 'back']).pane, 'executions');
    assert.equal(apply(['nextPane']).pane, 'tree');
    assert.equal(apply(['nextPane', 'nextPane']).pane, 'executions');
  });
  test('moves the tree cursor, not the selection, while the tree pane has the keys', () => {
    const s = apply(['open', 'down', 'down']);
    assert.equal(s.treeCursor, 2);
    assert.equal(s.selectedId, undefined);
  });
  test('resets the tree cursor when the selection moves', () => {
    const s = apply(['open', 'down', 'back', 'down']);
    assert.equal(s.treeCursor, 0);
  });
  test('help swallows movement keys and closes on Esc or ?', () => {
    const open = apply(['help', 'down', 'open']);
    assert.equal(open.help, true);
    assert.equal(open.selectedId, undefined);
    assert.equal(open.pane, 'executions');
    assert.equal(apply(['help', 'back']).help, false);
    assert.equal(apply(['help', 'help']).help, false);
  });
  test('keeps the selected execution when the list reorders, and the row when it leaves', () => {
    const s = apply(['down']);
    assert.equal(selectedRow(s, ['x', 'a', 'b']), 2);
    assert.equal(selectedRow(s, ['a', 'c']), 1);
    assert.equal(selectedRow(s, []), 0);
  });
});
