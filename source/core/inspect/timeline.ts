import type { RawEnvelope } from '../decode/event.js';
import { parseTimestamp } from '../decode/parse-timestamp.js';

/** One line of `inspect --events`. */
export interface TimelineEntry {
  readonly sequence: number;
  /** Milliseconds since the first event's `created_at`. */
  readonly offsetMs: number;
  readonly type: string;
  readonly nodeId?: string | undefined;
  /** One line, unsanitised: the printer escapes it. */
  readonly summary: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** A one-line summary of an event kind (what a reader of the timeline wants to see first). */
export function summariseKind(kind: RawEnvelope['kind']): string {
  const k = kind as { type: string; [f: string]: unknown };
  switch (k.type) {
    case 'workflow_started': return `${str(k['workflow_id']) ?? '?'} v${str(k['workflow_version']) ?? '?'}`;
    case 'workflow_completed': return 'completed';
    case 'workflow_failed': return `failed: ${str(k['error']) ?? ''}`;
    case 'workflow_cancelled': return `cancelled${str(k['reason']) ? `: ${str(k['reason'])}` : ''}`;
    case 'node_scheduled': return `queue ${str(k['queue_type']) ?? '?'}`;
    case 'node_started': return `attempt ${num(k['attempt']) ?? '?'} on ${str(k['worker_id']) ?? '?'}`;
    case 'node_completed': {
      const parts = [`completed in ${num(k['duration_ms']) ?? '?'}ms`];
      const model = str(k['gen_ai_model']);
      if (model) parts.push(`${model} ${num(k['input_tokens']) ?? 0}→${num(k['output_tokens']) ?? 0} tok`);
      return parts.join(', ');
    }
    case 'node_failed': return `${k['retryable'] === true ? 'retryable' : 'fatal'} failure (attempt ${num(k['attempt']) ?? '?'}): ${str(k['error']) ?? ''}`;
    case 'node_parked': return `parked until ${str(k['retry_after']) ?? '?'} (attempt ${num(k['attempt']) ?? '?'})`;
    case 'node_skipped': return `skipped: ${str(k['reason']) ?? ''}`;
    case 'retry_scheduled': return `retry attempt ${num(k['attempt']) ?? '?'} in ${num(k['delay_ms']) ?? '?'}ms`;
    case 'interrupt_raised': return `interrupt: ${str(k['reason']) ?? ''}`;
    case 'tool_approval_required': return `approval required for ${str(k['tool_name']) ?? '?'} from ${str(k['approver']) ?? '?'}`;
    case 'approval_received': {
      const comment = str(k['comment']);
      return `${str(k['decision']) ?? '?'} by ${str(k['user_id']) ?? '?'}${comment ? `: ${comment}` : ''}`;
    }
    case 'child_workflow_started': return `child ${str(k['child_workflow_id']) ?? '?'} ${str(k['child_execution_id']) ?? ''}`;
    case 'child_workflow_completed': return `child ${str(k['child_execution_id']) ?? ''} completed`;
    case 'child_workflow_failed': return `child ${str(k['child_execution_id']) ?? ''} failed: ${str(k['error']) ?? ''}`;
    case 'critic_verdict': return `score ${num(k['score']) ?? '?'} ${k['passed'] === true ? 'passed' : 'failed'}`;
    case 'policy_violation': return `${str(k['rule']) ?? '?'}: ${str(k['decision']) ?? '?'}`;
    case 'tool_called': return `tool ${str(k['tool']) ?? '?'}`;
    case 'coordinator_decision': return `selected ${str(k['selected']) ?? 'none'} (${str(k['method']) ?? '?'})`;
    case 'agent_tool_invoked': return `${str(k['mode']) ?? '?'} → ${str(k['agent_uri']) ?? '?'}`;
    case 'agent_tool_completed': return `done in ${num(k['latency_ms']) ?? '?'}ms`;
    case 'segment_boundary': return `continued as ${str(k['next_execution_id']) ?? '?'}`;
    case 'token_budget_exceeded':
    case 'budget_exceeded': return `${str(k['kind']) ?? '?'} ${num(k['current']) ?? '?'} > ${num(k['limit']) ?? '?'}`;
    case 'cost_budget_exceeded': return `$${num(k['current_usd']) ?? '?'} > $${num(k['limit_usd']) ?? '?'}`;
    default: return k.type;
  }
}

/** The event timeline of one execution, in sequence order, times relative to the first event. */
export function timeline(events: readonly RawEnvelope[]): TimelineEntry[] {
  const sorted = [...events].sort((a, b) => a.sequence - b.sequence);
  const times = sorted.map((e) => parseTimestamp(e.created_at));
  let start = Infinity;
  for (const t of times) if (t < start) start = t; // NaN compares false: skipped
  if (start === Infinity) start = 0;
  return sorted.map((e, i) => ({
    sequence: e.sequence,
    offsetMs: Number.isNaN(times[i]!) ? 0 : times[i]! - start,
    type: e.kind.type,
    nodeId: str(e.kind['node_id']),
    summary: summariseKind(e.kind),
  }));
}
