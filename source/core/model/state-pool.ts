import type { AttemptState, ExecState, NodeState } from './model-state.js';

/** Most attempt objects kept for reuse. */
export const MAX_POOLED_ATTEMPTS = 4096;
/** Most node objects kept for reuse. */
export const MAX_POOLED_NODES = 4096;
/** Most execution objects kept for reuse. */
export const MAX_POOLED_EXECUTIONS = 1024;

/**
 * Node and attempt objects of evicted executions, handed out again for new ones. Execution state lives
 * for thousands of events, long enough for V8 to copy it through the young generation and promote it,
 * only to die soon after: reusing the already-old objects skips that churn (most of the model's GC time).
 * Nothing outside the execution refers to its nodes and attempts (views are frozen copies), so once it
 * is evicted they are free.
 */
export class StatePool {
  readonly attempts: AttemptState[] = [];
  readonly nodes: NodeState[] = [];
  readonly execs: ExecState[] = [];

  /** Takes back an evicted execution with its nodes and attempts, dropping what they refer to. */
  release(exec: ExecState): void {
    for (const node of exec.nodes.values()) {
      for (const att of node.attempts) {
        if (this.attempts.length >= MAX_POOLED_ATTEMPTS) break;
        att.view = undefined;
        att.waits = undefined;
        att.notes = undefined;
        att.toolCalls = undefined;
        this.attempts.push(att);
      }
      node.attempts.length = 0;
      node.totals = undefined;
      if (this.nodes.length < MAX_POOLED_NODES) this.nodes.push(node);
    }
    // exec.nodes is cleared when the object is reused (Map.clear allocates a fresh table: once is enough).
    exec.summary = undefined;
    exec.tree = undefined;
    exec.buffer = undefined;
    exec.above = undefined;
    exec.childIds = undefined;
    if (this.execs.length < MAX_POOLED_EXECUTIONS) this.execs.push(exec);
  }
}
