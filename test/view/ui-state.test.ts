import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KeyAction } from '../../source/view/keymap.js';
import type { AlertView } from '../../source/core/snapshot/snapshot.js';
import { INITIAL_UI_STATE, selectedAlertRow, selectedRow, uiReducer, type UiContext, type UiState } from '../../source/view/ui-state.js';

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

describe('uiReducer with alerts', () => {
  const alerts: AlertView[] = [
    { name: 'ExecutionStuck', state: 'firing', labels: { workflow_id: 'research-agent', severity: 'warn' }, activeAt: 0, value: 1 },
    { name: 'ModelErrors', state: 'firing', labels: { model: 'gpt-4o' }, activeAt: 0, value: 0.3 },
    { name: 'QueueBacklog', state: 'pending', labels: { queue: 'default' }, activeAt: 0, value: 42 },
  ];
  const withAlerts: UiContext = { ...context, alerts, alertsPage: 2 };

  test('a focuses the alerts pane only when it is on screen', () => {
    assert.equal(apply(['alerts'], INITIAL_UI_STATE, withAlerts).pane, 'alerts');
    assert.equal(apply(['alerts']).pane, 'executions');
  });
  test('moves the alert cursor, not the selection, while the alerts pane has the keys, and stops at the ends', () => {
    const s = apply(['alerts', 'down', 'down', 'down'], INITIAL_UI_STATE, withAlerts);
    assert.equal(s.alertCursor, 2);
    assert.equal(s.selectedId, undefined);
    assert.equal(apply(['alerts', 'bottom', 'up'], INITIAL_UI_STATE, withAlerts).alertCursor, 1);
    assert.equal(selectedAlertRow({ ...s, alertCursor: 9 }, 2), 1);
  });
  test('Enter on an alert filters the executions by its labels and gives the executions list the keys', () => {
    const s = apply(['down', 'down', 'alerts', 'down', 'open'], INITIAL_UI_STATE, withAlerts);
    assert.equal(s.pane, 'executions');
    assert.deepEqual(s.filter, { alert: 'ModelErrors', filter: { model: 'gpt-4o' } });
    assert.equal(s.selectedId, undefined, 'the first matching row is selected');
    assert.equal(s.selectedIndex, 0);
  });
  test('Esc in the executions list clears the filter; from the tree it only comes back', () => {
    const filtered = apply(['alerts', 'open'], INITIAL_UI_STATE, withAlerts);
    assert.equal(filtered.filter?.alert, 'ExecutionStuck');
    assert.equal(apply(['open', 'back'], filtered, withAlerts).filter?.alert, 'ExecutionStuck');
    assert.equal(apply(['back'], filtered, withAlerts).filter, undefined);
    assert.equal(apply(['back'], INITIAL_UI_STATE, withAlerts), INITIAL_UI_STATE);
  });
  test('Tab visits the alerts pane after the tree when it is on screen', () => {
    assert.deepEqual(['nextPane', 'nextPane', 'nextPane'].map((_, i) => apply(Array(i + 1).fill('nextPane') as KeyAction[], INITIAL_UI_STATE, withAlerts).pane), ['tree', 'alerts', 'executions']);
  });
  test('gives the executions list the keys back when the alerts pane leaves the screen', () => {
    const s = apply(['alerts'], INITIAL_UI_STATE, withAlerts);
    assert.equal(apply(['down'], s).selectedId, 'b');
    assert.equal(apply(['down'], s).pane, 'executions');
    assert.equal(apply(['open'], s).pane, 'tree');
  });
  test('Enter in an empty alerts pane does nothing', () => {
    const s = apply(['alerts', 'open'], INITIAL_UI_STATE, { ...withAlerts, alerts: [] });
    assert.equal(s.pane, 'alerts');
    assert.equal(s.filter, undefined);
  });
});
