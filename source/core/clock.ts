/**
 * The one place that reads the wall clock and owns timers. Everything else takes `now` as a
 * parameter or receives a Clock, so tests drive time with a fake one.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setInterval(fn: () => void, ms: number): TimerHandle;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clear(handle: TimerHandle): void;
  /**
   * Told the newest event time of every batch before it is applied. Only a clock that follows the stream's
   * own time (a replay: {@link StreamClock}) does anything with it.
   */
  observe?(eventTime: number): void;
}

/** An opaque timer handle. */
export interface TimerHandle {
  readonly id: number;
}

let nextHandle = 1;

/** The real clock. Its timers are unref'd so they never keep the process alive on their own. */
export function systemClock(): Clock {
  const timers = new Map<number, NodeJS.Timeout>();
  return {
    now: () => Date.now(),
    setInterval(fn, ms) {
      const id = nextHandle++;
      const t = setInterval(fn, ms);
      t.unref();
      timers.set(id, t);
      return { id };
    },
    setTimeout(fn, ms) {
      const id = nextHandle++;
      const t = setTimeout(() => {
        timers.delete(id);
        fn();
      }, ms);
      t.unref();
      timers.set(id, t);
      return { id };
    },
    clear(handle) {
      const t = timers.get(handle.id);
      if (t) {
        clearTimeout(t);
        timers.delete(handle.id);
      }
    },
  };
}

/** A manual clock for tests and deterministic replays: time moves only when `advance` is called. */
export class ManualClock implements Clock {
  private current: number;
  private timers = new Map<number, { at: number; every: number | null; fn: () => void }>();

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    const id = nextHandle++;
    this.timers.set(id, { at: this.current + ms, every: Math.max(1, ms), fn });
    return { id };
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = nextHandle++;
    this.timers.set(id, { at: this.current + ms, every: null, fn });
    return { id };
  }

  clear(handle: TimerHandle): void {
    this.timers.delete(handle.id);
  }

  /** Moves time forward by `ms`, firing due timers in time order. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      let dueId = -1;
      let dueAt = Infinity;
      for (const [id, t] of this.timers) {
        if (t.at <= end && t.at < dueAt) {
          dueAt = t.at;
          dueId = id;
        }
      }
      if (dueId < 0) break;
      const timer = this.timers.get(dueId)!;
      this.current = Math.max(this.current, timer.at);
      if (timer.every === null) this.timers.delete(dueId);
      else timer.at += timer.every;
      timer.fn();
    }
    this.current = end;
  }
}

/**
 * The time of the stream being replayed: `now` is the newest event time seen (never later than the wall
 * clock, so one stray future timestamp cannot run it ahead for good), the wall clock until the first event.
 * A replayed file's rolling windows, rates and running nodes' elapsed times then read as they did when the
 * events happened, instead of as long past. Timers still run on the wall clock (pacing, publishing).
 */
export class StreamClock implements Clock {
  private newest = Number.NEGATIVE_INFINITY;

  constructor(private readonly wall: Clock) {}

  now(): number {
    return this.newest === Number.NEGATIVE_INFINITY ? this.wall.now() : this.newest;
  }

  observe(eventTime: number): void {
    if (eventTime > this.newest) this.newest = Math.min(eventTime, this.wall.now());
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    return this.wall.setInterval(fn, ms);
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.wall.setTimeout(fn, ms);
  }

  clear(handle: TimerHandle): void {
    this.wall.clear(handle);
  }
}
