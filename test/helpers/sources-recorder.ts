import type { SourceBatch, SourceListener, SourceStatus } from '../../source/core/sources/event-source.js';

/** A SourceListener that keeps everything it is given, with helpers to wait for conditions. */
export class RecordingListener implements SourceListener {
  readonly batches: SourceBatch[] = [];
  readonly statuses: SourceStatus[] = [];
  private waiters: (() => void)[] = [];

  batch(batch: SourceBatch): void {
    this.batches.push(batch);
    this.wake();
  }

  status(status: SourceStatus): void {
    this.statuses.push(status);
    this.wake();
  }

  /** Every event received, in order. */
  events(): SourceBatch['events'][number][] {
    return this.batches.flatMap((b) => [...b.events]);
  }

  /** Every rejection received, in order. */
  rejections(): SourceBatch['rejections'][number][] {
    return this.batches.flatMap((b) => [...b.rejections]);
  }

  /** `execution_id:sequence` of every event received, in order. */
  keys(): string[] {
    return this.events().map((e) => `${e.executionId}:${e.sequence}`);
  }

  /** Resolves once `predicate` holds, re-checked after every delivery and every 5 ms; rejects after `timeoutMs` real time. */
  async until(predicate: () => boolean, timeoutMs = 30_000, what = 'condition'): Promise<void> {
    if (predicate()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        clearInterval(poll);
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`timed out waiting for ${what}; last status: ${JSON.stringify(this.statuses.at(-1))}`));
      }, timeoutMs);
      // Also re-check on a short real-time poll: some conditions change without any delivery.
      const poll = setInterval(() => check(), 5);
      const check = (): void => {
        if (!predicate()) return;
        clearTimeout(timer);
        clearInterval(poll);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      this.waiters.push(check);
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}
