// The model's effects as log records: one record per state transition, in the JamJet docs' fields.
import type { LogLevel } from '../config/config-values.js';
import type { ExecutionStatus, ModelEffect, SpanStatus } from '../model/types.js';

/**
 * One state transition as a structured log line. Field names are the JamJet docs' (snake_case), so the
 * JSON writer serialises the record as it is; absent fields are left out, never written as null.
 */
export interface TransitionRecord {
  /** Epoch ms: the event's own time (the transition happened then, whenever it was ingested). */
  readonly timestamp: number;
  readonly level: LogLevel;
  /** `workflow_started`, `workflow_<status>`, `node_started`, `node_<status>`. */
  readonly event: string;
  readonly execution_id: string;
  readonly workflow_id?: string | undefined;
  readonly node_id?: string | undefined;
  readonly node_kind?: string | undefined;
  /** The runtime's attempt number (0-based): retries of one node are told apart by it. */
  readonly attempt?: number | undefined;
  readonly model?: string | undefined;
  readonly duration_ms?: number | undefined;
  readonly input_tokens?: number | undefined;
  readonly output_tokens?: number | undefined;
  /** As it came off the wire: the writers escape it (JSON escaping, or the text line's sanitiser). */
  readonly error?: string | undefined;
}

/**
 * Every field of a {@link TransitionRecord}, in the docs' order (the order of the JSON line). The log thread's
 * records cross as flat values in this order (a structured clone of plain values costs half that of objects).
 */
export const TRANSITION_FIELDS = [
  'timestamp', 'level', 'event', 'execution_id', 'workflow_id', 'node_id', 'node_kind', 'attempt', 'model', 'duration_ms', 'input_tokens', 'output_tokens', 'error',
] as const satisfies ReadonlyArray<keyof TransitionRecord>;
// A field added to TransitionRecord and not to TRANSITION_FIELDS fails to compile here.
const EVERY_FIELD_LISTED: Exclude<keyof TransitionRecord, (typeof TRANSITION_FIELDS)[number]> extends never ? true : never = true;
void EVERY_FIELD_LISTED;

/** How loud each end of an execution is: a failure is an error, a cancel a warning. */
const WORKFLOW_LEVEL: Readonly<Record<ExecutionStatus, LogLevel>> = {
  running: 'info',
  paused: 'info',
  completed: 'info',
  failed: 'error',
  cancelled: 'warn',
  limit_exceeded: 'error',
};

/** An attempt that fails is a warning when it will be retried, an error when it will not. */
function nodeLevel(status: SpanStatus, retryable: boolean | undefined): LogLevel {
  if (status === 'failed') return retryable === true ? 'warn' : 'error';
  return status === 'cancelled' ? 'warn' : 'info';
}

/** Token counts only when some were used: a node that called no model carries none. */
function tokens(input: number | undefined, output: number | undefined): { input_tokens?: number; output_tokens?: number } {
  if ((input ?? 0) === 0 && (output ?? 0) === 0) return {};
  return { input_tokens: input ?? 0, output_tokens: output ?? 0 };
}

/**
 * The log record of one model effect, or undefined when the effect is not a state transition
 * (`tokens_used`: its tokens are on the node's end line). Pure: the same effect always gives the same
 * record. Node starts are `debug` (the end line carries the duration); ends and workflow starts `info`
 * or louder.
 */
export function transitionRecord(effect: ModelEffect): TransitionRecord | undefined {
  switch (effect.type) {
    case 'execution_started':
      return { timestamp: effect.time, level: 'info', event: 'workflow_started', execution_id: effect.executionId, workflow_id: effect.workflowId };
    case 'execution_ended': {
      const totals = effect.summary.subtreeTotals;
      return {
        timestamp: effect.time,
        level: WORKFLOW_LEVEL[effect.status],
        event: `workflow_${effect.status}`,
        execution_id: effect.executionId,
        workflow_id: effect.workflowId,
        duration_ms: effect.durationMs,
        ...tokens(totals.inputTokens, totals.outputTokens),
        error: effect.error,
      };
    }
    case 'attempt_started':
      return {
        timestamp: effect.time,
        level: 'debug',
        event: 'node_started',
        execution_id: effect.executionId,
        workflow_id: effect.workflowId,
        node_id: effect.nodeId,
        node_kind: effect.nodeKind,
        attempt: effect.attempt,
      };
    case 'attempt_ended': {
      const { span } = effect;
      return {
        timestamp: effect.time,
        level: nodeLevel(effect.status, span.retryable),
        event: `node_${effect.status}`,
        execution_id: effect.executionId,
        workflow_id: effect.workflowId,
        node_id: effect.nodeId,
        node_kind: effect.nodeKind,
        attempt: effect.attempt,
        model: span.model,
        duration_ms: effect.durationMs,
        ...tokens(span.inputTokens, span.outputTokens),
        error: span.error,
      };
    }
    case 'tokens_used':
      return undefined;
  }
}
