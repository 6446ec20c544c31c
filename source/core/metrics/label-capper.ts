/** The label value every value past a cap is folded into (documented in the README). */
export const OVERFLOW_LABEL_VALUE = 'other';

/** The label value used when the event carried none (an empty workflow id or model name). */
export const MISSING_LABEL_VALUE = 'unknown';

/**
 * Bounds the distinct values of one label: the first `max` values seen keep their own series, every
 * later one is reported as `other` and counted, so a runaway workflow-id space never grows memory or
 * Prometheus's series count, and nothing is dropped silently.
 */
export class LabelCapper {
  private readonly known = new Set<string>();
  private overflowObservations = 0;
  private readonly overflowValues = new Set<string>();

  constructor(
    readonly label: string,
    readonly max: number,
  ) {}

  /** The label value to use for `value`: itself while under the cap (or already known), else `other`. */
  map(value: string | undefined): string {
    const v = value === undefined || value === '' ? MISSING_LABEL_VALUE : value;
    if (this.known.has(v)) return v;
    if (this.known.size < this.max) {
      this.known.add(v);
      return v;
    }
    this.overflowObservations++;
    // Remember a bounded sample of overflowed values only to count them; never more than the cap.
    if (this.overflowValues.size < this.max) this.overflowValues.add(v);
    return OVERFLOW_LABEL_VALUE;
  }

  /** Distinct values holding their own series. */
  get size(): number {
    return this.known.size;
  }

  /** Observations folded into `other` so far. */
  get overflowed(): number {
    return this.overflowObservations;
  }

  /** Distinct values folded into `other` (counted up to the cap). */
  get overflowedDistinct(): number {
    return this.overflowValues.size;
  }
}
