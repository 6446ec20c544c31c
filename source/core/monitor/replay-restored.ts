import { decodeEnvelope } from '../decode/decode-envelope.js';
import type { ExecutionModel } from '../model/execution-model.js';
import type { RestoredState } from '../store/restore.js';

/** Replays restored events into the model before any source starts; their effects are not re-emitted. */
export function replayRestored(model: ExecutionModel, restored: RestoredState, now: number): number {
  let applied = 0;
  for (const envelope of restored.events) {
    const decoded = decodeEnvelope(envelope);
    if (!decoded.ok) continue;
    // Under the source it came from: if that source does not come back, the execution goes stale.
    model.apply(decoded.event, restored.sourceOf?.get(decoded.event.executionId) ?? 'store', now);
    applied++;
  }
  model.tick(now);
  // Counted by the run that first saw them: a restart must not double the dashboard's rates, nor count them
  // as applied again (jamjet_top_events_applied_total, the dashboard's ev/s).
  model.drainEffects();
  model.resetIngestCounts();
  return applied;
}
