import type { Clock } from '../clock.js';
import type { ExecutionModel } from '../model/execution-model.js';
import type { SourceStatus } from '../sources/event-source.js';
import type { ActionOutcome, ActionRequest, ActionsData } from './action-availability.js';
import { FOCUS_FIELDS, type AlertsData, type ContributedData, type ExecutionTree, type Snapshot, type SnapshotContributors } from './snapshot.js';
import type { SnapshotStore, ViewAction } from './snapshot-store.js';

/** Options for {@link SnapshotPublisher}. */
export interface SnapshotPublisherOptions {
  readonly model: ExecutionModel;
  readonly clock: Clock;
  readonly demo: boolean;
  readonly sources: () => readonly SourceStatus[];
  /** The fields other parts of the core add (latency windows, rates, notices), one typed function each. */
  readonly contributors?: SnapshotContributors | undefined;
  readonly onQuit?: () => void;
  /** Actions on the runtime: what the snapshot says of them, and how to send one. */
  readonly actions?: { readonly data: ActionsData; act(request: ActionRequest): Promise<ActionOutcome> } | undefined;
}

/**
 * Publishes immutable snapshots of the model, and only when something changed (or once a second while
 * executions run, so elapsed times move). It publishes and nothing else: the monitor's scheduler calls
 * {@link tick} on the display cadence. The view reads it through {@link SnapshotStore}; a burst of
 * events between two ticks costs the view one render.
 */
export class SnapshotPublisher implements SnapshotStore {
  private current: Snapshot;
  private readonly listeners = new Set<() => void>();
  private focusId: string | undefined;
  private paused = false;
  private lastModelVersion = -1;
  private lastSourcesKey = '';
  private lastNoticesKey = '';
  private lastAlertsKey = '';
  private lastPublishAt = 0;
  private dirty = true;

  constructor(private readonly options: SnapshotPublisherOptions) {
    this.current = this.build(options.clock.now(), 0);
  }

  subscribe = (onChange: () => void): (() => void) => {
    this.listeners.add(onChange);
    return () => this.listeners.delete(onChange);
  };

  getSnapshot = (): Snapshot => this.current;

  dispatch = (action: ViewAction): void => {
    switch (action.type) {
      case 'focus':
        if (action.executionId !== this.focusId) {
          this.focusId = action.executionId;
          if (this.paused) this.refocusPaused();
          else {
            this.dirty = true;
            this.tick(true);
          }
        }
        return;
      case 'pause':
        this.paused = action.paused;
        this.dirty = true;
        this.tick(true);
        return;
      case 'quit':
        this.options.onQuit?.();
        return;
    }
  };

  /** Sends an action through the monitor's RuntimeActions (core/actions/); the view awaits the outcome. */
  act = (request: ActionRequest): Promise<ActionOutcome> =>
    this.options.actions?.act(request) ?? Promise.resolve({ ok: false, failure: { kind: 'unavailable', message: 'actions are not available in this view' } });

  /**
   * One publish step; exposed for tests and for callers that drive time by hand. `force` publishes a
   * snapshot as of now even when paused or when nothing changed (batch output prints one per block).
   */
  tick(force = false): void {
    const { model, clock } = this.options;
    const now = clock.now();
    if (this.paused && !force) return;
    const sources = this.options.sources();
    const sourcesKey = sources.map((s) => `${s.id}:${s.state}:${s.message ?? ''}:${s.events}:${s.rejected}`).join('|');
    // A new notice is news by itself (a follow that gave up waiting, a store that fell back).
    const notices = this.options.contributors?.notices?.(now);
    const noticesKey = notices === undefined ? '' : notices.join('\n');
    // An alert that goes pending, fires or resolves is news too, even with the model quiet.
    const alerts = this.options.contributors?.alerts?.(now);
    const alertsKey = alerts === undefined ? '' : `${alerts.rules}/${alerts.rulesFailing}:${alerts.alerts.map((a) => `${a.name}${a.state}${a.activeAt}`).join('|')}`;
    // Live executions' ages move every second; stale ones' are frozen at their last event.
    const running = this.current.executionStates.running + this.current.executionStates.paused > 0;
    const changed =
      force || this.dirty || model.version !== this.lastModelVersion || sourcesKey !== this.lastSourcesKey || noticesKey !== this.lastNoticesKey || alertsKey !== this.lastAlertsKey ||
      (running && now - this.lastPublishAt >= 1000) || now - this.lastPublishAt >= 5000;
    if (!changed) return;
    this.lastModelVersion = model.version;
    this.lastSourcesKey = sourcesKey;
    this.lastNoticesKey = noticesKey;
    this.lastAlertsKey = alertsKey;
    this.lastPublishAt = now;
    this.dirty = false;
    this.current = this.build(now, this.current.version + 1, sources, notices, alerts);
    for (const listener of this.listeners) listener();
  }

  /**
   * Paused, the picture stays as it was (list, figures, time) and only the tree of the newly selected
   * execution is read, with its journal and node timings (FOCUS_FIELDS), so a paused screen can be browsed without live data creeping in.
   */
  private refocusPaused(): void {
    const focus = this.focusId ? this.options.model.tree(this.focusId) : undefined;
    const about: Record<string, unknown> = {};
    for (const field of FOCUS_FIELDS) {
      const contribute = this.options.contributors?.[field];
      if (contribute) about[field] = contribute(this.current.now, focus);
    }
    this.current = Object.freeze({ ...this.current, ...about, version: this.current.version + 1, focus });
    for (const listener of this.listeners) listener();
  }

  private build(now: number, version: number, sources: readonly SourceStatus[] = [], notices?: readonly string[], alerts?: AlertsData): Snapshot {
    const { model } = this.options;
    const ingest = model.ingest();
    const focus = this.focusId ? model.tree(this.focusId) : undefined;
    // Every contributor fills its own field (notices and alerts were read already, to tell news): one loop,
    // so a new contributed field needs no line here to reach the view.
    const contributed: Record<string, unknown> = {};
    for (const [field, contribute] of Object.entries(this.options.contributors ?? {})) {
      if (field !== 'notices' && field !== 'alerts' && contribute !== undefined) {
        contributed[field] = (contribute as (now: number, focus?: ExecutionTree) => unknown)(now, focus);
      }
    }
    return Object.freeze({
      ...(contributed as ContributedData),
      version,
      now,
      executions: model.summaries(),
      focus,
      queue: model.queueDepth(),
      totals: model.totals(),
      statusCounts: model.statusCounts(),
      executionStates: model.executionStates(),
      ingest,
      sources: Object.freeze([...sources]),
      demo: this.options.demo,
      paused: this.paused,
      notices: notices === undefined ? undefined : Object.freeze([...notices]),
      alerts,
      actions: this.options.actions?.data,
    });
  }
}
