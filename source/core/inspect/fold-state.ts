import type { Json } from '../decode/event-kinds.js';
import type { RawEnvelope } from '../decode/event.js';

/** The key JamJet's Rust worker adds to every state patch (cumulative budget); hidden from display. */
export const BUDGET_KEY = '__budget';

/** Where a shown state came from. */
export type StateOrigin = 'final_state' | 'folded';

/** An execution's state and how it was arrived at. */
export interface FoldedState {
  readonly state: Json;
  readonly origin: StateOrigin;
  /** State patches applied by the fold (0 when `final_state` was used). */
  readonly patches: number;
}

const isObject = (v: unknown): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Applies a JSON merge patch (RFC 7396) to `target`, returning a new value; `target` is not modified. */
export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const out: { [k: string]: Json } = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/**
 * Folds an execution's state as JamJet does: `initial_input`, then each `node_completed.state_patch` and
 * `approval_received.state_patch` as a merge patch, in sequence order. With `preferFinal` (the default),
 * a `workflow_completed.final_state` is returned as is instead.
 */
export function foldState(events: readonly RawEnvelope[], preferFinal = true): FoldedState {
  const sorted = [...events].sort((a, b) => a.sequence - b.sequence);
  if (preferFinal) {
    const done = sorted.find((e) => e.kind.type === 'workflow_completed');
    if (done) return { state: (done.kind['final_state'] ?? null) as Json, origin: 'final_state', patches: 0 };
  }
  let state: Json = {};
  let patches = 0;
  for (const e of sorted) {
    const k = e.kind;
    if (k.type === 'workflow_started') state = (k['initial_input'] ?? {}) as Json;
    else if ((k.type === 'node_completed' || k.type === 'approval_received') && k['state_patch'] !== undefined && k['state_patch'] !== null) {
      state = mergePatch(state, k['state_patch'] as Json);
      patches++;
    }
  }
  return { state, origin: 'folded', patches };
}

/** The state without the top-level `__budget` key, for display. */
export function hideBudget(state: Json): Json {
  if (!isObject(state) || !(BUDGET_KEY in state)) return state;
  const { [BUDGET_KEY]: _hidden, ...rest } = state;
  return rest;
}
