import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTION_COMMENT_MAX_CHARS, type ActionsData } from '../../source/core/snapshot/snapshot.js';
import {
  dialogKey, dialogKeys, dialogOutcome, openActionDialog, toDialogKeys, type ActionDialogState, type DialogKey,
} from '../../source/view/action-dialog-state.js';
import { summary } from '../helpers/view-fixtures.js';

const ID = 'exec_0123456789abcdef0123456789abcdef';
const ACTIONS: ActionsData = { readOnly: false, sources: { demo: null, 'ws://rt/v1/events': 'a websocket stream has no REST API' } };
const waiting = summary({ id: ID, status: 'running', workflowId: 'cms_publisher', waitingApproval: true });
const chars = (text: string): DialogKey[] => Array.from(text, (char) => ({ kind: 'char', char }));

describe('action dialog reducer', () => {
  test('cancel: y sends the request and waits; the outcome is shown; any key then closes', () => {
    const open = openActionDialog('cancel', waiting, ACTIONS);
    assert.equal(open.phase, 'confirm');
    assert.deepEqual(dialogKey(open, { kind: 'char', char: 'x' }), { state: open }, 'other keys are ignored');
    const step = dialogKey(open, { kind: 'char', char: 'y' });
    assert.deepEqual(step.send, { kind: 'cancel', executionId: ID, source: 'demo' });
    assert.equal(step.state?.phase, 'sending');
    assert.deepEqual(dialogKey(step.state!, { kind: 'char', char: 'y' }), { state: step.state }, 'a second y sends nothing');
    const done = dialogOutcome(step.state, { ok: true, message: `cancelled ${ID}` })!;
    assert.equal(done.phase, 'done');
    assert.equal(dialogKey(done, { kind: 'enter' }).state, undefined);
  });

  test('cancel: n and Esc abort without sending', () => {
    const open = openActionDialog('cancel', waiting, ACTIONS);
    for (const key of [{ kind: 'char', char: 'n' }, { kind: 'escape' }] as DialogKey[]) assert.deepEqual(dialogKey(open, key), { state: undefined });
  });

  test('approve: Tab switches the decision, typed text is the comment, Backspace edits, Enter sends', () => {
    const open = openActionDialog('approve', waiting, ACTIONS, 'publish');
    const step = dialogKeys(open, [{ kind: 'tab' }, ...chars('not yett'), { kind: 'backspace' }, { kind: 'enter' }, ...chars('ignored')]);
    assert.deepEqual(step.send, { kind: 'approve', executionId: ID, source: 'demo', decision: 'rejected', nodeId: 'publish', comment: 'not yet' });
    assert.equal(step.state?.phase, 'sending');
  });

  test('approve: a blank comment is not sent; Esc aborts', () => {
    const open = openActionDialog('approve', waiting, ACTIONS);
    assert.deepEqual(dialogKeys(open, [...chars('  '), { kind: 'enter' }]).send, { kind: 'approve', executionId: ID, source: 'demo', decision: 'approved' });
    assert.deepEqual(dialogKeys(open, [...chars('abc'), { kind: 'escape' }]), { state: undefined });
  });

  test('the comment keeps no control characters and stops at its cap', () => {
    const open = openActionDialog('approve', waiting, ACTIONS);
    const typed = dialogKeys(open, [...chars('a\u001b[31mb\u0007'), ...chars('x'.repeat(ACTION_COMMENT_MAX_CHARS + 20))]).state as Extract<ActionDialogState, { decision: string }>;
    assert.equal(typed.comment.length, ACTION_COMMENT_MAX_CHARS);
    assert.ok(typed.comment.startsWith('a[31mbxx'), typed.comment.slice(0, 10));
  });

  test('an action not offered opens a dialog that says why, and closes on any key', () => {
    const ro = openActionDialog('cancel', waiting, { ...ACTIONS, readOnly: true });
    assert.deepEqual(ro, { phase: 'blocked', action: 'cancel', target: { executionId: ID, source: 'demo', workflowId: 'cms_publisher', nodeId: undefined }, reason: 'read-only: started with --read-only' });
    assert.equal(dialogKey(ro, { kind: 'char', char: 'y' }).state, undefined);
    const stream = openActionDialog('approve', summary({ id: ID, status: 'running', source: 'ws://rt/v1/events', waitingApproval: true }), ACTIONS);
    assert.equal(stream.phase === 'blocked' && stream.reason, 'a websocket stream has no REST API');
    assert.equal(openActionDialog('approve', summary({ id: ID, status: 'running' }), ACTIONS).phase, 'blocked');
  });

  test('an outcome for a dialog closed while sending is dropped', () => {
    const sending = dialogKey(openActionDialog('cancel', waiting, ACTIONS), { kind: 'char', char: 'y' }).state!;
    const hidden = dialogKey(sending, { kind: 'escape' }).state;
    assert.equal(dialogOutcome(hidden, { ok: true, message: 'x' }), undefined);
  });

  test('Ink input becomes one key per character, so a paste types the whole text', () => {
    assert.deepEqual(toDialogKeys('ok', {}), chars('ok'));
    assert.deepEqual(toDialogKeys('', { return: true }), [{ kind: 'enter' }]);
    assert.deepEqual(toDialogKeys('', { delete: true }), [{ kind: 'backspace' }]);
    assert.deepEqual(toDialogKeys('', { tab: true }), [{ kind: 'tab' }]);
    assert.deepEqual(toDialogKeys('', { escape: true }), [{ kind: 'escape' }]);
  });
});
