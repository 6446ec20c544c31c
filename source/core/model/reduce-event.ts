import type { TypedEvent } from '../decode/event.js';
import type { ExecState } from './model-state.js';
import type { ExecutionSummary, ModelEffect } from './types.js';
import type { ReduceContext } from './reduce-context.js';
import { endAttempt } from './attempt-ops.js';
import { intern } from './intern.js';
import { isTerminal, statusAfter } from './lifecycle.js';
import { linkId } from './link-id.js';
import { isOpen, isSet, orElse, orUndefined } from './model-state.js';
import { reduceNodeEvent, type NodeEventKind } from './reduce-node-event.js';

/**
 * Applies one event (already deduplicated and in sequence order) to its execution, in place, pushing
 * the effects it causes onto ctx.effects (all but execution_ended, which the model emits once the event
 * is fully applied: see executionEnded). Deterministic: time comes only from the event.
 */
export function reduceEvent(ctx: ReduceContext, exec: ExecState, event: TypedEvent, source: string): void {
  const t = event.time;
  exec.eventCount++;
  if (!isSet(exec.firstEventAt) || t < exec.firstEventAt) exec.firstEventAt = t;
  if (t > exec.lastEventAt) exec.lastEventAt = t;
  if (!event.known) {
    ctx.unknownTypes++;
    return;
  }
  const kind = event.kind;
  let error: string | undefined;
  switch (kind.type) {
    case 'workflow_started':
      exec.workflowId = intern(kind.workflow_id);
      exec.workflowVersion = intern(kind.workflow_version);
      exec.startedAt = t;
      exec.startSeen = true;
      if (ctx.emit) ctx.effects.push({
        type: 'execution_started', executionId: exec.id, workflowId: exec.workflowId, workflowVersion: exec.workflowVersion, source, time: t,
        parentExecutionId: exec.parentExecutionId, parentNodeId: exec.parentNodeId,
      });
      break;
    case 'workflow_completed':
      break;
    case 'workflow_failed':
      error = kind.error;
      break;
    case 'workflow_cancelled':
      error = kind.reason ?? undefined;
      break;
    case 'segment_boundary':
      exec.nextExecutionId = linkId(kind.next_execution_id);
      break;
    default:
      // JSON objects inherit no node_id, so a string read here is the event's own field.
      if (typeof (kind as { node_id?: unknown }).node_id === 'string') reduceNodeEvent(ctx, exec, event, kind as NodeEventKind, source);
      // Strategy, iteration and external events carry no node: counted in eventCount, nothing else.
      break;
  }
  // The lifecycle's rule (lifecycle.ts): the holds it counts are the attempts held for a human.
  const status = statusAfter(exec.status, kind.type, exec.heldCount);
  if (!exec.terminal && isTerminal(status)) finish(ctx, exec, status, t, error, source);
  else exec.status = status;
}

function finish(ctx: ReduceContext, exec: ExecState, status: ExecState['status'], t: number, error: string | undefined, source: string): void {
  // Anything after the first terminal event only updates spans (the log is not sealed): statusAfter keeps it.
  exec.terminal = true;
  exec.status = status;
  exec.endedAt = t;
  exec.error = error;
  for (const node of exec.nodes.values()) {
    for (const att of node.attempts) {
      if (!isOpen(att)) continue;
      att.endedByWorkflow = true;
      endAttempt(ctx, exec, node, att, 'cancelled', t, source);
    }
  }
}

/** The execution_ended effect of an execution that has just ended, with its summary as it ended. */
export function executionEnded(exec: ExecState, summary: ExecutionSummary, source: string): ModelEffect {
  const t = orElse(exec.endedAt, exec.lastEventAt);
  return {
    type: 'execution_ended', executionId: exec.id, workflowId: exec.workflowId ?? 'unknown', workflowVersion: exec.workflowVersion,
    status: exec.status, source, time: t, durationMs: exec.startSeen && isSet(exec.startedAt) ? t - exec.startedAt : undefined,
    startedAt: exec.startSeen ? orUndefined(exec.startedAt) : undefined, error: exec.error, summary,
  };
}
