// The field tables of shared/reference/jamjet-runtime.md §1.3 as data: one spec per `kind.type`, field name →
// wire type. The mapped type below makes the compiler check every spec against event-kinds.ts: a field missing
// here, or one that is not in the interface, is a type error.
import type { EventKind, EventType } from './event-kinds.js';

/** Wire type of one kind field; `?` = Option (null and absent both mean None); an array = string enum. */
export type FieldType =
  | 'string' | 'string?' | 'u32' | 'u32?' | 'u64' | 'u64?' | 'f64' | 'f64?' | 'bool' | 'bool?'
  | 'json' | 'json?' | 'string[]' | 'string[]?' | 'json[]' | 'provenance?' | readonly string[];

type KindOf<T extends EventType> = Extract<EventKind, { type: T }>;
type SpecOf<T extends EventType> = { readonly [F in Exclude<keyof KindOf<T>, 'type'>]-?: FieldType };

/** Field specs of every known event kind, in wire (declaration) order. */
export const EVENT_SPECS: { readonly [T in EventType]: SpecOf<T> } = {
  workflow_started: { workflow_id: 'string', workflow_version: 'string', initial_input: 'json' },
  workflow_completed: { final_state: 'json' },
  workflow_failed: { error: 'string' },
  workflow_cancelled: { reason: 'string?' },

  node_scheduled: { node_id: 'string', queue_type: 'string' },
  node_started: { node_id: 'string', worker_id: 'string', attempt: 'u32' },
  node_completed: {
    node_id: 'string', output: 'json', state_patch: 'json', duration_ms: 'u64',
    gen_ai_system: 'string?', gen_ai_model: 'string?', input_tokens: 'u64?', output_tokens: 'u64?',
    finish_reason: 'string?', cost_usd: 'f64?', provenance: 'provenance?', idempotency_key: 'string?',
  },
  node_failed: { node_id: 'string', error: 'string', attempt: 'u32', retryable: 'bool' },
  node_parked: { node_id: 'string', attempt: 'u32', retry_after: 'string' },
  node_skipped: { node_id: 'string', reason: 'string' },
  node_cancelled: { node_id: 'string' },

  retry_scheduled: { node_id: 'string', attempt: 'u32', delay_ms: 'u64' },

  interrupt_raised: { node_id: 'string', reason: 'string', state_for_review: 'json' },
  approval_received: {
    node_id: 'string', user_id: 'string', decision: ['approved', 'rejected'], comment: 'string?', state_patch: 'json?',
  },

  timer_created: { node_id: 'string', fire_at: 'string', correlation_key: 'string?' },
  timer_fired: { node_id: 'string', correlation_key: 'string?' },
  external_event_received: { correlation_key: 'string', payload: 'json' },

  child_workflow_started: { node_id: 'string', child_execution_id: 'string', child_workflow_id: 'string' },
  child_workflow_completed: { node_id: 'string', child_execution_id: 'string', result: 'json' },
  child_workflow_failed: { node_id: 'string', child_execution_id: 'string', error: 'string' },

  // Documented value sets (token_budget_exceeded.kind, policy decision, …) stay plain strings, as in
  // event-kinds.ts: the runtime may add values, and a monitor should show them rather than drop the event.
  budget_exceeded: { node_id: 'string', kind: 'string', limit: 'u64', current: 'u64' },
  token_budget_exceeded: { node_id: 'string', kind: 'string', limit: 'u64', current: 'u64' },
  cost_budget_exceeded: { node_id: 'string', limit_usd: 'f64', current_usd: 'f64' },
  autonomy_limit_reached: {
    node_id: 'string', agent_ref: 'string', limit_type: 'string', limit_value: 'json', actual_value: 'json',
  },
  circuit_breaker_tripped: { node_id: 'string', agent_ref: 'string', consecutive_errors: 'u32', threshold: 'u32' },
  escalation_required: { node_id: 'string', agent_ref: 'string', reason: 'string', escalation_target: 'string' },

  policy_violation: { node_id: 'string', rule: 'string', decision: 'string', policy_scope: 'string' },
  tool_approval_required: { node_id: 'string', tool_name: 'string', approver: 'string', context: 'json' },

  strategy_started: { strategy: 'string', config: 'json' },
  plan_generated: { steps: 'string[]' },
  iteration_started: { iteration: 'u32' },
  tool_called: { node_id: 'string', tool: 'string' },
  critic_verdict: { node_id: 'string', score: 'f64', passed: 'bool', feedback: 'string?' },
  iteration_completed: { iteration: 'u32', cost_delta_usd: 'f64?', input_tokens: 'u64', output_tokens: 'u64' },
  strategy_limit_hit: { limit_type: 'string', limit_value: 'json', actual_value: 'json' },
  strategy_completed: { iterations: 'u32', total_cost_usd: 'f64?' },

  coordinator_discovery: {
    node_id: 'string', query_skills: 'string[]', query_trust_domain: 'string?', candidates: 'json[]', filtered_out: 'json[]',
  },
  coordinator_scoring: { node_id: 'string', rankings: 'json[]', spread: 'f64', weights: 'json' },
  coordinator_decision: {
    node_id: 'string', selected: 'string?', method: 'string', reasoning: 'string?', confidence: 'f64',
    rejected: 'json[]', tiebreaker_tokens: 'json?', tiebreaker_cost: 'f64?',
  },

  agent_tool_invoked: { node_id: 'string', agent_uri: 'string', mode: 'string', protocol: 'string', input_hash: 'string' },
  agent_tool_progress: { node_id: 'string', chunk_index: 'u32', partial_output_summary: 'string' },
  agent_tool_turn: {
    node_id: 'string', turn_number: 'u32', direction: 'string', content_summary: 'string', tokens: 'u32', cost: 'f64',
  },
  agent_tool_completed: {
    node_id: 'string', output: 'json', provenance: 'json?', total_cost: 'f64', latency_ms: 'u64', total_turns: 'u32?',
  },
  agent_tool_terminated: {
    node_id: 'string', reason: 'string', chunks_received: 'u32', partial_output: 'json?', cost: 'f64',
  },
  agent_tool_failed: { node_id: 'string', failure_type: 'string', message: 'string', retryable: 'bool' },

  segment_boundary: { segment_number: 'u32', next_execution_id: 'string' },
};

/** `ProvenanceMetadata` inside `node_completed.provenance` (§1.4): `verified` defaults to false, `evidence_refs` is omitted when empty. */
export const PROVENANCE_SPEC: { readonly [field: string]: FieldType } = {
  model_id: 'string?', model_version: 'string?', confidence: 'f64?', verified: 'bool?',
  source: 'string?', trust_domain: 'string?', evidence_refs: 'string[]?',
};

/** All 46 known `kind.type` tags, in the reference's order. */
export const KNOWN_EVENT_TYPES: readonly EventType[] = Object.freeze(Object.keys(EVENT_SPECS) as EventType[]);
