// The confirmation dialog of an action on the runtime (cancel, approve or reject), as a pure reducer: raw
// keys in, the next state and at most one request to send out. The view owns no I/O: app.tsx hands the
// request to the store's act() and feeds the outcome back with dialogOutcome.
import {
  ACTION_COMMENT_MAX_CHARS, actionAvailability, type ActionOutcome, type ActionRequest, type ActionsData, type ExecutionSummary,
} from '../core/snapshot/snapshot.js';

/** One key as the dialog reads it (a burst or a paste arrives as several `char` keys). */
export type DialogKey =
  | { readonly kind: 'char'; readonly char: string }
  | { readonly kind: 'enter' }
  | { readonly kind: 'escape' }
  | { readonly kind: 'backspace' }
  | { readonly kind: 'tab' };

/** The execution a dialog acts on, as the dialog names it. */
export interface DialogTarget {
  readonly executionId: string;
  readonly source: string;
  readonly workflowId?: string | undefined;
  /** The node whose approval is decided, when the view knows it (the runtime picks the only one otherwise). */
  readonly nodeId?: string | undefined;
}

/** Which action a dialog is for. */
export type DialogAction = 'cancel' | 'approve';

/** Where a dialog is: asking, sending, showing the outcome, or saying why the action is not offered. */
export type ActionDialogState =
  | { readonly phase: 'confirm'; readonly action: 'cancel'; readonly target: DialogTarget }
  | {
      readonly phase: 'confirm';
      readonly action: 'approve';
      readonly target: DialogTarget;
      readonly decision: 'approved' | 'rejected';
      readonly comment: string;
    }
  | { readonly phase: 'sending'; readonly action: DialogAction; readonly target: DialogTarget; readonly request: ActionRequest }
  | { readonly phase: 'done'; readonly action: DialogAction; readonly target: DialogTarget; readonly outcome: ActionOutcome }
  | { readonly phase: 'blocked'; readonly action: DialogAction; readonly target: DialogTarget; readonly reason: string };

/** What a key did: the next state (undefined once the dialog is closed) and a request to send, if any. */
export interface DialogStep {
  readonly state: ActionDialogState | undefined;
  readonly send?: ActionRequest | undefined;
}

/** Characters a comment may hold: printable ones only (control characters and escapes never enter it). */
// eslint-disable-next-line no-control-regex -- keeping control characters out is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

/** Opens the dialog for an action on an execution: asking to confirm, or saying why it is not offered. */
export function openActionDialog(action: DialogAction, summary: ExecutionSummary, actions: ActionsData | undefined, nodeId?: string): ActionDialogState {
  const target: DialogTarget = { executionId: summary.id, source: summary.source, workflowId: summary.workflowId, nodeId };
  const available = actionAvailability(summary, actions)[action];
  if (!available.ok) return { phase: 'blocked', action, target, reason: available.reason };
  return action === 'cancel' ? { phase: 'confirm', action, target } : { phase: 'confirm', action, target, decision: 'approved', comment: '' };
}

/** The dialog's answer to one key. */
export function dialogKey(state: ActionDialogState, key: DialogKey): DialogStep {
  switch (state.phase) {
    case 'sending':
      // The request is out; the outcome will come. Esc only hides it.
      return { state: key.kind === 'escape' ? undefined : state };
    case 'done':
    case 'blocked':
      return { state: undefined };
    case 'confirm':
      return state.action === 'cancel' ? cancelKey(state, key) : approveKey(state, key);
  }
}

/** Every key of a burst in turn; the first request sent ends the burst (keys after it are not answers to it). */
export function dialogKeys(state: ActionDialogState, keys: readonly DialogKey[]): DialogStep {
  let current: ActionDialogState | undefined = state;
  for (const key of keys) {
    if (current === undefined) break;
    const step = dialogKey(current, key);
    if (step.send) return step;
    current = step.state;
  }
  return { state: current };
}

/** The dialog once the store's act() has resolved; a dialog closed meanwhile stays closed. */
export function dialogOutcome(state: ActionDialogState | undefined, outcome: ActionOutcome): ActionDialogState | undefined {
  if (state?.phase !== 'sending') return state;
  return { phase: 'done', action: state.action, target: state.target, outcome };
}

function cancelKey(state: Extract<ActionDialogState, { action: 'cancel'; phase: 'confirm' }>, key: DialogKey): DialogStep {
  if (key.kind === 'escape' || (key.kind === 'char' && (key.char === 'n' || key.char === 'N'))) return { state: undefined };
  if (key.kind === 'char' && (key.char === 'y' || key.char === 'Y')) {
    const request: ActionRequest = { kind: 'cancel', executionId: state.target.executionId, source: state.target.source };
    return { state: { phase: 'sending', action: 'cancel', target: state.target, request }, send: request };
  }
  return { state };
}

function approveKey(state: Extract<ActionDialogState, { action: 'approve'; phase: 'confirm' }>, key: DialogKey): DialogStep {
  switch (key.kind) {
    case 'escape':
      return { state: undefined };
    case 'tab':
      return { state: { ...state, decision: state.decision === 'approved' ? 'rejected' : 'approved' } };
    case 'backspace':
      return { state: { ...state, comment: Array.from(state.comment).slice(0, -1).join('') } };
    case 'char': {
      if (UNPRINTABLE.test(key.char)) return { state };
      const comment = Array.from(state.comment + key.char).slice(0, ACTION_COMMENT_MAX_CHARS).join('');
      return { state: { ...state, comment } };
    }
    case 'enter': {
      const comment = state.comment.trim();
      const request: ActionRequest = {
        kind: 'approve', executionId: state.target.executionId, source: state.target.source, decision: state.decision,
        ...(state.target.nodeId === undefined ? {} : { nodeId: state.target.nodeId }),
        ...(comment === '' ? {} : { comment }),
      };
      return { state: { phase: 'sending', action: 'approve', target: state.target, request }, send: request };
    }
  }
}

/** Ink's useInput arguments as dialog keys: one per character of the input, so a burst or a paste works. */
export function toDialogKeys(input: string, key: { readonly return?: boolean; readonly escape?: boolean; readonly backspace?: boolean; readonly delete?: boolean; readonly tab?: boolean; readonly leftArrow?: boolean; readonly rightArrow?: boolean }): DialogKey[] {
  if (key.return) return [{ kind: 'enter' }];
  if (key.escape) return [{ kind: 'escape' }];
  // Most terminals send DEL (0x7f) for the Backspace key, which Ink reports as `delete`.
  if (key.backspace || key.delete) return [{ kind: 'backspace' }];
  if (key.tab || key.leftArrow || key.rightArrow) return [{ kind: 'tab' }];
  return Array.from(input, (char) => (char === '\r' || char === '\n' ? { kind: 'enter' } : { kind: 'char', char }));
}
