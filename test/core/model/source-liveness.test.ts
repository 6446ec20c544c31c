import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SourceLiveness, SOURCE_DOWN_GRACE_MS } from '../../../source/core/model/source-liveness.js';

describe('SourceLiveness', () => {
  test('a source away for the grace is stale from then on, once', () => {
    const l = new SourceLiveness(5_000);
    assert.equal(l.report('s', 'connected', 0), undefined);
    assert.equal(l.report('s', 'reconnecting', 1_000), undefined);
    assert.equal(l.report('s', 'connecting', 2_000), undefined, 'still away since 1 s');
    assert.deepEqual(l.expire(5_999), []);
    assert.deepEqual(l.expire(6_000), ['s']);
    assert.deepEqual(l.expire(7_000), [], 'reported once');
    assert.equal(l.isStale('s'), true);
    assert.equal(l.report('s', 'connected', 8_000), 'live');
    assert.equal(l.isStale('s'), false);
  });

  test('a source that never connected counts as away from its first report', () => {
    const l = new SourceLiveness();
    l.report('s', 'connecting', 0);
    assert.deepEqual(l.expire(SOURCE_DOWN_GRACE_MS), ['s']);
  });

  test('an ended source is stale at once; an unknown one never is', () => {
    const l = new SourceLiveness();
    l.report('s', 'connected', 0);
    assert.equal(l.report('s', 'ended', 1), 'stale');
    assert.equal(l.report('s', 'ended', 2), undefined);
    assert.deepEqual(l.expire(1_000_000), []);
    assert.equal(l.isStale('never-reported'), false);
  });
});
