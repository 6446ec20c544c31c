import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import type { ActionsData } from '../../../source/core/snapshot/snapshot.js';
import { dialogKey, dialogKeys, dialogOutcome, openActionDialog, type ActionDialogState } from '../../../source/view/action-dialog-state.js';
import { displayWidth } from '../../../source/view/format/truncate.js';
import { ActionDialog } from '../../../source/view/panes/action-dialog.js';
import { summary } from '../../helpers/view-fixtures.js';
import { assertGoldenFrame } from '../../helpers/view-golden.js';

afterEach(() => cleanup());

const ID = 'exec_0123456789abcdef0123456789abcdef';
const ACTIONS: ActionsData = { readOnly: false, sources: { demo: null } };
const target = summary({ id: ID, status: 'running', workflowId: 'cms_publisher', waitingApproval: true });

/** The dialog's text with its border and line breaks folded into spaces (long lines wrap). */
const text = (out: string): string => out.replace(/[│╭╮╰╯─]/g, ' ').replace(/\s+/g, ' ');

function frame(state: ActionDialogState, width = 100): string {
  const out = render(<ActionDialog state={state} width={width} color={false} />).lastFrame() ?? '';
  for (const line of out.split('\n')) assert.ok(displayWidth(line) <= width, line);
  return out;
}

describe('ActionDialog', () => {
  test('cancel confirmation', () => {
    const out = frame(openActionDialog('cancel', target, ACTIONS));
    assert.match(text(out), /Cancel execution exec_0123456789abcdef0123456789abcdef \(workflow cms_publisher\)\? y\/n/);
    assertGoldenFrame('action-dialog-cancel-confirm', out);
  });

  test('approve with a decision and a comment being typed', () => {
    const state = dialogKeys(openActionDialog('approve', target, ACTIONS, 'publish'), [{ kind: 'tab' }, ...Array.from('wrong channel', (char) => ({ kind: 'char' as const, char }))]).state!;
    const out = frame(state);
    assert.match(out, /Decision: {2}approve {2}\[reject\]/);
    assert.match(out, /Comment: wrong channel▏/);
    assertGoldenFrame('action-dialog-approve', out);
  });

  test('sending, then the outcome', () => {
    const sending = dialogKey(openActionDialog('cancel', target, ACTIONS), { kind: 'char', char: 'y' }).state!;
    assert.match(frame(sending), /sending…/);
    assertGoldenFrame('action-dialog-sending', frame(sending));
    const done = dialogOutcome(sending, { ok: true, message: `cancelled ${ID}` })!;
    assert.match(frame(done), /✔ cancelled exec_/);
    assertGoldenFrame('action-dialog-done', frame(done));
  });

  test('a 403 refusal is shown as such, with what to do', () => {
    const sending = dialogKey(openActionDialog('cancel', target, ACTIONS), { kind: 'char', char: 'y' }).state!;
    const refused = dialogOutcome(sending, { ok: false, failure: { kind: 'forbidden', status: 403, message: '403 forbidden: insufficient role — developer or operator required' } })!;
    const out = frame(refused);
    assert.match(text(out), /✖ 403 forbidden: insufficient role — developer or operator required/);
    assert.match(text(out), /developer or operator token/);
    assertGoldenFrame('action-dialog-forbidden', out);
  });

  test('not offered: says why', () => {
    const out = frame(openActionDialog('cancel', target, { ...ACTIONS, readOnly: true }));
    assert.match(out, /read-only: started with --read-only/);
    assertGoldenFrame('action-dialog-blocked', out);
  });

  test('wire text is escaped, a long comment keeps its end in view, and a narrow terminal cuts lines', () => {
    const hostile = summary({ id: ID, status: 'running', workflowId: 'evil\u001b[2Jflow', waitingApproval: true });
    const out = frame(openActionDialog('cancel', hostile, ACTIONS), 40);
    assert.ok(!out.includes('\u001b[2J'), 'no escape sequence reaches the terminal');
    assert.match(out, /\\x1b\[2J/);
    const long = dialogKeys(openActionDialog('approve', target, ACTIONS), Array.from(`${'x'.repeat(200)}END`, (char) => ({ kind: 'char' as const, char }))).state!;
    assert.match(frame(long), /END▏/);
  });
});
