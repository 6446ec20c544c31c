import type { Snapshot } from '../../source/core/snapshot/snapshot.js';
import type { SnapshotStore, ViewAction } from '../../source/core/snapshot/snapshot-store.js';

/** An in-memory SnapshotStore for view tests: publish snapshots by hand, read back dispatched actions. */
export class FakeSnapshotStore implements SnapshotStore {
  readonly actions: ViewAction[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(private snapshot: Snapshot) {}

  subscribe(onChange: () => void): () => void {
    this.listeners.add(onChange);
    return () => this.listeners.delete(onChange);
  }

  getSnapshot(): Snapshot {
    return this.snapshot;
  }

  dispatch(action: ViewAction): void {
    this.actions.push(action);
  }

  /** Replaces the snapshot and notifies subscribers, as the core does on its cadence. */
  publish(next: Snapshot): void {
    this.snapshot = next;
    for (const l of this.listeners) l();
  }

  /** Number of live subscriptions (to check the view unsubscribes). */
  get listenerCount(): number {
    return this.listeners.size;
  }
}
