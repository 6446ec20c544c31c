import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatPromFloat } from '../../../source/core/alerts/format-prom-float.js';

test('writes sample values as Go\'s FormatFloat(v, \'f\', -1, 64) does, never in exponent form', () => {
  const cases: [number, string][] = [
    [0, '0'], [1, '1'], [-2.5, '-2.5'], [0.05, '0.05'], [1 / 3, '0.3333333333333333'],
    [1e-7, '0.0000001'], [-1.5e-7, '-0.00000015'], [1e21, '1000000000000000000000'],
    [1.2345e22, '12345000000000000000000'], [1.7976931348623157e308, '17976931348623157' + '0'.repeat(292)],
    [NaN, 'NaN'], [Infinity, '+Inf'], [-Infinity, '-Inf'],
  ];
  for (const [v, want] of cases) assert.equal(formatPromFloat(v), want, String(v));
  // Every string reads back as the same float.
  for (const v of [1e-300, 123.456e-10, 2 ** 53 + 2, 4.9e-324]) assert.equal(Number(formatPromFloat(v)), v);
});
