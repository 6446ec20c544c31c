import type { ReduceContext } from './reduce-context.js';
import type { AttemptState, ExecState, NodeState } from './model-state.js';
import type { MutableWait } from './model-state.js';
import type { SpanStatus } from './types.js';
import { isOpen, newAttempt, orElse } from './model-state.js';
import { spanView } from './model-views.js';

/** Notes kept per attempt; past it the oldest are dropped (a runaway agent can emit thousands). */
export const MAX_NOTES_PER_ATTEMPT = 32;
/** Tool calls kept per attempt (each becomes a child span); past it the oldest are dropped. */
export const MAX_TOOL_CALLS_PER_ATTEMPT = 32;
/** Waits kept per attempt; past it the oldest closed ones are dropped. */
export const MAX_WAITS_PER_ATTEMPT = 16;

/** Opens a new attempt of `node`, dropping the execution's oldest ended attempt when past the cap. */
export function openAttempt(ctx: ReduceContext, exec: ExecState, node: NodeState, status: SpanStatus, attempt: number | undefined): AttemptState {
  if (exec.attemptCount >= ctx.maxAttemptsPerExecution) dropOldestAttempt(ctx, exec);
  const att = newAttempt(node, status, attempt, ctx.pool);
  // A literal of one: pushing onto an empty array reserves 17 slots, and most nodes run once.
  if (node.attempts.length === 0) node.attempts = [att];
  else node.attempts.push(att);
  exec.attemptCount++;
  return att;
}

function dropOldestAttempt(ctx: ReduceContext, exec: ExecState): void {
  // Insertion order of nodes approximates time order. Prefer an ended attempt that is not its node's
  // only one, then any ended one, then (a stream of endless open attempts) the oldest at all.
  for (let pass = 0; pass < 3; pass++) {
    for (const node of exec.nodes.values()) {
      const first = node.attempts[0];
      if (first === undefined) continue;
      if (pass === 0 && (isOpen(first) || node.attempts.length === 1)) continue;
      if (pass === 1 && isOpen(first)) continue;
      dequeue(ctx, exec, first);
      release(exec, first);
      node.attempts.shift();
      exec.attemptCount--;
      exec.droppedAttempts++;
      return;
    }
  }
}

/** Counts an attempt in queue depth (never for a finished execution: nothing will start it). */
export function enqueue(ctx: ReduceContext, exec: ExecState, att: AttemptState): void {
  if (att.queueKey !== undefined || exec.terminal) return;
  att.queueKey = att.queueType ?? 'unknown';
  ctx.queue.add(att.queueKey);
  exec.queuedCount++;
}

/** Removes an attempt from queue depth if it was counted there. */
export function dequeue(ctx: ReduceContext, exec: ExecState, att: AttemptState): void {
  if (att.queueKey === undefined) return;
  ctx.queue.remove(att.queueKey);
  att.queueKey = undefined;
  exec.queuedCount--;
}

/** Marks an attempt as held for a human. */
export function hold(exec: ExecState, att: AttemptState): void {
  if (att.held) return;
  att.held = true;
  exec.heldCount++;
}

/** Releases a human hold if there was one. */
export function release(exec: ExecState, att: AttemptState): void {
  if (!att.held) return;
  att.held = false;
  exec.heldCount--;
}

/** Records a tool call at `at`, keeping the latest MAX_TOOL_CALLS_PER_ATTEMPT. */
export function toolCall(att: AttemptState, tool: string, at: number): void {
  const calls = att.toolCalls;
  if (calls === undefined) att.toolCalls = [{ tool, at }];
  else {
    if (calls.length >= MAX_TOOL_CALLS_PER_ATTEMPT) calls.shift();
    calls.push({ tool, at });
  }
  att.view = undefined;
}

/** Adds a one-line note, keeping the latest MAX_NOTES_PER_ATTEMPT. */
export function note(att: AttemptState, text: string): void {
  const notes = att.notes;
  if (notes === undefined) att.notes = [text];
  else {
    if (notes.length >= MAX_NOTES_PER_ATTEMPT) notes.shift();
    notes.push(text);
  }
  att.view = undefined;
}

/** Adds a wait, keeping at most MAX_WAITS_PER_ATTEMPT. */
export function addWait(att: AttemptState, wait: MutableWait): void {
  const waits = att.waits;
  if (waits === undefined) att.waits = [wait];
  else {
    if (waits.length >= MAX_WAITS_PER_ATTEMPT) waits.shift();
    waits.push(wait);
  }
  att.view = undefined;
}

/** Closes open waits of the given kinds at `t`. */
export function closeWaits(att: AttemptState, t: number, kinds?: ReadonlyArray<MutableWait['kind']>): MutableWait | undefined {
  let last: MutableWait | undefined;
  if (att.waits === undefined) return undefined;
  for (const w of att.waits) {
    if (w.open && (kinds === undefined || kinds.includes(w.kind))) {
      w.open = false;
      w.until = t;
      last = w;
    }
  }
  if (last !== undefined) att.view = undefined;
  return last;
}

/** Ends an attempt: leaves the queue, drops any hold, closes waits, emits attempt_ended with its frozen span. */
export function endAttempt(
  ctx: ReduceContext, exec: ExecState, node: NodeState, att: AttemptState, status: SpanStatus, t: number, source: string, durationMs?: number,
): void {
  dequeue(ctx, exec, att);
  release(exec, att);
  closeWaits(att, t);
  att.status = status;
  att.endedAt = t;
  const from = orElse(att.startedAt, orElse(att.scheduledAt, t));
  att.durationMs = durationMs ?? Math.max(0, t - from);
  att.view = undefined;
  if (!ctx.emit) return;
  ctx.effects.push({
    type: 'attempt_ended', executionId: exec.id, workflowId: exec.workflowId, workflowVersion: exec.workflowVersion, nodeId: node.nodeId,
    nodeKind: node.kind, attempt: att.attempt, status, durationMs: att.durationMs, time: t, source,
    // Kept on the attempt only when the execution's tree has been asked for (it is, or was, focused): that tree
    // then shows this same object until the attempt changes, and nobody else holds a view per ended attempt.
    span: spanView(node, att, exec.tree !== undefined), parentExecutionId: exec.parentExecutionId, parentNodeId: exec.parentNodeId,
  });
}

/** Ends an open attempt that a new schedule or start replaces: approved holds completed, others cancelled. */
export function supersede(ctx: ReduceContext, exec: ExecState, node: NodeState, att: AttemptState, t: number, source: string): void {
  if (att.approvedBy !== undefined) {
    endAttempt(ctx, exec, node, att, 'completed', t, source);
    return;
  }
  note(att, 'superseded: the node was dispatched again');
  endAttempt(ctx, exec, node, att, 'cancelled', t, source);
}
