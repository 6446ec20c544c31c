// What the view may know about actions on the runtime (cancel, approve) and the one rule for when each is
// offered: pure, so the view can ask it of the selected row without any I/O.
import { isTerminal } from '../model/lifecycle.js';
import type { ExecutionSummary } from '../model/types.js';
import type { ActionFailure } from '../runtime-api/action-result.js';

export type { ActionFailure, ActionFailureKind } from '../runtime-api/action-result.js';

/** Longest approval comment sent; longer input is cut (the dialog stops taking characters there). */
export const ACTION_COMMENT_MAX_CHARS = 500;

/** The snapshot's `actions` field: whether the dashboard may act, and per source key why not when it may not. */
export interface ActionsData {
  /** `--read-only`: no action is ever sent. */
  readonly readOnly: boolean;
  /** By source key (`ExecutionSummary.source`): null when actions go to that source's runtime, else why they cannot. */
  readonly sources: Readonly<Record<string, string | null>>;
}

/** What the view asks the store to do. */
export type ActionRequest =
  | { readonly kind: 'cancel'; readonly executionId: string; readonly source: string }
  | {
      readonly kind: 'approve';
      readonly executionId: string;
      readonly source: string;
      readonly decision: 'approved' | 'rejected';
      readonly nodeId?: string | undefined;
      readonly comment?: string | undefined;
    };

/** How an action ended: a line saying what the runtime accepted, or the failure (a 403 reads as such). */
export type ActionOutcome = { readonly ok: true; readonly message: string } | { readonly ok: false; readonly failure: ActionFailure };

/** One action offered or not, and why not. */
export type Availability = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Whether cancel and approve are offered for an execution. */
export interface ActionAvailability {
  readonly cancel: Availability;
  readonly approve: Availability;
}

const no = (reason: string): Availability => ({ ok: false, reason });
const yes: Availability = { ok: true };

/** Why no action can reach this execution's runtime (read-only, its source, no actions here), or undefined when one can. */
export function sourceBlock(summary: Pick<ExecutionSummary, 'source'>, actions: ActionsData | undefined): string | undefined {
  if (actions === undefined) return 'actions are not available in this view';
  if (actions.readOnly) return 'read-only: started with --read-only';
  const reason = actions.sources[summary.source];
  if (reason === undefined) return `unknown source ${summary.source}`;
  return reason ?? undefined;
}

/** Cancel needs an unfinished execution, approve one waiting for an approval; both need a runtime to send to. */
export function actionAvailability(summary: ExecutionSummary, actions: ActionsData | undefined): ActionAvailability {
  const blocked = sourceBlock(summary, actions);
  if (blocked !== undefined) return { cancel: no(blocked), approve: no(blocked) };
  const done = isTerminal(summary.status) ? `already ${summary.status}` : undefined;
  return {
    cancel: done === undefined ? yes : no(done),
    approve: done !== undefined ? no(done) : summary.waitingApproval ? yes : no('no approval is waiting'),
  };
}
