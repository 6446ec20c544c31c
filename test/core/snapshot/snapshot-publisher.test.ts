import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../source/core/clock.js';
import type { TypedEvent } from '../../../source/core/decode/event.js';
import { DEFAULT_MODEL_CAPS, ExecutionModel } from '../../../source/core/model/execution-model.js';
import { SOURCE_DOWN_GRACE_MS } from '../../../source/core/model/source-liveness.js';
import { Scheduler } from '../../../source/core/monitor/scheduler.js';
import { SnapshotPublisher, type SnapshotPublisherOptions } from '../../../source/core/snapshot/snapshot-publisher.js';
import type { AlertsData, AlertView, ContributedData, RateStats, SnapshotContributors } from '../../../source/core/snapshot/snapshot.js';
import type { SourceStatus } from '../../../source/core/sources/event-source.js';
import { completed, ev, execId, nodeStarted, run, scheduled, started, uuid, wfCompleted } from '../../helpers/model-events.js';

const REFRESH_MS = 250;

/** A publisher on the display cadence of a scheduler, as the monitor runs it; `beforePublish` runs first in each tick. */
function setup(extra: Partial<SnapshotPublisherOptions> & { beforePublish?: (now: number) => void; refreshMs?: number } = {}) {
  const clock = new ManualClock(0);
  const model = new ExecutionModel();
  let sources: SourceStatus[] = [];
  let quits = 0;
  const { beforePublish, refreshMs = REFRESH_MS, ...options } = extra;
  const publisher = new SnapshotPublisher({
    model, clock, demo: false, sources: () => sources, onQuit: () => quits++, ...options,
  });
  let calls = 0;
  const unsubscribe = publisher.subscribe(() => calls++);
  const scheduler = new Scheduler(clock);
  if (beforePublish) scheduler.every('before', refreshMs, beforePublish);
  scheduler.every('publish', refreshMs, () => publisher.tick());
  scheduler.start();
  return {
    clock, model, publisher, unsubscribe, stop: () => scheduler.stop(),
    listenerCalls: () => calls,
    quits: () => quits,
    setSources: (s: SourceStatus[]) => (sources = s),
    feed: (events: readonly TypedEvent[]) => { for (const e of events) model.apply(e, 'src1', clock.now()); },
  };
}

/** A finished execution n: five events. */
const finished = (n: number) =>
  run(n, [[started('wf'), 0], [scheduled('a'), 10], [nodeStarted('a'), 20], [completed('a', 30), 50], [wfCompleted(), 60]]);

/** workflow_started of executions first..first+count-1 (each then running). */
const startsOf = (first: number, count: number) => Array.from({ length: count }, (_, i) => ev(first + i, 1, started('wf'), i));

/** Every contributed field, checked by the compiler: a field added to ContributedData and not here fails the build. */
const CONTRIBUTED_FIELDS = {
  windows: true, rates: true, alerts: true, queueHistory: true, spend: true, notices: true, focusJournal: true, nodeStats: true,
  actions: true, rejectedFrames: true,
} as const satisfies Record<keyof ContributedData, true>;

describe('SnapshotPublisher', () => {
  test('puts every contributor\'s value in the snapshot, under its own field', () => {
    const fields = (Object.keys(CONTRIBUTED_FIELDS) as (keyof ContributedData)[]).filter((f) => f !== 'actions');
    const sentinels = new Map(fields.map((f) => [f, f === 'notices' ? [`notice ${f}`] : f === 'alerts' ? { alerts: [], firing: 0, pending: 0, rules: 1, rulesFailing: 0 } : { field: f }]));
    const contributors = Object.fromEntries(fields.map((f) => [f, () => sentinels.get(f)])) as SnapshotContributors;
    const { publisher, clock } = setup({ contributors });
    clock.advance(REFRESH_MS);
    publisher.tick(true);
    const snapshot = publisher.getSnapshot() as unknown as Record<string, unknown>;
    for (const f of fields) assert.deepEqual(snapshot[f], sentinels.get(f), `${f} reaches the view`);
  });

  test('publishes nothing new while nothing changes: same object, same version, no listener call', () => {
    const { clock, publisher, listenerCalls, feed } = setup();
    feed(finished(1));
    clock.advance(REFRESH_MS);
    const published = publisher.getSnapshot();
    const calls = listenerCalls();
    clock.advance(REFRESH_MS * 12); // 3 s: well inside the 5 s keep-alive
    assert.equal(publisher.getSnapshot(), published);
    assert.equal(publisher.getSnapshot().version, published.version);
    assert.equal(listenerCalls(), calls);
  });

  test('a forced tick publishes a snapshot as of now even when nothing changed', () => {
    const { clock, publisher, feed } = setup();
    feed(finished(1));
    clock.advance(REFRESH_MS);
    const published = publisher.getSnapshot();
    clock.advance(2000);
    publisher.tick(true);
    assert.notEqual(publisher.getSnapshot(), published);
    assert.equal(publisher.getSnapshot().now, clock.now());
    assert.equal(publisher.getSnapshot().version, published.version + 1);
  });

  test('publishes on the refresh cadence, not per event', () => {
    const { clock, publisher, listenerCalls, feed } = setup();
    clock.advance(REFRESH_MS);
    const before = publisher.getSnapshot();
    feed(finished(1));
    assert.equal(publisher.getSnapshot(), before, 'nothing is published between ticks');
    clock.advance(REFRESH_MS - 1);
    assert.equal(publisher.getSnapshot(), before);
    const calls = listenerCalls();
    clock.advance(1);
    assert.notEqual(publisher.getSnapshot(), before);
    assert.equal(publisher.getSnapshot().version, before.version + 1);
    assert.equal(publisher.getSnapshot().executions.length, 1);
    assert.equal(listenerCalls(), calls + 1);
  });

  test('turns a burst of 10,000 events between two ticks into exactly one snapshot and one listener call', () => {
    const { clock, publisher, listenerCalls, feed, model } = setup();
    clock.advance(REFRESH_MS);
    const before = publisher.getSnapshot();
    const calls = listenerCalls();
    feed(Array.from({ length: 2000 }, (_, i) => finished(i + 1)).flat());
    assert.equal(model.ingest().applied, 10_000);
    clock.advance(REFRESH_MS);
    assert.equal(publisher.getSnapshot().version, before.version + 1);
    assert.equal(listenerCalls(), calls + 1);
    assert.equal(publisher.getSnapshot().ingest.applied, 10_000);
    // Completed executions past the model's finished cap are evicted; the rest are counted.
    assert.equal(publisher.getSnapshot().statusCounts.completed, Math.min(2000, DEFAULT_MODEL_CAPS.maxFinishedExecutions));
  });

  test('republishes running executions at most once a second so elapsed times move', () => {
    const { clock, publisher, listenerCalls, feed } = setup();
    feed(startsOf(1, 1));
    clock.advance(REFRESH_MS);
    assert.equal(publisher.getSnapshot().statusCounts.running, 1);
    const calls = listenerCalls();
    const nowBefore = publisher.getSnapshot().now;
    clock.advance(3000); // 12 ticks, no events
    assert.equal(listenerCalls(), calls + 3);
    assert.equal(publisher.getSnapshot().now, nowBefore + 3000);
  });

  test('does not republish once every execution has finished', () => {
    const { clock, publisher, listenerCalls, feed } = setup();
    const events = finished(1);
    feed(events.slice(0, 3));
    clock.advance(REFRESH_MS);
    feed(events.slice(3));
    clock.advance(REFRESH_MS);
    assert.equal(publisher.getSnapshot().statusCounts.running, 0);
    const calls = listenerCalls();
    clock.advance(3000);
    assert.equal(listenerCalls(), calls);
  });

  test('publishes an execution whose source went away as stale, last seen at its last event, and stops re-publishing it every second', () => {
    const ticked: { model?: ExecutionModel } = {};
    const { clock, publisher, listenerCalls, feed, model: m } = setup({ beforePublish: (now) => ticked.model?.tick(now) });
    ticked.model = m;
    m.sourceState('src1', 'connected', clock.now());
    feed(startsOf(1, 1));
    clock.advance(REFRESH_MS);
    assert.equal(publisher.getSnapshot().executions[0]?.stale, false);
    m.sourceState('src1', 'reconnecting', clock.now());
    clock.advance(SOURCE_DOWN_GRACE_MS + REFRESH_MS);
    const snapshot = publisher.getSnapshot();
    assert.equal(snapshot.executions[0]?.stale, true);
    assert.equal(snapshot.executions[0]?.lastSeenAt, startsOf(1, 1)[0]!.time);
    assert.deepEqual(snapshot.executionStates, { running: 0, paused: 0, stale: 1 });
    const calls = listenerCalls();
    clock.advance(3000);
    assert.equal(listenerCalls(), calls, 'a stale age does not move, so nothing to re-publish');
  });

  test('publishes when a source status changes even though the model did not', () => {
    const { clock, publisher, setSources } = setup();
    clock.advance(REFRESH_MS);
    const before = publisher.getSnapshot();
    setSources([{ id: 'src1', url: 'ws://127.0.0.1:1/v1/events', kind: 'websocket', state: 'reconnecting', events: 0, rejected: 0, reconnects: 1 }]);
    clock.advance(REFRESH_MS);
    assert.equal(publisher.getSnapshot().version, before.version + 1);
    assert.equal(publisher.getSnapshot().sources[0]?.state, 'reconnecting');
  });

  test('focus builds the focused tree into a snapshot published at once, for the UUID form too', () => {
    const { clock, publisher, listenerCalls, feed } = setup();
    feed(finished(1));
    feed(finished(2));
    clock.advance(REFRESH_MS);
    assert.equal(publisher.getSnapshot().focus, undefined);
    const calls = listenerCalls();

    publisher.dispatch({ type: 'focus', executionId: uuid(2) });
    assert.equal(publisher.getSnapshot().focus?.summary.id, execId(2));
    assert.equal(listenerCalls(), calls + 1, 'published without waiting for the next tick');

    publisher.dispatch({ type: 'focus', executionId: execId(1) });
    assert.equal(publisher.getSnapshot().focus?.summary.id, execId(1));

    publisher.dispatch({ type: 'focus', executionId: undefined });
    assert.equal(publisher.getSnapshot().focus, undefined);
  });

  test('focus on an execution not seen yet shows it from the first snapshot after it arrives', () => {
    const { clock, publisher, feed } = setup();
    publisher.dispatch({ type: 'focus', executionId: execId(5) });
    assert.equal(publisher.getSnapshot().focus, undefined);
    feed(finished(5));
    clock.advance(REFRESH_MS);
    assert.equal(publisher.getSnapshot().focus?.summary.status, 'completed');
  });

  test('pause stops new snapshots while ingest continues; unpause publishes the latest at once', () => {
    const { clock, publisher, listenerCalls, feed, model } = setup();
    feed(finished(1));
    clock.advance(REFRESH_MS);
    publisher.dispatch({ type: 'pause', paused: true });
    const frozen = publisher.getSnapshot();
    assert.equal(frozen.paused, true);
    const calls = listenerCalls();

    feed(finished(2));
    feed(startsOf(3, 1));
    clock.advance(5000);
    assert.equal(publisher.getSnapshot(), frozen);
    assert.equal(listenerCalls(), calls);
    assert.equal(model.ingest().applied, 11, 'the model kept ingesting');

    publisher.dispatch({ type: 'pause', paused: false });
    const latest = publisher.getSnapshot();
    assert.equal(latest.paused, false);
    assert.equal(latest.version, frozen.version + 1);
    assert.equal(latest.ingest.applied, 11);
    assert.equal(latest.executions.length, 3);
    assert.equal(listenerCalls(), calls + 1);
  });

  test('paused, a new focus brings its tree with its journal and node timings; the rest stays frozen', () => {
    const contributors: SnapshotContributors = {
      focusJournal: (_now, focus) => (focus ? ({ id: focus.summary.id } as unknown as ContributedData['focusJournal']) : undefined),
      nodeStats: (_now, focus) => (focus ? ({ of: focus.summary.id } as unknown as ContributedData['nodeStats']) : undefined),
      notices: () => [`notice at ${clock.now()}`],
    };
    const { clock, publisher, feed } = setup({ contributors });
    feed(finished(1));
    feed(finished(2));
    clock.advance(REFRESH_MS);
    publisher.dispatch({ type: 'focus', executionId: execId(1) });
    publisher.dispatch({ type: 'pause', paused: true });
    const frozen = publisher.getSnapshot();
    clock.advance(5000);
    publisher.dispatch({ type: 'focus', executionId: execId(2) });
    const moved = publisher.getSnapshot();
    assert.equal(moved.focus?.summary.id, execId(2));
    assert.deepEqual(moved.focusJournal, { id: execId(2) });
    assert.deepEqual(moved.nodeStats, { of: execId(2) });
    assert.deepEqual(moved.notices, frozen.notices, 'not a focus field: as it was');
    assert.equal(moved.now, frozen.now);
  });

  test('quit calls onQuit', () => {
    const { publisher, quits } = setup();
    publisher.dispatch({ type: 'quit' });
    assert.equal(quits(), 1);
  });

  test('snapshots are frozen', () => {
    const { clock, publisher, feed } = setup();
    assert.ok(Object.isFrozen(publisher.getSnapshot()));
    feed(finished(1));
    clock.advance(REFRESH_MS);
    const snapshot = publisher.getSnapshot();
    assert.ok(Object.isFrozen(snapshot));
    assert.ok(Object.isFrozen(snapshot.sources));
    assert.ok(Object.isFrozen(snapshot.executions));
    assert.throws(() => {
      (snapshot as { version: number }).version = 99;
    }, TypeError);
  });

  test('computes no rate itself: events/s and the other rates are the rates contributor\'s, asked with the publish time', () => {
    const asked: number[] = [];
    const rates = (now: number): RateStats => {
      asked.push(now);
      const history = { sampleMs: 5000, executionsPerSec: [], errorsPerSec: [], tokensPerSec: [], costPerHour: [] };
      return { now, eventsPerSec: now / 1000, executionsPerSec: 0, errorsPerSec: 0, nodesPerSec: 0, tokensPerSec: 0, costPerHour: 0, history };
    };
    const { clock, publisher, feed } = setup({ contributors: { rates } });
    feed(startsOf(1, 10));
    clock.advance(REFRESH_MS);
    assert.equal(publisher.getSnapshot().rates?.eventsPerSec, REFRESH_MS / 1000);
    assert.equal(asked.at(-1), clock.now());
    assert.equal('eventsPerSec' in publisher.getSnapshot(), false);
  });

  test('fills each contributed field from its contributor, and a new notice alone is worth a publish', () => {
    let notices = ['hello'];
    const { clock, publisher, feed, listenerCalls } = setup({ contributors: { notices: () => notices } });
    feed(finished(1));
    clock.advance(REFRESH_MS);
    assert.deepEqual(publisher.getSnapshot().notices, ['hello']);
    assert.equal(publisher.getSnapshot().windows, undefined);
    assert.equal(publisher.getSnapshot().rates, undefined);
    const calls = listenerCalls();
    clock.advance(REFRESH_MS);
    assert.equal(listenerCalls(), calls, 'nothing changed');
    notices = ['hello', 'store: using memory'];
    clock.advance(REFRESH_MS);
    assert.equal(listenerCalls(), calls + 1);
    assert.deepEqual(publisher.getSnapshot().notices, ['hello', 'store: using memory']);
  });

  test('fills alerts from the alerts contributor, and an alert changing state alone is worth a publish', () => {
    const pending: AlertView = { name: 'Backlog', state: 'pending', labels: {}, activeAt: 1, value: 5 };
    let alerts: AlertsData = { alerts: [pending], firing: 0, pending: 1, rules: 5, rulesFailing: 0 };
    const { clock, publisher, feed, listenerCalls } = setup({ contributors: { alerts: () => alerts } });
    feed(finished(1));
    clock.advance(REFRESH_MS);
    assert.deepEqual(publisher.getSnapshot().alerts, alerts);
    const calls = listenerCalls();
    clock.advance(REFRESH_MS);
    assert.equal(listenerCalls(), calls, 'nothing changed');
    alerts = { alerts: [{ ...pending, state: 'firing', firedAt: 2 }], firing: 1, pending: 0, rules: 5, rulesFailing: 0 };
    clock.advance(REFRESH_MS);
    assert.equal(listenerCalls(), calls + 1);
    assert.equal(publisher.getSnapshot().alerts?.firing, 1);
  });

  test('stopping the cadence stops publishing, and an unsubscribed listener is not called', () => {
    const { clock, publisher, listenerCalls, unsubscribe, feed, stop } = setup();
    unsubscribe();
    feed(finished(1));
    clock.advance(REFRESH_MS);
    assert.equal(listenerCalls(), 0);
    stop();
    const last = publisher.getSnapshot();
    feed(finished(2));
    clock.advance(5000);
    assert.equal(publisher.getSnapshot(), last);
  });
});
