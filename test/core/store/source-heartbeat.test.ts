import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { SOURCE_DOWN_GRACE_MS } from '../../../source/core/model/source-liveness.js';
import { HEARTBEAT_FRESH_MS, HEARTBEAT_INTERVAL_MS, sourceIsLive, type SourceHeartbeat } from '../../../source/core/store/source-heartbeat.js';

const NOW = 1_000_000;
const hb = (over: Partial<SourceHeartbeat>): SourceHeartbeat => ({
  sourceKey: 's', connected: true, state: 'connected', changedAt: NOW - 60_000, heartbeatAt: NOW - 1_000, ...over,
});

describe('sourceIsLive', () => {
  test('a connected source with a fresh heartbeat is live', () => {
    assert.equal(HEARTBEAT_FRESH_MS, 3 * HEARTBEAT_INTERVAL_MS);
    assert.equal(sourceIsLive(hb({}), NOW), true);
    assert.equal(sourceIsLive(hb({ heartbeatAt: NOW - HEARTBEAT_FRESH_MS + 1 }), NOW), true);
  });

  test('a heartbeat three intervals old means the monitor is gone (killed), whatever the row says', () => {
    assert.equal(sourceIsLive(hb({ heartbeatAt: NOW - HEARTBEAT_FRESH_MS }), NOW), false);
  });

  test('a disconnected source is live only within the grace, and an ended one not at all', () => {
    assert.equal(sourceIsLive(hb({ connected: false, state: 'reconnecting', changedAt: NOW - SOURCE_DOWN_GRACE_MS + 1 }), NOW), true);
    assert.equal(sourceIsLive(hb({ connected: false, state: 'reconnecting', changedAt: NOW - SOURCE_DOWN_GRACE_MS }), NOW), false);
    assert.equal(sourceIsLive(hb({ connected: false, state: 'ended', changedAt: NOW }), NOW), false);
  });

  test('no row at all (no monitor ever vouched for the source) is not live', () => {
    assert.equal(sourceIsLive(undefined, NOW), false);
  });
});
