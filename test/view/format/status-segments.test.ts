import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_STATUS_NOTICES, displayLag, fitSegments, statusSegments } from '../../../source/view/format/status-segments.js';
import { displayWidth } from '../../../source/view/format/truncate.js';
import { alertsFixture, snapshotWith, windowStatsFixture } from '../../helpers/view-fixtures.js';

const joined = (s: ReturnType<typeof snapshotWith>): string => statusSegments(s).map((x) => x.text).join(' · ');

describe('statusSegments', () => {
  test('names the tool, DEMO, sources, events/s, running and done, tokens and tokens/s, spend and burn rate, queue', () => {
    const text = joined(snapshotWith());
    assert.match(text, /^jamjet-top · DEMO · demo:\/\/seed-7 connected · 43 ev\/s · running 5 done 8 · 1\.5M tok 1\.2k\/s · \$12\.35 \$0\.42\/h · queue 3/);
  });
  test('shows the 5-minute error rate and execution p50/p95/p99 when the snapshot has them', () => {
    const base = snapshotWith();
    const text = joined(snapshotWith({ windows: windowStatsFixture(), rates: { ...base.rates!, errorRatio5m: 0.042 } }));
    assert.match(text, / · err 4\.2% 5m · p50\/95\/99 1\.1s\/4\.0s\/12\.3s · /);
    assert.doesNotMatch(joined(base), /err |p50/, 'no figure without data');
    assert.equal(statusSegments(snapshotWith({ rates: { ...base.rates!, errorRatio5m: 0 } })).find((x) => x.text.startsWith('err'))?.tone, undefined, '0% is not red');
  });
  test('shows the display lag of live sources only, growing while paused', () => {
    const live = { id: 'w', url: 'ws://h/v1/events', kind: 'websocket' as const, state: 'connected' as const, events: 9, rejected: 0, reconnects: 0, lagMs: 40 };
    const s = snapshotWith({ sources: [live, { ...live, id: 'f', url: 'old.jsonl', kind: 'jsonl', lagMs: 9e9 }] });
    assert.match(joined(s), / · lag 40ms · /);
    assert.equal(displayLag(s, s.now + 5_000), 5_040, 'a frozen frame lags by the time since it was built');
    assert.equal(displayLag(snapshotWith()), undefined, 'no live source with a lag: nothing said');
  });
  test('takes events/s from the snapshot\'s rates, and shows no rate at all without them (never a made-up 0)', () => {
    assert.doesNotMatch(joined(snapshotWith({ rates: undefined })), /ev\/s/);
  });
  test('counts stale executions apart from running ones, and shows the stale count only when non-zero', () => {
    assert.doesNotMatch(joined(snapshotWith()), /stale/);
    const s = snapshotWith({ executionStates: { running: 2, paused: 1, stale: 2 } });
    assert.match(joined(s), / · running 3 done 8 · stale 2 · /);
    assert.equal(statusSegments(s).find((x) => x.text === 'stale 2')?.tone, 'waiting');
  });
  test('counts firing alerts in red and pending ones in yellow after the sources, only when rules run', () => {
    assert.doesNotMatch(joined(snapshotWith()), /alerts|firing|pending/);
    const s = snapshotWith({ alerts: alertsFixture() });
    assert.match(joined(s), /demo:\/\/seed-7 connected · ▲ 2 firing · △ 1 pending · 43 ev\/s/);
    assert.equal(statusSegments(s).find((x) => x.text === '▲ 2 firing')?.tone, 'error');
    assert.equal(statusSegments(s).find((x) => x.text === '△ 1 pending')?.tone, 'waiting');
    assert.doesNotMatch(joined(snapshotWith({ alerts: alertsFixture({ pending: 0 }) })), /pending/);
    assert.match(joined(snapshotWith({ alerts: alertsFixture({ alerts: [], firing: 0, pending: 0 }) })), / · no alerts · /);
  });
  test('keeps the firing count when narrow, dropping the pending count and the rest first', () => {
    const fitted = fitSegments(statusSegments(snapshotWith({ alerts: alertsFixture() })), 40).map((x) => x.text).join('');
    assert.match(fitted, /▲2/);
    assert.doesNotMatch(fitted, /△/);
    assert.ok(displayWidth(fitted) <= 40);
  });
  test('at 80 columns keeps alerts, running, error rate, p95, burn rate and queue in short forms; help, lag and events/s go first', () => {
    const base = snapshotWith();
    const s = snapshotWith({ alerts: alertsFixture(), windows: windowStatsFixture(), rates: { ...base.rates!, errorRatio5m: 0.042 } });
    const fitted = fitSegments(statusSegments(s), 80).map((x) => x.text).join('');
    assert.equal(fitted, 'jamjet-top · DEMO · ▲2 · △1 · run 5/8 · err 4.2% · p95 4.0s · $0.42/h · q 3');
  });
  test('never shows at a narrower width what it dropped at a wider one (one drop order)', () => {
    const base = snapshotWith();
    const s = snapshotWith({ alerts: alertsFixture(), windows: windowStatsFixture(), rates: { ...base.rates!, errorRatio5m: 0.1 }, paused: true });
    // A segment is known by its priority (short forms change its text); equal priorities are counted.
    const counts = (width: number) => {
      const c = new Map<number, number>();
      for (const x of fitSegments(statusSegments(s), width)) if (x.priority !== undefined) c.set(x.priority, (c.get(x.priority) ?? 0) + 1);
      return c;
    };
    let wider = counts(400);
    for (let width = 398; width >= 40; width -= 2) {
      const kept = counts(width);
      for (const [p, n] of kept) assert.ok(n <= (wider.get(p) ?? 0), `a priority-${p} segment shown at ${width} but not at ${width + 2}`);
      wider = kept;
      assert.ok(fitSegments(statusSegments(s), width).some((x) => x.text === 'PAUSED'), `PAUSED kept at ${width}`);
    }
  });
  test('shows PAUSED only when paused, and DEMO only for the demo runtime', () => {
    assert.doesNotMatch(joined(snapshotWith()), /PAUSED/);
    assert.match(joined(snapshotWith({ paused: true })), /PAUSED/);
    assert.doesNotMatch(joined(snapshotWith({ demo: false })), /DEMO/);
  });
  test('shows a reconnecting source with its message, escaped', () => {
    const text = joined(snapshotWith({ sources: [{ id: 's', url: 'ws://h/v1/events', kind: 'websocket', state: 'reconnecting', message: '401 unauthorized\u001b[2J', events: 0, rejected: 0, reconnects: 2 }] }));
    assert.match(text, /ws:\/\/h\/v1\/events reconnecting: 401 unauthorized\\x1b\[2J/);
  });
  test('shows rejected, duplicate and gap counters only when non-zero', () => {
    assert.match(joined(snapshotWith()), /rejected 3 dup 2/);
    const clean = snapshotWith({ ingest: { applied: 1, duplicates: 0, gaps: 0, buffered: 0, unknownTypes: 0, rejected: {}, evicted: 0 } });
    assert.doesNotMatch(joined(clean), /rejected|dup|gap/);
  });
  test('drops the least important segments first when narrow, keeping PAUSED and ingest trouble', () => {
    const fitted = fitSegments(statusSegments(snapshotWith({ paused: true })), 100).map((x) => x.text).join('');
    assert.match(fitted, /PAUSED/);
    assert.match(fitted, /rej(ected)? 3 dup 2/);
    assert.doesNotMatch(fitted, /\? help/);
    assert.match(fitSegments(statusSegments(snapshotWith()), 300).map((x) => x.text).join(''), /\? help$/);
  });
  test('fits segments into the width', () => {
    for (const width of [5, 30, 80, 300]) {
      const fitted = fitSegments(statusSegments(snapshotWith()), width);
      assert.ok(displayWidth(fitted.map((s) => s.text).join('')) <= width);
    }
  });
  test('shows notices escaped, in the warning tone, right after the name', () => {
    const segs = statusSegments(snapshotWith({ notices: ['metrics: cannot listen on 127.0.0.1:9090: address already in use\u001b[2J'] }));
    const notice = segs.find((x) => x.text.startsWith('metrics:'));
    assert.equal(notice?.text, 'metrics: cannot listen on 127.0.0.1:9090: address already in use\\x1b[2J');
    assert.equal(notice?.tone, 'waiting');
    assert.ok(segs.indexOf(notice!) < segs.findIndex((x) => x.text.includes('demo://')), 'before the sources');
  });
  test('keeps a busy-port notice when fitted into 80 columns', () => {
    const s = snapshotWith({ paused: true, notices: ['metrics: cannot listen on 127.0.0.1:9090: address already in use'] });
    const fitted = fitSegments(statusSegments(s), 80).map((x) => x.text).join('');
    assert.match(fitted, /metrics: cannot listen on 127\.0\.0\.1:9090: address already in use/);
    assert.ok(displayWidth(fitted) <= 80);
  });
  test('shows at most MAX_STATUS_NOTICES notices and counts the rest', () => {
    const notices = Array.from({ length: MAX_STATUS_NOTICES + 2 }, (_, i) => `store: failure ${i}`);
    const text = joined(snapshotWith({ notices }));
    assert.equal(text.match(/store: failure/g)?.length, MAX_STATUS_NOTICES);
    assert.match(text, /\+2 notices/);
    assert.doesNotMatch(joined(snapshotWith({ notices: [] })), /notices|store:/);
  });
  test('shows executions evicted while running and late events only when non-zero', () => {
    const base = snapshotWith().ingest;
    assert.doesNotMatch(joined(snapshotWith({ ingest: { ...base, evictedActive: 0, lateAfterEviction: 0 } })), /evicted|late/);
    assert.match(joined(snapshotWith({ ingest: { ...base, evictedActive: 4, lateAfterEviction: 9 } })), /rejected 3 dup 2 evicted running 4 late 9/);
  });
});
