import type { ExecState, MutableTotals } from './model-state.js';
import type { PriceTable } from './price-table.js';
import type { QueueCounter } from './queue-counter.js';
import type { StatePool } from './state-pool.js';
import type { UsageTable } from './usage-breakdown.js';
import type { WorkerActivity } from './worker-activity.js';
import type { ModelEffect } from './types.js';

/** What the reducer needs from the model around one execution. */
export interface ReduceContext {
  readonly prices: PriceTable;
  /** Effects since the last drain (the model swaps in a fresh array when it drains). */
  effects: ModelEffect[];
  /** Whether effects are made at all (a replay that only wants the tree makes none: see ModelOptions.effects). */
  readonly emit: boolean;
  readonly global: MutableTotals;
  /** The global totals again, by model and by workflow. */
  readonly usage: UsageTable;
  /** When each worker last started an attempt. */
  readonly workers: WorkerActivity;
  readonly queue: QueueCounter;
  readonly maxAttemptsPerExecution: number;
  /** Node and attempt objects of evicted executions, for reuse. */
  readonly pool: StatePool;
  unknownTypes: number;
  /** Records that `childId` was started from `nodeId` of `parent`. */
  linkChild(parent: ExecState, nodeId: string, childId: string): void;
}
