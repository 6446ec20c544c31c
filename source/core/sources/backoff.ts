/** First delay ceiling of the reconnect back-off, in milliseconds. */
export const BACKOFF_BASE_MS = 250;
/** Each failed attempt doubles the ceiling. */
export const BACKOFF_FACTOR = 2;
/** The ceiling never grows past this, so a source that was down for hours retries within 15 s of recovery. */
export const BACKOFF_CAP_MS = 15_000;

/** Options for {@link Backoff}; all optional, defaults are the protocol's (docs/protocol.md). */
export interface BackoffOptions {
  readonly baseMs?: number;
  readonly factor?: number;
  readonly capMs?: number;
  /** Uniform random in [0, 1); injectable so tests get exact delays. */
  readonly random?: () => number;
}

/** Exponential back-off with full jitter: attempt n waits uniform(0, min(cap, base × factor^n)). */
export class Backoff {
  private attempt = 0;
  private readonly baseMs: number;
  private readonly factor: number;
  private readonly capMs: number;
  private readonly random: () => number;

  constructor(opts: BackoffOptions = {}) {
    this.baseMs = opts.baseMs ?? BACKOFF_BASE_MS;
    this.factor = opts.factor ?? BACKOFF_FACTOR;
    this.capMs = opts.capMs ?? BACKOFF_CAP_MS;
    this.random = opts.random ?? Math.random;
  }

  /** Failed attempts since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The delay before the next attempt, in whole milliseconds; grows the ceiling for the one after. */
  next(): number {
    // Stop growing the exponent once past the cap so it never overflows to Infinity.
    const ceiling = Math.min(this.capMs, this.baseMs * this.factor ** Math.min(this.attempt, 64));
    this.attempt++;
    return Math.round(ceiling * this.random());
  }

  /** Back to the first delay, after a connection that proved healthy. */
  reset(): void {
    this.attempt = 0;
  }
}
