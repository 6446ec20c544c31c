import type { ReactNode } from 'react';
import { Box } from 'ink';
import { Line } from '../components/line.js';
import type { ActionDialogState } from '../action-dialog-state.js';
import type { Tone } from '../format/glyphs.js';
import { sanitise } from '../format/sanitise.js';
import { displayWidth } from '../format/truncate.js';

/** Widest the dialog grows, however wide the terminal. */
export const ACTION_DIALOG_MAX_WIDTH = 76;

/** Props for ActionDialog. */
export interface ActionDialogProps {
  readonly state: ActionDialogState;
  /** Room it may take; the box is at most ACTION_DIALOG_MAX_WIDTH wide. */
  readonly width: number;
  readonly color: boolean;
}

/** The execution as the dialog names it: `exec_… (workflow x)`. */
function named(state: ActionDialogState): string {
  const { executionId, workflowId } = state.target;
  return `${sanitise(executionId, 40)}${workflowId === undefined ? '' : ` (workflow ${sanitise(workflowId, 60)})`}`;
}

/** The end of a long text, so what is being typed stays in view. */
function tail(text: string, room: number): string {
  const chars = Array.from(text);
  return chars.length <= room ? text : `…${chars.slice(chars.length - room + 1).join('')}`;
}

/** Lines a long sentence is wrapped to (an error message from the runtime can be long). */
const MAX_WRAPPED_LINES = 3;

/** Word-wraps one line to `width` columns, at most MAX_WRAPPED_LINES lines (the last one is cut by Line). */
export function wrapLine(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line === '' ? word : `${line} ${word}`;
    if (displayWidth(next) <= width || line === '') line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines.length <= MAX_WRAPPED_LINES ? lines : [...lines.slice(0, MAX_WRAPPED_LINES - 1), lines.slice(MAX_WRAPPED_LINES - 1).join(' ')];
}

/** What the dialog says, one entry per line, with the tone of each. */
export function actionDialogLines(state: ActionDialogState, inner = ACTION_DIALOG_MAX_WIDTH - 4): { text: string; tone?: Tone }[] {
  const verb = state.action === 'cancel' ? 'cancel' : 'decide the approval of';
  switch (state.phase) {
    case 'blocked':
      return [{ text: `Cannot ${verb} ${named(state)}` }, { text: sanitise(state.reason, 200), tone: 'waiting' }, { text: 'any key closes', tone: 'muted' }];
    case 'sending':
      return [{ text: `${state.action === 'cancel' ? 'Cancelling' : state.request.kind === 'approve' && state.request.decision === 'rejected' ? 'Rejecting' : 'Approving'} ${named(state)}` }, { text: 'sending…', tone: 'muted' }];
    case 'done': {
      const o = state.outcome;
      if (o.ok) return [{ text: `✔ ${sanitise(o.message, 200)}`, tone: 'ok' }, { text: 'any key closes', tone: 'muted' }];
      const refusal = o.failure.kind === 'forbidden' || o.failure.kind === 'unauthorized';
      return [
        { text: `✖ ${sanitise(o.failure.message, 300)}`, tone: 'error' },
        ...(refusal ? [{ text: 'the runtime refused this token: actions need a developer or operator token', tone: 'waiting' as const }] : []),
        { text: 'any key closes', tone: 'muted' },
      ];
    }
    case 'confirm':
      if (state.action === 'cancel') return [{ text: `Cancel execution ${named(state)}? y/n` }];
      return [
        { text: `Approval for ${named(state)}${state.target.nodeId === undefined ? '' : ` at node ${sanitise(state.target.nodeId, 60)}`}` },
        { text: `Decision: ${state.decision === 'approved' ? '[approve]  reject ' : ' approve  [reject]'}   (Tab switches)` },
        { text: `Comment: ${tail(sanitise(state.comment, Infinity), inner - 10)}▏` },
        { text: 'Enter sends · Esc aborts', tone: 'muted' },
      ];
  }
}

/** The one-box confirmation of an action on the runtime, drawn over the panes by app.tsx. */
export function ActionDialog({ state, width, color }: ActionDialogProps): ReactNode {
  const boxWidth = Math.max(20, Math.min(width, ACTION_DIALOG_MAX_WIDTH));
  const inner = boxWidth - 4;
  const title = state.action === 'cancel' ? ' Cancel execution ' : ' Approve or reject ';
  // Every line is padded across the whole inside of the box: drawn over the panes, a cell left unwritten
  // would show what is underneath.
  const line = (text: string, key: string, tone?: Tone, bold?: boolean) => (
    <Line key={key} text={` ${text}`} width={boxWidth - 2} color={color} tone={tone} bold={bold} fill />
  );
  return (
    <Box flexDirection="column" width={boxWidth} borderStyle="round" borderColor={color ? 'yellow' : undefined}>
      {line(title.trim(), 'title', undefined, true)}
      {actionDialogLines(state, inner).flatMap((l, i) => wrapLine(l.text, inner).map((text, j) => line(text, `${i}.${j}`, l.tone)))}
    </Box>
  );
}
