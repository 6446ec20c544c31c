import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KeyAction } from '../../source/view/keymap.js';
import type { AlertView } from '../../source/core/snapshot/snapshot.js';
import type { DetailContext } from '../../source/view/detail-state.js';
import { editQuery, INITIAL_UI_STATE, selectedAlertRow, selectedRow, uiReducer, type UiContext, type UiState } from '../../source/view/ui-state.js';

const detail: DetailContext = {
  rows: { tree: 10, events: 4, state: 2 }, pageSize: 5, cursor: 0,
  keyAt: (i) => (i < 10 ? `row${i}` : undefined), foldAt: () => undefined,
};
const context: UiContext = { executionIds: ['a', 'b', 'c', 'd'], executionsPage: 3, detail, panes: ['executions'] };
const apply = (actions: KeyAction[], state: UiState = INITIAL_UI_STATE, ctx = context): UiState =>
  actions.reduce((s, action) => uiReducer(s, { action, context: ctx }), state);
const selectedId = (s: UiState, ids = context.executionIds): string | undefined => ids[selectedRow(s, ids)];

describe('uiReducer', () => {
  test('applies a burst of keys in order', () => {
    assert.equal(selectedId(apply(['down', 'down', 'down'])), 'd');
    assert.equal(selectedId(apply(['down', 'down', 'up'])), 'b');
  });
  test('stops at both ends of the list', () => {
    assert.equal(apply(['up']).cursor, 0);
    assert.equal(selectedId(apply(['bottom', 'down'])), 'd');
    assert.equal(selectedId(apply(['bottom', 'top'])), 'a');
  });
  test('pages by the visible height less one row', () => {
    assert.equal(selectedId(apply(['pageDown'])), 'c');
  });
  test('Enter opens the selected execution full screen; Esc comes back to the list where it was', () => {
    const open = apply(['down', 'open']);
    assert.equal(open.detail?.id, 'b');
    assert.equal(open.detail?.view.tab, 'tree');
    const back = apply(['back'], open);
    assert.equal(back.detail, undefined);
    assert.equal(selectedId(back), 'b');
  });
  test('in the detail, keys go to its reducer: movement, Tab, Shift-Tab and numbers switch its tabs', () => {
    const s = apply(['open', 'down', 'down']);
    assert.notEqual(s.detail?.view, apply(['open']).detail?.view, 'movement changed the detail');
    assert.equal(s.cursor, 0, 'the list cursor stays');
    assert.equal(apply(['nextPane'], s).detail?.view.tab, 'events');
    assert.equal(apply(['prevPane'], s).detail?.view.tab, 'state');
    assert.equal(apply(['pane3', 'pane1'], s).detail?.view.tab, 'tree');
    assert.equal(apply(['sort'], s), s, 'a list key does nothing in the detail');
  });
  test('Enter on an empty list opens nothing', () => {
    assert.equal(apply(['open'], INITIAL_UI_STATE, { ...context, executionIds: [] }).detail, undefined);
  });
  test('help swallows movement keys and closes on Esc or ?', () => {
    const open = apply(['help', 'down', 'open']);
    assert.equal(open.help, true);
    assert.equal(open.cursor, 0);
    assert.equal(open.detail, undefined);
    assert.equal(apply(['help', 'back']).help, false);
    assert.equal(apply(['help', 'help']).help, false);
  });
  test('the cursor stays on its row as the list changes under it; F follows the execution instead', () => {
    const s = apply(['down']);
    assert.equal(selectedId(s, ['x', 'a', 'b']), 'a', 'a new row above: the cursor row stays, the execution under it changes');
    const followed = apply(['follow'], s);
    assert.equal(followed.followId, 'b');
    assert.equal(selectedId(followed, ['x', 'y', 'a', 'b']), 'b', 'followed: the cursor moves with it');
    assert.equal(selectedId(followed, ['a', 'c']), 'c', 'gone from the list: the cursor row');
    assert.equal(apply(['follow'], followed).followId, undefined, 'F again stops following');
    assert.equal(apply(['down'], followed, { ...context, executionIds: ['x', 'a', 'b', 'c'] }).followId, undefined, 'moving by hand stops following');
    assert.equal(selectedRow(s, []), 0);
  });
  test('z zooms the focused pane and Esc unzooms before anything else', () => {
    const z = apply(['zoom']);
    assert.equal(z.zoom, true);
    assert.equal(apply(['back'], z).zoom, false);
  });
  test('s cycles the sort order, f faults only, w grouping', () => {
    assert.deepEqual(['sort', 'sort', 'sort', 'sort', 'sort'].map((_, i) => apply(Array(i + 1).fill('sort') as KeyAction[]).sort), ['duration', 'cost', 'tokens', 'status', 'newest']);
    assert.equal(apply(['faults']).faultsOnly, true);
    assert.equal(apply(['faults', 'faults']).faultsOnly, false);
    assert.equal(apply(['group']).group, true);
  });
  test('/ edits the query live: text, Backspace, Enter keeps it, Esc restores the one before', () => {
    const typed = ['s', 't', 'a', 't', 'u', 's', ':', 'f', 'a', 'i', 'l', 'Space', 'x', 'Backspace'].reduce(editQuery, apply(['filter']));
    assert.equal(typed.query, 'status:fail ');
    assert.equal(typed.editing?.text, 'status:fail ');
    const kept = editQuery(typed, 'Enter');
    assert.equal(kept.editing, undefined);
    assert.equal(kept.query, 'status:fail ');
    const again = editQuery(editQuery(apply(['filter'], kept), 'z'), 'Esc');
    assert.equal(again.query, 'status:fail ', 'Esc restores the query from before this edit');
    assert.equal(editQuery(apply(['filter']), '↓').editing?.text, '', 'a key name is not typed');
    assert.equal(apply(['back'], kept).query, '', 'Esc in the list clears the query');
  });
});

describe('uiReducer with alerts', () => {
  const alerts: AlertView[] = [
    { name: 'ExecutionStuck', state: 'firing', labels: { workflow_id: 'research-agent', severity: 'warn' }, activeAt: 0, value: 1 },
    { name: 'ModelErrors', state: 'firing', labels: { model: 'gpt-4o' }, activeAt: 0, value: 0.3 },
    { name: 'QueueBacklog', state: 'pending', labels: { queue: 'default' }, activeAt: 0, value: 42 },
  ];
  const withAlerts: UiContext = { ...context, alerts, panePage: { alerts: 2 }, panes: ['executions', 'alerts'] };

  test('a and 2 focus the alerts pane only when it is on screen', () => {
    assert.equal(apply(['alerts'], INITIAL_UI_STATE, withAlerts).pane, 'alerts');
    assert.equal(apply(['pane2'], INITIAL_UI_STATE, withAlerts).pane, 'alerts');
    assert.equal(apply(['alerts']).pane, 'executions');
    assert.equal(apply(['pane2']).pane, 'executions');
  });
  test('moves the alert cursor, not the selection, while the alerts pane has the keys, and stops at the ends', () => {
    const s = apply(['alerts', 'down', 'down', 'down'], INITIAL_UI_STATE, withAlerts);
    assert.equal(selectedAlertRow(s, 3), 2);
    assert.equal(s.cursor, 0);
    assert.equal(selectedAlertRow(apply(['alerts', 'bottom', 'up'], INITIAL_UI_STATE, withAlerts), 3), 1);
    assert.equal(selectedAlertRow(s, 2), 1);
  });
  test('Enter on an alert filters the executions by its labels and gives the executions list the keys', () => {
    const s = apply(['down', 'down', 'alerts', 'down', 'open'], INITIAL_UI_STATE, withAlerts);
    assert.equal(s.pane, 'executions');
    assert.deepEqual(s.alertFilter, { alert: 'ModelErrors', filter: { model: 'gpt-4o' } });
    assert.equal(s.cursor, 0, 'the first matching row is selected');
  });
  test('Esc in the executions list clears the filter; from the detail it only comes back', () => {
    const filtered = apply(['alerts', 'open'], INITIAL_UI_STATE, withAlerts);
    assert.equal(filtered.alertFilter?.alert, 'ExecutionStuck');
    assert.equal(apply(['open', 'back'], filtered, withAlerts).alertFilter?.alert, 'ExecutionStuck');
    assert.equal(apply(['back'], filtered, withAlerts).alertFilter, undefined);
    assert.equal(apply(['back'], INITIAL_UI_STATE, withAlerts), INITIAL_UI_STATE);
  });
  test('Tab and Shift-Tab cycle the panes on screen', () => {
    assert.deepEqual([1, 2].map((n) => apply(Array(n).fill('nextPane') as KeyAction[], INITIAL_UI_STATE, withAlerts).pane), ['alerts', 'executions']);
    assert.equal(apply(['prevPane'], INITIAL_UI_STATE, withAlerts).pane, 'alerts');
  });
  test('gives the executions list the keys back when the alerts pane leaves the screen', () => {
    const s = apply(['alerts'], INITIAL_UI_STATE, withAlerts);
    assert.equal(selectedId(apply(['down'], s)), 'b');
    assert.equal(apply(['down'], s).pane, 'executions');
    assert.equal(apply(['open'], s).detail?.id, 'a');
  });
  test('Enter in an empty alerts pane does nothing', () => {
    const s = apply(['alerts', 'open'], INITIAL_UI_STATE, { ...withAlerts, alerts: [] });
    assert.equal(s.pane, 'alerts');
    assert.equal(s.alertFilter, undefined);
  });
});
