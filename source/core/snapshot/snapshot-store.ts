import type { ActionOutcome, ActionRequest } from './action-availability.js';
import type { Snapshot } from './snapshot.js';

/** What the view may ask of the core. The view never mutates core state any other way. */
export type ViewAction =
  | { readonly type: 'focus'; readonly executionId: string | undefined }
  | { readonly type: 'pause'; readonly paused: boolean }
  | { readonly type: 'quit' };

/**
 * The view's only window onto the core: read with React's useSyncExternalStore. `getSnapshot`
 * returns the same object until a new snapshot is published (on a fixed cadence, only when something
 * changed), so a burst of events costs the view nothing extra.
 */
export interface SnapshotStore {
  subscribe(onChange: () => void): () => void;
  getSnapshot(): Snapshot;
  dispatch(action: ViewAction): void;
  /**
   * Sends an action to the runtime (cancel, approve or reject) and resolves with how it ended; never rejects.
   * Absent where the dashboard cannot act at all. Check `actionAvailability` on the snapshot's `actions` first.
   */
  act?(request: ActionRequest): Promise<ActionOutcome>;
}
