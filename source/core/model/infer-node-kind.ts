import type { NodeKind } from './types.js';

/**
 * How a node's kind is decided, strongest evidence first (a weaker source never overrides a stronger one):
 *
 * | rank | evidence                                   | kind                                               |
 * |------|--------------------------------------------|----------------------------------------------------|
 * | 3    | the stream's own `node_kind` hint          | the hint, as sent                                  |
 * | 2    | `queue_type` of node_scheduled             | model→model, tool→tool, python_tool→python_fn,     |
 * |      |                                            | java_tool→java_fn, retrieval→memory_retrieval      |
 * |      |                                            | (general and privileged host many kinds: no answer)|
 * | 1    | the event's content                        | node_completed with gen_ai_model or token counts→model; |
 * |      |                                            | critic_verdict, or output with `scorers` / boolean `passed`→eval; |
 * |      |                                            | output with `chosen_target`→condition; child_workflow_*→subgraph; |
 * |      |                                            | coordinator_*→coordinator; agent_tool_*→agent_tool; |
 * |      |                                            | autonomy_limit_reached / circuit_breaker_tripped→agent |
 * | 0    | nothing                                    | unknown                                            |
 */
export type KindRank = 0 | 1 | 2 | 3;

/** Evidence about a node's kind that one event carries. */
export interface KindEvidence {
  readonly hint?: string | undefined;
  readonly queueType?: string | undefined;
  /** The event's `kind` object (`type` plus fields). */
  readonly content?: { readonly type: string } | undefined;
}

const QUEUE_KINDS: Readonly<Record<string, NodeKind>> = {
  model: 'model',
  tool: 'tool',
  python_tool: 'python_fn',
  java_tool: 'java_fn',
  retrieval: 'memory_retrieval',
};

/** The node kind a queue implies, or undefined when the queue hosts several kinds (`general`, `privileged`). */
export function kindFromQueueType(queueType: string): NodeKind | undefined {
  return Object.hasOwn(QUEUE_KINDS, queueType) ? QUEUE_KINDS[queueType] : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The node kind an event's content implies, or undefined when it says nothing about kind. */
export function kindFromContent(kind: { readonly type: string }): NodeKind | undefined {
  const type = kind.type;
  if (type === 'node_completed') {
    const content = kind as { readonly [field: string]: unknown };
    if (typeof content['gen_ai_model'] === 'string' || typeof content['input_tokens'] === 'number' || typeof content['output_tokens'] === 'number') {
      return 'model';
    }
    const output = content['output'];
    if (isObject(output)) {
      if (Array.isArray(output['scorers']) || typeof output['passed'] === 'boolean') return 'eval';
      if ('chosen_target' in output) return 'condition';
    }
    return undefined;
  }
  if (type === 'critic_verdict') return 'eval';
  if (type.startsWith('child_workflow_')) return 'subgraph';
  if (type.startsWith('coordinator_')) return 'coordinator';
  if (type.startsWith('agent_tool_')) return 'agent_tool';
  if (type === 'autonomy_limit_reached' || type === 'circuit_breaker_tripped') return 'agent';
  return undefined;
}

/** The strongest kind one event's evidence supports, with its rank (0 and `unknown` when none). */
export function rankedKind(evidence: KindEvidence): { readonly kind: NodeKind; readonly rank: KindRank } {
  if (evidence.hint !== undefined && evidence.hint !== '') return { kind: evidence.hint, rank: 3 };
  const fromQueue = evidence.queueType === undefined ? undefined : kindFromQueueType(evidence.queueType);
  if (fromQueue !== undefined) return { kind: fromQueue, rank: 2 };
  const fromContent = evidence.content === undefined ? undefined : kindFromContent(evidence.content);
  if (fromContent !== undefined) return { kind: fromContent, rank: 1 };
  return { kind: 'unknown', rank: 0 };
}

/** Infers a node kind from one event's evidence: stream hint, else queue type, else content, else `unknown`. */
export function inferNodeKind(evidence: KindEvidence): NodeKind {
  return rankedKind(evidence).kind;
}
