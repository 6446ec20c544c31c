// One series' samples as columns (times, values, stale flags) in typed arrays, so a store of millions of
// samples holds three flat buffers per series instead of an object per sample, and readers loop over them
// without allocating. The live samples are [head, end): trimming moves `head`, appending moves `end`.

/** The smallest buffer a series gets; it doubles as samples arrive. */
const MIN_CAPACITY = 16;
/** Time and value (8 bytes each), reset count (4), stale flag (1). */
const BYTES_PER_SAMPLE = 21;

/** Times (ms), values and stale flags of one series, oldest first, live in [head, end). */
export class SeriesColumns {
  t = new Float64Array(MIN_CAPACITY);
  v = new Float64Array(MIN_CAPACITY);
  /** 1 where the sample is a staleness marker. */
  stale = new Uint8Array(MIN_CAPACITY);
  /**
   * Counter resets so far (a sample below the sample before it, stale markers skipped), cumulative and
   * wrapping at 2^32: two equal entries mean no reset between them, so rate() can skip its reset scan.
   */
  resets = new Uint32Array(MIN_CAPACITY);
  /** The newest non-stale value: what a reset is measured against. */
  private lastValue = NaN;
  private resetCount = 0;
  head = 0;
  end = 0;
  /** How many live samples are stale markers: a reader skips the flag scan when none are. */
  staleCount = 0;

  get length(): number {
    return this.end - this.head;
  }

  /** The newest sample's time, or -Infinity when there is none. */
  lastT(): number {
    return this.end > this.head ? this.t[this.end - 1]! : -Infinity;
  }

  push(t: number, v: number, stale: boolean): void {
    if (this.end === this.t.length) this.makeRoom();
    const i = this.end++;
    this.t[i] = t;
    this.v[i] = v;
    this.stale[i] = stale ? 1 : 0;
    if (stale) this.staleCount++;
    else {
      if (v < this.lastValue) this.resetCount = (this.resetCount + 1) >>> 0;
      this.lastValue = v;
    }
    this.resets[i] = this.resetCount;
  }

  /** Drops the oldest live sample. */
  shift(): void {
    if (this.stale[this.head] === 1) this.staleCount--;
    this.head++;
  }

  /** The first live index whose time is >= `t` (binary search). */
  lowerBound(t: number): number {
    let lo = this.head;
    let hi = this.end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.t[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first live index whose time is > `t` (binary search). */
  upperBound(t: number): number {
    let lo = this.head;
    let hi = this.end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.t[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Gives back memory a series no longer needs: buffers stay within 4× their live samples (and at least
   * MIN_CAPACITY), so the store's memory follows its sample count.
   */
  shrinkToFit(): void {
    const live = this.length;
    if (live * 4 > this.t.length || this.t.length <= MIN_CAPACITY) return;
    this.resize(Math.max(MIN_CAPACITY, live * 2));
  }

  /** A full buffer: compact the live samples to the front when half of it is trimmed, else double it. */
  private makeRoom(): void {
    const live = this.length;
    if (live * 2 <= this.t.length) {
      this.t.copyWithin(0, this.head, this.end);
      this.v.copyWithin(0, this.head, this.end);
      this.stale.copyWithin(0, this.head, this.end);
      this.resets.copyWithin(0, this.head, this.end);
      this.head = 0;
      this.end = live;
      return;
    }
    this.resize(this.t.length * 2);
  }

  /** Moves the live samples into new columns of `capacity`, the four carved from one buffer (one allocation). */
  private resize(capacity: number): void {
    const live = this.length;
    const buffer = new ArrayBuffer(capacity * BYTES_PER_SAMPLE);
    const t = new Float64Array(buffer, 0, capacity);
    const v = new Float64Array(buffer, capacity * 8, capacity);
    const resets = new Uint32Array(buffer, capacity * 16, capacity);
    const stale = new Uint8Array(buffer, capacity * 20, capacity);
    t.set(this.t.subarray(this.head, this.end));
    v.set(this.v.subarray(this.head, this.end));
    resets.set(this.resets.subarray(this.head, this.end));
    stale.set(this.stale.subarray(this.head, this.end));
    this.t = t;
    this.v = v;
    this.stale = stale;
    this.resets = resets;
    this.head = 0;
    this.end = live;
  }
}
