// The model's effects → finished spans, as the JamJet docs' trace structure draws them: one trace per
// execution (trace id = the execution id's hex), a root `execution <id>` span, a `node:<id>` span per
// attempt (retries are siblings), and under it `model.call <model>`, `tool.call <tool>`, `eval.<scorer>` and a child workflow
// linked to its own trace. Pure: every time comes from the events, every id from what they name.
import type { ExecutionStatus, ExecutionSummary, ModelEffect, SpanView, SpanWait } from '../model/types.js';
import type { SpanAttributes, SpanEventRecord, SpanRecord } from './span-record.js';
import { rootSpanIdOf, spanIdOf, traceIdOf } from './span-ids.js';

type AttemptEnded = Extract<ModelEffect, { type: 'attempt_ended' }>;
type ExecutionEnded = Extract<ModelEffect, { type: 'execution_ended' }>;
type ExecutionStarted = Extract<ModelEffect, { type: 'execution_started' }>;

/** Why a root span ended without its execution ending: the monitor stopped, or dropped it from memory. */
export type UnfinishedReason = 'shutdown' | 'evicted';

/** What {@link attemptSpans} reads of an `attempt_ended` effect. */
export type AttemptSeed = Pick<AttemptEnded, 'type' | 'executionId' | 'workflowId' | 'workflowVersion' | 'nodeId' | 'nodeKind' | 'durationMs' | 'time' | 'span'>;
/** What {@link executionRootSpan} reads of an `execution_ended` effect. */
export type ExecutionEndSeed = Pick<ExecutionEnded, 'type' | 'executionId' | 'workflowId' | 'workflowVersion' | 'status' | 'time' | 'durationMs' | 'startedAt' | 'error'> & {
  readonly summary: Pick<ExecutionSummary, 'startedAt' | 'endedAt' | 'parentExecutionId' | 'parentNodeId'> & {
    readonly subtreeTotals: Pick<ExecutionSummary['subtreeTotals'], 'costUsd' | 'inputTokens' | 'outputTokens'>;
  };
};
/** An execution still open when the monitor stopped or evicted it: its root is ended as unfinished. */
export interface UnfinishedSeed {
  readonly type: 'unfinished';
  readonly started: Pick<ExecutionStarted, 'executionId' | 'workflowId' | 'workflowVersion' | 'parentExecutionId' | 'parentNodeId' | 'time'>;
  readonly endMs: number;
  readonly reason: UnfinishedReason;
}

/**
 * What the spans of one effect are made from: the fields the mapping reads and no more. The span sink queues
 * seeds and the export worker turns them into spans ({@link seedSpans}), so ingest's thread neither builds
 * spans nor copies what they repeat (ids, names, attribute keys) to the worker.
 */
export type SpanSeed = AttemptSeed | ExecutionEndSeed | UnfinishedSeed;

/** The seed of the spans an effect finishes (an attempt's, an execution's root); none for other effects. */
export function spanSeed(effect: ModelEffect): SpanSeed | undefined {
  if (effect.type === 'attempt_ended') {
    const { type, executionId, workflowId, workflowVersion, nodeId, nodeKind, durationMs, time, span } = effect;
    return { type, executionId, workflowId, workflowVersion, nodeId, nodeKind, durationMs, time, span };
  }
  if (effect.type !== 'execution_ended') return undefined;
  const { type, executionId, workflowId, workflowVersion, status, time, durationMs, startedAt, error, summary: s } = effect;
  const { costUsd, inputTokens, outputTokens } = s.subtreeTotals;
  const summary = { startedAt: s.startedAt, endedAt: s.endedAt, parentExecutionId: s.parentExecutionId, parentNodeId: s.parentNodeId, subtreeTotals: { costUsd, inputTokens, outputTokens } };
  return { type, executionId, workflowId, workflowVersion, status, time, durationMs, startedAt, error, summary };
}

/** The spans of a seed. */
export function seedSpans(seed: SpanSeed): SpanRecord[] {
  if (seed.type === 'attempt_ended') return attemptSpans(seed);
  if (seed.type === 'execution_ended') return [executionRootSpan(seed)];
  return [unfinishedRootSpan(seed.started, seed.endMs, seed.reason)];
}

/** How many spans {@link seedSpans} makes of a seed, without making them: what the export queue counts. */
export function seedSpanCount(seed: SpanSeed): number {
  if (seed.type !== 'attempt_ended') return 1;
  const { span } = seed;
  return 1 + (span.model !== undefined ? 1 : 0) + (span.toolCalls?.length ?? 0) + (span.scorers?.length ?? 0) +
    (span.score !== undefined ? 1 : 0) + (span.childExecutionId !== undefined ? 1 : 0);
}

/** The spans an effect finishes: an attempt's node span and its children, or an execution's root; none for others. */
export function effectSpans(effect: ModelEffect): SpanRecord[] {
  const seed = spanSeed(effect);
  return seed === undefined ? [] : seedSpans(seed);
}

/**
 * How many spans {@link effectSpans} makes of an effect, without making them: what a full export queue counts
 * as dropped instead of building spans only to throw them away.
 */
export function effectSpanCount(effect: ModelEffect): number {
  if (effect.type === 'execution_ended') return 1;
  return effect.type === 'attempt_ended' ? seedSpanCount(effect) : 0;
}

/** An ended attempt: its `node:<id>` span, then its model call, tool calls, eval scorers and child workflow spans. */
export function attemptSpans(e: AttemptSeed): SpanRecord[] {
  const { span } = e;
  const traceId = traceIdOf(e.executionId);
  // An attempt the workflow's end cancelled can still complete later (the model ends it again): each end is
  // its own span, so the cancelled one's id is apart and no span id is ever exported twice.
  const spanId = spanIdOf(span.status === 'cancelled' ? `${e.executionId}/${span.id}/cancelled` : `${e.executionId}/${span.id}`);
  const endMs = span.endedAt ?? e.time;
  const startMs = Math.min(endMs, span.startedAt ?? span.scheduledAt ?? endMs - e.durationMs);
  const failed = span.status === 'failed';
  const attributes: Record<string, string | number | boolean | readonly string[]> = {
    'jamjet.execution.id': e.executionId,
    'jamjet.node.id': e.nodeId,
    'jamjet.node.kind': e.nodeKind,
    'jamjet.node.attempt': span.attempt,
    'jamjet.node.status': span.status,
  };
  if (e.workflowId !== undefined) attributes['jamjet.workflow.id'] = e.workflowId;
  if (e.workflowVersion !== undefined) attributes['jamjet.workflow.version'] = e.workflowVersion;
  if (span.workerId !== undefined) attributes['jamjet.worker.id'] = span.workerId;
  if (span.queueType !== undefined) attributes['jamjet.queue.type'] = span.queueType;
  if (span.retryable !== undefined) attributes['jamjet.error.retryable'] = span.retryable;
  if (span.notes.length > 0) attributes['jamjet.notes'] = span.notes;
  const status = failed ? errorStatus(span.error ?? 'node failed') : span.status === 'cancelled' ? errorStatus('cancelled') : OK;
  const node: SpanRecord = {
    traceId, spanId, parentSpanId: rootSpanIdOf(e.executionId), name: `node:${e.nodeId}`, kind: 'internal',
    startMs, endMs, attributes, events: waitEvents(span.waits), links: [], status,
  };
  const out = [node];
  const child = (suffix: string, name: string, kind: SpanRecord['kind'], attrs: SpanAttributes, st = status): SpanRecord => ({
    traceId, spanId: spanIdOf(`${spanId}/${suffix}`), parentSpanId: spanId, name, kind, startMs, endMs, attributes: attrs, events: [], links: [], status: st,
  });
  if (span.model !== undefined) out.push(child('model', `model.call ${span.model}`, 'client', modelAttributes(span)));
  // Each tool call (`tool_called`) from its event's time to the next call, or to the attempt's end.
  const calls = span.toolCalls ?? [];
  for (const [i, call] of calls.entries()) {
    const from = Math.min(endMs, Math.max(startMs, call.at));
    const to = Math.max(from, Math.min(endMs, calls[i + 1]?.at ?? endMs));
    out.push({ ...child(`tool${i}`, `tool.call ${call.tool}`, 'client', { 'jamjet.tool.name': call.tool }), startMs: from, endMs: to });
  }
  for (const [i, s] of (span.scorers ?? []).entries()) {
    const attrs: Record<string, string | number | boolean> = { 'jamjet.eval.scorer': s.scorer };
    if (s.score !== undefined) attrs['jamjet.eval.score'] = s.score;
    if (s.passed !== undefined) attrs['jamjet.eval.passed'] = s.passed;
    out.push(child(`eval${i}`, `eval.${s.scorer}`, 'internal', attrs, s.passed === false ? errorStatus(`${s.scorer} failed`) : OK));
  }
  if (span.score !== undefined) {
    const attrs: Record<string, string | number | boolean> = { 'jamjet.eval.scorer': 'critic', 'jamjet.eval.score': span.score };
    if (span.passed !== undefined) attrs['jamjet.eval.passed'] = span.passed;
    out.push(child('critic', 'eval.critic', 'internal', attrs, span.passed === false ? errorStatus('critic failed') : OK));
  }
  if (span.childExecutionId !== undefined) {
    const attrs: Record<string, string> = { 'jamjet.child.execution.id': span.childExecutionId };
    if (span.childWorkflowId !== undefined) attrs['jamjet.child.workflow.id'] = span.childWorkflowId;
    const linked = child('child', `workflow.child ${span.childWorkflowId ?? span.childExecutionId}`, 'internal', attrs);
    out.push({ ...linked, links: [{ traceId: traceIdOf(span.childExecutionId), spanId: rootSpanIdOf(span.childExecutionId) }] });
  }
  return out;
}

/** An ended execution's root span, from workflow_started (or the first event seen) to its terminal event. */
export function executionRootSpan(e: ExecutionEndSeed): SpanRecord {
  const s = e.summary;
  const endMs = s.endedAt ?? e.time;
  const startMs = Math.min(endMs, s.startedAt ?? e.startedAt ?? (e.durationMs === undefined ? endMs : endMs - e.durationMs));
  const attributes = rootAttributes(e.executionId, e.workflowId, e.workflowVersion, s.parentExecutionId, s.parentNodeId);
  attributes['jamjet.execution.status'] = e.status;
  attributes['jamjet.cost_usd'] = s.subtreeTotals.costUsd;
  attributes['jamjet.usage.input_tokens'] = s.subtreeTotals.inputTokens;
  attributes['jamjet.usage.output_tokens'] = s.subtreeTotals.outputTokens;
  return rootSpan(e.executionId, startMs, endMs, attributes, executionStatus(e.status, e.error), s.parentExecutionId, s.parentNodeId);
}

/** The root span of an execution that had not ended when the monitor stopped or evicted it: an error saying so. */
export function unfinishedRootSpan(started: UnfinishedSeed['started'], endMs: number, reason: UnfinishedReason): SpanRecord {
  const attributes = rootAttributes(started.executionId, started.workflowId, started.workflowVersion, started.parentExecutionId, started.parentNodeId);
  attributes['jamjet.execution.status'] = reason === 'shutdown' ? 'unfinished' : 'evicted';
  const message = reason === 'shutdown' ? 'not finished when jamjet-top stopped' : 'evicted from memory before it finished';
  const end = Math.max(endMs, started.time);
  return rootSpan(started.executionId, started.time, end, attributes, errorStatus(message), started.parentExecutionId, started.parentNodeId);
}

const OK = { code: 'ok' } as const;

function errorStatus(message: string): SpanRecord['status'] {
  return { code: 'error', message };
}

function executionStatus(status: ExecutionStatus, error: string | undefined): SpanRecord['status'] {
  if (status === 'completed') return OK;
  return errorStatus(error === undefined ? status : `${status}: ${error}`);
}

function rootAttributes(executionId: string, workflowId: string, version: string | undefined, parent: string | undefined, parentNode: string | undefined): Record<string, string | number> {
  const attributes: Record<string, string | number> = { 'jamjet.execution.id': executionId, 'jamjet.workflow.id': workflowId };
  if (version !== undefined) attributes['jamjet.workflow.version'] = version;
  if (parent !== undefined) attributes['jamjet.parent.execution.id'] = parent;
  if (parentNode !== undefined) attributes['jamjet.parent.node.id'] = parentNode;
  return attributes;
}

function rootSpan(
  executionId: string, startMs: number, endMs: number, attributes: SpanAttributes, status: SpanRecord['status'],
  parent: string | undefined, parentNode: string | undefined,
): SpanRecord {
  // A child workflow's root links back to its parent's trace (the parent's node span links forward to it).
  const links = parent === undefined ? [] : [{ traceId: traceIdOf(parent), spanId: rootSpanIdOf(parent), attributes: parentNode === undefined ? undefined : { 'jamjet.parent.node.id': parentNode } }];
  return { traceId: traceIdOf(executionId), spanId: rootSpanIdOf(executionId), name: `execution ${executionId}`, kind: 'internal', startMs, endMs, attributes, events: [], links, status };
}

function modelAttributes(span: SpanView): SpanAttributes {
  const attributes: Record<string, string | number | readonly string[]> = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': span.model! };
  if (span.system !== undefined) attributes['gen_ai.system'] = span.system;
  if (span.inputTokens !== undefined) attributes['gen_ai.usage.input_tokens'] = span.inputTokens;
  if (span.outputTokens !== undefined) attributes['gen_ai.usage.output_tokens'] = span.outputTokens;
  if (span.finishReason !== undefined) attributes['gen_ai.response.finish_reasons'] = [span.finishReason];
  if (span.costUsd !== undefined) attributes['jamjet.cost_usd'] = span.costUsd;
  return attributes;
}

const WAIT_EVENT_NAMES: Readonly<Record<SpanWait['kind'], readonly [string, string]>> = {
  approval: ['approval.requested', 'approval.received'],
  interrupt: ['interrupt.raised', 'interrupt.resumed'],
  parked: ['parked', 'unparked'],
  retry: ['retry.backoff', 'retry.due'],
};

/** Approvals, interrupts, parks and retry back-offs as span events: one when the wait began, one when it ended. */
function waitEvents(waits: readonly SpanWait[]): SpanEventRecord[] {
  const out: SpanEventRecord[] = [];
  for (const w of waits) {
    const [begin, end] = WAIT_EVENT_NAMES[w.kind];
    out.push({ name: begin, timeMs: w.since, attributes: w.detail === undefined ? undefined : { 'jamjet.wait.detail': w.detail } });
    if (w.until !== undefined) {
      const attrs: Record<string, string> = {};
      if (w.decision !== undefined) attrs['jamjet.approval.decision'] = w.decision;
      if (w.by !== undefined) attrs['jamjet.approval.by'] = w.by;
      out.push({ name: end, timeMs: w.until, attributes: Object.keys(attrs).length === 0 ? undefined : attrs });
    }
  }
  return out;
}
