import type { EventKind, NodeCompleted } from '../decode/event-kinds.js';
import type { TypedEvent } from '../decode/event.js';
import type { AttemptState, ExecState, MutableTotals, MutableWait, NodeState } from './model-state.js';
import type { CostSource } from './types.js';
import type { ReduceContext } from './reduce-context.js';
import { addWait, closeWaits, dequeue, endAttempt, enqueue, hold, note, openAttempt, release, supersede, toolCall } from './attempt-ops.js';
import { kindFromContent, kindFromQueueType } from './infer-node-kind.js';
import { intern } from './intern.js';
import { linkId } from './link-id.js';
import { estimateCost } from './price-table.js';
import { evalScorers } from './eval-scorers.js';
import { noteModel } from './model-state.js';
import { isOpen, isSet, newNodeState, orElse, ownTotals, UNSET, zeroTotals } from './model-state.js';

// Hoisted so closing waits allocates nothing per event.
const QUEUE_WAITS: ReadonlyArray<MutableWait['kind']> = ['parked', 'retry'];
const HUMAN_WAITS: ReadonlyArray<MutableWait['kind']> = ['approval', 'interrupt'];

/** Event kinds that name a node. */
export type NodeEventKind = Extract<EventKind, { node_id: string }>;

function updateKind(node: NodeState, hint: string | undefined, kind: NodeEventKind): void {
  // Stronger evidence replaces weaker (see infer-node-kind.ts); cached span views notice via their kind.
  if (hint !== undefined && hint !== '') {
    // The stream repeats a handful of kinds: one shared copy, not a fresh one per node kept until eviction.
    if (node.kind !== hint) node.kind = intern(hint);
    node.kindRank = 3;
    return;
  }
  if (node.kindRank < 2 && kind.type === 'node_scheduled') {
    const fromQueue = kindFromQueueType(kind.queue_type);
    if (fromQueue !== undefined) {
      node.kind = fromQueue;
      node.kindRank = 2;
      return;
    }
  }
  if (node.kindRank < 1) {
    const fromContent = kindFromContent(kind);
    if (fromContent !== undefined) {
      node.kind = fromContent;
      node.kindRank = 1;
    }
  }
}

/** Applies an event that names a node: the attempt lifecycle, waits, links and notes. */
export function reduceNodeEvent(ctx: ReduceContext, exec: ExecState, event: TypedEvent, kind: NodeEventKind, source: string): void {
  const t = event.time;
  // Kind objects come in many shapes (megamorphic loads): read each field once.
  const nodeId = kind.node_id;
  let node = exec.nodes.get(nodeId);
  if (node === undefined) {
    // Node ids repeat across the executions of a workflow: one shared copy, not one per execution kept until eviction.
    const id = intern(nodeId);
    node = newNodeState(id, ctx.pool);
    exec.nodes.set(id, node);
  }
  if (node.kindRank < 3 || event.nodeKind !== undefined) updateKind(node, event.nodeKind, kind);
  const latest = node.attempts[node.attempts.length - 1];
  const open = latest !== undefined && isOpen(latest) ? latest : undefined;
  switch (kind.type) {
    case 'node_scheduled': {
      const queueType = intern(kind.queue_type);
      node.queueType = queueType;
      if (open?.status === 'queued') {
        // A repeated schedule of a still-queued attempt: same work item, not a new attempt.
        if (!isSet(open.scheduledAt)) open.scheduledAt = t;
        if (open.queueType !== queueType) {
          dequeue(ctx, exec, open);
          open.queueType = queueType;
          enqueue(ctx, exec, open);
        }
        open.view = undefined;
        return;
      }
      if (open !== undefined) supersede(ctx, exec, node, open, t, source);
      const att = openAttempt(ctx, exec, node, 'queued', undefined);
      att.scheduledAt = t;
      enqueue(ctx, exec, att);
      return;
    }
    case 'node_started': {
      let att: AttemptState;
      if (open?.status === 'queued') {
        att = open;
        dequeue(ctx, exec, att);
        closeWaits(att, t, QUEUE_WAITS);
      } else {
        if (open !== undefined) supersede(ctx, exec, node, open, t, source);
        att = openAttempt(ctx, exec, node, 'running', kind.attempt);
      }
      att.status = 'running';
      att.startedAt = t;
      att.workerId = intern(kind.worker_id);
      ctx.workers.seen(att.workerId, t);
      att.attempt = kind.attempt;
      att.view = undefined;
      if (ctx.emit) ctx.effects.push({
        type: 'attempt_started', executionId: exec.id, workflowId: exec.workflowId, nodeId: node.nodeId, nodeKind: node.kind,
        attempt: att.attempt, time: t, source,
      });
      return;
    }
    case 'node_completed': {
      const att = open ?? (latest?.endedByWorkflow === true ? latest : openAttempt(ctx, exec, node, 'running', undefined));
      if (att !== open && att === latest) {
        // Completed after the workflow's terminal event closed it: the span tells what really happened.
        att.endedByWorkflow = false;
        note(att, 'completed after the workflow ended');
      }
      // HTTP-claimed work has no node_started: the attempt ran from its schedule.
      if (!isSet(att.startedAt)) att.startedAt = orElse(att.scheduledAt, t - (typeof kind.duration_ms === 'number' ? kind.duration_ms : 0));
      applyUsage(ctx, exec, node, att, kind, t, source);
      att.finishReason = kind.finish_reason == null ? undefined : intern(kind.finish_reason);
      att.scorers = evalScorers(kind.output);
      endAttempt(ctx, exec, node, att, 'completed', t, source, typeof kind.duration_ms === 'number' ? kind.duration_ms : undefined);
      return;
    }
    case 'node_failed': {
      const att = open ?? (latest?.endedByWorkflow === true ? latest : openAttempt(ctx, exec, node, 'running', kind.attempt));
      att.endedByWorkflow = false;
      att.error = kind.error;
      att.retryable = kind.retryable;
      endAttempt(ctx, exec, node, att, 'failed', t, source);
      return;
    }
    case 'node_parked': {
      // Provider 429: the running attempt ends (retryable); the next one waits, queued, until retry_after.
      let att = open;
      if (att === undefined || att.status !== 'queued') {
        if (att !== undefined) {
          att.error = 'rate limited: parked';
          att.retryable = true;
          endAttempt(ctx, exec, node, att, 'failed', t, source);
        }
        att = openAttempt(ctx, exec, node, 'queued', kind.attempt);
        att.scheduledAt = t;
        enqueue(ctx, exec, att);
      }
      closeWaits(att, t, QUEUE_WAITS);
      const until = Date.parse(kind.retry_after);
      addWait(att, { kind: 'parked', open: true, since: t, until: Number.isNaN(until) ? undefined : until, detail: 'rate limited' });
      return;
    }
    case 'retry_scheduled': {
      let att = open;
      if (att === undefined || att.status !== 'queued') {
        if (att !== undefined) {
          note(att, 'retried without a failure event');
          endAttempt(ctx, exec, node, att, 'failed', t, source);
        }
        att = openAttempt(ctx, exec, node, 'queued', kind.attempt);
        att.scheduledAt = t;
        enqueue(ctx, exec, att);
      }
      att.attempt = kind.attempt;
      closeWaits(att, t, QUEUE_WAITS);
      addWait(att, { kind: 'retry', open: true, since: t, until: t + kind.delay_ms, detail: `back-off ${kind.delay_ms} ms` });
      return;
    }
    case 'node_skipped': {
      const att = open ?? openAttempt(ctx, exec, node, 'skipped', undefined);
      note(att, `skipped: ${kind.reason}`);
      endAttempt(ctx, exec, node, att, 'skipped', t, source);
      return;
    }
    case 'node_cancelled': {
      if (open !== undefined) endAttempt(ctx, exec, node, open, 'cancelled', t, source);
      else if (latest === undefined) endAttempt(ctx, exec, node, openAttempt(ctx, exec, node, 'cancelled', undefined), 'cancelled', t, source);
      return;
    }
    case 'tool_approval_required':
    case 'interrupt_raised': {
      const att = open ?? openAttempt(ctx, exec, node, 'running', undefined);
      if (!isSet(att.startedAt)) att.startedAt = t;
      dequeue(ctx, exec, att);
      if (exec.terminal) return;
      att.status = 'waiting';
      hold(exec, att);
      addWait(att, kind.type === 'tool_approval_required'
        ? { kind: 'approval', open: true, since: t, detail: `${kind.tool_name} (approver: ${kind.approver})` }
        : { kind: 'interrupt', open: true, since: t, detail: kind.reason });
      return;
    }
    case 'approval_received': {
      const held = open?.held === true ? open : undefined;
      const text = `${kind.decision} by ${kind.user_id}${kind.comment ? `: ${kind.comment}` : ''}`;
      if (held === undefined) {
        if (latest !== undefined) note(latest, text);
        return;
      }
      const wait = closeWaits(held, t, HUMAN_WAITS);
      if (wait !== undefined) {
        wait.decision = kind.decision;
        wait.by = kind.user_id;
      }
      release(exec, held);
      held.status = 'running';
      if (kind.decision === 'approved') held.approvedBy = kind.user_id;
      note(held, text);
      return;
    }
    case 'child_workflow_started':
    case 'child_workflow_completed':
    case 'child_workflow_failed': {
      const att = latest ?? openAttempt(ctx, exec, node, 'running', undefined);
      if (!isSet(att.startedAt)) att.startedAt = t;
      const childId = linkId(kind.child_execution_id);
      if (att.childExecutionId === undefined || kind.type === 'child_workflow_started') att.childExecutionId = childId;
      if (kind.type === 'child_workflow_started') att.childWorkflowId = kind.child_workflow_id;
      else note(att, kind.type === 'child_workflow_completed' ? `child ${childId} completed` : `child ${childId} failed: ${kind.error}`);
      att.view = undefined;
      ctx.linkChild(exec, node.nodeId, childId);
      return;
    }
    case 'critic_verdict': {
      if (latest === undefined) return;
      latest.score = kind.score;
      latest.passed = kind.passed;
      note(latest, `critic ${kind.passed ? 'passed' : 'failed'} (score ${kind.score})${kind.feedback ? `: ${kind.feedback}` : ''}`);
      return;
    }
    default: {
      if (latest === undefined) return;
      if (kind.type === 'tool_called') toolCall(latest, intern(kind.tool), t);
      const text = noteFor(kind);
      if (text !== undefined) note(latest, text);
    }
  }
}

function applyUsage(ctx: ReduceContext, exec: ExecState, node: NodeState, att: AttemptState, kind: NodeCompleted, t: number, source: string): void {
  const model = kind.gen_ai_model == null ? undefined : intern(kind.gen_ai_model);
  const inputTokens = kind.input_tokens ?? undefined;
  const outputTokens = kind.output_tokens ?? undefined;
  // A negative cost is no cost: priced from the table instead (metrics never count one, totals must agree).
  const eventCost = kind.cost_usd != null && kind.cost_usd >= 0 ? kind.cost_usd : undefined;
  if (model === undefined && inputTokens === undefined && outputTokens === undefined && eventCost === undefined) return;
  const input = inputTokens ?? 0;
  const output = outputTokens ?? 0;
  let cost: number | undefined;
  let costSource: CostSource;
  if (eventCost !== undefined) {
    cost = eventCost;
    costSource = 'event';
  } else if (model !== undefined) {
    cost = estimateCost(ctx.prices, model, input, output);
    costSource = cost === undefined ? 'unpriced' : 'estimated';
  } else {
    costSource = input + output > 0 ? 'unpriced' : 'none';
  }
  att.model = model;
  if (model !== undefined) noteModel(exec, model);
  att.system = kind.gen_ai_system == null ? undefined : intern(kind.gen_ai_system);
  att.inputTokens = inputTokens;
  att.outputTokens = outputTokens;
  att.costUsd = cost ?? UNSET;
  att.costSource = costSource;
  const unpriced = costSource === 'unpriced' ? input + output : 0;
  addUsage((node.totals ??= zeroTotals()), input, output, cost ?? 0, unpriced);
  addUsage(ownTotals(exec), input, output, cost ?? 0, unpriced);
  addUsage(ctx.global, input, output, cost ?? 0, unpriced);
  ctx.usage.add(model, exec.workflowId, input, output, cost ?? 0, unpriced);
  // Whatever was added to the totals goes out as an effect, a cost alone included (a paid tool's call): the
  // metrics count effects, and must add up to the totals.
  if (ctx.emit) ctx.effects.push({
    type: 'tokens_used', executionId: exec.id, nodeId: node.nodeId, model: model ?? 'unknown', system: att.system,
    inputTokens: input, outputTokens: output, costUsd: cost, costSource, time: t, source,
  });
}

function addUsage(totals: MutableTotals, input: number, output: number, cost: number, unpriced: number): void {
  totals.inputTokens += input;
  totals.outputTokens += output;
  totals.costUsd += cost;
  totals.unpricedTokens += unpriced;
}

function count(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

function noteFor(kind: NodeEventKind): string | undefined {
  switch (kind.type) {
    case 'policy_violation': return `policy ${kind.decision}: ${kind.rule} (${kind.policy_scope})`;
    case 'token_budget_exceeded': return `token budget exceeded: ${kind.kind} ${kind.current}/${kind.limit}`;
    case 'budget_exceeded': return `budget exceeded: ${kind.kind} ${kind.current}/${kind.limit}`;
    case 'cost_budget_exceeded': return `cost budget exceeded: $${kind.current_usd} of $${kind.limit_usd}`;
    case 'autonomy_limit_reached': return `autonomy limit reached: ${kind.limit_type} (${kind.agent_ref})`;
    case 'circuit_breaker_tripped': return `circuit breaker tripped: ${kind.consecutive_errors}/${kind.threshold} errors (${kind.agent_ref})`;
    case 'escalation_required': return `escalation required: ${kind.reason} → ${kind.escalation_target}`;
    case 'tool_called': return `tool called: ${kind.tool}`;
    case 'timer_created': return `timer set for ${kind.fire_at}`;
    case 'timer_fired': return 'timer fired';
    case 'coordinator_discovery': return `coordinator: ${count(kind.candidates)} candidates, ${count(kind.filtered_out)} filtered out`;
    case 'coordinator_scoring': return `coordinator scored ${count(kind.rankings)} candidates (spread ${kind.spread})`;
    case 'coordinator_decision': return `coordinator selected ${kind.selected ?? 'none'} (${kind.method})`;
    case 'agent_tool_invoked': return `agent tool ${kind.mode} → ${kind.agent_uri}`;
    case 'agent_tool_turn': return `agent turn ${kind.turn_number} ${kind.direction}`;
    case 'agent_tool_completed': return `agent tool done in ${kind.latency_ms} ms`;
    case 'agent_tool_terminated': return `agent tool terminated: ${kind.reason}`;
    case 'agent_tool_failed': return `agent tool failed: ${kind.failure_type}: ${kind.message}`;
    default: return undefined;
  }
}
