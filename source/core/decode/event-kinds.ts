/**
 * The 46 `kind.type` variants of the JamJet Event envelope, typed exactly as they travel on the wire
 * (snake_case field names, see shared/reference/jamjet-runtime.md §1.3). Optional fields are typed
 * `T | null | undefined`: the runtime sends `null` for most empty options and omits only the
 * `node_completed` extras, and a tolerant reader treats both the same.
 */

/** Any JSON value (payloads such as `output`, `state_patch`, `final_state`). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

type Opt<T> = T | null | undefined;

// Workflow lifecycle
export interface WorkflowStarted { type: 'workflow_started'; workflow_id: string; workflow_version: string; initial_input: Json }
export interface WorkflowCompleted { type: 'workflow_completed'; final_state: Json }
export interface WorkflowFailed { type: 'workflow_failed'; error: string }
export interface WorkflowCancelled { type: 'workflow_cancelled'; reason: Opt<string> }

// Node lifecycle
export interface NodeScheduled { type: 'node_scheduled'; node_id: string; queue_type: string }
export interface NodeStarted { type: 'node_started'; node_id: string; worker_id: string; attempt: number }
export interface ProvenanceMetadata {
  model_id: Opt<string>; model_version: Opt<string>; confidence: Opt<number>; verified?: boolean;
  source: Opt<string>; trust_domain: Opt<string>; evidence_refs?: string[];
}
export interface NodeCompleted {
  type: 'node_completed'; node_id: string; output: Json; state_patch: Json; duration_ms: number;
  gen_ai_system?: Opt<string>; gen_ai_model?: Opt<string>; input_tokens?: Opt<number>; output_tokens?: Opt<number>;
  finish_reason?: Opt<string>; cost_usd?: Opt<number>; provenance?: Opt<ProvenanceMetadata>; idempotency_key?: Opt<string>;
}
export interface NodeFailed { type: 'node_failed'; node_id: string; error: string; attempt: number; retryable: boolean }
export interface NodeParked { type: 'node_parked'; node_id: string; attempt: number; retry_after: string }
export interface NodeSkipped { type: 'node_skipped'; node_id: string; reason: string }
export interface NodeCancelled { type: 'node_cancelled'; node_id: string }

// Retry
export interface RetryScheduled { type: 'retry_scheduled'; node_id: string; attempt: number; delay_ms: number }

// Human approval / interrupt
export interface InterruptRaised { type: 'interrupt_raised'; node_id: string; reason: string; state_for_review: Json }
export interface ApprovalReceived {
  type: 'approval_received'; node_id: string; user_id: string; decision: 'approved' | 'rejected';
  comment: Opt<string>; state_patch: Opt<Json>;
}

// Timers / external
export interface TimerCreated { type: 'timer_created'; node_id: string; fire_at: string; correlation_key: Opt<string> }
export interface TimerFired { type: 'timer_fired'; node_id: string; correlation_key: Opt<string> }
export interface ExternalEventReceived { type: 'external_event_received'; correlation_key: string; payload: Json }

// Child workflows
export interface ChildWorkflowStarted { type: 'child_workflow_started'; node_id: string; child_execution_id: string; child_workflow_id: string }
export interface ChildWorkflowCompleted { type: 'child_workflow_completed'; node_id: string; child_execution_id: string; result: Json }
export interface ChildWorkflowFailed { type: 'child_workflow_failed'; node_id: string; child_execution_id: string; error: string }

// Budget / autonomy
export interface BudgetExceeded { type: 'budget_exceeded'; node_id: string; kind: string; limit: number; current: number }
export interface TokenBudgetExceeded { type: 'token_budget_exceeded'; node_id: string; kind: string; limit: number; current: number }
export interface CostBudgetExceeded { type: 'cost_budget_exceeded'; node_id: string; limit_usd: number; current_usd: number }
export interface AutonomyLimitReached {
  type: 'autonomy_limit_reached'; node_id: string; agent_ref: string; limit_type: string; limit_value: Json; actual_value: Json;
}
export interface CircuitBreakerTripped { type: 'circuit_breaker_tripped'; node_id: string; agent_ref: string; consecutive_errors: number; threshold: number }
export interface EscalationRequired { type: 'escalation_required'; node_id: string; agent_ref: string; reason: string; escalation_target: string }

// Policy
export interface PolicyViolation { type: 'policy_violation'; node_id: string; rule: string; decision: string; policy_scope: string }
export interface ToolApprovalRequired { type: 'tool_approval_required'; node_id: string; tool_name: string; approver: string; context: Json }

// Reasoning strategy
export interface StrategyStarted { type: 'strategy_started'; strategy: string; config: Json }
export interface PlanGenerated { type: 'plan_generated'; steps: string[] }
export interface IterationStarted { type: 'iteration_started'; iteration: number }
export interface ToolCalled { type: 'tool_called'; node_id: string; tool: string }
export interface CriticVerdict { type: 'critic_verdict'; node_id: string; score: number; passed: boolean; feedback: Opt<string> }
export interface IterationCompleted { type: 'iteration_completed'; iteration: number; cost_delta_usd: Opt<number>; input_tokens: number; output_tokens: number }
export interface StrategyLimitHit { type: 'strategy_limit_hit'; limit_type: string; limit_value: Json; actual_value: Json }
export interface StrategyCompleted { type: 'strategy_completed'; iterations: number; total_cost_usd: Opt<number> }

// Coordinator
export interface CoordinatorDiscovery {
  type: 'coordinator_discovery'; node_id: string; query_skills: string[]; query_trust_domain: Opt<string>; candidates: Json[]; filtered_out: Json[];
}
export interface CoordinatorScoring { type: 'coordinator_scoring'; node_id: string; rankings: Json[]; spread: number; weights: Json }
export interface CoordinatorDecision {
  type: 'coordinator_decision'; node_id: string; selected: Opt<string>; method: string; reasoning: Opt<string>; confidence: number;
  rejected: Json[]; tiebreaker_tokens: Opt<Json>; tiebreaker_cost: Opt<number>;
}

// Agent-as-tool
export interface AgentToolInvoked { type: 'agent_tool_invoked'; node_id: string; agent_uri: string; mode: string; protocol: string; input_hash: string }
export interface AgentToolProgress { type: 'agent_tool_progress'; node_id: string; chunk_index: number; partial_output_summary: string }
export interface AgentToolTurn {
  type: 'agent_tool_turn'; node_id: string; turn_number: number; direction: string; content_summary: string; tokens: number; cost: number;
}
export interface AgentToolCompleted {
  type: 'agent_tool_completed'; node_id: string; output: Json; provenance: Opt<Json>; total_cost: number; latency_ms: number; total_turns: Opt<number>;
}
export interface AgentToolTerminated {
  type: 'agent_tool_terminated'; node_id: string; reason: string; chunks_received: number; partial_output: Opt<Json>; cost: number;
}
export interface AgentToolFailed { type: 'agent_tool_failed'; node_id: string; failure_type: string; message: string; retryable: boolean }

// Continue-as-new
export interface SegmentBoundary { type: 'segment_boundary'; segment_number: number; next_execution_id: string }

/** Every event kind the runtime defines, discriminated on `type`. */
export type EventKind =
  | WorkflowStarted | WorkflowCompleted | WorkflowFailed | WorkflowCancelled
  | NodeScheduled | NodeStarted | NodeCompleted | NodeFailed | NodeParked | NodeSkipped | NodeCancelled
  | RetryScheduled
  | InterruptRaised | ApprovalReceived
  | TimerCreated | TimerFired | ExternalEventReceived
  | ChildWorkflowStarted | ChildWorkflowCompleted | ChildWorkflowFailed
  | BudgetExceeded | TokenBudgetExceeded | CostBudgetExceeded | AutonomyLimitReached | CircuitBreakerTripped | EscalationRequired
  | PolicyViolation | ToolApprovalRequired
  | StrategyStarted | PlanGenerated | IterationStarted | ToolCalled | CriticVerdict | IterationCompleted | StrategyLimitHit | StrategyCompleted
  | CoordinatorDiscovery | CoordinatorScoring | CoordinatorDecision
  | AgentToolInvoked | AgentToolProgress | AgentToolTurn | AgentToolCompleted | AgentToolTerminated | AgentToolFailed
  | SegmentBoundary;

/** The `type` tag of a known event kind. */
export type EventType = EventKind['type'];

/** A kind whose `type` this build does not know: kept whole for forward compatibility. */
export interface UnknownKind { type: string; [field: string]: unknown }
