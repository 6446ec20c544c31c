import { DDSketch } from '@datadog/sketches-js';
import type { Clock } from '../clock.js';
import type { ModelEffect } from '../model/types.js';
import type { LatencyPercentiles, WindowName, WindowStats } from './window-stats.js';
import { WINDOW_MS, WINDOW_NAMES } from './window-stats.js';

/** Relative accuracy of every latency sketch: a reported percentile is within 1% of the exact one. */
export const SKETCH_RELATIVE_ACCURACY = 0.01;
/** Width of one latency time bucket; windows are merged from whole buckets. */
export const SKETCH_BUCKET_MS = 10_000;
/** Latency buckets kept: 90 × 10 s = the 15-minute window. */
export const MAX_SKETCH_BUCKETS = WINDOW_MS['15m'] / SKETCH_BUCKET_MS;
interface SketchBucket {
  idx: number;
  exec: DDSketch;
  node: DDSketch;
}

/** A fixed ring of time buckets addressed by `floor(time / width)`; a slot is reused once its time has passed. */
class TimeRing<T extends { idx: number }> {
  private readonly slots: (T | undefined)[];
  private latest = -Infinity;

  constructor(
    readonly width: number,
    readonly capacity: number,
    private readonly make: (idx: number) => T,
  ) {
    this.slots = new Array<T | undefined>(capacity);
  }

  /**
   * The bucket to record into for time `t`, or undefined when `t` is older than the ring holds. A time
   * behind the newest one recorded lands in its own (older) bucket while that is still in the ring.
   */
  at(t: number): T | undefined {
    const idx = Math.floor(t / this.width);
    if (idx > this.latest) this.latest = idx;
    else if (idx <= this.latest - this.capacity) return undefined;
    const slot = ((idx % this.capacity) + this.capacity) % this.capacity;
    let b = this.slots[slot];
    if (!b || b.idx !== idx) {
      if (b && b.idx > idx) return undefined;
      b = this.make(idx);
      this.slots[slot] = b;
    }
    return b;
  }

  /** The bucket for index `idx`, if it holds that time. */
  get(idx: number): T | undefined {
    const b = this.slots[((idx % this.capacity) + this.capacity) % this.capacity];
    return b && b.idx === idx ? b : undefined;
  }
}

const newSketch = () => new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });

/**
 * Rolling latency percentiles (1, 5, 15 minutes, from relative-error sketches), fed by the model's
 * effects. Time comes from the clock given. Rates are not computed here: the series store is their one place.
 */
export class RollingWindows {
  private readonly sketches = new TimeRing<SketchBucket>(SKETCH_BUCKET_MS, MAX_SKETCH_BUCKETS, (idx) => ({ idx, exec: newSketch(), node: newSketch() }));

  constructor(private readonly clock: Pick<Clock, 'now'>) {}

  /**
   * Records effects at their own time (the event's `created_at`), clamped to the clock's now: a backlog
   * delivered at once (a restart, a resumed stream, the demo's history) lands where it happened instead of
   * inflating the last minute. Effects older than the windows hold are left out of them.
   */
  effects(effects: readonly ModelEffect[]): void {
    this.record(effects, this.clock.now(), true);
  }

  /** Records effects as if they arrived at `now`, or (`atEventTime`) at their own time up to `now`. */
  record(effects: readonly ModelEffect[], now: number, atEventTime = false): void {
    for (let i = 0; i < effects.length; i++) {
      const e = effects[i]!;
      if (e.type !== 'execution_ended' && e.type !== 'attempt_ended') continue;
      const t = atEventTime && e.time < now ? e.time : now;
      if (e.type === 'execution_ended') {
        if (e.durationMs !== undefined && Number.isFinite(e.durationMs)) this.sketches.at(t)?.exec.accept(Math.max(0, e.durationMs));
      } else if (e.status !== 'skipped' && Number.isFinite(e.durationMs)) {
        this.sketches.at(t)?.node.accept(Math.max(0, e.durationMs));
      }
    }
  }

  /** Percentiles as of `now`, as a frozen plain object. */
  snapshot(now: number = this.clock.now()): WindowStats {
    const execution = {} as Record<WindowName, LatencyPercentiles>;
    const node = {} as Record<WindowName, LatencyPercentiles>;
    const cur = Math.floor(now / SKETCH_BUCKET_MS);
    for (const name of WINDOW_NAMES) {
      const n = WINDOW_MS[name] / SKETCH_BUCKET_MS;
      const exec = newSketch();
      const nodes = newSketch();
      for (let idx = cur - n + 1; idx <= cur; idx++) {
        const b = this.sketches.get(idx);
        if (!b) continue;
        exec.merge(b.exec);
        nodes.merge(b.node);
      }
      execution[name] = Object.freeze(percentiles(exec));
      node[name] = Object.freeze(percentiles(nodes));
    }
    return Object.freeze({ now, execution: Object.freeze(execution), node: Object.freeze(node) });
  }
}

function percentiles(s: DDSketch): LatencyPercentiles {
  if (s.count === 0) return { count: 0 };
  return { count: s.count, p50: s.getValueAtQuantile(0.5), p95: s.getValueAtQuantile(0.95), p99: s.getValueAtQuantile(0.99) };
}
