// Turns §9 fixture files and terse kind objects into TypedEvents (through the real decoder) for model tests.
import { readFileSync } from 'node:fs';
import { decodeEnvelope } from '../../source/core/decode/decode-envelope.js';
import type { TypedEvent } from '../../source/core/decode/event.js';
import type { ExecutionModel } from '../../source/core/model/execution-model.js';
import type { ExecutionStatus, ExecutionSummary, ModelEffect, SpanStatus, SpanView } from '../../source/core/model/types.js';

/** The envelopes of test/fixtures/events/<name>.jsonl, one object per line. */
export function loadEnvelopes(name: string): Array<Record<string, unknown> & { kind: Record<string, unknown> }> {
  const url = new URL(`../../../test/fixtures/events/${name}.jsonl`, import.meta.url);
  return readFileSync(url, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown> & { kind: Record<string, unknown> });
}

/** Decodes one envelope, failing loudly when the decoder rejects it. */
export function decode(envelope: unknown, nodeKind?: string): TypedEvent {
  const r = decodeEnvelope(envelope, nodeKind);
  if (!r.ok) throw new Error(`fixture rejected: ${r.rejection.detail}`);
  return r.event;
}

/** The decoded events of a fixture file. */
export function fixtureEvents(name: string): TypedEvent[] {
  return loadEnvelopes(name).map((e) => decode(e));
}

/** A hyphenated UUID whose hex digits are `n`, zero-padded. */
export function uuid(n: number): string {
  const hex = n.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The `exec_` form of uuid(n). */
export function execId(n: number): string {
  return `exec_${n.toString(16).padStart(32, '0')}`;
}

/** Base time of synthetic events: 2026-03-14T09:00:00Z. */
export const T0 = Date.UTC(2026, 2, 14, 9, 0, 0);

/** A decoded event of execution `n` at sequence `seq`, `ms` after T0. */
export function ev(n: number, seq: number, kind: { type: string; [field: string]: unknown }, ms: number, nodeKind?: string): TypedEvent {
  return decode({ id: uuid(n * 1_000_000 + seq), execution_id: uuid(n), sequence: seq, kind, created_at: new Date(T0 + ms).toISOString() }, nodeKind);
}

/** Builds the events of one execution from a list of [kind, ms] pairs, numbering sequences from `first`. */
export function run(n: number, steps: ReadonlyArray<readonly [{ type: string; [field: string]: unknown }, number]>, first = 1): TypedEvent[] {
  return steps.map(([kind, ms], i) => ev(n, first + i, kind, ms));
}

/** Applies events in order with the same `now`. */
export function applyAll(model: ExecutionModel, events: readonly TypedEvent[], source = 'test', now = 0): void {
  for (const e of events) model.apply(e, source, now);
}

/** Effects of the given type. */
export function effectsOf<T extends ModelEffect['type']>(effects: readonly ModelEffect[], type: T): Array<Extract<ModelEffect, { type: T }>> {
  return effects.filter((e): e is Extract<ModelEffect, { type: T }> => e.type === type);
}

// Terse kind builders for synthetic runs.
/** workflow_started. */
export const started = (workflow = 'wf', version = '1.0.0') => ({ type: 'workflow_started', workflow_id: workflow, workflow_version: version, initial_input: {} });
/** node_scheduled. */
export const scheduled = (node: string, queue = 'general') => ({ type: 'node_scheduled', node_id: node, queue_type: queue });
/** node_started. */
export const nodeStarted = (node: string, attempt = 0, worker = 'general-worker-0') => ({ type: 'node_started', node_id: node, worker_id: worker, attempt });
/** node_completed with optional extras (gen_ai_model, tokens, cost_usd…). */
export const completed = (node: string, durationMs = 100, extra: Record<string, unknown> = {}) => ({
  type: 'node_completed', node_id: node, output: {}, state_patch: {}, duration_ms: durationMs, ...extra,
});
/** node_failed. */
export const failed = (node: string, error: string, attempt = 0, retryable = false) => ({ type: 'node_failed', node_id: node, error, attempt, retryable });
/** workflow_completed. */
export const wfCompleted = () => ({ type: 'workflow_completed', final_state: {} });
/** workflow_cancelled. */
export const wfCancelled = (reason: string | null = 'user request') => ({ type: 'workflow_cancelled', reason });

/** A frozen span view for effects built by hand (metrics tests): only what the fields name, the rest empty. */
export function stubSpan(nodeId: string, kind: string, status: SpanStatus, durationMs: number): SpanView {
  return Object.freeze({ id: `${nodeId}#1`, nodeId, attempt: 0, kind, status, durationMs, costSource: 'none', waits: [], notes: [] });
}

/** A frozen execution summary for effects built by hand (metrics tests): only what the fields name, the rest empty. */
export function stubSummary(id: string, workflowId: string, status: ExecutionStatus, durationMs?: number): ExecutionSummary {
  const zero = { inputTokens: 0, outputTokens: 0, costUsd: 0, unpricedTokens: 0 };
  return Object.freeze({
    id, source: 'test', workflowId, status, stale: false, durationMs, startSeen: durationMs !== undefined, lastEventAt: 0, eventCount: 0,
    currentNodes: [], queuedNodes: 0, waitingApproval: false, models: [], totals: zero, subtreeTotals: zero,
  });
}
