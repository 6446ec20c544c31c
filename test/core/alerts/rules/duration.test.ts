import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPromDuration, parsePromDuration } from '../../../../source/core/alerts/rules/duration.js';

test('parses every unit, largest first, in ms', () => {
  assert.equal(parsePromDuration('1y2w3d4h5m6s7ms'), 365 * 86_400_000 + 14 * 86_400_000 + 3 * 86_400_000 + 4 * 3_600_000 + 5 * 60_000 + 6000 + 7);
  assert.equal(parsePromDuration('2m'), 120_000);
  assert.equal(parsePromDuration('90s'), 90_000);
  assert.equal(parsePromDuration('1h30m'), 5_400_000);
  assert.equal(parsePromDuration('250ms'), 250);
  assert.equal(parsePromDuration('0'), 0);
  assert.equal(parsePromDuration('0s'), 0);
});

test('rejects units out of order, repeated, fractional, signed, or unknown', () => {
  for (const bad of ['5m1h', '1m1m', '1.5m', '-1m', '5', '5x', '1 m', 'm']) {
    assert.throws(() => parsePromDuration(bad), { message: `not a valid duration string: ${JSON.stringify(bad)}` }, bad);
  }
  assert.throws(() => parsePromDuration(''), { message: 'empty duration string' });
});

test('rejects a duration past what Go keeps in int64 nanoseconds', () => {
  assert.throws(() => parsePromDuration('300y'), /out of range/);
  assert.equal(parsePromDuration('292y'), 292 * 365 * 86_400_000);
});

test('formats ms back as Prometheus prints durations, and round-trips', () => {
  assert.equal(formatPromDuration(0), '0s');
  assert.equal(formatPromDuration(5_400_000), '1h30m');
  assert.equal(formatPromDuration(120_000), '2m');
  assert.equal(formatPromDuration(90_061), '1m30s61ms');
  for (const text of ['1y2w3d4h5m6s7ms', '2w', '250ms']) assert.equal(formatPromDuration(parsePromDuration(text)), text);
});
