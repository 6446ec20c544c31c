import type { ExecutionStatus } from './types.js';

// The one statement of an execution's lifecycle. The model, the store writer (and its SQL), the REST
// source, the sim, the metrics and the commands all read these rules from here, so `top` (the model) and
// `inspect` (the store) can never disagree about what an execution is doing.

/** A status an execution never leaves: the first terminal event decides (the runtime's log is not sealed). */
export type TerminalStatus = Extract<ExecutionStatus, 'completed' | 'failed' | 'cancelled' | 'limit_exceeded'>;

/** Terminal statuses: the ones `jamjet_executions_total` counts. */
export const TERMINAL_STATUSES: readonly TerminalStatus[] = Object.freeze(['completed', 'failed', 'cancelled', 'limit_exceeded'] as const);
/** Unfinished statuses: `running`, or `paused` while at least one of its nodes is held for a human. */
export const ACTIVE_STATUSES: readonly ExecutionStatus[] = Object.freeze(['running', 'paused'] as const);
/** Every status the monitor gives an execution, unfinished first. */
export const EXECUTION_STATUSES: readonly ExecutionStatus[] = Object.freeze([...ACTIVE_STATUSES, ...TERMINAL_STATUSES]);
/** TERMINAL_STATUSES as a set of strings, for statuses read off the wire (a runtime's listing may say `pending`). */
export const TERMINAL_STATUS_SET: ReadonlySet<string> = new Set(TERMINAL_STATUSES);

/** True for a terminal status (anything else, `pending` or an unknown word included, is not terminal). */
export function isTerminal(status: string | null | undefined): status is TerminalStatus {
  switch (status) {
    case 'completed':
    case 'failed':
    case 'cancelled':
    case 'limit_exceeded':
      return true;
    default:
      return false;
  }
}

/** True while an execution is unfinished as the monitor knows it: `running` or `paused` (not a runtime's `pending`). */
export function isActive(status: string | null | undefined): boolean {
  return status === 'running' || status === 'paused';
}

/**
 * True for the terminal statuses counted as errors (rates, alerts): `failed`, and `limit_exceeded` (a budget
 * ran out mid-run). `cancelled` is somebody's decision, not an error.
 */
export function isErrorStatus(status: string | null | undefined): boolean {
  return status === 'failed' || status === 'limit_exceeded';
}

/**
 * The terminal status an event of `eventType` gives an execution that is not yet terminal, or undefined.
 * `segment_boundary` is written to the old segment of a continue-as-new rollover, which the runtime then
 * marks `limit_exceeded`.
 */
export function terminalStatusOf(eventType: string): TerminalStatus | undefined {
  switch (eventType) {
    case 'workflow_completed': return 'completed';
    case 'workflow_failed': return 'failed';
    case 'workflow_cancelled': return 'cancelled';
    case 'segment_boundary': return 'limit_exceeded';
    default: return undefined;
  }
}

/** The event types that end an execution (see terminalStatusOf). */
export const TERMINAL_EVENT_TYPES: ReadonlySet<string> = new Set(['workflow_completed', 'workflow_failed', 'workflow_cancelled', 'segment_boundary']);

/** What an event does to the human hold on the node it names. */
export type HoldChange = 'hold' | 'release';

/**
 * A node is held for a human from `tool_approval_required` or `interrupt_raised` (unless the execution is
 * already terminal) until `approval_received` or the node's next lifecycle event (scheduled or started
 * again, completed, failed, parked, retried, skipped, cancelled): whatever ends or replaces the held
 * attempt. Holding a held node again, or releasing one that is not held, changes nothing; a terminal event
 * releases every node. Other events (notes, child links, verdicts) leave the hold as it is.
 */
export function holdChange(eventType: string): HoldChange | undefined {
  switch (eventType) {
    case 'tool_approval_required':
    case 'interrupt_raised':
      return 'hold';
    case 'approval_received':
    case 'node_scheduled':
    case 'node_started':
    case 'node_completed':
    case 'node_failed':
    case 'node_parked':
    case 'retry_scheduled':
    case 'node_skipped':
    case 'node_cancelled':
      return 'release';
    default:
      return undefined;
  }
}

/**
 * The status an execution has after an event of `eventType`, given its status before (null or undefined:
 * nothing known yet) and how many of its nodes are held for a human after the event (see holdChange; the
 * caller counts them). Terminal stays terminal (the first terminal event wins); a terminal event ends it;
 * otherwise it is `paused` while any node is held and `running` when none is (workflow_started included:
 * a runtime's execution is created running, and the runtime never writes `paused` itself).
 */
export function statusAfter(status: string | null | undefined, eventType: string, heldCount = 0): ExecutionStatus {
  if (isTerminal(status)) return status;
  return terminalStatusOf(eventType) ?? (heldCount > 0 ? 'paused' : 'running');
}

function sqlList(statuses: readonly string[]): string {
  return statuses.map((s) => `'${s}'`).join(', ');
}

/** SQL: `status` (or `column`) is terminal. For the store's statements; the values are constants, never input. */
export function sqlIsTerminal(column = 'status'): string {
  return `${column} IN (${sqlList(TERMINAL_STATUSES)})`;
}

/** SQL: `status` (or `column`) is unfinished (`running` or `paused`); an index on the column serves it. */
export function sqlIsActive(column = 'status'): string {
  return `${column} IN (${sqlList(ACTIVE_STATUSES)})`;
}
