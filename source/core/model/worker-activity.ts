/** Workers remembered at once; past it the one seen longest ago is forgotten (it is not busy or recent). */
export const MAX_TRACKED_WORKERS = 1_000;
/** A worker counts as present when it started an attempt within this long (worker saturation's denominator). */
export const WORKER_SEEN_WINDOW_MS = 5 * 60_000;

/**
 * When each worker last started an attempt (by event time), least recent first, bounded: what worker
 * saturation compares its busy workers with. Workers only show in events that name one (`node_started`'s
 * `worker_id`), so a runtime that names none has no saturation, never a made-up one.
 */
export class WorkerActivity {
  private readonly lastSeen = new Map<string, number>();

  constructor(private readonly max = MAX_TRACKED_WORKERS) {}

  /** Records that `workerId` started work at `t`. */
  seen(workerId: string | undefined, t: number): void {
    if (workerId === undefined || workerId === '') return;
    const before = this.lastSeen.get(workerId);
    // Map order is the recency order: re-inserting moves the worker to the end.
    if (before !== undefined) this.lastSeen.delete(workerId);
    else if (this.lastSeen.size >= this.max) this.lastSeen.delete(this.lastSeen.keys().next().value!);
    this.lastSeen.set(workerId, Math.max(t, before ?? t));
  }

  /** Workers seen at or after `since`, plus those in `busy` (a long attempt's worker started it earlier). */
  countSince(since: number, busy: ReadonlySet<string>): number {
    let n = busy.size;
    for (const [id, t] of this.lastSeen) if (t >= since && !busy.has(id)) n++;
    return n;
  }

  /** Workers remembered. */
  get size(): number {
    return this.lastSeen.size;
  }
}
