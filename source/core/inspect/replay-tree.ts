import { decodeEnvelope } from '../decode/decode-envelope.js';
import { normaliseExecutionId } from '../decode/execution-id.js';
import type { RawEnvelope } from '../decode/event.js';
import { ExecutionModel } from '../model/execution-model.js';
import type { PriceTable } from '../model/price-table.js';
import type { ExecutionTree } from '../model/types.js';

/** The outcome of replaying stored or fetched envelopes through the model. */
export interface ReplayedTree {
  readonly tree: ExecutionTree | undefined;
  /** Envelopes the decoder refused (counted, not shown). */
  readonly rejected: number;
}

/** How to replay. */
export interface ReplayOptions {
  /** The source stopped sending (no monitor follows it any more): unfinished executions come out stale. */
  readonly stale?: boolean | undefined;
}

/**
 * Builds an execution's tree the way the live view does: every envelope (the execution's and its child
 * executions') decoded and applied to a fresh ExecutionModel, then any held gap released.
 */
export function replayTree(executionId: string, envelopes: readonly RawEnvelope[], source: string, prices?: PriceTable, options: ReplayOptions = {}): ReplayedTree {
  // Only the tree is read back: no effects (spans and summaries for sinks) are made.
  const model = new ExecutionModel(prices ? { prices, effects: false } : { effects: false });
  let rejected = 0;
  let last = 0;
  for (const env of envelopes) {
    const r = decodeEnvelope(env);
    if (!r.ok) {
      rejected++;
      continue;
    }
    if (r.event.time > last) last = r.event.time;
    model.apply(r.event, source, r.event.time);
  }
  model.tick(last + 24 * 3_600_000); // a stored log with a hole: apply what follows it rather than hold it
  if (options.stale) model.sourceState(source, 'ended', last);
  const id = normaliseExecutionId(executionId) ?? executionId;
  return { tree: model.tree(id), rejected };
}

const CHILD_EVENTS = new Set(['child_workflow_started', 'child_workflow_completed', 'child_workflow_failed']);

/**
 * Child execution ids named by `child_workflow_*` events, normalised, in order of appearance. Any of the
 * three links a child, as in the model and the store, so every view sums the same executions.
 */
export function childExecutionIds(envelopes: readonly RawEnvelope[]): string[] {
  const out: string[] = [];
  for (const e of envelopes) {
    if (!CHILD_EVENTS.has(e.kind.type)) continue;
    const raw = e.kind['child_execution_id'];
    const id = typeof raw === 'string' ? normaliseExecutionId(raw) : undefined;
    if (id !== undefined && !out.includes(id)) out.push(id);
  }
  return out;
}
