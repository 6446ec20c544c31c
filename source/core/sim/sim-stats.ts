import { TERMINAL_STATUSES, terminalStatusOf } from '../model/lifecycle.js';
import type { StreamItem } from './sim-runtime.js';

/** Exact counts of what the sim emitted, for tests to compare metrics against. */
export interface SimStats {
  /** workflow_started events emitted (roots, children and continue-as-new segments). */
  executionsStarted: number;
  /** Executions by the runtime's status (running until its terminal event: the runtime never writes paused). */
  executionsByStatus: Record<string, number>;
  eventsEmitted: number;
  eventsByType: Record<string, number>;
  /** Tokens from node_completed events that carry a gen_ai_model. */
  tokensByModel: Record<string, { input: number; output: number }>;
  /** Sum of cost_usd over node_completed events where it is present. */
  costUsdEmittedByModel: Record<string, number>;
  /** Node attempts ended (node_completed + node_failed), by node kind tag. */
  nodeAttemptsByKind: Record<string, number>;
}

/** Zeroed stats. */
export function createSimStats(): SimStats {
  return {
    executionsStarted: 0,
    executionsByStatus: Object.fromEntries(['running', ...TERMINAL_STATUSES].map((s) => [s, 0])),
    eventsEmitted: 0, eventsByType: {}, tokensByModel: {}, costUsdEmittedByModel: {}, nodeAttemptsByKind: {},
  };
}

/** Counts one emitted item; `wasRunning` says whether its execution was running before it. */
export function recordStats(s: SimStats, item: StreamItem, wasRunning: boolean): void {
  const k = item.event.kind;
  s.eventsEmitted++;
  s.eventsByType[k.type] = (s.eventsByType[k.type] ?? 0) + 1;
  const by = s.executionsByStatus;
  if (k.type === 'workflow_started') {
    s.executionsStarted++;
    by.running = (by.running ?? 0) + 1;
  }
  const terminal = terminalStatusOf(k.type);
  if (terminal && wasRunning) {
    by.running = (by.running ?? 0) - 1;
    by[terminal] = (by[terminal] ?? 0) + 1;
  }
  if ((k.type === 'node_completed' || k.type === 'node_failed') && item.node_kind) {
    s.nodeAttemptsByKind[item.node_kind] = (s.nodeAttemptsByKind[item.node_kind] ?? 0) + 1;
  }
  if (k.type === 'node_completed' && typeof k.gen_ai_model === 'string') {
    const t = (s.tokensByModel[k.gen_ai_model] ??= { input: 0, output: 0 });
    t.input += typeof k.input_tokens === 'number' ? k.input_tokens : 0;
    t.output += typeof k.output_tokens === 'number' ? k.output_tokens : 0;
    if (typeof k.cost_usd === 'number') s.costUsdEmittedByModel[k.gen_ai_model] = (s.costUsdEmittedByModel[k.gen_ai_model] ?? 0) + k.cost_usd;
  }
}
