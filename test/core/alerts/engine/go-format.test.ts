import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatGoFloat, formatGoTime } from '../../../../source/core/alerts/engine/go-format.js';

test('floats print as Go strconv.FormatFloat(v, \'e\', -1, 64)', () => {
  const cases: [number, string][] = [
    [1, '1e+00'],
    [123.25, '1.2325e+02'],
    [0.5, '5e-01'],
    [0, '0e+00'],
    [-0, '-0e+00'],
    [-2.5e-7, '-2.5e-07'],
    [1e100, '1e+100'],
    [0.1 + 0.2, '3.0000000000000004e-01'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ];
  for (const [v, text] of cases) assert.equal(formatGoFloat(v), text, String(v));
});

test('times print as Go marshals time.Time: RFC 3339, UTC, fraction to the µs without trailing zeros, undefined as the zero time', () => {
  assert.equal(formatGoTime(Date.UTC(2026, 11, 5, 8, 4, 49)), '2026-12-05T08:04:49Z');
  assert.equal(formatGoTime(Date.UTC(2026, 11, 5, 8, 4, 49, 630)), '2026-12-05T08:04:49.63Z');
  assert.equal(formatGoTime(Date.UTC(2026, 11, 5, 8, 4, 49) + 0.001), '2026-12-05T08:04:49.000001Z');
  assert.equal(formatGoTime(Date.UTC(2026, 11, 5, 8, 4, 49) + 999.9999), '2026-12-05T08:04:50Z', 'a fraction rounding up carries into the seconds');
  assert.equal(formatGoTime(undefined), '0001-01-01T00:00:00Z');
});
