import type { SeriesStore } from '../metrics/series-store.js';
import type { ExecutionModel } from '../model/execution-model.js';
import type { QueueData } from './snapshot.js';

/** How far back the queue pane's graphs reach (within the series store's 15 min history). */
export const QUEUE_HISTORY_MS = 10 * 60_000;

/**
 * The queue pane's data as of `now`: depth per history step overall and per queue type (sampled into the
 * series store on the metrics tick; NaN where no sample was taken), ending with the model's depth now;
 * the oldest waiting item and worker saturation from the model. A queue type shows while it has work or
 * had some within the history.
 */
export function queueData(model: ExecutionModel, store: SeriesStore, now: number): QueueData {
  const cur = Math.floor(now / store.stepMs);
  const from = cur - Math.min(Math.ceil(QUEUE_HISTORY_MS / store.stepMs), store.steps - 1);
  const depth = model.queueDepth();
  // Completed steps only: the step in progress ends with the depth now instead.
  const total = store.stepIncreases('queueDepth', from, cur - 1);
  total.push(depth.total);
  const byQueue: Record<string, readonly number[]> = {};
  const names = new Set(Object.keys(depth.byQueue));
  for (const s of store.scan('queueDepthByType').series) names.add(s.labels['queue_type']!);
  for (const name of [...names].sort()) {
    const history = store.stepIncreases('queueDepthByType', from, cur - 1, { queue_type: name });
    const nowDepth = depth.byQueue[name] ?? 0;
    if (nowDepth === 0 && !history.some((n) => n > 0)) continue;
    history.push(nowDepth);
    byQueue[name] = Object.freeze(history);
  }
  return Object.freeze({
    sampleMs: store.stepMs,
    historyMs: (cur - from) * store.stepMs,
    total: Object.freeze(total),
    byQueue: Object.freeze(byQueue),
    activity: model.queueActivity(now),
  });
}
