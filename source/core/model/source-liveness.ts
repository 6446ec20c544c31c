import type { SourceState } from '../sources/event-source.js';

/**
 * How long a source may be away (connecting, reconnecting, in error) before its unfinished executions
 * are stale. Long enough that a reconnect blip (the websocket source's first retry, a missed REST poll)
 * does not make the dashboard flicker; short enough that a dead runtime shows within seconds.
 */
export const SOURCE_DOWN_GRACE_MS = 5_000;

interface Liveness {
  /** Connected now. */
  up: boolean;
  /** Ended for good (a replay that reached its end, a finished stdin, a stopped source). */
  ended: boolean;
  /** When it stopped being connected (meaningful while !up). */
  downSince: number;
  /** Its executions are currently marked stale. */
  stale: boolean;
}

/**
 * Per source: is it sending, and since when not. Deterministic: time is the `now` passed in. Holds one
 * entry per source that reported a status, so it is bounded by the sources the monitor was started with.
 */
export class SourceLiveness {
  private readonly sources = new Map<string, Liveness>();

  constructor(private readonly graceMs: number = SOURCE_DOWN_GRACE_MS) {}

  /**
   * Records a source's state at `now`. Returns `stale` when its executions become stale now (it ended),
   * `live` when they stop being stale (it is connected again), else undefined.
   */
  report(id: string, state: SourceState, now: number): 'stale' | 'live' | undefined {
    let s = this.sources.get(id);
    if (s === undefined) {
      s = { up: false, ended: false, downSince: now, stale: false };
      this.sources.set(id, s);
    }
    const up = state === 'connected';
    if (!up && s.up) s.downSince = now;
    s.up = up;
    s.ended = state === 'ended';
    if (up && s.stale) {
      s.stale = false;
      return 'live';
    }
    if (s.ended && !s.stale) {
      s.stale = true;
      return 'stale';
    }
    return undefined;
  }

  /** Sources away for longer than the grace at `now` and not yet stale: they are stale from now on. */
  expire(now: number): string[] {
    let out: string[] | undefined;
    for (const [id, s] of this.sources) {
      if (s.up || s.stale || now - s.downSince < this.graceMs) continue;
      s.stale = true;
      (out ??= []).push(id);
    }
    return out ?? [];
  }

  /** Whether executions last fed by source `id` are stale (an unknown source is not). */
  isStale(id: string): boolean {
    return this.sources.get(id)?.stale === true;
  }
}
