import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_STATUS_NOTICES, fitSegments, statusSegments } from '../../../source/view/format/status-segments.js';
import { displayWidth } from '../../../source/view/format/truncate.js';
import { alertsFixture, snapshotWith } from '../../helpers/view-fixtures.js';

const joined = (s: ReturnType<typeof snapshotWith>): string => statusSegments(s).map((x) => x.text).join(' · ');

describe('statusSegments', () => {
  test('names the tool, DEMO, sources, rate, running/total, queue, tokens and cost', () => {
    const text = joined(snapshotWith());
    assert.match(text, /^jamjet-top · DEMO · demo:\/\/seed-7 connected · 43 ev\/s · running 5\/13 · queue 3 · 1\.5M tok \$12\.35/);
  });
  test('takes events/s from the snapshot\'s rates, and shows no rate at all without them (never a made-up 0)', () => {
    assert.doesNotMatch(joined(snapshotWith({ rates: undefined })), /ev\/s/);
  });
  test('counts stale executions apart from running ones, and shows the stale count only when non-zero', () => {
    assert.doesNotMatch(joined(snapshotWith()), /stale/);
    const s = snapshotWith({ executionStates: { running: 2, paused: 1, stale: 2 } });
    assert.match(joined(s), / · running 3\/13 · stale 2 · queue 3/);
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
    const fitted = fitSegments(statusSegments(snapshotWith({ alerts: alertsFixture() })), 80).map((x) => x.text).join('');
    assert.match(fitted, /▲ 2 firing/);
    assert.doesNotMatch(fitted, /pending/);
    assert.ok(displayWidth(fitted) <= 80);
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
    assert.match(fitted, /rejected 3 dup 2/);
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
