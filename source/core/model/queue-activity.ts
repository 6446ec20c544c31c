import type { ActiveList } from './active-list.js';
import type { ExecState } from './model-state.js';
import type { QueueActivity } from './types.js';
import { isSet } from './model-state.js';
import { WORKER_SEEN_WINDOW_MS, type WorkerActivity } from './worker-activity.js';

/**
 * The oldest queued item per queue type and the busy workers, from the unfinished executions' latest
 * attempts (stale ones left out, as from queue depth), and the workers seen within the window.
 */
export function queueActivity(active: ActiveList<ExecState>, workers: WorkerActivity, now: number): QueueActivity {
  const oldest = new Map<string, number>();
  const busy = new Set<string>();
  active.forEach((exec) => {
    if (exec.stale) return;
    for (const node of exec.nodes.values()) {
      const att = node.attempts[node.attempts.length - 1];
      if (att === undefined) continue;
      if (att.status === 'running' && att.workerId !== undefined) busy.add(att.workerId);
      if (att.queueKey === undefined || !isSet(att.scheduledAt)) continue;
      const seen = oldest.get(att.queueKey);
      if (seen === undefined || att.scheduledAt < seen) oldest.set(att.queueKey, att.scheduledAt);
    }
  });
  let oldestQueuedAt: number | undefined;
  const oldestByQueue: Record<string, number> = {};
  for (const key of [...oldest.keys()].sort()) {
    const at = oldest.get(key)!;
    oldestByQueue[key] = at;
    if (oldestQueuedAt === undefined || at < oldestQueuedAt) oldestQueuedAt = at;
  }
  return Object.freeze({
    oldestQueuedAt,
    oldestByQueue: Object.freeze(oldestByQueue),
    busyWorkers: busy.size,
    workers: workers.countSince(now - WORKER_SEEN_WINDOW_MS, busy),
  });
}
