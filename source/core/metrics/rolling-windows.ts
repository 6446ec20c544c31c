import { DDSketch } from '@datadog/sketches-js';
import type { Clock } from '../clock.js';
import { isErrorStatus } from '../model/lifecycle.js';
import type { ModelEffect } from '../model/types.js';
import type { LatencyPercentiles, WindowName, WindowStats } from './window-stats.js';
import { WINDOW_MS, WINDOW_NAMES } from './window-stats.js';

/** Relative accuracy of every latency sketch: a reported percentile is within 1% of the exact one. */
export const SKETCH_RELATIVE_ACCURACY = 0.01;
/** Width of one latency time bucket; windows are merged from whole buckets. */
export const SKETCH_BUCKET_MS = 10_000;
/** Latency buckets kept: 90 × 10 s = the 15-minute window. */
export const MAX_SKETCH_BUCKETS = WINDOW_MS['15m'] / SKETCH_BUCKET_MS;
/** Width of one sparkline sample. */
export const HISTORY_SAMPLE_MS = 5_000;
/** Sparkline samples kept (60 × 5 s = 5 minutes). */
export const MAX_HISTORY_SAMPLES = 60;
/** Window the rates are computed over. */
export const RATE_WINDOW_MS = 60_000;

interface SketchBucket {
  idx: number;
  exec: DDSketch;
  node: DDSketch;
}

interface CountBucket {
  idx: number;
  ended: number;
  started: number;
  errors: number;
  nodes: number;
  tokens: number;
  cost: number;
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
 * Rolling latency percentiles (1, 5, 15 minutes, from relative-error sketches), rates over the last
 * minute and short sparkline histories, fed by the model's effects. Time comes from the clock given.
 */
export class RollingWindows {
  private readonly sketches = new TimeRing<SketchBucket>(SKETCH_BUCKET_MS, MAX_SKETCH_BUCKETS, (idx) => ({ idx, exec: newSketch(), node: newSketch() }));
  // One extra slot holds the sample in progress next to the MAX_HISTORY_SAMPLES complete ones.
  private readonly counts = new TimeRing<CountBucket>(HISTORY_SAMPLE_MS, MAX_HISTORY_SAMPLES + 1, (idx) => ({ idx, ended: 0, started: 0, errors: 0, nodes: 0, tokens: 0, cost: 0 }));
  private readonly startedAt: number;
  /** The oldest time recorded: rates and histories cover from here (or from our start, if earlier). */
  private earliest = Infinity;

  constructor(private readonly clock: Pick<Clock, 'now'>) {
    this.startedAt = clock.now();
  }

  /** Where rates and histories start: our own start, or the oldest effect recorded if older. */
  private coveredFrom(): number {
    return Math.min(this.startedAt, this.earliest);
  }

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
      const t = atEventTime && e.time < now ? e.time : now;
      if (t < this.earliest) this.earliest = t;
      switch (e.type) {
        case 'execution_started': {
          const count = this.counts.at(t);
          if (count) count.started++;
          break;
        }
        case 'execution_ended': {
          const count = this.counts.at(t);
          if (count) {
            count.ended++;
            if (isErrorStatus(e.status)) count.errors++;
          }
          if (e.durationMs !== undefined && Number.isFinite(e.durationMs)) this.sketches.at(t)?.exec.accept(Math.max(0, e.durationMs));
          break;
        }
        case 'attempt_ended': {
          if (e.status === 'skipped' || !Number.isFinite(e.durationMs)) break;
          const count = this.counts.at(t);
          if (count) count.nodes++;
          this.sketches.at(t)?.node.accept(Math.max(0, e.durationMs));
          break;
        }
        case 'tokens_used': {
          const count = this.counts.at(t);
          if (!count) break;
          count.tokens += e.inputTokens + e.outputTokens;
          if (e.costUsd !== undefined && Number.isFinite(e.costUsd)) count.cost += e.costUsd;
          break;
        }
        default:
          break;
      }
    }
  }

  /** Percentiles, rates and histories as of `now`, as a frozen plain object. */
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
    return Object.freeze({
      now,
      execution: Object.freeze(execution),
      node: Object.freeze(node),
      rates: Object.freeze(this.rates(now)),
      history: this.history(now),
    });
  }

  private rates(now: number) {
    const cur = Math.floor(now / HISTORY_SAMPLE_MS);
    const first = cur - RATE_WINDOW_MS / HISTORY_SAMPLE_MS + 1;
    // Divide by the time actually covered: the oldest bucket's start (or our own start, if later) to now.
    const spanSec = Math.max(1, now - Math.max(first * HISTORY_SAMPLE_MS, this.coveredFrom())) / 1000;
    let ended = 0, started = 0, errors = 0, nodes = 0, tokens = 0, cost = 0;
    for (let idx = first; idx <= cur; idx++) {
      const b = this.counts.get(idx);
      if (!b) continue;
      ended += b.ended; started += b.started; errors += b.errors; nodes += b.nodes; tokens += b.tokens; cost += b.cost;
    }
    return {
      executionsPerSec: ended / spanSec,
      startsPerSec: started / spanSec,
      errorsPerSec: errors / spanSec,
      errorRatio: ended > 0 ? errors / ended : undefined,
      nodesPerSec: nodes / spanSec,
      tokensPerSec: tokens / spanSec,
      costPerHour: (cost / spanSec) * 3600,
    };
  }

  private history(now: number) {
    const cur = Math.floor(now / HISTORY_SAMPLE_MS);
    // Completed samples only (the one in progress would always dip), none from before we started.
    const from = Math.max(cur - MAX_HISTORY_SAMPLES, Math.floor(this.coveredFrom() / HISTORY_SAMPLE_MS));
    const sec = HISTORY_SAMPLE_MS / 1000;
    const executionsPerSec: number[] = [], errorsPerSec: number[] = [], tokensPerSec: number[] = [], costPerHour: number[] = [];
    for (let idx = from; idx < cur; idx++) {
      const b = this.counts.get(idx);
      executionsPerSec.push((b?.ended ?? 0) / sec);
      errorsPerSec.push((b?.errors ?? 0) / sec);
      tokensPerSec.push((b?.tokens ?? 0) / sec);
      costPerHour.push(((b?.cost ?? 0) / sec) * 3600);
    }
    return Object.freeze({
      sampleMs: HISTORY_SAMPLE_MS,
      executionsPerSec: Object.freeze(executionsPerSec),
      errorsPerSec: Object.freeze(errorsPerSec),
      tokensPerSec: Object.freeze(tokensPerSec),
      costPerHour: Object.freeze(costPerHour),
    });
  }
}

function percentiles(s: DDSketch): LatencyPercentiles {
  if (s.count === 0) return { count: 0 };
  return { count: s.count, p50: s.getValueAtQuantile(0.5), p95: s.getValueAtQuantile(0.95), p99: s.getValueAtQuantile(0.99) };
}
