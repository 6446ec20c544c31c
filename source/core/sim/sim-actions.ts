// The runtime's two write routes an operator uses from the dashboard, as the sim plays them against its
// script: `POST /executions/:id/cancel` and `POST /executions/:id/approve` (shared/reference/jamjet-runtime.md
// §3.3). Status codes and bodies follow the runtime; the messages of its 400 and 409 are the sim's wording.
import type { Json } from '../decode/event-kinds.js';
import { isTerminal } from '../model/lifecycle.js';
import type { SimRuntime } from './sim-runtime.js';
import type { ApprovalDecision } from './workload.js';

/** Longest approval comment the sim accepts (the runtime sets none; a body cap bounds it there). */
export const SIM_MAX_COMMENT_CHARS = 4_096;

/** A route's answer: status and JSON body. */
export interface RouteAnswer {
  status: number;
  body: Record<string, unknown>;
}

const error = (status: number, message: string): RouteAnswer => ({ status, body: { error: message } });

/** `POST /executions/:id/cancel`: `workflow_cancelled` ("user request") now and the rest of its script dropped. */
export function cancelExecution(runtime: SimRuntime, id: string, raw: string): RouteAnswer {
  const target = runtime.actionTarget(id);
  if (!target) return error(404, `execution ${raw}`);
  if (isTerminal(target.status)) return error(400, `execution ${raw} is already ${target.status}`);
  runtime.dropScripted(id, true);
  runtime.append(id, { type: 'workflow_cancelled', reason: 'user request' });
  // The runtime echoes the id as it was given in the path.
  return { status: 200, body: { execution_id: raw, status: 'cancelled' } };
}

/** Nodes held for approval: a `tool_approval_required` (or `interrupt_raised`) with no `approval_received` after it. */
export function pendingApprovals(events: readonly { kind: { type: string; node_id?: unknown } }[]): string[] {
  const pending: string[] = [];
  for (const e of events) {
    const node = typeof e.kind.node_id === 'string' ? e.kind.node_id : undefined;
    if (node === undefined) continue;
    if (e.kind.type === 'tool_approval_required' || e.kind.type === 'interrupt_raised') {
      if (!pending.includes(node)) pending.push(node);
    } else if (e.kind.type === 'approval_received') {
      const at = pending.indexOf(node);
      if (at >= 0) pending.splice(at, 1);
    }
  }
  return pending;
}

/**
 * `POST /executions/:id/approve`: `approval_received` with the caller's decision, user (default
 * `anonymous`) and comment, then the execution goes on as its script does for that decision.
 */
export function approveExecution(runtime: SimRuntime, id: string, raw: string, body: unknown): RouteAnswer {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return error(422, 'Failed to deserialize the JSON body into the target type: expected an object');
  const b = body as Record<string, unknown>;
  if (typeof b.decision !== 'string') return error(422, 'Failed to deserialize the JSON body into the target type: missing field `decision`');
  for (const f of ['node_id', 'user_id', 'comment'] as const) {
    if (b[f] !== undefined && b[f] !== null && typeof b[f] !== 'string') return error(422, `Failed to deserialize the JSON body into the target type: ${f}: expected a string`);
  }
  if (b.decision !== 'approved' && b.decision !== 'rejected') return error(400, `unknown decision: ${b.decision} (expected approved or rejected)`);
  const decision: ApprovalDecision = b.decision;
  const comment = typeof b.comment === 'string' ? b.comment : null;
  if (comment !== null && comment.length > SIM_MAX_COMMENT_CHARS) return error(400, `comment longer than ${SIM_MAX_COMMENT_CHARS} characters`);
  const target = runtime.actionTarget(id);
  if (!target) return error(404, `execution ${raw}`);
  if (isTerminal(target.status)) return error(409, `execution ${raw} is already ${target.status}`);
  const pending = pendingApprovals(target.events);
  const asked = typeof b.node_id === 'string' ? b.node_id : undefined;
  if (pending.length === 0) return error(409, `no pending approval for execution ${raw}`);
  if (asked === undefined && pending.length > 1) return error(400, `several approvals pending (${pending.join(', ')}): give node_id`);
  const nodeId = asked ?? pending[0]!;
  if (!pending.includes(nodeId)) return error(409, `node ${nodeId} has no pending approval`);
  const userId = typeof b.user_id === 'string' ? b.user_id : 'anonymous';
  const gate = target.script.approvalGate;
  // The decision replaces the scripted one: what the script would have done next is dropped first.
  if (gate?.nodeId === nodeId) runtime.dropScripted(id, false);
  const received = runtime.append(id, {
    type: 'approval_received', node_id: nodeId, user_id: userId, decision, comment, state_patch: (b.state_patch ?? null) as Json,
  }, target.script.events.find((e) => e.envelope.kind.node_id === nodeId)?.nodeKind);
  if (gate?.nodeId === nodeId) runtime.enqueue(id, gate.resume(decision, userId, comment, Date.parse(received.created_at), received.sequence + 1));
  return { status: 200, body: { execution_id: raw, node_id: nodeId, accepted: true } };
}
