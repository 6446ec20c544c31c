import type { Clock, TimerHandle } from '../clock.js';

/** One recurring job of the monitor (gap expiry, window rollover, store polling, rule evaluation, publishing). */
export interface ScheduledTask {
  readonly name: string;
  /** How often it runs, in ms of the injected clock. */
  readonly everyMs: number;
  run(now: number): void;
}

/** Greatest common divisor, for the base tick that serves every cadence. */
function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * Owns every cadence of a monitor on the injected clock. One base timer (the greatest common divisor of
 * the cadences) runs each due task in registration order, so within one instant the order is fixed: the
 * model's gap expiry before the sinks' ticks, the sinks before the snapshot is published. A task that
 * throws is reported and does not stop the others.
 */
export class Scheduler {
  private readonly tasks: { task: ScheduledTask; nextAt: number }[] = [];
  private timer: TimerHandle | undefined;
  private baseMs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly onError: (task: string, error: unknown) => void = () => undefined,
  ) {}

  /** Adds a task; it first runs one period after it is added (or after start). */
  every(name: string, everyMs: number, run: (now: number) => void): void {
    if (!(everyMs >= 1) || !Number.isInteger(everyMs)) throw new RangeError(`scheduler: ${name} needs a whole number of ms >= 1, got ${everyMs}`);
    this.tasks.push({ task: { name, everyMs, run }, nextAt: this.clock.now() + everyMs });
    if (this.timer) this.arm();
  }

  /** The registered tasks' names and cadences, in the order they run. */
  cadences(): { name: string; everyMs: number }[] {
    return this.tasks.map(({ task }) => ({ name: task.name, everyMs: task.everyMs }));
  }

  start(): void {
    if (this.timer === undefined) this.arm();
  }

  stop(): void {
    if (this.timer) this.clock.clear(this.timer);
    this.timer = undefined;
  }

  /** Runs every task that is due at `now` (the base timer calls this; tests may too). */
  runDue(now: number = this.clock.now()): void {
    for (const entry of this.tasks) {
      if (now < entry.nextAt) continue;
      // Catch up without a burst: a late tick runs a task once, then keeps its phase.
      entry.nextAt += Math.max(1, Math.ceil((now - entry.nextAt + 1) / entry.task.everyMs)) * entry.task.everyMs;
      try {
        entry.task.run(now);
      } catch (error) {
        this.onError(entry.task.name, error);
      }
    }
  }

  private arm(): void {
    const base = this.tasks.reduce((g, { task }) => gcd(g, task.everyMs), 0);
    if (base === 0 || base === this.baseMs && this.timer) return;
    if (this.timer) this.clock.clear(this.timer);
    this.baseMs = base;
    this.timer = this.clock.setInterval(() => this.runDue(), base);
  }
}
